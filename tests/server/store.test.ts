import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedIfEmpty } from '../../src/server/seed/seed';
import { openSqliteStore } from '../../src/server/storage/sqlite';
import type { RecordWrite } from '../../src/server/storage/store';
import { PASSWORD, TA, TB, TEST_COST, fixtures, harness } from './helpers';

const record = (id: string, territoryId = TA): RecordWrite => ({
  entity: 'directoryEntry',
  id,
  version: 1,
  updatedAt: '2026-01-05T08:00:00.000Z',
  data: { deleted: false, territoryId, kind: 'rpe', name: id, communeCode: '42224' },
  fields: { name: { v: 1, by: 'device-aaaa', at: '2026-01-05T08:00:00.000Z' } },
});

describe('sqlite store', () => {
  it('assigns increasing sequence numbers and reads back what it wrote', async () => {
    const store = openSqliteStore(':memory:');
    const a = await store.withTransaction((tx) => tx.putRecord(record('a')));
    const b = await store.withTransaction((tx) => tx.putRecord(record('b', TB)));
    const a2 = await store.withTransaction((tx) => tx.putRecord({ ...record('a'), version: 2 }));
    expect([a.seq, b.seq, a2.seq]).toEqual([1, 2, 3]);
    const got = await store.withTransaction((tx) => tx.getRecord('directoryEntry', 'a'));
    expect(got).toEqual({ ...record('a'), version: 2, seq: 3 });
    const feed = await store.withTransaction((tx) => tx.listChanges(0, 10, [TA]));
    expect(feed.map((r) => [r.id, r.seq])).toEqual([['a', 3]]);
    expect((await store.withTransaction((tx) => tx.listChanges(0, 10, [TA, TB]))).map((r) => r.id)).toEqual(['b', 'a']);
    await store.close();
  });

  it('rolls a transaction back when it throws', async () => {
    const store = openSqliteStore(':memory:');
    await expect(
      store.withTransaction(async (tx) => {
        await tx.putRecord(record('a'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.withTransaction((tx) => tx.countRecords())).toBe(0);
    // The sequence was rolled back too.
    expect((await store.withTransaction((tx) => tx.putRecord(record('b')))).seq).toBe(1);
  });

  it('serializes concurrent async transactions', async () => {
    const store = openSqliteStore(':memory:');
    const order: string[] = [];
    const slow = (name: string) =>
      store.withTransaction(async (tx) => {
        order.push(`${name}:start`);
        const n = await tx.countRecords();
        await new Promise((r) => setTimeout(r, 10));
        await tx.putRecord(record(`${name}-${n}`));
        order.push(`${name}:end`);
      });
    await Promise.all([slow('x'), slow('y'), slow('z')]);
    expect(order).toEqual(['x:start', 'x:end', 'y:start', 'y:end', 'z:start', 'z:end']);
    const ids = (await store.withTransaction((tx) => tx.listChanges(0, 10, [TA]))).map((r) => r.id);
    expect(ids).toEqual(['x-0', 'y-1', 'z-2']);
  });

  it('persists to a file in WAL mode and reopens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tournee-store-'));
    try {
      const path = join(dir, 'tournee.sqlite');
      const first = openSqliteStore(path);
      await first.withTransaction((tx) => tx.putRecord(record('a')));
      await first.close();
      const second = openSqliteStore(path);
      expect((await second.withTransaction((tx) => tx.getRecord('directoryEntry', 'a')))?.seq).toBe(1);
      expect((await second.withTransaction((tx) => tx.putRecord(record('b')))).seq).toBe(2);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a transaction object used after its transaction ended', async () => {
    const store = openSqliteStore(':memory:');
    const leaked = await store.withTransaction(async (tx) => tx);
    await expect(leaked.countRecords()).rejects.toThrow(/no longer active/);
  });
});

describe('seed', () => {
  it('seeds an empty store once, as version 1 with credentials', async () => {
    const store = openSqliteStore(':memory:');
    expect(await seedIfEmpty(store, fixtures, TEST_COST)).toBe(true);
    expect(await seedIfEmpty(store, fixtures, TEST_COST)).toBe(false);
    const count = await store.withTransaction((tx) => tx.countRecords());
    expect(count).toBe(fixtures.records.length);
    const all = await store.withTransaction((tx) => tx.listChanges(0, 100, [TA, TB]));
    expect(all.every((r) => r.version === 1)).toBe(true);
    expect(all.map((r) => r.seq)).toEqual(fixtures.records.map((_, i) => i + 1));
    const credential = await store.withTransaction((tx) => tx.getCredentialByEmail('ANIM.A@example.fr'));
    expect(credential?.passwordHash).toMatch(/^scrypt\$/);
    expect(credential?.passwordHash).not.toContain(PASSWORD);
  });

  it('refuses invalid fixtures before writing anything', async () => {
    const store = openSqliteStore(':memory:');
    const bad = { ...fixtures, records: [...fixtures.records, { entity: 'territory' as const, record: { id: 'nope' } }] };
    await expect(seedIfEmpty(store, bad, TEST_COST)).rejects.toThrow(/invalid/);
    expect(await store.withTransaction((tx) => tx.countRecords())).toBe(0);
  });

  it('seeded accounts can sign in', async () => {
    const h = await harness();
    expect(await h.login('coord.a@example.fr')).toMatch(/^[\w-]{43}$/);
  });
});
