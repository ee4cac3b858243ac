/**
 * The audit table and the session columns of both storage backends (TEST_BACKEND picks one):
 * appending, de-duplicating, filtering and paging the log; device names, last-seen times and
 * the reason a session ended.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/server/storage/sqlite';
import type { AuditEventWrite, AuditQuery, Store } from '../../src/server/storage/store';
import { backend, openTestStore } from './backends';
import { TA, TB } from './helpers';

const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const FAMILY = '33333333-3333-4333-8333-333333333333';

let n = 0;
function event(extra: Partial<AuditEventWrite> = {}): AuditEventWrite {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
    action: 'sign_in',
    at: `2026-01-0${1 + (n % 9)}T08:00:00.000Z`,
    territoryIds: [TA],
    detail: {},
    ...extra,
  };
}

async function put(store: Store, events: AuditEventWrite[]): Promise<boolean[]> {
  return store.withTransaction(async (tx) => {
    const out: boolean[] = [];
    for (const e of events) out.push(await tx.putAuditEvent(e));
    return out;
  });
}

describe(`audit log on ${backend}`, () => {
  it('appends events, reads them back newest first, and ignores a second event with the same id', async () => {
    const store = await openTestStore();
    const first = event({ actorId: U1, claimedAt: '2026-01-01T07:00:00.000Z', address: '203.0.113.9', deviceName: 'Tablette', detail: { reason: 'x', n: 2 } });
    const second = event({ action: 'sign_out', actorId: U1 });
    expect(await put(store, [first, second, { ...first, action: 'export' }])).toEqual([true, true, false]);
    const all = await store.withTransaction((tx) => tx.listAuditEvents({ limit: 10 }));
    expect(all.map((e) => e.id)).toEqual([second.id, first.id]);
    expect(all[1]).toEqual({ ...first, seq: all[1]?.seq });
    expect(all[0]!.seq).toBeGreaterThan(all[1]!.seq);
    expect(all[0]).not.toHaveProperty('familyId');
  });

  it('filters by territory (events of no territory are everyone’s), action, user, family, dates, and pages with a cursor', async () => {
    const store = await openTestStore();
    const inA = event({ actorId: U1, at: '2026-01-02T08:00:00.000Z' });
    const inB = event({ actorId: U2, territoryIds: [TB], at: '2026-01-03T08:00:00.000Z' });
    const both = event({ action: 'role_changed', actorId: U2, targetUserId: U1, territoryIds: [TA, TB], at: '2026-01-04T08:00:00.000Z' });
    const global = event({ action: 'sign_in_failed', actorEmail: 'x@example.fr', territoryIds: [], at: '2026-01-05T08:00:00.000Z' });
    const read = event({ action: 'family_file_read', actorId: U2, familyId: FAMILY, territoryIds: [TB], at: '2026-01-06T08:00:00.000Z' });
    await put(store, [inA, inB, both, global, read]);
    const ids = async (q: AuditQuery) => (await store.withTransaction((tx) => tx.listAuditEvents(q))).map((e) => e.id);

    expect(await ids({ territoryIds: [TA], limit: 10 })).toEqual([global.id, both.id, inA.id]);
    expect(await ids({ territoryIds: [TB], limit: 10 })).toEqual([read.id, global.id, both.id, inB.id]);
    expect(await ids({ territoryIds: [], limit: 10 })).toEqual([global.id]);
    expect(await ids({ actions: ['role_changed', 'family_file_read'], limit: 10 })).toEqual([read.id, both.id]);
    expect(await ids({ userId: U1, limit: 10 })).toEqual([both.id, inA.id]);
    expect(await ids({ familyId: FAMILY, limit: 10 })).toEqual([read.id]);
    expect(await ids({ from: '2026-01-03T08:00:00.000Z', to: '2026-01-05T08:00:00.000Z', limit: 10 })).toEqual([global.id, both.id, inB.id]);

    const page1 = await store.withTransaction((tx) => tx.listAuditEvents({ limit: 2 }));
    const page2 = await store.withTransaction((tx) => tx.listAuditEvents({ limit: 2, before: page1.at(-1)?.seq }));
    const page3 = await store.withTransaction((tx) => tx.listAuditEvents({ limit: 2, before: page2.at(-1)?.seq }));
    expect([...page1, ...page2, ...page3].map((e) => e.id)).toEqual([read.id, global.id, both.id, inB.id, inA.id]);
  });

  it('writes nothing from a transaction that rolled back', async () => {
    const store = await openTestStore();
    await expect(
      store.withTransaction(async (tx) => {
        await tx.putAuditEvent(event());
        throw new Error('refusé');
      }),
    ).rejects.toThrow('refusé');
    expect(await store.withTransaction((tx) => tx.listAuditEvents({ limit: 10 }))).toEqual([]);
  });

  it('keeps device names and last-seen times, and why a session ended', async () => {
    const store = await openTestStore();
    const base = { userId: U1, expiresAt: '2026-02-01T00:00:00.000Z', revoked: false };
    await store.withTransaction(async (tx) => {
      await tx.putSession({ ...base, tokenHash: 'a'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z', deviceName: 'Tablette du bus' });
      await tx.putSession({ ...base, tokenHash: 'b'.repeat(64), createdAt: '2026-01-02T00:00:00.000Z' });
      await tx.putSession({ ...base, tokenHash: 'c'.repeat(64), createdAt: '2026-01-03T00:00:00.000Z', userId: U2 });
      await tx.touchSession('a'.repeat(64), '2026-01-04T00:00:00.000Z');
      await tx.revokeSession('a'.repeat(64), { reason: 'admin', at: '2026-01-05T00:00:00.000Z' });
      await tx.revokeSession('b'.repeat(64));
    });
    const sessions = await store.withTransaction((tx) => tx.listSessions(U1));
    expect(sessions).toEqual([
      { ...base, tokenHash: 'b'.repeat(64), createdAt: '2026-01-02T00:00:00.000Z', revoked: true, revokedReason: 'logout' },
      {
        ...base,
        tokenHash: 'a'.repeat(64),
        createdAt: '2026-01-01T00:00:00.000Z',
        deviceName: 'Tablette du bus',
        lastSeenAt: '2026-01-04T00:00:00.000Z',
        revoked: true,
        revokedAt: '2026-01-05T00:00:00.000Z',
        revokedReason: 'admin',
      },
    ]);
    // The first reason stays: a logout after an admin's revocation does not hide it.
    await store.withTransaction((tx) => tx.revokeSession('a'.repeat(64)));
    expect((await store.withTransaction((tx) => tx.getSession('a'.repeat(64))))?.revokedReason).toBe('admin');
  });

  it.runIf(backend === 'sqlite')('adds the new session columns to a database made before them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tournee-audit-'));
    try {
      const path = join(dir, 'tournee.sqlite');
      const old = new Database(path);
      old.exec(`CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
        INSERT INTO sessions VALUES ('${'d'.repeat(64)}', '${U1}', '2025-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 1);`);
      old.close();
      const store = openSqliteStore(path);
      expect(await store.withTransaction((tx) => tx.getSession('d'.repeat(64)))).toEqual({
        tokenHash: 'd'.repeat(64),
        userId: U1,
        createdAt: '2025-12-01T00:00:00.000Z',
        expiresAt: '2026-12-01T00:00:00.000Z',
        revoked: true,
      });
      await store.withTransaction((tx) => tx.touchSession('d'.repeat(64), '2026-01-01T00:00:00.000Z'));
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
