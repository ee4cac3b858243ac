import { describe, expect, it } from 'vitest';
import {
  DayPlanError,
  DEFAULT_EXACT_LIMIT,
  planDay,
  planDayExact,
  planDayHeuristic,
  type DayPlanInput,
  type DayStop,
} from '../../../src/domain/routing/day-plan';
import { searchExact } from '../../../src/domain/routing/day-plan-exact';
import { frenchClock, lateStopMessage } from '../../../src/domain/routing/day-plan-messages';
import { toProblem } from '../../../src/domain/routing/day-plan-model';
import { straightLineMatrix } from '../../../src/domain/routing/straight-line';
import type { TravelMatrix } from '../../../src/domain/routing/travel-matrix';
import { bruteForce, expectConsistent, matrixFromMinutes, MINUTE, paris, planObjective } from './day-plan-checks';
import { seededRandom as mulberry32 } from '../../../src/domain/random';

/** Base, Pélussin, Maclas: 20 minutes between any two. */
const triangle = matrixFromMinutes(
  ['base', 'pelussin', 'maclas'],
  [
    [0, 20, 20],
    [20, 0, 20],
    [20, 20, 0],
  ],
);

/** Four points on a road: base, then A, B, C 10 minutes apart. */
const road = matrixFromMinutes(
  ['base', 'a', 'b', 'c'],
  [
    [0, 10, 20, 30],
    [10, 0, 10, 20],
    [20, 10, 0, 10],
    [30, 20, 10, 0],
  ],
);

const session = (id: string, pointId: string, minutes: number, window?: [number, number]): DayStop => ({
  id,
  pointId,
  serviceSeconds: minutes * 60,
  ...(window ? { window: { earliest: window[0], latest: window[1] } } : {}),
});

describe('windows that cannot be met', () => {
  const input: DayPlanInput = {
    start: { pointId: 'base', departAt: paris(9) },
    stops: [session('maclas-10h30', 'maclas', 60, [paris(10, 30), paris(10, 30)]), session('pelussin-10h', 'pelussin', 60, [paris(10), paris(10)])],
  };

  it('keeps the order with the least lateness and names the session that is missed', () => {
    const plan = planDayExact(input, triangle);
    expectConsistent(plan, input, triangle);
    expect(plan.order).toEqual(['pelussin-10h', 'maclas-10h30']);
    expect(plan.feasible).toBe(false);
    expect(plan.lateUnavoidable).toBe(true);
    expect(plan.late).toEqual([
      { stopId: 'maclas-10h30', pointId: 'maclas', dueAt: paris(10, 30), latestStart: paris(10, 30), arriveAt: paris(11, 20), lateSeconds: 50 * 60, lateMinutes: 50 },
    ]);
    expect(lateStopMessage(plan.late[0]!, 'Maclas', 'Europe/Paris')).toBe('La séance de 10 h 30 à Maclas ne peut pas être tenue (arrivée 11 h 20)');
  });

  it('says a window is out of reach whatever the order when leaving too late for it', () => {
    const late = { ...input, start: { pointId: 'base', departAt: paris(9, 50) }, stops: [input.stops[1]!] };
    const plan = planDayHeuristic(late, triangle);
    expect(plan.late.map((l) => [l.stopId, l.lateMinutes])).toEqual([['pelussin-10h', 10]]);
    expect(plan.lowerBound.lateSeconds).toBe(600);
    expect(plan.lateUnavoidable).toBe(true);
  });

  it('rounds lateness up to the minute and writes times in the site’s zone', () => {
    const stop = { stopId: 's', pointId: 'p', dueAt: Date.UTC(2025, 2, 10, 6), latestStart: Date.UTC(2025, 2, 10, 6), arriveAt: Date.UTC(2025, 2, 10, 6, 5, 30), lateSeconds: 330, lateMinutes: 6 };
    expect(lateStopMessage(stop, 'Saint-Louis', 'Indian/Reunion')).toBe('La séance de 10 h à Saint-Louis ne peut pas être tenue (arrivée 10 h 05)');
    expect(frenchClock(Date.UTC(2025, 2, 10, 8, 5), 'Europe/Paris')).toBe('9 h 05');
  });
});

describe('pins', () => {
  const stops = [session('a', 'a', 30), session('b', 'b', 30), session('c', 'c', 30)];
  const open = (s: DayStop[]): DayPlanInput => ({ start: { pointId: 'base', departAt: paris(8) }, end: null, stops: s });

  it('without pins, drives along the road', () => {
    expect(planDayExact(open(stops), road).order).toEqual(['a', 'b', 'c']);
  });

  it('a stop pinned first comes first, the rest still in the best order', () => {
    const input = open([stops[0]!, stops[1]!, { ...stops[2]!, pin: { position: 'first' } }]);
    for (const plan of [planDayExact(input, road), planDayHeuristic(input, road)]) {
      expectConsistent(plan, input, road);
      expect(plan.order).toEqual(['c', 'b', 'a']);
    }
  });

  it('positions by number and "last" hold together', () => {
    const input = open([{ ...stops[0]!, pin: { position: 'last' } }, { ...stops[1]!, pin: { position: 0 } }, stops[2]!]);
    expect(planDayExact(input, road).order).toEqual(['b', 'c', 'a']);
    expect(planDayHeuristic(input, road).order).toEqual(['b', 'c', 'a']);
  });

  it('a fixed start time wins over the window, with waiting before it', () => {
    const fixed = { ...session('b', 'b', 30, [paris(8), paris(9)]), pin: { startAt: paris(14) } };
    const input = open([stops[0]!, fixed, stops[2]!]);
    const plan = planDayExact(input, road);
    expectConsistent(plan, input, road);
    const leg = plan.legs.find((l) => l.to.kind === 'stop' && l.to.stopId === 'b')!;
    expect(leg.serviceStart).toBe(paris(14));
    expect(plan.feasible).toBe(true);
    // A and C fit before 14 h; C then B is the shortest way to end there.
    expect(plan.order).toEqual(['a', 'c', 'b']);
  });
});

describe('waiting', () => {
  it('leaves base later rather than wait at the first stop, and waits on site for a window that opens later', () => {
    const input: DayPlanInput = {
      start: { pointId: 'base', departAt: paris(8) },
      stops: [session('pelussin', 'pelussin', 60, [paris(9), paris(12)]), session('maclas', 'maclas', 60, [paris(11), paris(12)])],
    };
    const plan = planDayExact(input, triangle);
    expectConsistent(plan, input, triangle);
    expect(plan.order).toEqual(['pelussin', 'maclas']);
    const [first, second, back] = plan.legs;
    expect([first!.departAt, first!.arriveAt, first!.waitSeconds, first!.serviceStart]).toEqual([paris(8, 40), paris(9), 0, paris(9)]);
    expect([second!.departAt, second!.arriveAt, second!.waitSeconds, second!.serviceStart]).toEqual([paris(10), paris(10, 20), 40 * 60, paris(11)]);
    expect([back!.departAt, back!.arriveAt, back!.to]).toEqual([paris(12), paris(12, 20), { kind: 'end', pointId: 'base' }]);
    expect(plan.totals).toEqual({
      departAt: paris(8, 40),
      finishAt: paris(12, 20),
      driveSeconds: 3600,
      distanceMetres: 60_000,
      waitSeconds: 2400,
      serviceSeconds: 7200,
      lateSeconds: 0,
    });
  });
});

describe('drive breaks ties', () => {
  it('when two orders reach a late window in time, the shorter drive wins', () => {
    // x→y→z drives 30 min, y→x→z 50 min; both wait for z's window at 12 h and finish together.
    const matrix = matrixFromMinutes(
      ['base', 'x', 'y', 'z'],
      [
        [0, 10, 10, 10],
        [10, 0, 10, 30],
        [10, 10, 0, 10],
        [10, 30, 10, 0],
      ],
    );
    const input: DayPlanInput = {
      start: { pointId: 'base', departAt: paris(8) },
      stops: [session('x', 'x', 30), session('y', 'y', 30), session('z', 'z', 30, [paris(12), paris(12)])],
    };
    const plan = planDayExact(input, matrix);
    expect(plan.order).toEqual(['x', 'y', 'z']);
    expect(plan.totals.driveSeconds).toBe(40 * 60);
    // The same without the heuristic's incumbent: the dynamic programme itself keeps the shorter label.
    const p = toProblem(input, matrix);
    expect(searchExact(p, null)).toEqual([0, 1, 2]);
  });
});

describe('bounds', () => {
  it('hold when the direct road is slower than a detour through another stop', () => {
    // base→x and x→base take an hour (a pass), through y ten minutes.
    const matrix = matrixFromMinutes(
      ['base', 'x', 'y'],
      [
        [0, 60, 5],
        [60, 0, 5],
        [5, 5, 0],
      ],
    );
    const input: DayPlanInput = {
      start: { pointId: 'base', departAt: paris(8) },
      stops: [session('x', 'x', 10, [paris(8), paris(8, 20)]), session('y', 'y', 0)],
    };
    for (const plan of [planDayExact(input, matrix), planDayHeuristic(input, matrix)]) {
      expectConsistent(plan, input, matrix);
      expect(plan.order).toEqual(['y', 'x']);
      expect(plan.feasible).toBe(true);
      expect(plan.totals.finishAt).toBe(paris(9, 20));
      expect(plan.lowerBound.lateSeconds).toBe(0);
    }
    // Now x→base takes 90 minutes: x first, then home through y. The bound must not assume x is last.
    const slowBack = matrixFromMinutes(
      ['base', 'x', 'y'],
      [
        [0, 60, 5],
        [90, 0, 5],
        [5, 5, 0],
      ],
    );
    const free: DayPlanInput = { ...input, stops: [session('x', 'x', 10), session('y', 'y', 0)] };
    const plan = planDayExact(free, slowBack);
    expectConsistent(plan, free, slowBack);
    expect(plan.order).toEqual(['x', 'y']);
    expect(plan.totals.finishAt).toBe(paris(9, 20));
  });

  it('hold when the quickest way between two late-opening stops passes a third', () => {
    // x and z open at 9 h; x↔z direct takes an hour, through y ten minutes.
    const matrix = matrixFromMinutes(
      ['base', 'x', 'y', 'z'],
      [
        [0, 5, 5, 5],
        [5, 0, 5, 60],
        [5, 5, 0, 5],
        [5, 60, 5, 0],
      ],
    );
    const input: DayPlanInput = {
      start: { pointId: 'base', departAt: paris(8) },
      stops: [session('x', 'x', 0, [paris(9), paris(9, 30)]), session('y', 'y', 0), session('z', 'z', 0, [paris(9), paris(9, 30)])],
    };
    const plan = planDayExact(input, matrix);
    expectConsistent(plan, input, matrix);
    expect(plan.totals.finishAt).toBe(paris(9, 15));
    expect(plan.lowerBound.finishAt).toBe(paris(9, 15));
  });
});

describe('ends of the day', () => {
  const stops = [session('a', 'a', 30), session('c', 'c', 30)];
  it('an open day ends at the last stop, a distinct end is driven to', () => {
    const open: DayPlanInput = { start: { pointId: 'base', departAt: paris(8) }, end: null, stops };
    const openPlan = planDayExact(open, road);
    expectConsistent(openPlan, open, road);
    expect(openPlan.legs.map((l) => l.to.pointId)).toEqual(['a', 'c']);
    expect(openPlan.totals.finishAt).toBe(paris(9, 30));
    const elsewhere: DayPlanInput = { ...open, start: { pointId: 'b', departAt: paris(8) }, end: { pointId: 'c' } };
    const plan = planDayExact(elsewhere, road);
    expectConsistent(plan, elsewhere, road);
    expect(plan.order).toEqual(['a', 'c']);
    expect(plan.legs.at(-1)!.to).toEqual({ kind: 'end', pointId: 'c' });
  });

  it('a day without stops is the drive home', () => {
    const input: DayPlanInput = { start: { pointId: 'b', departAt: paris(8) }, end: { pointId: 'base' }, stops: [] };
    const plan = planDay(input, road);
    expect(plan.legs).toHaveLength(1);
    expect(plan.totals.finishAt).toBe(paris(8, 20));
    expect(plan.gap).toBe(0);
  });
});

/** n sites in a 40 km square around Pélussin, sessions of 20–60 min with windows between 8:30 and 17:00. */
function ruralDay(n: number, seed: number): { input: DayPlanInput; matrix: TravelMatrix } {
  const random = mulberry32(seed);
  const points = Array.from({ length: n + 1 }, (_, i) => ({ id: `p${i}`, lat: 45.24 + random() * 0.36, lon: 4.43 + random() * 0.51 }));
  const stops: DayStop[] = points.slice(1).map((p, i) => {
    const open = paris(8, 30) + Math.floor(random() * 14) * 30 * MINUTE;
    const window = random() < 0.3 ? undefined : { earliest: open, latest: open + Math.floor(random() * 5) * 30 * MINUTE };
    return { id: `s${i}`, pointId: p.id, serviceSeconds: (20 + Math.floor(random() * 9) * 5) * 60, ...(window ? { window } : {}) };
  });
  return { input: { start: { pointId: 'p0', departAt: paris(8) }, stops }, matrix: straightLineMatrix(points) };
}

describe('sizes', { timeout: 60_000 }, () => {
  it('solves 10 stops on a ring exactly: the ring order, either way round', () => {
    // Base and 10 sites evenly on a circle: the shortest tour follows the circle.
    const sites = Array.from({ length: 11 }, (_, k) => ({
      id: `r${k}`,
      lat: 45.4 + 0.1 * Math.cos((2 * Math.PI * k) / 11),
      lon: 4.6 + 0.14 * Math.sin((2 * Math.PI * k) / 11),
    }));
    const matrix = straightLineMatrix(sites);
    const shuffledIds = [7, 2, 9, 4, 1, 10, 5, 3, 8, 6];
    const input: DayPlanInput = { start: { pointId: 'r0', departAt: paris(8) }, stops: shuffledIds.map((k) => session(`s${k}`, `r${k}`, 30)) };
    const plan = planDay(input, matrix);
    expectConsistent(plan, input, matrix);
    expect(plan.method).toBe('exact');
    expect(plan.optimal).toBe(true);
    expect(plan.estimate).toBe('straight_line');
    const ring = Array.from({ length: 10 }, (_, k) => `s${k + 1}`);
    expect([ring, [...ring].reverse()]).toContainEqual(plan.order);
  });

  it('solves a 10-stop day with windows exactly: the brute force over 3.6 million orders agrees', () => {
    const { input, matrix } = ruralDay(10, 42);
    const plan = planDay(input, matrix);
    expectConsistent(plan, input, matrix);
    expect(plan.method).toBe('exact');
    expect(planObjective(plan)).toEqual(bruteForce(input, matrix).best);
  }, 60_000);

  it('plans 25 stops heuristically with a gap to a valid bound, the same plan every time', () => {
    const { input, matrix } = ruralDay(25, 7);
    const plan = planDay(input, matrix);
    expectConsistent(plan, input, matrix);
    expect(plan.method).toBe('heuristic');
    expect(plan.optimal).toBe(false);
    expect(plan.gap).toBeGreaterThanOrEqual(0);
    expect(plan.gap).toBeLessThan(1);
    expect(plan.gap).toBe((plan.totals.finishAt - plan.lowerBound.finishAt) / (plan.lowerBound.finishAt - input.start.departAt));
    expect(planDay(input, matrix).order).toEqual(plan.order);
  });

  it('switches from exact to heuristic above the limit, which can be moved', () => {
    const { input, matrix } = ruralDay(DEFAULT_EXACT_LIMIT + 1, 3);
    expect(planDay(input, matrix).method).toBe('heuristic');
    expect(planDay(input, matrix, { exactLimit: DEFAULT_EXACT_LIMIT + 1 }).method).toBe('exact');
    expect(planDay({ ...input, stops: input.stops.slice(1) }, matrix).method).toBe('exact');
  });

  it('the heuristic with a 10-stop day matches the exact optimum', () => {
    const { input, matrix } = ruralDay(10, 11);
    expect(planObjective(planDayHeuristic(input, matrix))).toEqual(planObjective(planDayExact(input, matrix)));
  });
});

describe('input errors, in French', () => {
  const base: DayPlanInput = { start: { pointId: 'base', departAt: paris(8) }, stops: [session('a', 'a', 30), session('b', 'b', 30)] };
  const cases: [string, DayPlanInput, RegExp][] = [
    ['unknown place', { ...base, stops: [session('x', 'nowhere', 30)] }, /Le lieu « nowhere » manque/],
    ['same stop twice', { ...base, stops: [session('a', 'a', 30), session('a', 'b', 30)] }, /« a » figure deux fois/],
    ['two pins on one place', { ...base, stops: [{ ...session('a', 'a', 30), pin: { position: 0 } }, { ...session('b', 'b', 30), pin: { position: 'first' } }] }, /sont épinglés à la même place/],
    ['pin past the end', { ...base, stops: [{ ...session('a', 'a', 30), pin: { position: 2 } }] }, /place qui n’existe pas/],
    ['reversed window', { ...base, stops: [session('a', 'a', 30, [paris(11), paris(10)])] }, /finit avant de commencer/],
    ['negative session', { ...base, stops: [session('a', 'a', -5)] }, /Durée de séance invalide/],
  ];
  it.each(cases)('%s', (_, input, message) => {
    expect(() => planDay(input, road)).toThrow(DayPlanError);
    expect(() => planDay(input, road)).toThrow(message);
  });

  it('a hole in the matrix is refused rather than planned through', () => {
    const holed: TravelMatrix = { ...road, durations: road.durations.map((row, i) => row.map((v, j) => (i === 1 && j === 2 ? Number.NaN : v))) };
    expect(() => planDay(base, holed)).toThrow(/Trajet inconnu de « a » à « b »/);
  });

  it('the exact method refuses days too big for it', () => {
    const { input, matrix } = ruralDay(17, 1);
    expect(() => planDayExact(input, matrix)).toThrow(/limité à 16 arrêts/);
  });
});
