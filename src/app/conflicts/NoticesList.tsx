import { formatDateTime, t } from '../i18n';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';

/** Appointments to reschedule and bus days over capacity, as flagged by the server. */
export function NoticesList() {
  const { db } = useServices();
  const { territoryId } = useSession();
  const appointments = useLiveQuery(
    () => db.records('appointment').where('territoryId').equals(territoryId).filter((a) => !a.deleted && a.status === 'to_reschedule' && a.notice !== undefined).toArray(),
    [db, territoryId],
  );
  const sessions = useLiveQuery(
    () => db.records('scheduledSession').where('territoryId').equals(territoryId).filter((s) => !s.deleted && s.notice?.reason === 'over_capacity').toArray(),
    [db, territoryId],
  );
  const total = (appointments?.length ?? 0) + (sessions?.length ?? 0);
  if (total === 0) return null;
  return (
    <section aria-labelledby="notices-title" class="card card--warning" data-testid="notices">
      <h2 id="notices-title">{t('notices.title')}</h2>
      <ul>
        {(appointments ?? []).map((a) => (
          <li key={a.id}>{t('notices.doubleBooking', { time: formatDateTime(a.start, a.timeZone) })}</li>
        ))}
        {(sessions ?? []).map((s) => (
          <li key={s.id}>
            {t('notices.overCapacity', { time: formatDateTime(s.start, s.timeZone), peak: s.notice?.peak ?? 0, capacity: s.notice?.capacity ?? 0 })}
          </li>
        ))}
      </ul>
    </section>
  );
}
