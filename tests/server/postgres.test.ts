/**
 * What only PostgreSQL has to prove: several server instances (several stores, each with its own
 * connections) sharing one database. Runs with TEST_BACKEND=postgres; the rest of the server suite
 * runs on both backends through helpers.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { seedIfEmpty } from '../../src/server/seed/seed';
import { openPostgresStore } from '../../src/server/storage/postgres';
import type { RecordWrite, Store } from '../../src/server/storage/store';
import { backend, createTestSchema } from './backends';
import { PASSWORD, TA, TEST_COST, fixtures, mutation, newEntry, type Json } from './helpers';

const record = (id: string, version = 1, name = id): RecordWrite => ({
  entity: 'directoryEntry',
  id,
  version,
  updatedAt: '2026-01-05T08:00:00.000Z',
  data: { deleted: false, territoryId: TA, kind: 'rpe', name, communeCode: '42224' },
  fields: { name: { v: version, by: 'device-aaaa', at: '2026-01-05T08:00:00.000Z' } },
});

const opened: Store[] = [];
const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await Promise.all(drops.splice(0).map((d) => d()));
});

/** `n` stores on one fresh schema: as many server instances on one database. */
async function instances(n: number): Promise<Store[]> {
  const { url, drop } = await createTestSchema();
  drops.push(drop);
  const stores = await Promise.all(Array.from({ length: n }, () => openPostgresStore(url, { max: 4 })));
  opened.push(...stores);
  return stores;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = (ms = 50) => new Promise((r) => setTimeout(r, ms));

describe.runIf(backend === 'postgres')('PostgreSQL store shared by several instances', () => {
  it('creates its tables once when instances start together, and reads back what another wrote', async () => {
    const [a, b, c] = await instances(3);
    const written = await a!.withTransaction((tx) => tx.putRecord({ ...record('x'), data: { ...record('x').data, note: 'Noël à Saint-Étienne — 🚐' } }));
    expect(written.seq).toBe(1);
    expect(await b!.withTransaction((tx) => tx.getRecord('directoryEntry', 'x'))).toEqual(written);
    expect((await c!.withTransaction((tx) => tx.putRecord(record('y')))).seq).toBe(2);
  });

  it('rolls back the records and the sequence of a failed transaction', async () => {
    const [a] = await instances(1);
    await expect(
      a!.withTransaction(async (tx) => {
        await tx.putRecord(record('x'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await a!.withTransaction((tx) => tx.countRecords())).toBe(0);
    expect((await a!.withTransaction((tx) => tx.putRecord(record('y')))).seq).toBe(1);
    const leaked = await a!.withTransaction(async (tx) => tx);
    await expect(leaked.countRecords()).rejects.toThrow(/no longer active/);
  });

  it('never lets a pull see seq N+1 while N is uncommitted', async () => {
    const [a, b, reader] = await instances(3);
    const gate = deferred();
    const first = a!.withTransaction(async (tx) => {
      const r = await tx.putRecord(record('first'));
      await gate.promise;
      return r;
    });
    await tick();
    let secondDone = false;
    const second = b!.withTransaction((tx) => tx.putRecord(record('second'))).then((r) => {
      secondDone = true;
      return r;
    });
    await tick();
    // The second writer waits for the first; a reader sees neither, and is not blocked.
    expect(secondDone).toBe(false);
    expect(await reader!.withTransaction((tx) => tx.listChanges(0, 10, [TA]))).toEqual([]);
    gate.resolve();
    const [r1, r2] = await Promise.all([first, second]);
    expect([r1.seq, r2.seq]).toEqual([1, 2]);
    const feed = await reader!.withTransaction((tx) => tx.listChanges(0, 10, [TA]));
    expect(feed.map((r) => [r.id, r.seq])).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
  });

  it('reads a record again when another instance changed it before the write lock', async () => {
    const [a, b] = await instances(2);
    await a!.withTransaction((tx) => tx.putRecord(record('x')));
    const gate = deferred();
    let runs = 0;
    const edit = a!.withTransaction(async (tx) => {
      runs += 1;
      const current = await tx.getRecord('directoryEntry', 'x');
      if (runs === 1) await gate.promise;
      const version = (current?.version ?? 0) + 1;
      return tx.putRecord(record('x', version, `edit based on v${current?.version}`));
    });
    await tick();
    await b!.withTransaction((tx) => tx.putRecord(record('x', 2, 'other instance')));
    gate.resolve();
    const written = await edit;
    expect(runs).toBe(2);
    expect(written).toMatchObject({ version: 3, seq: 3, data: { name: 'edit based on v2' } });
  });

  describe('through the HTTP app', () => {
    async function apps() {
      const [s1, s2] = await instances(2);
      await seedIfEmpty(s1!, fixtures, TEST_COST);
      // A second instance starting on a seeded database seeds nothing.
      expect(await seedIfEmpty(s2!, fixtures, TEST_COST)).toBe(false);
      const now = () => new Date('2026-01-05T08:00:00.000Z');
      const [app1, app2] = [s1!, s2!].map((store) => createApp({ store, scryptCost: TEST_COST, now }));
      const call = async (app: typeof app1, method: string, path: string, token?: string, body?: unknown) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (token) headers.authorization = `Bearer ${token}`;
        const res = await app!.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as Json };
      };
      // A session opened on one instance is valid on the other: no sticky sessions needed.
      const login = await call(app1, 'POST', '/api/auth/login', undefined, { email: 'anim.a@example.fr', password: PASSWORD });
      const token = String(login.body.token);
      expect((await call(app2, 'GET', '/api/auth/me', token)).status).toBe(200);
      return { app1: app1!, app2: app2!, call, token, store: s1! };
    }

    it('applies a mutation pushed to two instances at once exactly once', async () => {
      const { app1, app2, call, token, store } = await apps();
      const before = await store.withTransaction((tx) => tx.countRecords());
      const m = mutation({ changes: newEntry() });
      const push = { clientId: 'device-aaaa', mutations: [m] };
      const [one, two] = await Promise.all([call(app1, 'POST', '/api/sync/push', token, push), call(app2, 'POST', '/api/sync/push', token, push)]);
      expect([one.status, two.status]).toEqual([200, 200]);
      expect(one.body).toEqual(two.body);
      expect(await store.withTransaction((tx) => tx.countRecords())).toBe(before + 1);
      expect((await store.withTransaction((tx) => tx.getRecord('directoryEntry', m.recordId)))?.version).toBe(1);
    });

    it('keeps both values when two instances take edits of one field at once', async () => {
      const { app1, app2, call, token, store } = await apps();
      const id = randomUUID();
      const created = await call(app1, 'POST', '/api/sync/push', token, { clientId: 'device-aaaa', mutations: [mutation({ recordId: id, changes: newEntry() })] });
      expect(created.status).toBe(200);
      const edit = (clientId: string, name: string) => ({ clientId, mutations: [mutation({ recordId: id, baseVersion: 1, changes: { name } })] });
      const [one, two] = await Promise.all([
        call(app1, 'POST', '/api/sync/push', token, edit('device-bbbb', 'Relais B')),
        call(app2, 'POST', '/api/sync/push', token, edit('device-cccc', 'Relais C')),
      ]);
      expect([one.status, two.status]).toEqual([200, 200]);
      const statuses = [one, two].map((r) => (r.body.results as Array<{ status: string }>)[0]?.status).sort();
      expect(statuses).toEqual(['applied', 'conflict']);
      const final = await store.withTransaction((tx) => tx.getRecord('directoryEntry', id));
      expect(final?.version).toBe(3);
      const conflicts = await store.withTransaction((tx) => tx.listChanges(0, 1000, [TA]));
      const conflict = conflicts.find((r) => r.entity === 'conflictRecord');
      // Whichever came last is current; the other value is kept in the conflict record.
      expect([conflict?.data.keptValue, conflict?.data.otherValue].sort()).toEqual(['Relais B', 'Relais C']);
      expect(conflict?.data.keptValue).toBe(final?.data.name);
    });
  });
});
