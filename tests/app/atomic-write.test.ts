/**
 * "A tab closed between a record write and its outbox write" cannot happen: both are written by
 * one IndexedDB transaction, so a failure anywhere inside it leaves neither, and a write that
 * completes leaves both. Failures are injected through Dexie hooks at every point of the
 * transaction: before and after the record is written, before and after the outbox entry is
 * written (the last one is after both writes, just before the commit). A failure is either an
 * exception (what a crash in the middle of the code looks like to IndexedDB) or an explicit
 * abort of the transaction (what IndexedDB does itself to a transaction whose page goes away).
 *
 * Then a property: over random sequences of creates, edits, deletes and pulls, some of them
 * failing, every local record always equals its last synced copy with its pending outbox
 * changes replayed on top (`rebase`), which is what the sync client relies on.
 */
import type { Transaction } from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TourneeDB, type OutboxEntry } from '../../src/app/db/database';
import { ValidationError, createRecord, deleteRecord, updateRecord } from '../../src/app/db/repository';
import { applyServerRecord, syncTables } from '../../src/app/sync/apply';
import type { RecordOf } from '../../src/domain/registry';
import { rebase } from '../../src/domain/sync/merge';

const T = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
type Entry = RecordOf<'directoryEntry'>;

const points = ['record-before', 'record-after', 'outbox-before', 'outbox-after'] as const;
type Point = (typeof points)[number];
const modes = ['throw', 'abort'] as const;
type Mode = (typeof modes)[number];
interface Failure {
  point: Point;
  mode: Mode;
}

class InjectedFailure extends Error {
  constructor() {
    super('injected failure');
    this.name = 'InjectedFailure';
  }
}

type HookContext = { onsuccess?: (value: never) => void };

/**
 * Makes the next local write fail at `point`; returns how to remove the hooks. "before" points
 * fail as the request is issued, "after" points once IndexedDB has reported it written.
 */
function inject(db: TourneeDB, { point, mode }: Failure): () => void {
  const fail = (tx: Transaction) => {
    if (mode === 'abort') tx.abort();
    else throw new InjectedFailure();
  };
  const run = (ctx: HookContext, tx: Transaction) => {
    if (point.endsWith('-after')) ctx.onsuccess = () => fail(tx);
    else fail(tx);
  };
  const table = point.startsWith('record') ? db.records('directoryEntry') : db.outbox;
  const creating = function (this: HookContext, _key: unknown, _obj: unknown, tx: Transaction) {
    run(this, tx);
  };
  const updating = function (this: HookContext, _mods: object, _key: unknown, _obj: unknown, tx: Transaction) {
    run(this, tx);
    return undefined;
  };
  table.hook('creating', creating);
  table.hook('updating', updating);
  return () => {
    table.hook('creating').unsubscribe(creating);
    table.hook('updating').unsubscribe(updating);
  };
}

interface Snapshot {
  records: Entry[];
  outbox: OutboxEntry[];
}

/** Everything a local write can touch, as plain data. */
async function snapshot(db: TourneeDB): Promise<Snapshot> {
  return {
    records: await db.records('directoryEntry').orderBy('id').toArray(),
    outbox: await db.outbox.orderBy('seq').toArray(),
  };
}

/** A record as the server sent it: the device's last synced copy. */
function serverCopy(id: string, name: string, version: number): Entry {
  return {
    id,
    version,
    updatedAt: '2026-01-05T08:00:00.000Z',
    deleted: false,
    territoryId: T,
    kind: 'assistant_maternel',
    name,
    communeCode: '42224',
    phone: '04 77 39 00 11',
    placesAvailable: 2,
  };
}

async function withSyncedRecord(): Promise<{ db: TourneeDB; synced: Entry; local: Entry }> {
  const db = new TourneeDB(`atomic-${crypto.randomUUID()}`);
  const synced = serverCopy(crypto.randomUUID(), 'Martine Royer', 3);
  await db.records('directoryEntry').put(synced);
  const local = await createRecord(db, 'directoryEntry', T, { kind: 'mam', name: 'MAM Les Coccinelles', communeCode: '42224' });
  return { db, synced, local };
}

const operations = {
  create: (db: TourneeDB) =>
    createRecord(db, 'directoryEntry', T, { kind: 'assistant_maternel', name: 'Nouvelle assistante', communeCode: '42224' }, crypto.randomUUID()),
  update: (db: TourneeDB, target: Entry) => updateRecord(db, 'directoryEntry', target.id, { placesAvailable: 0, phone: undefined }),
  delete: (db: TourneeDB, target: Entry) => deleteRecord(db, 'directoryEntry', target.id),
};
type OperationName = keyof typeof operations;
const operationNames = Object.keys(operations) as OperationName[];

let opened: TourneeDB[] = [];
afterEach(() => {
  for (const db of opened) db.close();
  opened = [];
  vi.restoreAllMocks();
});

describe('a local write is all or nothing', () => {
  const cases = operationNames.flatMap((op) => points.flatMap((point) => modes.map((mode) => ({ op, point, mode }))));
  it.each(cases)('$op failing at $point ($mode) leaves neither the record nor the outbox entry', async ({ op, point, mode }) => {
    for (const targetKind of ['synced', 'local'] as const) {
      const { db, synced, local } = await withSyncedRecord();
      opened.push(db);
      const before = await snapshot(db);
      const remove = inject(db, { point, mode });
      const outcome = await operations[op](db, targetKind === 'synced' ? synced : local).then(
        () => 'written',
        (e: unknown) => e,
      );
      remove();
      expect(outcome).not.toBe('written');
      if (mode === 'throw') expect(outcome).toBeInstanceOf(InjectedFailure);
      expect(await snapshot(db)).toEqual(before);
      if (op === 'create') break;
    }
  });

  it.each(operationNames)('a failure of IndexedDB itself during %s (outbox constraint) leaves nothing', async (op) => {
    const { db, synced } = await withSyncedRecord();
    opened.push(db);
    const before = await snapshot(db);
    // The outbox entry reuses an existing mutation id: IndexedDB refuses it after the record
    // request has been accepted, and the whole transaction is rolled back.
    const taken = before.outbox[0]!.mutationId;
    const uuid = vi.spyOn(crypto, 'randomUUID').mockReturnValue(taken as ReturnType<typeof crypto.randomUUID>);
    const outcome = await operations[op](db, synced).then(
      () => 'written',
      (e: unknown) => e,
    );
    uuid.mockRestore();
    expect((outcome as Error).name).toBe('ConstraintError');
    expect(await snapshot(db)).toEqual(before);
  });

  it('closing the database during the write does not cut it in half: IndexedDB finishes the transaction first', async () => {
    const { db, synced } = await withSyncedRecord();
    opened.push(db);
    const onCreate = () => db.close();
    db.outbox.hook('creating', onCreate);
    const written = await updateRecord(db, 'directoryEntry', synced.id, { name: 'Martine Royer-Faure' });
    db.outbox.hook('creating').unsubscribe(onCreate);
    await db.open();
    const after = await snapshot(db);
    expect(after.records.find((r) => r.id === synced.id)).toEqual(written);
    expect(after.outbox.at(-1)).toMatchObject({ recordId: synced.id, changes: { name: 'Martine Royer-Faure' }, baseVersion: 3 });
  });

  it.each(operationNames)('a %s that completes leaves both, and the outbox replays to the record', async (op) => {
    const { db, synced } = await withSyncedRecord();
    opened.push(db);
    const before = await snapshot(db);
    const written = await operations[op](db, synced);
    const after = await snapshot(db);
    expect(after.records.find((r) => r.id === written.id)).toEqual(written);
    expect(after.outbox).toHaveLength(before.outbox.length + 1);
    const entry = after.outbox.at(-1)!;
    expect(entry).toMatchObject({ entity: 'directoryEntry', recordId: written.id, state: 'pending', territoryId: T });
    const base = op === 'create' ? { id: written.id, version: 0 } : synced;
    expect(withoutTime(rebase(base, [entry.changes]))).toEqual(withoutTime(written));
  });
});

/** `updatedAt` is the device's clock for local edits; the server sets its own on push. */
function withoutTime(record: Record<string, unknown>): Record<string, unknown> {
  const { updatedAt: _updatedAt, ...rest } = record;
  return rest;
}

// ---- property ---------------------------------------------------------------------------

const SYNCED = 3;
const SLOTS = 6;
const failure = fc.option(fc.record({ point: fc.constantFrom(...points), mode: fc.constantFrom(...modes) }), { freq: 2 });
const name = fc.constantFrom('Martine Royer', 'Sandrine Faure', 'Les Lutins', 'Pirouette');
const phone = fc.constantFrom('04 77 39 00 11', '06 11 22 33 44', 'abc' /* refused */);
const edit = fc.record(
  {
    name,
    phone: fc.option(phone, { nil: undefined }), // undefined clears the field
    placesAvailable: fc.integer({ min: 0, max: 4 }),
    deleted: fc.boolean(),
  },
  { requiredKeys: [] },
);
const step = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), slot: fc.integer({ min: SYNCED, max: SLOTS - 1 }), name, failure }),
  fc.record({ kind: fc.constant('update' as const), slot: fc.integer({ min: 0, max: SLOTS - 1 }), edit, failure }),
  fc.record({ kind: fc.constant('delete' as const), slot: fc.integer({ min: 0, max: SLOTS - 1 }), failure }),
  fc.record({ kind: fc.constant('pull' as const), slot: fc.integer({ min: 0, max: SYNCED - 1 }), name }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

async function runStep(db: TourneeDB, ids: string[], s: Step, bases: Map<string, Record<string, unknown>>): Promise<unknown> {
  const id = ids[s.slot]!;
  if (s.kind === 'pull') {
    // Another device changed the name; the server copy arrives while edits may be pending.
    const base = bases.get(id)!;
    const incoming = { ...serverCopy(id, s.name, Number(base.version) + 1), placesAvailable: base.placesAvailable };
    await db.transaction('rw', syncTables(db), () => applyServerRecord(db, { entity: 'directoryEntry', record: incoming }));
    bases.set(id, incoming);
    return undefined;
  }
  const remove = s.failure ? inject(db, s.failure) : () => undefined;
  try {
    if (s.kind === 'create') {
      const made = await createRecord(db, 'directoryEntry', T, { kind: 'mam', name: s.name, communeCode: '42224' }, id);
      bases.set(id, { id, version: 0 });
      return made;
    }
    if (s.kind === 'update') return await updateRecord(db, 'directoryEntry', id, s.edit);
    return await deleteRecord(db, 'directoryEntry', id);
  } finally {
    remove();
  }
}

/** Every local record is its last synced copy plus its pending changes, replayed in order. */
function expectOutboxExplainsRecords({ records, outbox }: Snapshot, bases: Map<string, Record<string, unknown>>): void {
  const recordIds = new Set(records.map((r) => r.id));
  for (const entry of outbox) expect(recordIds.has(entry.recordId), 'outbox entry without its record').toBe(true);
  for (const record of records) {
    const base = bases.get(record.id);
    expect(base, `record ${record.id} appeared without a write`).toBeDefined();
    const pending = outbox.filter((e) => e.recordId === record.id && e.state === 'pending').map((e) => e.changes);
    expect(withoutTime(rebase(base!, pending))).toEqual(withoutTime(record));
    if (JSON.stringify(withoutTime(record)) !== JSON.stringify(withoutTime(base!))) expect(pending.length).toBeGreaterThan(0);
  }
}

describe('property: the outbox always explains the local records', () => {
  it('holds after every step of random writes with random failures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const db = new TourneeDB(`atomic-prop-${crypto.randomUUID()}`);
        try {
          const ids = Array.from({ length: SLOTS }, () => crypto.randomUUID());
          const bases = new Map<string, Record<string, unknown>>();
          for (const id of ids.slice(0, SYNCED)) {
            const copy = serverCopy(id, 'Martine Royer', 1);
            await db.records('directoryEntry').put(copy);
            bases.set(id, copy);
          }
          for (const s of steps) {
            const before = await snapshot(db);
            const outcome = await runStep(db, ids, s, bases).then(
              (value) => ({ ok: true as const, value }),
              (error: unknown) => ({ ok: false as const, error }),
            );
            const after = await snapshot(db);
            if (!outcome.ok) {
              // Refused or failed: nothing of it was written.
              expect(after).toEqual(before);
              const expected = s.kind !== 'pull' && s.failure && !(outcome.error instanceof ValidationError);
              if (!expected) expect(outcome.error).toBeInstanceOf(ValidationError);
            } else if (s.kind !== 'pull') {
              const grew = after.outbox.length - before.outbox.length;
              // A write either queued exactly one entry with its record, or (an edit that
              // changed nothing, so no failure point was reached) wrote nothing at all.
              if (grew === 0) expect(after).toEqual(before);
              else {
                expect(grew).toBe(1);
                expect(s.failure, 'a write went through an injected failure').toBeNull();
                expect(after.records.find((r) => r.id === ids[s.slot])).toEqual(outcome.value);
              }
            }
            expectOutboxExplainsRecords(after, bases);
          }
        } finally {
          db.close();
        }
      }),
      { seed: 20_260_105, numRuns: 40 },
    );
  }, 60_000);
});
