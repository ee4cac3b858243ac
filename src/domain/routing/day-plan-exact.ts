/**
 * Exact day plan: dynamic programming over (set of stops done, last stop), keeping at each such
 * state only the labels (time, lateness, drive) that no other label beats on all three. Any
 * continuation is at least as good from a label that is earlier, less late and shorter, so the
 * optimum survives the pruning. Cost grows as n²·2ⁿ in the worst case.
 */
import { fastestDrive } from './day-plan-bound';
import { solveHeuristic } from './day-plan-heuristic';
import { compareCost, routeCost, type Cost, type Problem } from './day-plan-model';

/** Above this the time (seconds already at 16) and the n·2ⁿ table are too much for a phone. */
export const EXACT_MAX_STOPS = 16;

interface Label {
  /** End of service at `last` (ms). */
  time: number;
  late: number;
  drive: number;
  last: number;
  prev: Label | null;
}

/**
 * The optimal order (stop numbers). A quick heuristic plan gives an incumbent first: a label is
 * dropped as soon as a lower bound on everything it can still become is strictly worse. When the
 * incumbent keeps every window, every late label goes at once; when it cannot, only the orders
 * that could beat its lateness are kept.
 */
export function solveExact(p: Problem): number[] {
  if (p.n > EXACT_MAX_STOPS) throw new RangeError(`exact plan limited to ${EXACT_MAX_STOPS} stops`);
  const incumbent = solveHeuristic(p, { restarts: 4, kicks: 0, seed: 1 });
  const found = searchExact(p, routeCost(p, incumbent));
  // Every order that may beat the incumbent was searched: if none does, the incumbent is optimal.
  return found !== null && compareCost(routeCost(p, found), routeCost(p, incumbent)) < 0 ? found : incumbent;
}

/** The best order among those that may beat `bound` (all orders when null); null when none is left. */
export function searchExact(p: Problem, bound: Cost | null): number[] | null {
  const { n } = p;
  if (n === 0) return [];
  const fast = fastestDrive(p);
  const fronts: (Label[] | undefined)[] = new Array<Label[] | undefined>(n << n);
  const startLabel: Label = { time: p.departAt, late: 0, drive: 0, last: n, prev: null };
  const full = (1 << n) - 1;

  const extend = (from: Label, mask: number, depth: number): void => {
    for (let j = 0; j < n; j++) {
      if (mask & (1 << j) || !allowedAt(p, j, depth)) continue;
      const d = p.drive[from.last]![j]!;
      const arrive = from.time + d;
      const begin = Math.max(arrive, p.earliest[j]!);
      const late = from.late + Math.max(0, begin - p.latest[j]!);
      if (bound !== null && late > bound.late) continue;
      const label: Label = { time: begin + p.service[j]!, late, drive: from.drive + d, last: j, prev: from };
      const next = mask | (1 << j);
      if (bound !== null && worseThan(p, fast, label, next, bound)) continue;
      const key = next * n + j;
      fronts[key] = insert(fronts[key] ?? [], label);
    }
  };

  extend(startLabel, 0, 0);
  for (let mask = 1; mask < full; mask++) {
    const depth = popcount(mask);
    for (let last = 0; last < n; last++) {
      const front = fronts[mask * n + last];
      if (front === undefined) continue;
      for (const label of front) extend(label, mask, depth);
      fronts[mask * n + last] = undefined;
    }
  }

  let best: { cost: Cost; label: Label } | null = null;
  for (let last = 0; last < n; last++) {
    for (const label of fronts[full * n + last] ?? []) {
      const back = p.drive[last]![n + 1]!;
      const cost = { late: label.late, finish: label.time + back, drive: label.drive + back };
      if (best === null || compareCost(cost, best.cost) < 0) best = { cost, label };
    }
  }
  if (best === null) return null;
  const order: number[] = [];
  for (let l: Label | null = best.label; l !== null && l.prev !== null; l = l.prev) order.push(l.last);
  return order.reverse();
}

/** Whether stop `j` may take position `depth` given the position pins. */
function allowedAt(p: Problem, j: number, depth: number): boolean {
  const pinned = p.positionOf[j]!;
  if (pinned >= 0) return pinned === depth;
  return p.stopAt[depth] === -1;
}

/**
 * True when every way to finish the day from `label` is strictly worse than `bound`: each stop not
 * yet visited is reached no sooner than by the fastest drive to it, so it is at least that late,
 * and the day ends no sooner than its service and the fastest drive to the end allow.
 */
function worseThan(p: Problem, fast: number[][], label: Label, mask: number, bound: Cost): boolean {
  const row = fast[label.last]!;
  let late = label.late;
  let finish = label.time + fast[label.last]![p.n + 1]!;
  for (let k = 0; k < p.n; k++) {
    if (mask & (1 << k)) continue;
    const begin = Math.max(label.time + row[k]!, p.earliest[k]!);
    late += Math.max(0, begin - p.latest[k]!);
    finish = Math.max(finish, begin + p.service[k]! + fast[k]![p.n + 1]!);
  }
  return late > bound.late || (late === bound.late && finish > bound.finish);
}

/** Adds `label` to a Pareto front unless some label there is as good on every criterion. */
function insert(front: Label[], label: Label): Label[] {
  for (const other of front) {
    if (other.time <= label.time && other.late <= label.late && other.drive <= label.drive) return front;
  }
  const kept = front.filter((o) => !(label.time <= o.time && label.late <= o.late && label.drive <= o.drive));
  kept.push(label);
  return kept;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}
