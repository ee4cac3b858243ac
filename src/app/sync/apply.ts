/**
 * Writes server records into the local database without losing local work: a record with unsent
 * edits becomes the server copy with those edits replayed on top (see `rebase`). A page of
 * changes is written with one bulk read and one bulk write per entity: a first sync of a whole
 * territory is tens of thousands of records on a cheap tablet.
 */
import { entities, type EntityName } from '../../domain/registry';
import { rebase } from '../../domain/sync/merge';
import type { TourneeDB } from '../db/database';

export interface ServerRecord {
  entity: EntityName;
  record: Record<string, unknown>;
}

/** All tables a sync transaction may touch. */
export function syncTables(db: TourneeDB) {
  return [...Object.values(entities).map((e) => db.table(e.table)), db.outbox, db.meta];
}

type Pending = Map<string, Record<string, unknown>[]>;

/** Unsent changes of the given records, in outbox order (none read when the outbox is empty). */
async function pendingChanges(db: TourneeDB, entity: EntityName, ids: string[]): Promise<Pending> {
  const out: Pending = new Map();
  if ((await db.outbox.count()) === 0) return out;
  const entries = await db.outbox
    .where('[entity+recordId]')
    .anyOf(ids.map((id) => [entity, id]))
    .filter((e) => e.state === 'pending')
    .sortBy('seq');
  for (const e of entries) out.set(e.recordId, [...(out.get(e.recordId) ?? []), e.changes]);
  return out;
}

/** Must run inside a transaction that covers `syncTables(db)`. */
export async function applyServerRecords(db: TourneeDB, changes: readonly ServerRecord[]): Promise<void> {
  const byEntity = new Map<EntityName, Record<string, unknown>[]>();
  for (const { entity, record } of changes) {
    if (typeof record.id === 'string') byEntity.set(entity, [...(byEntity.get(entity) ?? []), record]);
  }
  for (const [entity, records] of byEntity) {
    const table = db.table(entities[entity].table);
    const ids = records.map((r) => r.id as string);
    const locals = (await table.bulkGet(ids)) as ({ version?: number } | undefined)[];
    const pending = await pendingChanges(db, entity, ids);
    const next = records.flatMap((record, i) => {
      const local = locals[i];
      const version = typeof record.version === 'number' ? record.version : 0;
      // A page computed before our own push was answered may carry an older copy: keep the newer one.
      if (local?.version !== undefined && local.version > version) return [];
      return [rebase(record, pending.get(ids[i]!) ?? [])];
    });
    await table.bulkPut(next);
  }
}

export function applyServerRecord(db: TourneeDB, change: ServerRecord): Promise<void> {
  return applyServerRecords(db, [change]);
}
