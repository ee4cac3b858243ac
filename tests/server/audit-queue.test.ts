/**
 * The device's audit queue (src/app/audit) against the real server: events recorded offline
 * wait on the device, reach the log once online, are not doubled by a resend, and a batch the
 * server would refuse forever does not block the ones after it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { queuedAuditEvents, recordAudit, sendAuditQueue } from '../../src/app/audit/queue';
import { TourneeDB } from '../../src/app/db/database';
import { setMeta } from '../../src/app/db/meta';
import type { ApiOptions } from '../../src/app/sync/api';
import { ANIM_A, TA, TB, harness, type Harness } from './helpers';

interface Device {
  db: TourneeDB;
  api: ApiOptions;
  online: boolean;
  requests: number;
}

async function device(h: Harness): Promise<Device> {
  const token = await h.login('anim.a@example.fr');
  const db = new TourneeDB(`audit-${randomUUID()}`);
  await setMeta(db, 'territoryId', TA);
  const dev: Device = { db, online: false, requests: 0, api: undefined as unknown as ApiOptions };
  dev.api = {
    baseUrl: 'http://tournee.test',
    getToken: async () => token,
    fetch: async (input, init) => {
      if (!dev.online) throw new TypeError('Failed to fetch');
      dev.requests += 1;
      return h.app.fetch(new Request(input, init));
    },
  };
  return dev;
}

async function logged(h: Harness) {
  return h.store.withTransaction((tx) => tx.listAuditEvents({ actions: ['family_file_read', 'export'], limit: 100 }));
}

describe('device audit queue', () => {
  it('keeps events offline, sends them once online with the device time as a claim, and empties the queue', async () => {
    const h = await harness();
    const dev = await device(h);
    const familyId = randomUUID();
    const read = await recordAudit(dev.db, { action: 'family_file_read', familyId });
    await recordAudit(dev.db, { action: 'export', detail: { kind: 'directory_csv', rows: 40 } });
    expect(read).toMatchObject({ action: 'family_file_read', familyId, territoryId: TA });

    expect(await sendAuditQueue(dev.db, dev.api)).toEqual({ sent: 0, dropped: 0, left: 2, stopped: 'offline' });
    expect(await logged(h)).toEqual([]);

    dev.online = true;
    h.advance(3_600_000);
    expect(await sendAuditQueue(dev.db, dev.api)).toEqual({ sent: 2, dropped: 0, left: 0 });
    expect(await queuedAuditEvents(dev.db)).toEqual([]);
    const events = await logged(h);
    expect(events.map((e) => [e.action, e.actorId, e.familyId ?? null, e.claimedAt === read?.at])).toEqual([
      ['export', ANIM_A, null, false],
      ['family_file_read', ANIM_A, familyId, true],
    ]);
    expect(events[1]?.at).toBe('2026-01-05T09:00:00.000Z');
    expect(events[0]?.detail).toEqual({ kind: 'directory_csv', rows: 40 });
  });

  it('files an event under the family’s territory, and drops a batch the server refuses for good', async () => {
    const h = await harness();
    const dev = await device(h);
    dev.online = true;
    // A family of B on this device (it should not be there): its read is refused by the server.
    const familyB = randomUUID();
    await dev.db.records('family').put({ id: familyB, version: 1, updatedAt: '2026-01-05T08:00:00.000Z', deleted: false, territoryId: TB, guardians: [], children: [], needs: ['childcare'] } as never);
    await recordAudit(dev.db, { action: 'family_file_read', familyId: familyB });
    expect((await queuedAuditEvents(dev.db))[0]?.event.territoryId).toBe(TB);
    expect(await sendAuditQueue(dev.db, dev.api)).toEqual({ sent: 0, dropped: 1, left: 0 });
    await recordAudit(dev.db, { action: 'export', detail: { kind: 'families_csv' } });
    expect(await sendAuditQueue(dev.db, dev.api)).toEqual({ sent: 1, dropped: 0, left: 0 });
    expect((await logged(h)).map((e) => e.action)).toEqual(['export']);
  });

  it('sends 450 events in batches of at most 200', async () => {
    const h = await harness();
    const dev = await device(h);
    for (let i = 0; i < 450; i++) await recordAudit(dev.db, { action: 'export', detail: { n: i } });
    dev.online = true;
    expect(await sendAuditQueue(dev.db, dev.api)).toEqual({ sent: 450, dropped: 0, left: 0 });
    expect(dev.requests).toBe(3);
  });
});
