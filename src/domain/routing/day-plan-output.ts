/**
 * Turns an order of stops into the plan the screen shows: one leg per drive with its times, the
 * totals, and the sessions that cannot be held on time. Times are epoch ms, durations seconds.
 */
import type { Bounds } from './day-plan-bound';
import type { Problem } from './day-plan-model';
import type { TravelEstimate } from './travel-matrix';

export type PlanPlace =
  | { kind: 'start'; pointId: string }
  | { kind: 'stop'; stopId: string; pointId: string }
  | { kind: 'end'; pointId: string };

export interface PlanLeg {
  from: PlanPlace;
  to: PlanPlace;
  departAt: number;
  /** `departAt + driveSeconds × 1000`. */
  arriveAt: number;
  driveSeconds: number;
  distanceMetres: number;
  /** Waiting on site before the window opens; 0 on the leg to the end. */
  waitSeconds: number;
  /** Service on arrival at a stop; null on the leg to the end. */
  serviceStart: number | null;
  serviceEnd: number | null;
  /** How long after the latest start the service starts (0 when on time). */
  lateSeconds: number;
}

/** A session whose window the plan misses, with what the UI needs to say so. */
export interface LateStop {
  stopId: string;
  pointId: string;
  /** The time the session was due: the window's opening, else its latest start (epoch ms). */
  dueAt: number;
  latestStart: number;
  arriveAt: number;
  lateSeconds: number;
  /** Rounded up: 30 s late is "1 min", never "0 min". */
  lateMinutes: number;
}

export interface DayPlan {
  /** Stop ids in visiting order. */
  order: string[];
  legs: PlanLeg[];
  totals: {
    /** When the van leaves: the earliest departure, or later when it would only wait at the first stop. */
    departAt: number;
    finishAt: number;
    driveSeconds: number;
    distanceMetres: number;
    waitSeconds: number;
    serviceSeconds: number;
    lateSeconds: number;
  };
  /** Every window is kept. */
  feasible: boolean;
  late: LateStop[];
  /** Proven that no order keeps every window (the exact method, or a lateness bound above 0). */
  lateUnavoidable: boolean;
  method: 'exact' | 'heuristic';
  /** Proven best for the objective (lateness, then finish, then drive). */
  optimal: boolean;
  /**
   * (finish − bound) / (bound − earliest departure), on the finish time: how much longer the day
   * may be than the best possible one. 0 when optimal.
   */
  gap: number;
  lowerBound: { finishAt: number; lateSeconds: number };
  estimate: TravelEstimate;
}

export interface PlanMeta {
  method: 'exact' | 'heuristic';
  optimal: boolean;
  bounds: Bounds;
  estimate: TravelEstimate;
}

export function buildPlan(p: Problem, order: readonly number[], meta: PlanMeta): DayPlan {
  const legs: PlanLeg[] = [];
  const late: LateStop[] = [];
  // Totals are summed in whole ms, then converted once: no drift from adding fractions.
  const total = { drive: 0, wait: 0, service: 0, late: 0, metres: 0 };
  let at = p.n;
  let time = p.departAt;
  const leg = (to: number, departAt: number, begin: number | null): void => {
    const drive = p.drive[at]![to]!;
    const arriveAt = departAt + drive;
    const wait = begin === null ? 0 : begin - arriveAt;
    const lateMs = begin === null ? 0 : Math.max(0, begin - p.latest[to]!);
    const service = begin === null ? 0 : p.service[to]!;
    legs.push({
      from: place(p, at),
      to: place(p, to),
      departAt,
      arriveAt,
      driveSeconds: drive / 1000,
      distanceMetres: p.dist[at]![to]!,
      waitSeconds: wait / 1000,
      serviceStart: begin,
      serviceEnd: begin === null ? null : begin + service,
      lateSeconds: lateMs / 1000,
    });
    total.drive += drive;
    total.wait += wait;
    total.service += service;
    total.late += lateMs;
    total.metres += p.dist[at]![to]!;
    if (begin !== null && lateMs > 0) {
      late.push({
        stopId: p.stopIds[to]!,
        pointId: p.pointIds[to]!,
        dueAt: Number.isFinite(p.earliest[to]!) ? p.earliest[to]! : p.latest[to]!,
        latestStart: p.latest[to]!,
        arriveAt,
        lateSeconds: lateMs / 1000,
        lateMinutes: Math.ceil(lateMs / 60_000),
      });
    }
  };
  for (const j of order) {
    const drive = p.drive[at]![j]!;
    const begin = Math.max(time + drive, p.earliest[j]!);
    // Rather than wait at the first stop, leave base later.
    leg(j, at === p.n ? begin - drive : time, begin);
    time = begin + p.service[j]!;
    at = j;
  }
  if (p.hasEnd) {
    leg(p.n + 1, time, null);
    time += p.drive[at]![p.n + 1]!;
  }
  const day = meta.bounds.finishAt - p.departAt;
  return {
    order: order.map((j) => p.stopIds[j]!),
    legs,
    totals: {
      departAt: legs[0]?.departAt ?? p.departAt,
      finishAt: time,
      driveSeconds: total.drive / 1000,
      distanceMetres: total.metres,
      waitSeconds: total.wait / 1000,
      serviceSeconds: total.service / 1000,
      lateSeconds: total.late / 1000,
    },
    feasible: late.length === 0,
    late,
    lateUnavoidable: late.length > 0 && (meta.optimal || meta.bounds.late > 0),
    method: meta.method,
    optimal: meta.optimal,
    gap: meta.optimal || day <= 0 ? 0 : (time - meta.bounds.finishAt) / day,
    lowerBound: { finishAt: meta.bounds.finishAt, lateSeconds: meta.bounds.late / 1000 },
    estimate: meta.estimate,
  };
}

function place(p: Problem, node: number): PlanPlace {
  if (node === p.n) return { kind: 'start', pointId: p.pointIds[node]! };
  if (node === p.n + 1) return { kind: 'end', pointId: p.pointIds[node]! };
  return { kind: 'stop', stopId: p.stopIds[node]!, pointId: p.pointIds[node]! };
}
