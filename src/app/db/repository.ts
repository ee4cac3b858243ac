/**
 * Local writes. Owns the rule that every change to a record and its outbox entry are written in
 * one Dexie transaction: if the tab dies, either both exist or neither does. Validation happens
 * before anything is written, and storage errors (quota) are thrown to the caller to show.
 *
 * With the vault on (docs/encryption.md), the record and the changes are sealed before the
 * transaction opens, since it cannot wait for WebCrypto; the transaction then checks that the
 * record is still the one the edit was built on, and the write starts over otherwise. Called
 * inside a caller's transaction, the middleware seals instead, keeping that transaction alive.
 */
import Dexie from 'dexie';
import type { z } from 'zod';
import { envelopeKeys } from '../../domain/common';
import { entities, recordSchema, type EntityName, type FieldsOf, type RecordOf } from '../../domain/registry';
import { sameValue } from '../../domain/sync/merge';
import { outboxTarget, recordTarget } from '../crypto/vault';
import type { OutboxEntry, TourneeDB } from './database';

export type Changes<E extends EntityName> = Partial<FieldsOf<E>> & { deleted?: boolean };

/** A record failed validation: `issues` name the fields, for the form to show next to them. */
export class ValidationError extends Error {
  constructor(readonly issues: { path: string; message: string; code?: string }[]) {
    super(issues.map((i) => `${i.path} : ${i.message}`).join(' ; '));
    this.name = 'ValidationError';
  }
}

export class StorageError extends Error {
  constructor(override readonly cause: unknown) {
    super('storage');
    this.name = 'StorageError';
  }
}

function issuesOf(error: z.ZodError): { path: string; message: string; code: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

/** Dexie surfaces a full disk as QuotaExceededError, sometimes wrapped in an AbortError. */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: string; inner?: { name?: string } } | null;
  return err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError';
}

/** Attempts of a sealed write whose record changed under it (a sync page, another tab). */
const MAX_ATTEMPTS = 5;

export class ConcurrentWriteError extends Error {
  constructor() {
    super('the record kept changing during the write');
    this.name = 'ConcurrentWriteError';
  }
}

async function storageErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    if (isQuotaError(e)) throw new StorageError(e);
    throw e;
  }
}

/** Same stored record (read through the vault: plain values compare as plain values). */
function unchanged(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The record and its changes checked and turned into what is stored; nothing written yet. */
function plan<E extends EntityName>(
  entity: E,
  id: string,
  current: RecordOf<E> | undefined,
  build: (current: RecordOf<E> | undefined) => Built<E>,
): { record: RecordOf<E>; entry: OutboxEntry } | undefined {
  const { record, changes } = build(current);
  if (current && Object.keys(changes).length === 0) return undefined;
  const parsed = recordSchema(entity).safeParse(record);
  if (!parsed.success) throw new ValidationError(issuesOf(parsed.error));
  if (current && entities[entity].appendOnly) {
    throw new ValidationError([{ path: '', message: 'append_only' }]);
  }
  return { record: parsed.data, entry: outboxEntry(entity, id, current?.version ?? 0, parsed.data.territoryId, changes, record.updatedAt) };
}

async function write<E extends EntityName>(db: TourneeDB, entity: E, id: string, build: (current: RecordOf<E> | undefined) => Built<E>): Promise<RecordOf<E>> {
  const table = db.records(entity);
  const target = recordTarget(entity, id);
  if (!db.vault.enabled || Dexie.currentTransaction) {
    return storageErrors(() =>
      db.transaction('rw', table, db.outbox, async () => {
        let current = await table.get(id);
        const key = db.vault.enabled ? db.vault.key() : null;
        // Inside a caller's transaction: a value another tab sealed is decrypted while Dexie waits.
        if (current && key) current = await Dexie.waitFor(db.vault.complete(target, current, key));
        const planned = plan(entity, id, current, build);
        if (!planned) return current!;
        await table.put(planned.record);
        await db.outbox.add(planned.entry);
        return planned.record;
      }),
    );
  }
  return storageErrors(async () => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const key = (await db.vault.requireKey())!;
      const before = await table.get(id);
      const current = before && (await db.vault.complete(target, before, key));
      const planned = plan(entity, id, current, build);
      if (!planned) return current!;
      const stored = await db.vault.seal(target, planned.record, key);
      const entry = { ...planned.entry, changes: await db.vault.seal(outboxTarget(planned.entry), planned.entry.changes, key) };
      const done = await db.transaction('rw', table, db.outbox, async () => {
        if (!unchanged(await table.get(id), before)) return false;
        await table.put(stored);
        await db.outbox.add(entry);
        return true;
      });
      if (done) return planned.record;
    }
    throw new ConcurrentWriteError();
  });
}

type Built<E extends EntityName> = { record: RecordOf<E>; changes: Record<string, unknown> };

function buildCreate<E extends EntityName>(current: RecordOf<E> | undefined, id: string, territoryId: string, fields: FieldsOf<E>): Built<E> {
  if (current) throw new ValidationError([{ path: 'id', message: 'exists' }]);
  const record = { ...fields, id, version: 0, updatedAt: new Date().toISOString(), deleted: false, territoryId } as RecordOf<E>;
  return { record, changes: { ...fields, deleted: false, territoryId } };
}

function buildUpdate<E extends EntityName>(current: RecordOf<E> | undefined, edit: Changes<E>): Built<E> {
  if (!current) throw new ValidationError([{ path: 'id', message: 'missing' }]);
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(edit)) {
    if ((envelopeKeys as readonly string[]).includes(k) && k !== 'deleted') continue;
    if (!sameValue((current as Record<string, unknown>)[k], v)) changes[k] = v ?? null;
  }
  const record = { ...current, ...edit, updatedAt: new Date().toISOString() } as RecordOf<E>;
  for (const [k, v] of Object.entries(edit)) if (v === undefined) delete (record as Record<string, unknown>)[k];
  return { record, changes };
}

/** Create a record on this device; it syncs later. */
export function createRecord<E extends EntityName>(
  db: TourneeDB,
  entity: E,
  territoryId: string,
  fields: FieldsOf<E>,
  id: string = crypto.randomUUID(),
): Promise<RecordOf<E>> {
  return write(db, entity, id, (current) => buildCreate(current, id, territoryId, fields));
}

/** Edit some fields of a record; only the fields that really changed are queued for the server. */
export function updateRecord<E extends EntityName>(
  db: TourneeDB,
  entity: E,
  id: string,
  edit: Changes<E>,
): Promise<RecordOf<E>> {
  return write(db, entity, id, (current) => buildUpdate(current, edit));
}

/** One item of a bulk write: new fields to create, or an edit of an existing record. */
export type BulkItem<E extends EntityName> = { create: FieldsOf<E> } | { id: string; edit: Changes<E> };

/**
 * Creates and edits many records (an import) in one transaction: every record and its outbox
 * entry are saved, or nothing is. A record that fails validation stops the whole write with a
 * ValidationError whose paths start with the item's index.
 */
export async function writeMany<E extends EntityName>(
  db: TourneeDB,
  entity: E,
  territoryId: string,
  items: readonly BulkItem<E>[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  const table = db.records(entity);
  const schema = recordSchema(entity);
  const ids = items.map((item) => ('create' in item ? crypto.randomUUID() : item.id));
  const planAll = (current: (RecordOf<E> | undefined)[]) => {
    const records: RecordOf<E>[] = [];
    const queued: OutboxEntry[] = [];
    let created = 0;
    let updated = 0;
    items.forEach((item, i) => {
      const before = current[i];
      const built = 'create' in item ? buildCreate(before, ids[i]!, territoryId, item.create) : buildUpdate(before, item.edit);
      if (before && Object.keys(built.changes).length === 0) return;
      if (before && entities[entity].appendOnly) throw new ValidationError([{ path: `${i}`, message: 'append_only' }]);
      const parsed = schema.safeParse(built.record);
      if (!parsed.success) throw new ValidationError(issuesOf(parsed.error).map((issue) => ({ ...issue, path: `${i}.${issue.path}` })));
      records.push(parsed.data);
      queued.push(outboxEntry(entity, ids[i]!, before?.version ?? 0, parsed.data.territoryId, built.changes, built.record.updatedAt));
      if (before) updated += 1;
      else created += 1;
    });
    return { records, queued, result: { created, updated, unchanged: items.length - created - updated } };
  };
  if (!db.vault.enabled || Dexie.currentTransaction) {
    return storageErrors(() =>
      db.transaction('rw', table, db.outbox, async () => {
        const { records, queued, result } = planAll(await table.bulkGet(ids));
        await table.bulkPut(records);
        await db.outbox.bulkAdd(queued);
        return result;
      }),
    );
  }
  return storageErrors(async () => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const key = (await db.vault.requireKey())!;
      const before = await table.bulkGet(ids);
      const current = await Promise.all(before.map((r, i) => r && db.vault.complete(recordTarget(entity, ids[i]!), r, key)));
      const { records, queued, result } = planAll(current);
      const stored = await Promise.all(records.map((r) => db.vault.seal(recordTarget(entity, r.id), r, key)));
      const entries = await Promise.all(queued.map(async (e) => ({ ...e, changes: await db.vault.seal(outboxTarget(e), e.changes, key) })));
      const done = await db.transaction('rw', table, db.outbox, async () => {
        if (!unchanged(await table.bulkGet(ids), before)) return false;
        await table.bulkPut(stored);
        await db.outbox.bulkAdd(entries);
        return true;
      });
      if (done) return result;
    }
    throw new ConcurrentWriteError();
  });
}

function outboxEntry(entity: EntityName, recordId: string, baseVersion: number, territoryId: string, changes: Record<string, unknown>, at: string): OutboxEntry {
  return { mutationId: crypto.randomUUID(), entity, recordId, baseVersion, territoryId, changes, at, state: 'pending' };
}

/** Delete leaves a tombstone, so the deletion reaches every device. */
export function deleteRecord<E extends EntityName>(db: TourneeDB, entity: E, id: string): Promise<RecordOf<E>> {
  return updateRecord(db, entity, id, { deleted: true } as Changes<E>);
}
