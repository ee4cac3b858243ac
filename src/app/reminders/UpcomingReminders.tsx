import { useState } from 'preact/hooks';
import { upcomingDays } from '../../domain/scheduling/reminders';
import { t } from '../i18n';
import { askPermission, notificationPermission, type Permission } from './notify';
import { leadChoices, leadMinutes, notificationsWanted, setLeadMinutes, setNotificationsWanted } from './settings';
import { REMINDERS_CHANGED, useReminderClock } from './use-clock';
import { reminderText, useMyReminderItems, type MyReminder } from './use-my-items';

function changed() {
  window.dispatchEvent(new Event(REMINDERS_CHANGED));
}

/** My sessions and appointments of today and tomorrow, and the choice of system notifications. */
export function UpcomingReminders() {
  const now = useReminderClock(undefined);
  const items = useMyReminderItems(Math.floor(now / 3_600_000));
  const [permission, setPermission] = useState<Permission>(notificationPermission);
  const [wanted, setWanted] = useState(notificationsWanted);
  const [lead, setLead] = useState(leadMinutes);
  if (!items) return null;
  const { today, tomorrow } = upcomingDays(items, now);

  async function enable() {
    const result = await askPermission();
    setPermission(result);
    setNotificationsWanted(result === 'granted');
    setWanted(result === 'granted');
    changed();
  }

  const list = (title: string, id: string, entries: MyReminder[]) => (
    <div class="reminders__day">
      <h3 id={id}>{title}</h3>
      {entries.length ? (
        <ul aria-labelledby={id} data-testid={id}>
          {entries.map((r) => (
            <li key={r.key}>{reminderText(r)}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('reminder.nothing')}</p>
      )}
    </div>
  );

  return (
    <section class="reminders card" aria-labelledby="reminders-title">
      <h2 id="reminders-title">{t('reminder.title')}</h2>
      <div class="reminders__days">
        {list(t('reminder.today'), 'reminders-today', today)}
        {list(t('reminder.tomorrow'), 'reminders-tomorrow', tomorrow)}
      </div>
      <details class="reminders__more">
        <summary>{t('reminder.settings')}</summary>
        <div class="reminders__settings">
          <div class="field field--inline">
            <label for="reminder-lead">{t('reminder.lead')}</label>
            <select
              id="reminder-lead"
              value={String(lead)}
              onChange={(e) => {
                const n = Number(e.currentTarget.value);
                setLeadMinutes(n);
                setLead(n);
                changed();
              }}
            >
              {leadChoices.map((n) => (
                <option key={n} value={String(n)}>
                  {t('reminder.leadValue', { n })}
                </option>
              ))}
            </select>
          </div>
          {permission === 'unsupported' ? <p class="muted">{t('reminder.unsupported')}</p> : null}
          {permission === 'denied' ? <p class="muted">{t('reminder.denied')}</p> : null}
          {permission === 'default' || (permission === 'granted' && !wanted) ? (
            <button type="button" class="btn btn--small" onClick={() => void enable()}>
              {t('reminder.enable')}
            </button>
          ) : null}
          {permission === 'granted' && wanted ? (
            <p>
              {t('reminder.enabled')}{' '}
              <button
                type="button"
                class="btn btn--small"
                onClick={() => {
                  setNotificationsWanted(false);
                  setWanted(false);
                  changed();
                }}
              >
                {t('reminder.disable')}
              </button>
            </p>
          ) : null}
          <p class="field__hint">{t('reminder.openOnly')}</p>
        </div>
      </details>
    </section>
  );
}
