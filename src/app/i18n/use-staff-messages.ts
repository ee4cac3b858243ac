import { useEffect, useState } from 'preact/hooks';
import { isStaffLoaded, loadStaffMessages } from './index';

export type StaffMessages = 'ready' | 'loading' | 'failed';

/** Fetches the staff screens' messages when `needed`; says when they can be drawn. */
export function useStaffMessages(needed: boolean): StaffMessages {
  const [state, setState] = useState<StaffMessages>(() => (isStaffLoaded() ? 'ready' : 'loading'));
  useEffect(() => {
    if (!needed || state === 'ready') return;
    let alive = true;
    loadStaffMessages().then(
      () => alive && setState('ready'),
      (err: unknown) => {
        console.error('staff messages not loaded', err);
        if (alive) setState('failed');
      },
    );
    return () => {
      alive = false;
    };
  }, [needed, state]);
  return state;
}
