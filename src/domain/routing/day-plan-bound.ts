/**
 * Lower bounds on what any order of the day can achieve, so that a heuristic plan can say how far
 * from the best it may be. Every bound ignores position pins (fewer constraints, smaller bound)
 * and holds for matrices that break the triangle inequality, which road times often do.
 */
import type { Problem } from './day-plan-model';

export interface Bounds {
  /** No order of the stops finishes earlier (epoch ms). */
  finishAt: number;
  /** No order has less total lateness (ms); above 0, some window cannot be met whatever the order. */
  late: number;
}

/** Fastest drive (ms) between every two nodes, through other points if quicker (Floyd–Warshall). */
export function fastestDrive(p: Problem): number[][] {
  const d = p.drive.map((row) => row.slice());
  const m = d.length;
  for (let k = 0; k < m; k++) {
    const dk = d[k]!;
    for (let i = 0; i < m; i++) {
      const di = d[i]!;
      const dik = di[k]!;
      for (let j = 0; j < m; j++) if (dik + dk[j]! < di[j]!) di[j] = dik + dk[j]!;
    }
  }
  return d;
}

/**
 * The finish bound is the largest of: (a) departure + all services + an assignment relaxation of
 * the drive from base through every stop to the end; (b) for each stop, its earliest possible
 * start + its service + the fastest way to the end; (c) for each opening time θ, the stops that
 * cannot start before θ: θ + their services + an assignment relaxation of the drive through them
 * to the end, where the drive into the first of them is free (it may happen before θ). (c) is what
 * makes the bound useful on days set by the windows.
 */
export function lowerBounds(p: Problem): Bounds {
  const { n, departAt } = p;
  if (n === 0) return { finishAt: departAt + p.drive[n]![n + 1]!, late: 0 };
  const fast = fastestDrive(p);
  const all = Array.from({ length: n }, (_, j) => j);
  let finishAt = departAt + sum(all.map((j) => p.service[j]!)) + assignmentDrive(p, all, p.drive, true);
  let late = 0;
  for (let j = 0; j < n; j++) {
    const ready = Math.max(p.earliest[j]!, departAt + fast[n]![j]!);
    finishAt = Math.max(finishAt, ready + p.service[j]! + fast[j]![n + 1]!);
    late += Math.max(0, departAt + fast[n]![j]! - p.latest[j]!);
  }
  const openings = [...new Set(p.earliest.filter((t) => t > departAt && Number.isFinite(t)))];
  for (const theta of openings) {
    const after = all.filter((j) => p.earliest[j]! >= theta);
    finishAt = Math.max(finishAt, theta + sum(after.map((j) => p.service[j]!)) + assignmentDrive(p, after, fast, false));
  }
  return { finishAt, late };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * Cheapest successor assignment over a source, the given stops and the end, with the end linked
 * back to the source: every route from the source through those stops to the end is one such
 * assignment (subtours are allowed too), so its cost bounds the drive from below. The source is
 * the base, or, when `fromBase` is false, a point from which every stop is free to reach. When
 * the route may pass other stops between two of these, `drive` must be the fastest drive.
 */
function assignmentDrive(p: Problem, stops: readonly number[], drive: number[][], fromBase: boolean): number {
  const m = stops.length + 2;
  const source = m - 2;
  const end = m - 1;
  const node = (i: number) => (i === source ? p.n : i === end ? p.n + 1 : stops[i]!);
  const forbidden = 1e13;
  const cost = (i: number, j: number): number => {
    if (i === end) return j === source ? 0 : forbidden;
    if (j === source || i === j || (i === source && j === end && stops.length > 0)) return forbidden;
    if (i === source && !fromBase) return 0;
    return drive[node(i)]![node(j)]!;
  };
  return hungarian(m, cost);
}

/** Minimum-cost perfect assignment of an m×m cost function (Hungarian method with potentials). */
function hungarian(m: number, cost: (i: number, j: number) => number): number {
  const u = new Array<number>(m + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const match = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    match[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Array<boolean>(m + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = match[j0]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[match[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0]!;
      match[j0] = match[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  let total = 0;
  for (let j = 1; j <= m; j++) total += cost(match[j]! - 1, j - 1);
  return total;
}
