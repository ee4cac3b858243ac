import { useEffect, useState } from 'preact/hooks';

export const REMINDERS_CHANGED = 'tournee-reminders';

/**
 * A clock that ticks when asked (`wakeAt`, epoch ms), when the page comes back into view
 * (background timers are slowed down or frozen) and when reminder settings change. Timers run
 * only while the app is open: without a push server, a closed app is not woken.
 */
export function useReminderClock(wakeAt: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const onVisible = () => document.visibilityState === 'visible' && tick();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener(REMINDERS_CHANGED, tick);
    // Wake at least hourly, so the window of items moves on; setTimeout cannot wait longer than ~24 days anyway.
    const delay = Math.min(Math.max(0, (wakeAt ?? Infinity) - Date.now()), 3_600_000);
    const timer = setTimeout(tick, delay + 50);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener(REMINDERS_CHANGED, tick);
    };
  }, [wakeAt, now]);
  return now;
}
