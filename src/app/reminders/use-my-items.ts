import { sessionsBetween } from '../../domain/scheduling/occurrences';
import type { ReminderItem } from '../../domain/scheduling/reminders';
import { t } from '../i18n';
import { agendaItems } from '../schedule/planning-items';
import { timeRange } from '../schedule/format';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';

export interface MyReminder extends ReminderItem {
  /** "Permanence" or the appointment's kind. */
  what: string;
  where: string;
  time: string;
}

/**
 * The signed-in person's sessions and appointments from a few hours ago to three days ahead,
 * from the local database (so reminders work offline and follow edits made on other devices
 * once synced). `hour` is a coarse clock: the window moves when it changes.
 */
export function useMyReminderItems(hour: number): MyReminder[] | undefined {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const me = session.user.id;
  return useLiveQuery(async () => {
    const from = new Date(hour * 3_600_000 - 12 * 3_600_000).toISOString();
    const to = new Date(hour * 3_600_000 + 3 * 86_400_000).toISOString();
    const [series, records, appointments, sites] = await Promise.all([
      db.records('scheduleSeries').where('territoryId').equals(territoryId).toArray(),
      db.records('scheduledSession').where('territoryId').equals(territoryId).toArray(),
      db.records('appointment').where('territoryId').equals(territoryId).filter((a) => !a.deleted && a.staffId === me && Date.parse(a.start) >= Date.parse(from) && Date.parse(a.start) < Date.parse(to)).toArray(),
      db.records('site').where('territoryId').equals(territoryId).toArray(),
    ]);
    const siteName = new Map(sites.map((s) => [s.id, s.name]));
    const mine = sessionsBetween(series, records, from, to).filter((s) => s.staffIds.includes(me));
    return agendaItems(mine, appointments)
      .filter((i) => i.type === 'session' || i.holds)
      .map((i) => ({
        key: i.key,
        start: i.start,
        end: i.end,
        timeZone: i.timeZone,
        cancelled: i.cancelled,
        what: i.type === 'session' ? t(`sessionKind.${i.session.kind}`) : t(`schedule.appointmentKind.${i.appointment.kind}`),
        where: i.siteId ? (siteName.get(i.siteId) ?? '') : '',
        time: timeRange(i.start, i.end, i.timeZone),
      }));
  }, [db, territoryId, me, hour]);
}

/** "Permanence à Mairie de Marlhes, 09:00 – 12:00". */
export function reminderText(r: MyReminder): string {
  return r.where ? t('reminder.itemAt', { what: r.what, where: r.where, time: r.time }) : t('reminder.item', { what: r.what, time: r.time });
}
