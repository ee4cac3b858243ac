/**
 * Reading and writing family files on the device. Every write goes through the repository, so
 * it works offline and reaches the server from the outbox; a merge, an erasure or a purge is one
 * local transaction: all of its records and outbox entries are saved, or none.
 */
import { collectBundle, type FamilyBundle, type TerritoryRecords } from '../../domain/families/bundle';
import { eraseCounts, planErase, type ErasePlan } from '../../domain/families/erase';
import { planMerge, type MergeRefusal } from '../../domain/families/merge';
import type { EntityName } from '../../domain/registry';
import type { TourneeDB } from '../db/database';
import { writeMany, type BulkItem } from '../db/repository';

/** Every record of the territory a family file may draw on. */
export async function loadTerritoryRecords(db: TourneeDB, territoryId: string): Promise<TerritoryRecords> {
  const of = <E extends EntityName>(e: E) => db.records(e).where('territoryId').equals(territoryId).toArray();
  const [families, intakeRequests, appointments, busEnrollments, supportNotes, attendanceEvents, sessionLogs] = await Promise.all([
    of('family'),
    of('intakeRequest'),
    of('appointment'),
    of('busEnrollment'),
    of('supportNote'),
    of('attendanceEvent'),
    of('sessionLog'),
  ]);
  return { families, intakeRequests, appointments, busEnrollments, supportNotes, attendanceEvents, sessionLogs };
}

function tables(db: TourneeDB) {
  return [db.records('family'), db.records('intakeRequest'), db.records('appointment'), db.records('busEnrollment'), db.outbox];
}

async function writeEdits<E extends EntityName>(db: TourneeDB, entity: E, territoryId: string, edits: readonly { id: string; edit: object }[]) {
  if (edits.length === 0) return;
  await writeMany(db, entity, territoryId, edits as unknown as BulkItem<E>[]);
}

export class MergeRefused extends Error {
  constructor(readonly reason: MergeRefusal) {
    super(reason);
    this.name = 'MergeRefused';
  }
}

/**
 * Merges file `otherId` into file `keptId`, reading both afresh inside the transaction so an
 * edit synced in between is merged too.
 */
export async function mergeFamilies(db: TourneeDB, keptId: string, otherId: string): Promise<void> {
  await db.transaction('rw', tables(db), async () => {
    const [kept, other] = await db.records('family').bulkGet([keptId, otherId]);
    if (!kept || !other) throw new MergeRefused('already_deleted');
    const t = kept.territoryId;
    const linked = {
      intakeRequests: await db.records('intakeRequest').where('territoryId').equals(t).toArray(),
      appointments: await db.records('appointment').where('territoryId').equals(t).toArray(),
      busEnrollments: await db.records('busEnrollment').where('territoryId').equals(t).toArray(),
    };
    const planned = planMerge(kept, other, linked);
    if (!planned.ok) throw new MergeRefused(planned.reason);
    const { plan } = planned;
    await writeEdits(db, 'family', t, [plan.kept, plan.merged]);
    await writeEdits(db, 'intakeRequest', t, plan.intakeRequests);
    await writeEdits(db, 'appointment', t, plan.appointments);
    await writeEdits(db, 'busEnrollment', t, plan.busEnrollments);
  });
}

async function applyErase(db: TourneeDB, territoryId: string, plan: ErasePlan): Promise<void> {
  await writeEdits(db, 'conflictRecord', territoryId, plan.conflictRecords);
  await writeEdits(db, 'family', territoryId, plan.families);
  await writeEdits(db, 'intakeRequest', territoryId, plan.intakeRequests);
  await writeEdits(db, 'appointment', territoryId, plan.appointments);
  await writeEdits(db, 'busEnrollment', territoryId, plan.busEnrollments);
}

export type EraseReport = ReturnType<typeof eraseCounts>;

/**
 * Erases every file in `familyIds` (tombstones with personal fields cleared) in one transaction.
 * The counts say what was erased, for the report shown afterwards.
 */
export async function eraseFamilies(db: TourneeDB, territoryId: string, familyIds: readonly string[], now = new Date().toISOString()): Promise<EraseReport> {
  const total: EraseReport = { families: 0, intakeRequests: 0, appointments: 0, busEnrollments: 0 };
  await db.transaction('rw', [...tables(db), db.records('supportNote'), db.records('attendanceEvent'), db.records('sessionLog'), db.records('conflictRecord')], async () => {
    const records = await loadTerritoryRecords(db, territoryId);
    const conflicts = await db.records('conflictRecord').where('territoryId').equals(territoryId).toArray();
    for (const id of familyIds) {
      const bundle = collectBundle(records, id);
      if (!bundle || bundle.family.deleted) continue;
      const plan = planErase(bundle, now, conflicts);
      await applyErase(db, territoryId, plan);
      const counts = eraseCounts(plan);
      for (const k of Object.keys(total) as (keyof EraseReport)[]) total[k] += counts[k];
    }
  });
  return total;
}

export type { FamilyBundle };
