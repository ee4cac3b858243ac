/**
 * Writes server records into the local database without losing local work: a record with unsent
 * edits becomes the server copy with those edits replayed on top (see `rebase`). A page of
 * changes is written with one bulk read and one bulk write per entity: a first sync of a whole
 * territory is tens of thousands of records on a cheap tablet.
 *
 * With the vault on, `storeServerRecords` rebases and seals a page before its transaction
 * (WebCrypto cannot run inside one), then checks in the transaction that nothing it read has
 * changed meanwhile, and starts over if it has.
 */
import { entities, type EntityName } from '../../domain/registry';
import { rebase } from '../../domain/sync/merge';
import { recordTarget } from '../crypto/vault';
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
async function pendingChanges(db: TourneeDB, entity: EntityName, ids: string[], skip: ReadonlySet<number> = new Set()): Promise<{ pending: Pending; seqs: number[] }> {
  const out: Pending = new Map();
  if ((await db.outbox.count()) === 0) return { pending: out, seqs: [] };
  const entries = await db.outbox
    .where('[entity+recordId]')
    .anyOf(ids.map((id) => [entity, id]))
    .filter((e) => e.state === 'pending' && !skip.has(e.seq!))
    .sortBy('seq');
  for (const e of entries) out.set(e.recordId, [...(out.get(e.recordId) ?? []), e.changes]);
  return { pending: out, seqs: entries.map((e) => e.seq!) };
}

function byEntity(changes: readonly ServerRecord[]): Map<EntityName, Record<string, unknown>[]> {
  const out = new Map<EntityName, Record<string, unknown>[]>();
  for (const { entity, record } of changes) {
    if (typeof record.id === 'string') out.set(entity, [...(out.get(entity) ?? []), record]);
  }
  return out;
}

interface Planned {
  entity: EntityName;
  ids: string[];
  next: Record<string, unknown>[];
  /** What the plan was built on: local versions and unsent changes. */
  basis: string;
}

/** The records to store for one entity: server copies with local unsent changes on top. */
async function planEntity(db: TourneeDB, entity: EntityName, records: Record<string, unknown>[], skip?: ReadonlySet<number>): Promise<Planned> {
  const table = db.table(entities[entity].table);
  const ids = records.map((r) => r.id as string);
  const locals = (await table.bulkGet(ids)) as ({ version?: number; updatedAt?: string } | undefined)[];
  const { pending, seqs } = await pendingChanges(db, entity, ids, skip);
  const next = rebased(records, ids, locals, pending);
  return { entity, ids, next, basis: basisOf(locals, seqs) };
}

function basisOf(locals: ({ version?: number; updatedAt?: string } | undefined)[], seqs: number[]): string {
  return JSON.stringify([locals.map((l) => l && [l.version, l.updatedAt]), seqs]);
}

function rebased(records: Record<string, unknown>[], ids: string[], locals: ({ version?: number } | undefined)[], pending: Pending): Record<string, unknown>[] {
  return records.flatMap((record, i) => {
    const local = locals[i];
    const version = typeof record.version === 'number' ? record.version : 0;
    // A page computed before our own push was answered may carry an older copy: keep the newer one.
    if (local?.version !== undefined && local.version > version) return [];
    return [rebase(record, pending.get(ids[i]!) ?? [])];
  });
}

/** Must run inside a transaction that covers `syncTables(db)`. */
export async function applyServerRecords(db: TourneeDB, changes: readonly ServerRecord[]): Promise<void> {
  for (const [entity, records] of byEntity(changes)) {
    const table = db.table(entities[entity].table);
    const ids = records.map((r) => r.id as string);
    const locals = (await table.bulkGet(ids)) as ({ version?: number } | undefined)[];
    const { pending } = await pendingChanges(db, entity, ids);
    // With the vault on, the middleware seals what is in clear here, keeping the transaction alive.
    await table.bulkPut(rebased(records, ids, locals, pending));
  }
}

const MAX_ATTEMPTS = 5;

/**
 * Stores server records in their own transaction, with `alsoInTransaction` (a checkpoint) and
 * the removal of acknowledged outbox entries (`acknowledged` seqs, left out of the rebase).
 */
export async function storeServerRecords(
  db: TourneeDB,
  changes: readonly ServerRecord[],
  options: { acknowledged?: readonly number[]; alsoInTransaction?: () => Promise<void> } = {},
): Promise<void> {
  const acknowledged = options.acknowledged ?? [];
  if (!db.vault.enabled) {
    await db.transaction('rw', syncTables(db), async () => {
      if (acknowledged.length > 0) await db.outbox.bulkDelete([...acknowledged]);
      await applyServerRecords(db, changes);
      await options.alsoInTransaction?.();
    });
    return;
  }
  const skip = new Set(acknowledged);
  const groups = byEntity(changes);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const key = (await db.vault.requireKey())!;
    const plans: Planned[] = [];
    for (const [entity, records] of groups) plans.push(await planEntity(db, entity, records, skip));
    const sealed = await Promise.all(plans.map((p) => Promise.all(p.next.map((r) => db.vault.seal(recordTarget(p.entity, r.id as string), r, key)))));
    const done = await db.transaction('rw', syncTables(db), async () => {
      // Inline on purpose: Dexie keeps its transaction across awaits of its own promises only.
      for (const p of plans) {
        const locals = (await db.table(entities[p.entity].table).bulkGet(p.ids)) as ({ version?: number; updatedAt?: string } | undefined)[];
        const entries = await db.outbox
          .where('[entity+recordId]')
          .anyOf(p.ids.map((id) => [p.entity, id]))
          .filter((e) => e.state === 'pending' && !skip.has(e.seq!))
          .sortBy('seq');
        if (basisOf(locals, entries.map((e) => e.seq!)) !== p.basis) return false;
      }
      if (acknowledged.length > 0) await db.outbox.bulkDelete([...acknowledged]);
      for (const [i, p] of plans.entries()) await db.table(entities[p.entity].table).bulkPut(sealed[i]!);
      await options.alsoInTransaction?.();
      return true;
    });
    if (done) return;
  }
  throw new Error('local data kept changing while a sync page was stored');
}

export function applyServerRecord(db: TourneeDB, change: ServerRecord): Promise<void> {
  return applyServerRecords(db, [change]);
}
