import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

let loaded: ComponentType | undefined;

/**
 * The reminder banner, fetched after the first screen is drawn (it carries the recurrence code).
 * Nothing shows while it loads or if it cannot: reminders are a help, not a screen.
 */
export function LazyReminderBanner() {
  const [Banner, setBanner] = useState<ComponentType | undefined>(() => loaded);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    import('./ReminderBanner').then(
      (m) => {
        loaded = m.ReminderBanner;
        if (live) setBanner(() => m.ReminderBanner);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return Banner ? <Banner /> : null;
}
