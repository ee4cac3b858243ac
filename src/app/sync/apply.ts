/**
 * Writes server records into the local database without losing local work: a record with unsent
 * edits becomes the server copy with those edits replayed on top (see `rebase`).
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

/** Must run inside a transaction that covers `syncTables(db)`. */
export async function applyServerRecord(db: TourneeDB, { entity, record }: ServerRecord): Promise<void> {
  const id = record.id;
  if (typeof id !== 'string') return;
  const table = db.table(entities[entity].table);
  const local = (await table.get(id)) as { version?: number } | undefined;
  const version = typeof record.version === 'number' ? record.version : 0;
  // A page computed before our own push was answered may carry an older copy: keep the newer one.
  if (local?.version !== undefined && local.version > version) return;
  const pending = await db.outbox
    .where('[entity+recordId]')
    .equals([entity, id])
    .filter((e) => e.state === 'pending')
    .sortBy('seq');
  await table.put(rebase(record, pending.map((p) => p.changes)));
}
