/**
 * What the planning screen lists: sessions (from series and records) and appointments, in one
 * shape with the people, the place and the bus each one takes up.
 */
import { holdsSlot } from '../../domain/scheduling/domain-conflicts';
import type { SessionView } from '../../domain/scheduling/occurrences';
import type { RecordOf } from '../../domain/registry';

export type Appointment = RecordOf<'appointment'>;

interface ItemBase {
  key: string;
  start: string;
  end: string;
  timeZone: string;
  siteId?: string | undefined;
  staffIds: readonly string[];
  /** The bus a Baby Bus day takes: the series' vehicle, or '' for the territory's only bus. */
  bus?: string | undefined;
  /** Whether it holds its slot (planned session; requested, proposed or confirmed appointment). */
  holds: boolean;
  cancelled: boolean;
}

export type AgendaItem = (ItemBase & { type: 'session'; session: SessionView }) | (ItemBase & { type: 'appointment'; appointment: Appointment });

export function sessionItem(s: SessionView): AgendaItem {
  return {
    type: 'session',
    session: s,
    key: s.key,
    start: s.start,
    end: s.end,
    timeZone: s.timeZone,
    siteId: s.siteId,
    staffIds: s.staffIds,
    ...(s.kind === 'bus_day' ? { bus: s.series?.vehicle?.trim() ?? '' } : {}),
    holds: s.status === 'planned',
    cancelled: s.status === 'cancelled',
  };
}

export function appointmentItem(a: Appointment): AgendaItem {
  return {
    type: 'appointment',
    appointment: a,
    key: a.id,
    start: a.start,
    end: a.end,
    timeZone: a.timeZone,
    siteId: a.siteId,
    staffIds: a.staffId ? [a.staffId] : [],
    holds: holdsSlot({ id: a.id, start: a.start, end: a.end, status: a.status, staffId: a.staffId, deleted: a.deleted }),
    cancelled: a.status === 'cancelled',
  };
}

/** Sessions and appointments in one list, by start. */
export function agendaItems(sessions: readonly SessionView[], appointments: readonly Appointment[]): AgendaItem[] {
  return [...sessions.map(sessionItem), ...appointments.filter((a) => !a.deleted).map(appointmentItem)].sort(
    (a, b) => Date.parse(a.start) - Date.parse(b.start) || a.key.localeCompare(b.key),
  );
}
