/**
 * What every day plan must satisfy, checked the plain way, and the brute force the exact planner
 * is compared with. Shared by the hand-made and the property tests.
 */
import { expect } from 'vitest';
import type { DayPlan, DayPlanInput, DayStop } from '../../../src/domain/routing/day-plan';
import type { TravelMatrix } from '../../../src/domain/routing/travel-matrix';

export const MINUTE = 60_000;

/** Epoch ms of a time on Monday 10 March 2025 in Paris (UTC+1 that day). */
export function paris(hour: number, minute = 0): number {
  return Date.UTC(2025, 2, 10, hour - 1, minute);
}

/** A matrix from drive minutes; distances are 1 km per minute unless given. */
export function matrixFromMinutes(points: string[], minutes: number[][], metres?: number[][]): TravelMatrix {
  return {
    points,
    durations: minutes.map((row) => row.map((m) => m * 60)),
    distances: metres ?? minutes.map((row) => row.map((m) => m * 1000)),
    estimate: 'road',
  };
}

export interface Objective {
  late: number;
  finish: number;
  drive: number;
}

function window(s: DayStop): [number, number] {
  if (s.pin?.startAt !== undefined) return [s.pin.startAt, s.pin.startAt];
  return [s.window?.earliest ?? -Infinity, s.window?.latest ?? Infinity];
}

function pinnedAt(s: DayStop, n: number): number | undefined {
  const pos = s.pin?.position;
  return pos === 'first' ? 0 : pos === 'last' ? n - 1 : pos;
}

/** Lateness, finish and drive (ms) of visiting the stops in this order. */
export function objectiveOf(input: DayPlanInput, matrix: TravelMatrix, order: readonly DayStop[]): Objective {
  const rows = new Map(matrix.points.map((id, i) => [id, i]));
  const drive = (a: string, b: string) => Math.round(matrix.durations[rows.get(a)!]![rows.get(b)!]! * 1000);
  let at = input.start.pointId;
  let time = input.start.departAt;
  let late = 0;
  let total = 0;
  for (const s of order) {
    const [earliest, latest] = window(s);
    const arrive = time + drive(at, s.pointId);
    total += drive(at, s.pointId);
    const begin = Math.max(arrive, earliest);
    late += Math.max(0, begin - latest);
    time = begin + s.serviceSeconds * 1000;
    at = s.pointId;
  }
  if (input.end !== null) {
    const end = input.end?.pointId ?? input.start.pointId;
    total += drive(at, end);
    time += drive(at, end);
  }
  return { late, finish: time, drive: total };
}

export function compareObjective(a: Objective, b: Objective): number {
  return a.late - b.late || a.finish - b.finish || a.drive - b.drive;
}

/**
 * Tries every order of the stops (n! of them), walking each one the plain way; orders sharing a
 * prefix share its walk, only to keep 8 stops quick. Returns the best objective over the orders
 * that respect the position pins, and the smallest finish and lateness of any order (pins ignored).
 */
export function bruteForce(input: DayPlanInput, matrix: TravelMatrix): { best: Objective; minFinish: number; minLate: number } {
  const stops = input.stops;
  const n = stops.length;
  const rows = new Map(matrix.points.map((id, i) => [id, i]));
  const drive = (a: string, b: string) => Math.round(matrix.durations[rows.get(a)!]![rows.get(b)!]! * 1000);
  const end = input.end === null ? null : (input.end?.pointId ?? input.start.pointId);
  const windows = stops.map(window);
  const pins = stops.map((s) => pinnedAt(s, n));
  let best: Objective | null = null;
  let minFinish = Infinity;
  let minLate = Infinity;
  const used = new Array<boolean>(n).fill(false);
  const visit = (k: number, at: string, time: number, late: number, total: number, pinsKept: boolean): void => {
    if (k === n) {
      const back = end === null ? 0 : drive(at, end);
      const o = { late, finish: time + back, drive: total + back };
      minFinish = Math.min(minFinish, o.finish);
      minLate = Math.min(minLate, o.late);
      if (pinsKept && (best === null || compareObjective(o, best) < 0)) best = o;
      return;
    }
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      const s = stops[i]!;
      const [earliest, latest] = windows[i]!;
      const d = drive(at, s.pointId);
      const begin = Math.max(time + d, earliest);
      const keeps = pinsKept && (pins[i] === undefined || pins[i] === k) && !pins.some((p, j) => p === k && j !== i);
      used[i] = true;
      visit(k + 1, s.pointId, begin + s.serviceSeconds * 1000, late + Math.max(0, begin - latest), total + d, keeps);
      used[i] = false;
    }
  };
  visit(0, input.start.pointId, input.start.departAt, 0, 0, true);
  if (best === null) throw new Error('no order');
  return { best, minFinish, minLate };
}

/** The plan's own objective, in ms. */
export function planObjective(plan: DayPlan): Objective {
  return {
    late: Math.round(plan.totals.lateSeconds * 1000),
    finish: plan.totals.finishAt,
    drive: Math.round(plan.totals.driveSeconds * 1000),
  };
}

/** Times chain up, windows are kept or the miss is reported, pins hold, totals add up. */
export function expectConsistent(plan: DayPlan, input: DayPlanInput, matrix: TravelMatrix): void {
  const n = input.stops.length;
  const byId = new Map(input.stops.map((s) => [s.id, s]));
  const row = (id: string) => matrix.points.indexOf(id);
  expect([...plan.order].sort()).toEqual(input.stops.map((s) => s.id).sort());
  plan.order.forEach((id, k) => {
    const pos = pinnedAt(byId.get(id)!, n);
    if (pos !== undefined) expect(pos).toBe(k);
  });
  const hasEnd = input.end !== null;
  expect(plan.legs.length).toBe(n + (hasEnd ? 1 : 0));
  let previousEnd = input.start.departAt;
  let previousPoint = input.start.pointId;
  const late: string[] = [];
  plan.legs.forEach((leg, k) => {
    const toPoint = leg.to.pointId;
    expect(leg.from.pointId).toBe(previousPoint);
    expect(leg.driveSeconds).toBe(matrix.durations[row(previousPoint)]![row(toPoint)]);
    expect(leg.distanceMetres).toBe(matrix.distances[row(previousPoint)]![row(toPoint)]);
    if (k === 0) expect(leg.departAt).toBeGreaterThanOrEqual(input.start.departAt);
    else expect(leg.departAt).toBe(previousEnd);
    expect(leg.arriveAt).toBe(leg.departAt + Math.round(leg.driveSeconds * 1000));
    if (leg.to.kind === 'end') {
      expect(k).toBe(n);
      expect(toPoint).toBe(input.end?.pointId ?? input.start.pointId);
      expect([leg.serviceStart, leg.serviceEnd, leg.waitSeconds, leg.lateSeconds]).toEqual([null, null, 0, 0]);
      previousEnd = leg.arriveAt;
      return;
    }
    expect(leg.to.kind).toBe('stop');
    const stop = leg.to.kind === 'stop' ? byId.get(leg.to.stopId)! : undefined;
    expect(stop?.id).toBe(plan.order[k]);
    const [earliest, latest] = window(stop!);
    const start = leg.serviceStart!;
    expect(start).toBe(leg.arriveAt + Math.round(leg.waitSeconds * 1000));
    expect(leg.waitSeconds).toBeGreaterThanOrEqual(0);
    expect(start).toBeGreaterThanOrEqual(earliest);
    // Waiting only when the window is not open yet.
    if (leg.waitSeconds > 0) expect(start).toBe(earliest);
    // The first leg leaves later rather than wait.
    if (k === 0 && leg.departAt > input.start.departAt) expect(leg.waitSeconds).toBe(0);
    expect(leg.serviceEnd).toBe(start + stop!.serviceSeconds * 1000);
    expect(leg.lateSeconds * 1000).toBe(Math.max(0, start - latest));
    if (start > latest) late.push(stop!.id);
    previousEnd = leg.serviceEnd!;
    previousPoint = toPoint;
  });
  expect(plan.late.map((l) => l.stopId)).toEqual(late);
  for (const l of plan.late) {
    expect(l.lateMinutes).toBe(Math.ceil(l.lateSeconds / 60));
    expect(l.arriveAt - l.latestStart).toBe(l.lateSeconds * 1000);
  }
  expect(plan.feasible).toBe(late.length === 0);
  expect(plan.totals.finishAt).toBe(previousEnd);
  const sum = (f: (l: DayPlan['legs'][number]) => number) => plan.legs.reduce((a, l) => a + f(l), 0);
  expect(plan.totals.driveSeconds).toBeCloseTo(sum((l) => l.driveSeconds), 6);
  expect(plan.totals.distanceMetres).toBeCloseTo(sum((l) => l.distanceMetres), 6);
  expect(plan.totals.lateSeconds).toBeCloseTo(sum((l) => l.lateSeconds), 6);
  expect(plan.lowerBound.finishAt).toBeLessThanOrEqual(plan.totals.finishAt);
  expect(plan.lowerBound.lateSeconds).toBeLessThanOrEqual(plan.totals.lateSeconds);
  expect(plan.gap).toBeGreaterThanOrEqual(0);
  if (plan.lateUnavoidable) expect(plan.feasible).toBe(false);
  expect(plan.estimate).toBe(matrix.estimate);
}
