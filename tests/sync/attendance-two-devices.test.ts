import { beforeEach, describe, expect, it } from 'vitest';
import { createRecord } from '../../src/app/db/repository';
import { liveCount, presentChildren, realisedHours } from '../../src/domain/reports/psu-hours';
import { T1, accounts, device, startServer, type Device, type Server } from './harness';

let server: Server;
beforeEach(async () => {
  server = await startServer();
});

const at = (time: string) => `2026-12-07T${time}:00.000Z`;

describe('a Baby Bus day checked in on two tablets offline', () => {
  it('after both sync, each tablet holds every arrival and departure, and the count is right', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    const session = await createRecord(a.db, 'scheduledSession', T1, {
      kind: 'bus_day',
      siteId: crypto.randomUUID(),
      start: at('07:30'),
      end: at('15:00'),
      timeZone: 'Europe/Paris',
      staffIds: [accounts.alice.userId, accounts.bob.userId],
      capacity: 12,
      status: 'planned',
    });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(await b.db.records('scheduledSession').get(session.id)).toBeDefined();

    const [noah, lina, tom] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const tap = (d: Device, childId: string, type: 'check_in' | 'check_out', time: string, who: string) =>
      createRecord(d.db, 'attendanceEvent', T1, { sessionId: session.id, childId, type, at: at(time), recordedBy: who });

    // No network at the hall: each tablet checks in the children in front of it.
    a.online = b.online = false;
    await tap(a, noah, 'check_in', '07:40', accounts.alice.userId);
    await tap(a, lina, 'check_in', '07:41', accounts.alice.userId);
    await tap(b, tom, 'check_in', '07:42', accounts.bob.userId);
    // Noah checked in a second time on the other tablet, and Lina leaves from the other side.
    await tap(b, noah, 'check_in', '07:45', accounts.bob.userId);
    await tap(b, lina, 'check_out', '09:00', accounts.bob.userId);
    // Offline, each tablet sees only its own taps.
    expect(liveCount(await a.db.records('attendanceEvent').toArray(), at('10:00'))).toBe(2);
    expect(liveCount(await b.db.records('attendanceEvent').toArray(), at('10:00'))).toBe(2);

    a.online = b.online = true;
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.sync.syncNow();

    const idsOf = async (d: Device) => (await d.db.records('attendanceEvent').toArray()).map((e) => e.id).sort();
    const all = await idsOf(a);
    expect(all).toHaveLength(5);
    expect(await idsOf(b)).toEqual(all);
    for (const d of [a, b]) {
      const events = await d.db.records('attendanceEvent').where('sessionId').equals(session.id).toArray();
      // At 8:00 the three children are on the bus; Noah's second check-in is not a fourth child.
      expect(presentChildren(events, at('08:00')).sort()).toEqual([noah, lina, tom].sort());
      // At 10:00 Lina has left.
      expect(liveCount(events, at('10:00'))).toBe(2);
      // Hours: Lina 7:41–9:00; Noah and Tom until the end of the day, flagged as not checked out.
      const hours = realisedHours(events, [{ ...session, status: 'done' }]);
      const byChild = new Map(hours.rows.map((r) => [r.childId, r.hours]));
      expect(byChild.get(lina)).toBeCloseTo(79 / 60, 6);
      expect(byChild.get(noah)).toBeCloseTo(440 / 60, 6);
      expect(hours.flagged.map((f) => f.childId).sort()).toEqual([noah, tom].sort());
      // Append-only events merge by union: no conflict to review, nothing left to send.
      expect(await d.db.records('conflictRecord').count()).toBe(0);
      expect(await d.db.outbox.where('state').equals('pending').count()).toBe(0);
    }
  });
});
