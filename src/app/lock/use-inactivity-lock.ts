import { useEffect } from 'preact/hooks';
import type { AppLock } from './app-lock';

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/**
 * While `active`, what the person does keeps the app open, and a timer locks it when the
 * inactivity delay runs out. A tab left in the background may see its timers slowed: coming
 * back to it, or the first touch, locks it if the delay is over.
 */
export function useInactivityLock(lock: AppLock, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      const deadline = lock.deadline();
      if (deadline === null) {
        lock.check();
        return;
      }
      timer = setTimeout(
        () => {
          lock.check();
          schedule();
        },
        Math.max(0, deadline - lock.clock.now()) + 100,
      );
    };
    const onActivity = () => lock.touch();
    const onVisible = () => {
      if (document.visibilityState === 'visible') lock.check();
    };
    for (const e of ACTIVITY) document.addEventListener(e, onActivity, { capture: true, passive: true });
    document.addEventListener('visibilitychange', onVisible);
    schedule();
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY) document.removeEventListener(e, onActivity, { capture: true });
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [lock, active]);
}
