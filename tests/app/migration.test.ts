import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { TourneeDB } from '../../src/app/db/database';
import { schemaV1, schemaV4 } from '../../src/app/db/schema';

const T = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
const at = '2026-03-01T10:00:00.000Z';

describe('Dexie schema migration', () => {
  it('opens a v1 database filled with data under the current version and loses nothing', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(schemaV1);
    await v1.open();

    const entries = Array.from({ length: 50 }, (_, i) => ({
      id: crypto.randomUUID(),
      version: i % 3,
      updatedAt: at,
      deleted: i % 10 === 0,
      territoryId: T,
      kind: 'assistant_maternel',
      name: `Assistante ${i}`,
      communeCode: '42224',
    }));
    const conflict = {
      id: crypto.randomUUID(),
      version: 1,
      updatedAt: at,
      deleted: false,
      territoryId: T,
      entity: 'directoryEntry',
      recordId: entries[1]!.id,
      field: 'name',
      keptValue: 'A',
      keptAt: at,
      otherValue: 'B',
      otherAt: at,
      status: 'open',
    };
    // v1 outbox entries had no `state`.
    const outbox = entries.slice(0, 5).map((e) => ({
      mutationId: crypto.randomUUID(),
      entity: 'directoryEntry',
      recordId: e.id,
      baseVersion: e.version,
      territoryId: T,
      changes: { name: e.name },
      at,
    }));
    await v1.table('directoryEntries').bulkAdd(entries);
    await v1.table('conflictRecords').add(conflict);
    await v1.table('outbox').bulkAdd(outbox);
    await v1.table('meta').bulkAdd([
      { key: 'pullSince', value: 1234 },
      { key: 'clientId', value: 'device-1234' },
    ]);
    v1.close();

    const db = new TourneeDB(name);
    await db.open();
    expect(db.verno).toBeGreaterThan(1);
    expect(await db.records('directoryEntry').toArray()).toEqual(expect.arrayContaining(entries));
    expect(await db.records('directoryEntry').count()).toBe(entries.length);
    expect(await db.records('conflictRecord').where('status').equals('open').toArray()).toEqual([conflict]);
    const migrated = await db.outbox.orderBy('seq').toArray();
    expect(migrated.map(({ seq: _seq, state, ...rest }) => ({ rest, state }))).toEqual(outbox.map((o) => ({ rest: o, state: 'pending' })));
    expect(await db.outbox.where('state').equals('pending').count()).toBe(5);
    expect((await db.meta.get('pullSince'))?.value).toBe(1234);
    expect((await db.meta.get('clientId'))?.value).toBe('device-1234');
    // v3 tables exist, empty, and take records.
    expect(db.verno).toBe(5);
    expect(await db.basemaps.count()).toBe(0);
    // v5: parenting-support notes, empty, indexed by family.
    expect(await db.records('supportNote').where('familyId').equals(T).count()).toBe(0);
    expect(await db.records('scheduleSeries').count()).toBe(0);
    await db.roadGraphs.put({ territoryId: T, buffer: new ArrayBuffer(8), nodes: 1, edges: 0, source: 'test', builtAt: at });
    expect((await db.roadGraphs.get(T))?.nodes).toBe(1);
    db.close();
  });

  it('opens a v4 database (no upgrade step declared in between) with its data, and adds the v5 table', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v4 = new Dexie(name);
    v4.version(4).stores(schemaV4);
    await v4.open();
    const series = { id: crypto.randomUUID(), version: 1, updatedAt: at, deleted: false, territoryId: T, siteId: 'site-1' };
    await v4.table('scheduleSeries').add(series);
    await v4.table('outbox').add({ mutationId: crypto.randomUUID(), entity: 'scheduleSeries', recordId: series.id, baseVersion: 0, territoryId: T, changes: {}, at, state: 'rejected' });
    v4.close();

    const db = new TourneeDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.records('scheduleSeries').toArray()).toEqual([series]);
    // The v2 step did not run again: a refused change stays refused.
    expect((await db.outbox.toArray()).map((o) => o.state)).toEqual(['rejected']);
    expect(await db.records('supportNote').where('familyId').equals(T).count()).toBe(0);
    db.close();
  });
});
