/**
 * Staff answer to a family's appointment: confirm a precise hour, propose another slot, or
 * cancel. Each answer also moves the request to "rendez-vous proposé", which is what the family's
 * status page shows. Both edits go through the repository, so they work offline.
 */
import type { RecordOf } from '../../domain/registry';
import { toInstant } from '../../domain/scheduling/zoned-time';
import type { TourneeDB } from '../db/database';
import { createRecord, updateRecord } from '../db/repository';

type Appointment = RecordOf<'appointment'>;
type Request = RecordOf<'intakeRequest'>;

export interface Slot {
  siteId: string;
  /** Local date and time at the site, as typed. */
  date: string;
  time: string;
  minutes: number;
  timeZone: string;
}

function instants(slot: Slot): { start: string; end: string } {
  const start = toInstant(slot.date, slot.time, slot.timeZone);
  return { start, end: new Date(Date.parse(start) + slot.minutes * 60_000).toISOString() };
}

async function markProposed(db: TourneeDB, request: Request): Promise<void> {
  if (request.status === 'received' || request.status === 'in_progress') await updateRecord(db, 'intakeRequest', request.id, { status: 'appointment_proposed' });
}

/** Confirms the appointment at the hour chosen (within the permanence asked, or another). */
export async function confirmAppointment(db: TourneeDB, request: Request, appointment: Appointment, slot: Slot, staffId: string): Promise<void> {
  await updateRecord(db, 'appointment', appointment.id, { ...instants(slot), siteId: slot.siteId, timeZone: slot.timeZone, status: 'confirmed', staffId });
  await markProposed(db, request);
}

/** Proposes another slot: the family sees "autre moment proposé" and may call if it does not suit. */
export async function proposeAppointment(db: TourneeDB, request: Request, appointment: Appointment | undefined, slot: Slot, staffId: string, kind: Appointment['kind'] = 'permanence'): Promise<void> {
  const when = { ...instants(slot), siteId: slot.siteId, timeZone: slot.timeZone, status: 'proposed' as const, staffId };
  if (appointment) await updateRecord(db, 'appointment', appointment.id, when);
  else await createRecord(db, 'appointment', request.territoryId, { kind, intakeRequestId: request.id, ...(request.familyId ? { familyId: request.familyId } : {}), ...when });
  await markProposed(db, request);
}

export function cancelAppointment(db: TourneeDB, appointment: Appointment): Promise<Appointment> {
  return updateRecord(db, 'appointment', appointment.id, { status: 'cancelled' });
}
