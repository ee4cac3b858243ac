/**
 * After a mutation is merged, the server checks the rules a field merge cannot see and flags the
 * record that broke them, in the same transaction, as an edit of its own (client id "server").
 * The flag syncs like any change, so every device shows it.
 */
import { BUS_DAY_CAPACITY, doubleBookingOf, peakPresence, type Booking, type PresenceEvent } from '../../domain/scheduling/domain-conflicts';
import type { SchedulingNotice } from '../../domain/scheduling/notice';
import { mergeEdit } from '../../domain/sync/merge';
import type { JsonObject, StoreTx, StoredRecord } from '../storage/store';

export const SERVER_CLIENT_ID = 'server';

/** An edit made by the server itself on the current version of a record. */
export async function serverEdit(tx: StoreTx, current: StoredRecord, changes: JsonObject, now: string): Promise<StoredRecord> {
  const { next } = mergeEdit(
    { data: current.data, version: current.version, fields: current.fields },
    { baseVersion: current.version, changes, clientId: SERVER_CLIENT_ID, at: now },
  );
  return tx.putRecord({ entity: current.entity, id: current.id, version: next.version, updatedAt: now, data: next.data, fields: next.fields });
}

function asBooking(r: StoredRecord): Booking {
  const d = r.data;
  return {
    id: r.id,
    start: String(d.start),
    end: String(d.end),
    status: String(d.status),
    staffId: typeof d.staffId === 'string' ? d.staffId : undefined,
    deleted: d.deleted === true,
  };
}

/** Returns the written record, flagged "to reschedule" if it took a slot already held. */
async function checkDoubleBooking(tx: StoreTx, written: StoredRecord, now: string): Promise<StoredRecord> {
  const territoryId = String(written.data.territoryId);
  const others = (await tx.listRecords('appointment', territoryId)).map(asBooking);
  const clash = doubleBookingOf(asBooking(written), others);
  if (!clash) return written;
  const notice: SchedulingNotice = { reason: 'double_booking', conflictWith: clash.id, detectedAt: now };
  return serverEdit(tx, written, { status: 'to_reschedule', notice }, now);
}

/** Flags the session of an attendance event when children present at once exceed its places. */
async function checkCapacity(tx: StoreTx, event: StoredRecord, now: string): Promise<void> {
  const sessionId = event.data.sessionId;
  if (typeof sessionId !== 'string') return;
  const session = await tx.getRecord('scheduledSession', sessionId);
  // A session of another territory is out of the author's scope: the server never writes there.
  if (!session || session.data.deleted === true || session.data.territoryId !== event.data.territoryId) return;
  const capacity = typeof session.data.capacity === 'number' ? session.data.capacity : session.data.kind === 'bus_day' ? BUS_DAY_CAPACITY : undefined;
  if (capacity === undefined) return;
  const events = (await tx.listRecords('attendanceEvent', String(event.data.territoryId)))
    .filter((r) => r.data.sessionId === sessionId)
    .map((r): PresenceEvent => ({ childId: String(r.data.childId), type: r.data.type === 'check_out' ? 'check_out' : 'check_in', at: String(r.data.at), deleted: r.data.deleted === true }));
  const peak = peakPresence(events);
  const previous = session.data.notice as SchedulingNotice | undefined;
  if (peak <= capacity || (previous?.reason === 'over_capacity' && previous.peak === peak)) return;
  const notice: SchedulingNotice = { reason: 'over_capacity', peak, capacity, detectedAt: now };
  await serverEdit(tx, session, { notice }, now);
}

/** Runs the rules that apply to the entity just written; returns that record as it now stands. */
export async function applyDomainRules(tx: StoreTx, written: StoredRecord, now: string): Promise<StoredRecord> {
  if (written.entity === 'appointment') return checkDoubleBooking(tx, written, now);
  if (written.entity === 'attendanceEvent') await checkCapacity(tx, written, now);
  return written;
}
