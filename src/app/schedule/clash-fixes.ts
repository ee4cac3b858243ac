/**
 * The fixes offered for a double booking, written through the repository like any edit (so they
 * work offline and sync): move one of the two, give it to someone else, or cancel it with a reason.
 * An appointment's server notice is cleared by the fix; if the new slot clashes again on the
 * server, it sets a new one.
 */
import { toInstant } from '../../domain/scheduling/zoned-time';
import type { TourneeDB } from '../db/database';
import { updateRecord } from '../db/repository';
import { t } from '../i18n';
import { cancelSession, moveSession, reassignSession } from './occurrence-edit';
import type { AgendaItem, Appointment } from './planning-items';

function withNote(a: Appointment, line: string): string {
  return (a.notes ? `${a.notes}\n${line}` : line).slice(0, 2000);
}

/** An appointment to reschedule becomes proposed at its new time: the family has to agree to it. */
function movedStatus(a: Appointment): Appointment['status'] {
  return a.status === 'to_reschedule' ? 'proposed' : a.status;
}

export async function moveItem(db: TourneeDB, territoryId: string, item: AgendaItem, date: string, from: string, to: string, reason: string): Promise<void> {
  if (item.type === 'session') {
    await moveSession(db, territoryId, item.session, date, from, to, reason);
    return;
  }
  const a = item.appointment;
  await updateRecord(db, 'appointment', a.id, {
    start: toInstant(date, from, a.timeZone),
    end: toInstant(date, to, a.timeZone),
    status: movedStatus(a),
    notice: undefined,
    notes: withNote(a, t('schedule.clash.movedNote', { reason })),
  });
}

export async function reassignItem(db: TourneeDB, territoryId: string, item: AgendaItem, fromStaff: string, toStaff: string): Promise<void> {
  if (item.type === 'session') {
    await reassignSession(db, territoryId, item.session, fromStaff, toStaff);
    return;
  }
  // Same time for the family, another person: the slot is kept as agreed.
  const a = item.appointment;
  await updateRecord(db, 'appointment', a.id, { staffId: toStaff, status: a.status === 'to_reschedule' ? 'confirmed' : a.status, notice: undefined });
}

export async function cancelItem(db: TourneeDB, territoryId: string, item: AgendaItem, reason: string): Promise<void> {
  if (item.type === 'session') {
    await cancelSession(db, territoryId, item.session, reason);
    return;
  }
  const a = item.appointment;
  await updateRecord(db, 'appointment', a.id, { status: 'cancelled', notice: undefined, notes: withNote(a, t('schedule.clash.cancelledNote', { reason })) });
}
