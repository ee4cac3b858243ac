import { describe, expect, it } from 'vitest';
import {
  busAgeCheck,
  contractedVsRealised,
  liveCount,
  monthsOf,
  presenceIntervals,
  presentChildren,
  realisedHours,
  type PsuEventInput,
  type PsuSessionInput,
} from '../../../src/domain/reports/psu-hours';
import { uid } from './data';

const S1 = uid(11);
const S4 = uid(14);
const [A, B, C, D, E, F] = [61, 62, 63, 64, 65, 66].map(uid) as [string, string, string, string, string, string];
const [FA, FB] = [71, 72].map(uid) as [string, string];
const [DEV1, DEV2] = [81, 82].map(uid) as [string, string];

function bus(n: number, siteId: string, start: string, end: string, timeZone = 'Europe/Paris', status: PsuSessionInput['status'] = 'done'): PsuSessionInput {
  return { id: uid(n), deleted: false, siteId, start, end, timeZone, status };
}

// Baby Bus day in Montendre, 8:30–16:00 (06:30Z–14:00Z).
const day = bus(500, S1, '2025-10-06T08:30:00+02:00', '2025-10-06T16:00:00+02:00');
let n = 600;
const tap = (childId: string, type: PsuEventInput['type'], hhmm: string, session = day, recordedOn = '2025-10-06T', offset = '+02:00', familyId?: string): PsuEventInput & { recordedBy: string } => ({
  id: uid(n++),
  deleted: false,
  sessionId: session.id,
  childId,
  familyId,
  type,
  at: `${recordedOn}${hhmm}:00${offset}`,
  recordedBy: n % 2 === 0 ? DEV1 : DEV2,
});

const events: PsuEventInput[] = [
  // A: both tablets recorded the arrival and the departure → 8:30–12:00 = 3.5 h.
  tap(A, 'check_in', '08:30', day, undefined, undefined, FA),
  tap(A, 'check_in', '08:32', day, undefined, undefined, FA),
  tap(A, 'check_out', '12:00', day, undefined, undefined, FA),
  tap(A, 'check_out', '12:01', day, undefined, undefined, FA),
  // B: two stays, arriving out of order → 2 h + 2.5 h.
  tap(B, 'check_out', '15:30'),
  tap(B, 'check_in', '13:00'),
  tap(B, 'check_out', '11:00'),
  tap(B, 'check_in', '09:00'),
  // C: never checked out → until the end of the session, 14:00–16:00 = 2 h, flagged.
  tap(C, 'check_in', '14:00'),
  // D: check-in forgotten → from the start, 8:30–10:00 = 1.5 h, flagged.
  tap(D, 'check_out', '10:00'),
  // E: checked in before the bus opened → counted from 8:30, 0.5 h.
  tap(E, 'check_in', '08:00'),
  tap(E, 'check_out', '09:00'),
];
// The same record received twice (a replayed pull) and a deleted event change nothing.
const replayed = [...events, events[0] as PsuEventInput, { ...tap(A, 'check_out', '09:00'), deleted: true }];

describe('pairing check-ins and check-outs', () => {
  const intervals = presenceIntervals(replayed, [day]);
  const hoursOf = (child: string) => intervals.filter((i) => i.childId === child).reduce((h, i) => h + (i.end - i.start) / 3_600_000, 0);

  it('keeps the earliest tap of duplicates from two devices', () => {
    expect(hoursOf(A)).toBe(3.5);
    expect(intervals.filter((i) => i.childId === A)).toHaveLength(1);
    expect(intervals.find((i) => i.childId === A)?.familyId).toBe(FA);
  });

  it('pairs events in time order, whatever order they arrived in', () => {
    expect(hoursOf(B)).toBe(4.5);
    expect(intervals.filter((i) => i.childId === B).map((i) => i.flag)).toEqual([undefined, undefined]);
  });

  it('at the same instant, a check-out comes before a check-in, whatever the arrival order', () => {
    // G leaves at 10:00 and comes back at once: 9:00–10:00 and 10:00–11:00.
    const g = [tap(F, 'check_in', '09:00'), tap(F, 'check_in', '10:00'), tap(F, 'check_out', '10:00'), tap(F, 'check_out', '11:00')];
    for (const order of [g, [...g].reverse()]) {
      expect(presenceIntervals(order, [day]).map((i) => (i.end - i.start) / 3_600_000)).toEqual([1, 1]);
    }
  });

  it('closes a missing check-out at the session end and flags it', () => {
    expect(hoursOf(C)).toBe(2);
    expect(intervals.find((i) => i.childId === C)?.flag).toBe('missing_check_out');
  });

  it('opens a missing check-in at the session start and flags it', () => {
    expect(hoursOf(D)).toBe(1.5);
    expect(intervals.find((i) => i.childId === D)?.flag).toBe('missing_check_in');
  });

  it('cuts presence to the opening of the session', () => {
    expect(hoursOf(E)).toBe(0.5);
  });

  it('a check-in after the end counts nothing but stays flagged', () => {
    const late = presenceIntervals([tap(F, 'check_in', '17:00')], [day]);
    expect(late).toMatchObject([{ childId: F, flag: 'missing_check_out' }]);
    expect((late[0]?.end ?? 1) - (late[0]?.start ?? 0)).toBe(0);
  });

  it('ignores cancelled and deleted sessions', () => {
    expect(presenceIntervals(events, [{ ...day, status: 'cancelled' }])).toEqual([]);
    expect(presenceIntervals(events, [{ ...day, deleted: true }])).toEqual([]);
  });
});

describe('realised hours per child and month', () => {
  it('sums the day per child, lists what to check, counts orphan events', () => {
    const orphan = { ...tap(A, 'check_in', '08:30'), sessionId: uid(999) };
    const result = realisedHours([...replayed, orphan], [day]);
    const byChild = Object.fromEntries(result.rows.map((r) => [r.childId, r]));
    expect(byChild[A]).toMatchObject({ siteId: S1, month: '2025-10', hours: 3.5, sessions: 1, incomplete: 0, familyId: FA });
    expect(byChild[B]).toMatchObject({ hours: 4.5, incomplete: 0 });
    expect(byChild[C]).toMatchObject({ hours: 2, incomplete: 1 });
    expect(byChild[D]).toMatchObject({ hours: 1.5, incomplete: 1 });
    // D's interval (from 8:30) comes before C's (from 14:00).
    expect(result.flagged.map((i) => i.childId)).toEqual([D, C]);
    expect(result.unmatchedEvents).toBe(1);
  });

  // In Réunion, a bus day starting 07:00 on 1 November is still 31 October in UTC (03:00Z).
  const oct31 = bus(501, S4, '2025-10-31T08:00:00+04:00', '2025-10-31T12:00:00+04:00', 'Indian/Reunion');
  const nov1 = bus(502, S4, '2025-11-01T07:00:00+04:00', '2025-11-01T11:00:00+04:00', 'Indian/Reunion');
  const reunion: PsuEventInput[] = [
    tap(F, 'check_in', '08:00', oct31, '2025-10-31T', '+04:00', FB),
    tap(F, 'check_out', '12:00', oct31, '2025-10-31T', '+04:00', FB),
    tap(F, 'check_in', '07:00', nov1, '2025-11-01T', '+04:00', FB),
    tap(F, 'check_out', '10:00', nov1, '2025-11-01T', '+04:00', FB),
  ];

  it('puts each session in its local month', () => {
    const rows = realisedHours(reunion, [oct31, nov1]).rows;
    expect(rows.map((r) => [r.month, r.hours])).toEqual([
      ['2025-10', 4],
      ['2025-11', 3],
    ]);
  });

  it('keeps only sessions of the period', () => {
    expect(realisedHours(reunion, [oct31, nov1], { from: '2025-11-01', to: '2025-11-30' }).rows.map((r) => r.hours)).toEqual([3]);
  });

  it('sets contracted hours beside realised ones, prorated over partial months', () => {
    const period = { from: '2025-10-01', to: '2025-11-30' };
    const realised = realisedHours([...events, ...reunion], [day, oct31, nov1], period).rows;
    const rows = contractedVsRealised(
      [
        // A: all year, 80 h a month.
        { childId: A, siteId: S1, from: '2025-09-01', to: '2026-07-31', hoursPerMonth: 80 },
        // F: 16 October – 15 November at 62 h a month → 62 × 16/31 = 32 h, then 62 × 15/30 = 31 h.
        { childId: F, siteId: S4, from: '2025-10-16', to: '2025-11-15', hoursPerMonth: 62 },
        // Ended contracts and deleted ones are not counted.
        { childId: B, siteId: S1, from: '2025-01-01', to: '2025-06-30', hoursPerMonth: 50 },
        { childId: C, siteId: S1, from: '2025-01-01', to: '2025-12-31', hoursPerMonth: 50, deleted: true },
      ],
      realised,
      period,
    );
    const key = (child: string, month: string) => rows.find((r) => r.childId === child && r.month === month);
    expect(key(A, '2025-10')).toMatchObject({ contractedHours: 80, realisedHours: 3.5, differenceHours: -76.5, enrolled: true, sessions: 1 });
    expect(key(A, '2025-11')).toMatchObject({ contractedHours: 80, realisedHours: 0, enrolled: true, sessions: 0 });
    expect(key(F, '2025-10')?.contractedHours).toBeCloseTo(32, 9);
    expect(key(F, '2025-10')?.realisedHours).toBe(4);
    expect(key(F, '2025-11')?.contractedHours).toBeCloseTo(31, 9);
    expect(key(F, '2025-11')?.realisedHours).toBe(3);
    expect(key(B, '2025-10')).toMatchObject({ contractedHours: 0, realisedHours: 4.5, enrolled: false });
    expect(key(C, '2025-10')).toMatchObject({ contractedHours: 0, realisedHours: 2, enrolled: false, incomplete: 1 });
    expect(rows.map((r) => r.month)).toEqual([...rows.map((r) => r.month)].sort());
  });

  it('prorates a period that starts mid-month', () => {
    // 16–31 October of a 62 h/month contract: 62 × 16/31 = 32 h.
    const rows = contractedVsRealised([{ childId: A, siteId: S1, from: '2025-01-01', to: '2025-12-31', hoursPerMonth: 62 }], [], { from: '2025-10-16', to: '2025-10-31' });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.contractedHours).toBeCloseTo(32, 9);
  });

  it('lists the months of a period', () => {
    expect(monthsOf({ from: '2025-11-20', to: '2026-02-03' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('children on the bus now', () => {
  // 8:15: E, checked in before opening (live count is what is on board, not what is billed).
  // 8:30: A and E. 10:30: A and B. 13:30: B. 15:00: B and C. 17:00: C was never checked out, so
  // still shown, for the team to notice.
  it.each([
    ['08:00', 1],
    ['08:15', 1],
    ['08:30', 2],
    ['10:30', 2],
    ['13:30', 1],
    ['15:00', 2],
    ['17:00', 1],
  ])('at %s: %i', (hhmm, expected) => {
    expect(liveCount(replayed, `2025-10-06T${hhmm}:00+02:00`)).toBe(expected);
  });

  it('names them', () => {
    expect(presentChildren(replayed, '2025-10-06T15:00:00+02:00').sort()).toEqual([B, C].sort());
  });
});

describe('age on the bus: 5 months to the eve of the 5th birthday', () => {
  it.each([
    ['2025-01-31', '2025-06-29', 'too_young'],
    // 31 January + 5 months is the last day of June.
    ['2025-01-31', '2025-06-30', 'ok'],
    ['2023-09-30', '2024-02-28', 'too_young'],
    ['2023-09-30', '2024-02-29', 'ok'],
    ['2020-10-06', '2025-10-05', 'ok'],
    ['2020-10-06', '2025-10-06', 'too_old'],
    ['2024-02-29', '2029-02-27', 'ok'],
    ['2024-02-29', '2029-02-28', 'too_old'],
    ['2026-01-10', '2025-10-06', 'too_young'],
    [undefined, '2025-10-06', 'unknown'],
  ] as const)('born %s, on %s: %s', (birth, on, expected) => {
    expect(busAgeCheck(birth, on)).toBe(expected);
  });
});
