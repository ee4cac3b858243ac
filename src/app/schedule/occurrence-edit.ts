import { t } from '../i18n';
import type { SessionView } from '../../domain/scheduling/occurrences';
import { toInstant } from '../../domain/scheduling/zoned-time';
import type { TourneeDB } from '../db/database';
import { createRecord, updateRecord } from '../db/repository';

/**
 * Cancels or moves one session. A computed occurrence of a series becomes a session record
 * first (linked by series and date), so the change syncs like any edit and the series stays.
 */
async function write(db: TourneeDB, territoryId: string, s: SessionView, changes: { status?: 'cancelled' | 'planned'; cancelReason?: string; start?: string; end?: string; staffIds?: string[] }) {
  if (s.record) return updateRecord(db, 'scheduledSession', s.record.id, changes);
  return createRecord(db, 'scheduledSession', territoryId, {
    kind: s.kind,
    siteId: s.siteId,
    start: s.start,
    end: s.end,
    timeZone: s.timeZone,
    staffIds: [...s.staffIds],
    status: 'planned',
    ...(s.capacity !== undefined ? { capacity: s.capacity } : {}),
    ...(s.series ? { seriesId: s.series.id } : {}),
    ...(s.occurrenceDate ? { occurrenceDate: s.occurrenceDate } : {}),
    ...changes,
  });
}

/** The session's record, made from its series occurrence when there is none yet (attendance needs an id). */
export async function sessionRecord(db: TourneeDB, territoryId: string, s: SessionView) {
  return s.record ?? write(db, territoryId, s, {});
}

export function cancelSession(db: TourneeDB, territoryId: string, s: SessionView, reason: string) {
  return write(db, territoryId, s, { status: 'cancelled', cancelReason: reason });
}

/** Why a new date and times cannot be taken, in French; undefined when they can. */
export function slotProblem(slot: { date: string; start: string; end: string }): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(slot.date) || !/^\d{2}:\d{2}$/.test(slot.start) || !/^\d{2}:\d{2}$/.test(slot.end)) return t('schedule.slotRequired');
  if (slot.start >= slot.end) return t('tour.visit.windowInvalid');
  return undefined;
}

/** Moves a session to another local date and times, in its site's zone; the reason is kept for families. */
export function moveSession(db: TourneeDB, territoryId: string, s: SessionView, date: string, from: string, to: string, reason: string) {
  return write(db, territoryId, s, { status: 'planned', start: toInstant(date, from, s.timeZone), end: toInstant(date, to, s.timeZone), cancelReason: reason });
}

/** Gives the session to another member of staff in place of one who is booked elsewhere at that time. */
export function reassignSession(db: TourneeDB, territoryId: string, s: SessionView, fromStaff: string, toStaff: string) {
  const staffIds = [...new Set(s.staffIds.map((id) => (id === fromStaff ? toStaff : id)))];
  return write(db, territoryId, s, { staffIds });
}
