import { useEffect, useState } from 'preact/hooks';
import { dueReminders, nextReminderAt, reminderId } from '../../domain/scheduling/reminders';
import { t } from '../i18n';
import { showSystemNotification } from './notify';
import { leadMinutes, markShown, notificationsWanted, shownReminders } from './settings';
import { useReminderClock } from './use-clock';
import { reminderText, useMyReminderItems, type MyReminder } from './use-my-items';

/**
 * Shown in every screen while the app is open: what of mine starts within the chosen lead
 * (30 minutes by default), and the system notification for it once, where allowed.
 */
export function ReminderBanner() {
  const [wakeAt, setWakeAt] = useState<number>();
  const now = useReminderClock(wakeAt);
  const items = useMyReminderItems(Math.floor(now / 3_600_000));
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const lead = leadMinutes();
  const due = items ? dueReminders(items, now, lead) : [];

  useEffect(() => {
    if (!items) return;
    const shown = shownReminders(now);
    const fresh = dueReminders(items, now, lead, shown);
    if (fresh.length) {
      markShown(fresh.map(reminderId), now);
      if (notificationsWanted()) for (const r of fresh) void showSystemNotification(t('reminder.notificationTitle', { what: r.what, time: r.time }), r.where || r.what, reminderId(r));
    }
    // Next wake-up: the next reminder due, or the start of one on show (the banner then drops it).
    const next = [nextReminderAt(items, now, lead, new Set([...shown, ...fresh.map(reminderId)])), ...dueReminders(items, now, lead).map((r) => Date.parse(r.start))].filter((x): x is number => x !== undefined);
    setWakeAt(next.length ? Math.min(...next) : undefined);
  }, [items, now, lead]);

  const visible = due.filter((r) => !dismissed.has(reminderId(r)));
  if (visible.length === 0) return null;
  return (
    <section class="reminder-banner card card--info" aria-labelledby="reminder-banner-title" data-testid="reminder-banner">
      <h2 id="reminder-banner-title" class="reminder-banner__title">
        {t('reminder.soon')}
      </h2>
      <ul class="reminder-banner__list">
        {visible.map((r: MyReminder) => (
          <li key={reminderId(r)}>
            {reminderText(r)}{' '}
            <a href="#/planning">{t('reminder.open')}</a>{' '}
            <button type="button" class="btn btn--small" onClick={() => setDismissed(new Set([...dismissed, reminderId(r)]))}>
              {t('reminder.dismiss')}
              <span class="sr-only"> {reminderText(r)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
