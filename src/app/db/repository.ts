/**
 * Local writes. Owns the rule that every change to a record and its outbox entry are written in
 * one Dexie transaction: if the tab dies, either both exist or neither does. Validation happens
 * before anything is written, and storage errors (quota) are thrown to the caller to show.
 */
import type { z } from 'zod';
import { envelopeKeys } from '../../domain/common';
import { entities, recordSchema, type EntityName, type FieldsOf, type RecordOf } from '../../domain/registry';
import { sameValue } from '../../domain/sync/merge';
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

async function write<E extends EntityName>(
  db: TourneeDB,
  entity: E,
  id: string,
  build: (current: RecordOf<E> | undefined) => { record: RecordOf<E>; changes: Record<string, unknown> },
): Promise<RecordOf<E>> {
  const table = db.records(entity);
  try {
    return await db.transaction('rw', table, db.outbox, async () => {
      const current = await table.get(id);
      const { record, changes } = build(current);
      if (current && Object.keys(changes).length === 0) return current;
      const parsed = recordSchema(entity).safeParse(record);
      if (!parsed.success) throw new ValidationError(issuesOf(parsed.error));
      if (current && entities[entity].appendOnly) {
        throw new ValidationError([{ path: '', message: 'append_only' }]);
      }
      await table.put(parsed.data);
      const entry: OutboxEntry = {
        mutationId: crypto.randomUUID(),
        entity,
        recordId: id,
        baseVersion: current?.version ?? 0,
        territoryId: parsed.data.territoryId,
        changes,
        at: record.updatedAt,
        state: 'pending',
      };
      await db.outbox.add(entry);
      return parsed.data;
    });
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    if (isQuotaError(e)) throw new StorageError(e);
    throw e;
  }
}

/** Create a record on this device; it syncs later. */
export function createRecord<E extends EntityName>(
  db: TourneeDB,
  entity: E,
  territoryId: string,
  fields: FieldsOf<E>,
  id: string = crypto.randomUUID(),
): Promise<RecordOf<E>> {
  return write(db, entity, id, (current) => {
    if (current) throw new ValidationError([{ path: 'id', message: 'exists' }]);
    const record = { ...fields, id, version: 0, updatedAt: new Date().toISOString(), deleted: false, territoryId } as RecordOf<E>;
    return { record, changes: { ...fields, deleted: false, territoryId } };
  });
}

/** Edit some fields of a record; only the fields that really changed are queued for the server. */
export function updateRecord<E extends EntityName>(
  db: TourneeDB,
  entity: E,
  id: string,
  edit: Changes<E>,
): Promise<RecordOf<E>> {
  return write(db, entity, id, (current) => {
    if (!current) throw new ValidationError([{ path: 'id', message: 'missing' }]);
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(edit)) {
      if ((envelopeKeys as readonly string[]).includes(k) && k !== 'deleted') continue;
      if (!sameValue((current as Record<string, unknown>)[k], v)) changes[k] = v ?? null;
    }
    const record = { ...current, ...edit, updatedAt: new Date().toISOString() } as RecordOf<E>;
    for (const [k, v] of Object.entries(edit)) if (v === undefined) delete (record as Record<string, unknown>)[k];
    return { record, changes };
  });
}

/** Delete leaves a tombstone, so the deletion reaches every device. */
export function deleteRecord<E extends EntityName>(db: TourneeDB, entity: E, id: string): Promise<RecordOf<E>> {
  return updateRecord(db, entity, id, { deleted: true } as Changes<E>);
}
