/**
 * Heuristic day plan for days too long to solve exactly (benchmarked to 40 stops). Several
 * starting orders (by deadline, by opening time, nearest in time, insertion, seeded random
 * insertions) are each improved by local search (or-opt moves of 1–3 stops, 2-opt reversals,
 * swaps), then the best is kicked (double bridge) and improved again, `kicks` times. Position-pinned stops never move: the
 * search permutes only the free stops into the free positions. Deterministic for a given seed.
 */
import { compareCost, routeCost, type Cost, type Problem } from './day-plan-model';
import { seededRandom as mulberry32 } from '../random';

export interface HeuristicOptions {
  /** Starting orders tried (at least the four constructed ones). */
  restarts: number;
  /** Perturbations of the best order after the restarts. */
  kicks: number;
  seed: number;
}

/** The best order found (stop numbers, pins in place). */
export function solveHeuristic(p: Problem, options: HeuristicOptions): number[] {
  const free: number[] = [];
  for (let j = 0; j < p.n; j++) if (p.positionOf[j]! < 0) free.push(j);
  const search = new LocalSearch(p);
  const random = mulberry32(options.seed);
  let best: { seq: number[]; cost: Cost } | null = null;
  const starts = startingOrders(p, free, random, Math.max(4, options.restarts));
  for (const seq of starts) {
    const found = search.improve(seq);
    if (best === null || compareCost(found.cost, best.cost) < 0) best = found;
  }
  if (best === null) return search.compose([]);
  for (let k = 0; k < options.kicks && free.length >= 4; k++) {
    const found = search.improve(doubleBridge(best.seq, random));
    if (compareCost(found.cost, best.cost) < 0) best = found;
  }
  return search.compose(best.seq);
}

/** Orders of the free stops only: the pins are put back in place before any order is costed. */
function startingOrders(p: Problem, free: readonly number[], random: () => number, count: number): number[][] {
  const byDeadline = [...free].sort((a, b) => p.latest[a]! - p.latest[b]! || p.earliest[a]! - p.earliest[b]! || a - b);
  const byOpening = [...free].sort((a, b) => p.earliest[a]! - p.earliest[b]! || p.latest[a]! - p.latest[b]! || a - b);
  const narrowFirst = [...free].sort((a, b) => p.latest[a]! - p.earliest[a]! - (p.latest[b]! - p.earliest[b]!) || a - b);
  const orders = [byDeadline, byOpening, nearestInTime(p, free), insertion(p, narrowFirst)];
  while (orders.length < count) orders.push(insertion(p, shuffled(free, random)));
  return orders;
}

/** Always go next to the stop whose service can start soonest. */
function nearestInTime(p: Problem, free: readonly number[]): number[] {
  const left = new Set(free);
  const seq: number[] = [];
  let at = p.n;
  let time = p.departAt;
  while (left.size > 0) {
    let pick = -1;
    let pickStart = Number.POSITIVE_INFINITY;
    for (const j of left) {
      const begin = Math.max(time + p.drive[at]![j]!, p.earliest[j]!);
      if (begin < pickStart || (begin === pickStart && p.latest[j]! < p.latest[pick]!)) {
        pick = j;
        pickStart = begin;
      }
    }
    seq.push(pick);
    left.delete(pick);
    time = pickStart + p.service[pick]!;
    at = pick;
  }
  return seq;
}

/** Inserts the stops one by one, each where the partial day costs least. */
function insertion(p: Problem, sequence: readonly number[]): number[] {
  let seq: number[] = [];
  for (const j of sequence) {
    let bestSeq: number[] = [];
    let bestCost: Cost | null = null;
    for (let at = 0; at <= seq.length; at++) {
      const candidate = [...seq.slice(0, at), j, ...seq.slice(at)];
      const cost = routeCost(p, candidate);
      if (bestCost === null || compareCost(cost, bestCost) < 0) {
        bestCost = cost;
        bestSeq = candidate;
      }
    }
    seq = bestSeq;
  }
  return seq;
}

/**
 * Local search over the sequence of free stops. Each candidate is costed from the first position
 * it changes, starting from the saved state of the current order there, and abandoned as soon as
 * it is already later or more late than the current order finishes.
 */
class LocalSearch {
  private readonly slots: number[] = [];
  private readonly order: number[];
  // State after the first k stops of the current order: end of service, lateness, drive, place.
  private readonly time: number[];
  private readonly late: number[];
  private readonly drive: number[];

  constructor(private readonly p: Problem) {
    for (let k = 0; k < p.n; k++) if (p.stopAt[k] === -1) this.slots.push(k);
    this.order = [...p.stopAt];
    this.time = new Array<number>(p.n + 1).fill(0);
    this.late = new Array<number>(p.n + 1).fill(0);
    this.drive = new Array<number>(p.n + 1).fill(0);
  }

  compose(seq: readonly number[], into: number[] = [...this.p.stopAt]): number[] {
    for (let i = 0; i < seq.length; i++) into[this.slots[i]!] = seq[i]!;
    return into;
  }

  improve(initial: readonly number[]): { seq: number[]; cost: Cost } {
    const seq = [...initial];
    const m = seq.length;
    // The candidate equals `seq` (and its order the current one) except where a move writes.
    const candidate = [...seq];
    const candidateOrder = this.compose(seq);
    let cost = this.load(seq);
    const tryMove = (from: number, to: number): boolean => {
      for (let k = from; k < to; k++) candidateOrder[this.slots[k]!] = candidate[k]!;
      const c = this.costFrom(candidateOrder, this.slots[from]!, this.slots[to - 1]! + 1, cost);
      if (c === null) {
        for (let k = from; k < to; k++) candidateOrder[this.slots[k]!] = candidate[k] = seq[k]!;
        return false;
      }
      for (let k = from; k < to; k++) seq[k] = candidate[k]!;
      cost = this.load(seq);
      return true;
    };
    let improved = true;
    while (improved) {
      improved = false;
      for (let len = 1; len <= 3; len++) {
        for (let i = 0; i + len <= m; i++) {
          for (let j = 0; j + len <= m; j++) {
            if (j === i) continue;
            moveSegment(seq, i, len, j, candidate);
            if (tryMove(Math.min(i, j), Math.max(i, j) + len)) improved = true;
          }
        }
      }
      for (let i = 0; i < m - 1; i++) {
        for (let j = i + 1; j < m; j++) {
          reverseSegment(seq, i, j, candidate);
          if (tryMove(i, j + 1)) improved = true;
          swap(seq, i, j, candidate);
          if (tryMove(i, j + 1)) improved = true;
        }
      }
    }
    return { seq, cost };
  }

  /** Makes `seq` the current order, saves its prefix states, returns its cost. */
  private load(seq: readonly number[]): Cost {
    const { p, order } = this;
    this.compose(seq, order);
    let at = p.n;
    this.time[0] = p.departAt;
    for (let k = 0; k < p.n; k++) {
      const j = order[k]!;
      const arrive = this.time[k]! + p.drive[at]![j]!;
      const begin = Math.max(arrive, p.earliest[j]!);
      this.late[k + 1] = this.late[k]! + Math.max(0, begin - p.latest[j]!);
      this.drive[k + 1] = this.drive[k]! + p.drive[at]![j]!;
      this.time[k + 1] = begin + p.service[j]!;
      at = j;
    }
    const back = p.drive[at]![p.n + 1]!;
    return { late: this.late[p.n]!, finish: this.time[p.n]! + back, drive: this.drive[p.n]! + back };
  }

  /**
   * Cost of `order` if strictly better than `bound` (the current order's cost), else null.
   * Positions before `from` and from `to` on hold the same stops as the current order: once past
   * `to`, the candidate is at the same place as the current order at the same step, so if it is
   * no earlier, no less late and has driven no less, it cannot end better.
   */
  private costFrom(order: readonly number[], from: number, to: number, bound: Cost): Cost | null {
    const { p } = this;
    let at = from === 0 ? p.n : order[from - 1]!;
    let time = this.time[from]!;
    let late = this.late[from]!;
    let drive = this.drive[from]!;
    for (let k = from; k < p.n; k++) {
      const j = order[k]!;
      const arrive = time + p.drive[at]![j]!;
      const begin = Math.max(arrive, p.earliest[j]!);
      late += Math.max(0, begin - p.latest[j]!);
      drive += p.drive[at]![j]!;
      time = begin + p.service[j]!;
      at = j;
      // Lateness, time and drive only grow along the day.
      if (late > bound.late || (late === bound.late && time > bound.finish)) return null;
      if (k >= to && time >= this.time[k + 1]! && late >= this.late[k + 1]! && drive >= this.drive[k + 1]!) return null;
    }
    const back = p.drive[at]![p.n + 1]!;
    const cost = { late, finish: time + back, drive: drive + back };
    return compareCost(cost, bound) < 0 ? cost : null;
  }
}

// The moves write only the positions they change, [min(i, j), max(i, j) + len) or [i, j].

/** Moves the `len` stops at `i` of `seq` so that they start at `j`. */
function moveSegment(seq: readonly number[], i: number, len: number, j: number, out: number[]): void {
  if (j < i) {
    for (let k = 0; k < len; k++) out[j + k] = seq[i + k]!;
    for (let k = j; k < i; k++) out[k + len] = seq[k]!;
  } else {
    for (let k = i; k < j; k++) out[k] = seq[k + len]!;
    for (let k = 0; k < len; k++) out[j + k] = seq[i + k]!;
  }
}

function reverseSegment(seq: readonly number[], i: number, j: number, out: number[]): void {
  for (let k = i; k <= j; k++) out[k] = seq[i + j - k]!;
}

function swap(seq: readonly number[], i: number, j: number, out: number[]): void {
  out[i] = seq[j]!;
  out[j] = seq[i]!;
}

/** Cuts the sequence in four and exchanges the two middle parts: a jump local search cannot undo in one move. */
function doubleBridge(seq: readonly number[], random: () => number): number[] {
  const m = seq.length;
  const cuts = [1 + Math.floor(random() * (m - 1)), 1 + Math.floor(random() * (m - 1)), 1 + Math.floor(random() * (m - 1))].sort((a, b) => a - b);
  const [a, b, c] = cuts as [number, number, number];
  return [...seq.slice(0, a), ...seq.slice(b, c), ...seq.slice(a, b), ...seq.slice(c)];
}

function shuffled(values: readonly number[], random: () => number): number[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    [out[i], out[k]] = [out[k]!, out[i]!];
  }
  return out;
}

