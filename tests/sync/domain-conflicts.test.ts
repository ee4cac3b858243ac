import { beforeEach, describe, expect, it } from 'vitest';
import { createRecord } from '../../src/app/db/repository';
import { T1, accounts, device, startServer, type Server } from './harness';

let server: Server;
beforeEach(async () => {
  server = await startServer();
});

const slot = (staffId: string) => ({
  kind: 'parenting_support' as const,
  status: 'confirmed' as const,
  start: '2026-12-08T09:00:00.000Z',
  end: '2026-12-08T10:00:00.000Z',
  timeZone: 'Europe/Paris',
  staffId,
});

describe('domain conflicts found after merge', () => {
  it('two devices book the same person for the same hour offline: one stays confirmed, the other is flagged to reschedule', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    a.online = b.online = false;
    const first = await createRecord(a.db, 'appointment', T1, slot(accounts.alice.userId));
    const second = await createRecord(b.db, 'appointment', T1, slot(accounts.alice.userId));
    a.online = b.online = true;
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.sync.syncNow();

    for (const d of [a, b]) {
      expect((await d.db.records('appointment').get(first.id))?.status).toBe('confirmed');
      const flagged = await d.db.records('appointment').get(second.id);
      expect(flagged?.status).toBe('to_reschedule');
      expect(flagged?.notice).toMatchObject({ reason: 'double_booking', conflictWith: first.id });
    }
  });

  it('a Baby Bus day that goes over capacity after merging two devices is flagged', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    const session = await createRecord(a.db, 'scheduledSession', T1, {
      kind: 'bus_day',
      siteId: crypto.randomUUID(),
      start: '2026-12-07T07:30:00.000Z',
      end: '2026-12-07T15:00:00.000Z',
      timeZone: 'Europe/Paris',
      staffIds: [accounts.alice.userId, accounts.bob.userId],
      capacity: 12,
      status: 'planned',
    });
    await a.sync.syncNow();
    await b.sync.syncNow();

    // Each tablet checks in 7 different children: 14 present at once for 12 places.
    a.online = b.online = false;
    for (const [d, who] of [[a, accounts.alice], [b, accounts.bob]] as const) {
      for (let i = 0; i < 7; i++) {
        await createRecord(d.db, 'attendanceEvent', T1, { sessionId: session.id, childId: crypto.randomUUID(), type: 'check_in', at: `2026-12-07T07:${String(40 + i).padStart(2, '0')}:00.000Z`, recordedBy: who.userId });
      }
    }
    a.online = b.online = true;
    await a.sync.syncNow();
    expect((await a.db.records('scheduledSession').get(session.id))?.notice).toBeUndefined();
    await b.sync.syncNow();
    await a.sync.syncNow();

    for (const d of [a, b]) {
      expect(await d.db.records('attendanceEvent').count()).toBe(14);
      expect((await d.db.records('scheduledSession').get(session.id))?.notice).toMatchObject({ reason: 'over_capacity', peak: 14, capacity: 12 });
    }
  });
});
