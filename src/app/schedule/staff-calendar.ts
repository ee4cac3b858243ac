/**
 * "Mon planning" as an iCalendar file for a member of staff: the series they work on (one event
 * with its rule each), the dates of those series changed for them (moved, cancelled, given to
 * someone else), their single sessions and their appointments.
 */
import type { IcsEvent, IcsStatus } from '../../domain/scheduling/ics';
import { toICalendar } from '../../domain/scheduling/ics';
import type { SessionView } from '../../domain/scheduling/occurrences';
import { toInstant } from '../../domain/scheduling/zoned-time';
import type { RecordOf } from '../../domain/registry';
import { t } from '../i18n';
import type { Appointment } from './planning-items';

type Site = RecordOf<'site'>;

function place(site: Site | undefined) {
  return site?.address ? { location: `${site.name}, ${site.address}` } : site ? { location: site.name } : {};
}

function appointmentStatus(a: Appointment): IcsStatus {
  if (a.status === 'cancelled') return 'cancelled';
  return a.status === 'confirmed' || a.status === 'done' ? 'confirmed' : 'tentative';
}

/**
 * `sessions` are those of the period (any staff), from `sessionsBetween`; the file keeps the
 * staff member's. A series is written whole, so the calendar goes on after the period.
 */
export function staffCalendar(staffId: string, sessions: readonly SessionView[], appointments: readonly Appointment[], sites: ReadonlyMap<string, Site>, options: { calendarName: string; now?: Date | string }): string {
  const events: IcsEvent[] = [];
  const mySeries = new Map<string, NonNullable<SessionView['series']>>();
  for (const s of sessions) if (s.series && s.series.staffIds.includes(staffId)) mySeries.set(s.series.id, s.series);
  for (const series of mySeries.values()) {
    events.push({
      kind: 'series',
      id: series.id,
      rule: series.rule,
      summary: `${t(`sessionKind.${series.kind}`)} — ${sites.get(series.siteId)?.name ?? ''}`,
      sequence: series.version,
      ...place(sites.get(series.siteId)),
    });
  }
  for (const s of sessions) {
    const mine = s.staffIds.includes(staffId);
    const overridden = s.record && s.series && s.occurrenceDate && mySeries.has(s.series.id) ? s.series : undefined;
    // A computed occurrence is already in its series' rule; a record is written only if it concerns me.
    if (!s.record || (!mine && !overridden)) continue;
    const site = sites.get(s.siteId);
    events.push({
      kind: 'single',
      id: s.record.id,
      start: s.start,
      end: s.end,
      timeZone: s.timeZone,
      summary: `${t(`sessionKind.${s.kind}`)} — ${site?.name ?? ''}`,
      sequence: s.record.version,
      ...place(site),
      // A date of my series given to someone else leaves my calendar.
      ...(s.status === 'cancelled' || !mine ? { status: 'cancelled' as const } : {}),
      ...(s.record.cancelReason ? { description: s.record.cancelReason } : {}),
      ...(overridden ? { overrides: { seriesId: overridden.id, originalStart: toInstant(s.occurrenceDate!, overridden.rule.startTime, overridden.rule.timeZone) } } : {}),
    });
  }
  for (const a of appointments) {
    if (a.deleted || a.staffId !== staffId) continue;
    const site = a.siteId ? sites.get(a.siteId) : undefined;
    events.push({
      kind: 'single',
      id: a.id,
      start: a.start,
      end: a.end,
      timeZone: a.timeZone,
      summary: site ? `${t(`schedule.appointmentKind.${a.kind}`)} — ${site.name}` : t(`schedule.appointmentKind.${a.kind}`),
      status: appointmentStatus(a),
      sequence: a.version,
      ...place(site),
    });
  }
  return toICalendar(events, { calendarName: options.calendarName, ...(options.now ? { now: options.now } : {}) });
}
