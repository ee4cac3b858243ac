/**
 * After a mutation is merged, the server checks the rules a field merge cannot see and flags the
 * record that broke them, in the same transaction, as an edit of its own (client id "server").
 * The flag syncs like any change, so every device shows it.
 */
import { BUS_DAY_CAPACITY, doubleBookingOf, peakPresence, type Booking, type PresenceEvent } from '../../domain/scheduling/domain-conflicts';
import type { SchedulingNotice } from '../../domain/scheduling/notice';
import { maySeeSupportNote } from '../../domain/families/confidentiality';
import { mergeEdit } from '../../domain/sync/merge';
import type { JsonObject, StoreTx, StoredRecord } from '../storage/store';
import { PushRejected } from './push';

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

/** The mutation that wrote the record, for a rule that refuses it. */
export interface WriteContext {
  mutationId: string;
  userId: string;
}

function refuseWrite(ctx: WriteContext, message: string): never {
  throw new PushRejected([{ mutationId: ctx.mutationId, code: 'forbidden', message }]);
}

/** True when `field` was set by the write that produced this version of the record. */
function setNow(r: StoredRecord, field: string): boolean {
  return r.fields[field]?.v === r.version;
}

/**
 * A parenting-support note is written by its author, then edited only by its author or the
 * family's referent; its author and family never change (a new note is written instead).
 * Anything else refuses the whole push, like a missing right.
 */
async function checkSupportNoteWriter(tx: StoreTx, note: StoredRecord, ctx: WriteContext): Promise<StoredRecord | undefined> {
  const refuse = (message: string) => refuseWrite(ctx, message);
  const family = await tx.getRecord('family', String(note.data.familyId));
  if (note.version === 1) {
    if (note.data.authorId !== ctx.userId) refuse('une note d’accompagnement est écrite au nom de son auteur seulement');
    if (!family || family.data.territoryId !== note.data.territoryId) refuse('dossier famille inconnu dans ce territoire');
    return family;
  }
  if (setNow(note, 'authorId') || setNow(note, 'familyId') || setNow(note, 'territoryId')) {
    refuse('l’auteur, la famille et le territoire d’une note d’accompagnement ne changent pas : écrivez une nouvelle note');
  }
  if (!maySeeSupportNote(note.data, family?.data, ctx.userId)) {
    refuse('note confidentielle : seuls son auteur et le référent de la famille peuvent la modifier');
  }
  return family;
}

/**
 * A note written offline for a file erased or merged meanwhile is never refused (nothing typed
 * is lost): it follows the merged file, or is emptied like the erased file's other notes.
 */
async function settleSupportNote(tx: StoreTx, note: StoredRecord, family: StoredRecord | undefined, now: string): Promise<StoredRecord> {
  if (family?.data.erasedAt !== undefined) {
    const empty = note.data.deleted === true && note.data.note === '' && note.data.orientations === undefined;
    const emptied = empty ? note : await serverEdit(tx, note, { deleted: true, note: '', orientations: undefined }, now);
    await emptyNoteConflicts(tx, String(note.data.territoryId), new Set([note.id]), now);
    return emptied;
  }
  if (family?.data.deleted === true && typeof family.data.mergedInto === 'string') return serverEdit(tx, note, { familyId: family.data.mergedInto }, now);
  return note;
}

/**
 * A family file merged into another or erased carries its parenting-support notes along, and a
 * new referent must receive the notes written before: the server edits them itself, since the
 * person merging or erasing may not be allowed to read them.
 */
async function followFamily(tx: StoreTx, family: StoredRecord, now: string): Promise<void> {
  const erased = setNow(family, 'erasedAt') && family.data.erasedAt !== undefined;
  const mergedInto = setNow(family, 'mergedInto') && typeof family.data.mergedInto === 'string' ? family.data.mergedInto : undefined;
  const newReferent = setNow(family, 'referentId') && family.data.deleted !== true;
  if (!erased && mergedInto === undefined && !newReferent) return;
  const territoryId = String(family.data.territoryId);
  const notes = (await tx.listRecords('supportNote', territoryId)).filter((n) => n.data.familyId === family.id && n.data.deleted !== true);
  if (notes.length === 0) return;
  const ids = new Set(notes.map((n) => n.id));
  for (const note of notes) {
    if (erased) await serverEdit(tx, note, { deleted: true, note: '', orientations: undefined }, now);
    else if (mergedInto !== undefined) await serverEdit(tx, note, { familyId: mergedInto }, now);
    // No change but a new sequence number: the note reaches the new referent's next pull.
    else await serverEdit(tx, note, {}, now);
  }
  if (erased) await emptyNoteConflicts(tx, territoryId, ids, now);
}

/** Conflict records keep both values of a field: an erased note's text must not survive there. */
async function emptyNoteConflicts(tx: StoreTx, territoryId: string, noteIds: ReadonlySet<string>, now: string): Promise<void> {
  for (const c of await tx.listRecords('conflictRecord', territoryId)) {
    if (c.data.entity === 'supportNote' && noteIds.has(String(c.data.recordId)) && c.data.deleted !== true) {
      await serverEdit(tx, c, { deleted: true, keptValue: undefined, otherValue: undefined }, now);
    }
  }
}

/** Runs the rules that apply to the entity just written; returns that record as it now stands. */
export async function applyDomainRules(tx: StoreTx, written: StoredRecord, now: string, ctx?: WriteContext): Promise<StoredRecord> {
  if (written.entity === 'appointment') return checkDoubleBooking(tx, written, now);
  if (written.entity === 'attendanceEvent') await checkCapacity(tx, written, now);
  if (written.entity === 'supportNote' && ctx) return settleSupportNote(tx, written, await checkSupportNoteWriter(tx, written, ctx), now);
  if (written.entity === 'family') await followFamily(tx, written, now);
  return written;
}
