/**
 * "Ma tournée": the best order of a day's stops, offline. Objective, in this order: keep every
 * session window (total lateness as small as possible when that cannot be done: one long delay
 * weighs as much as several short ones adding up to it, and each late session is named); finish
 * as early as possible (back at base, or at the last stop for an open day); drive as little as
 * possible. Waiting before a window opens is allowed. Exact up to `exactLimit` stops, heuristic
 * with a reported gap above that.
 *
 * Input instants are epoch ms, durations seconds; the matrix comes from the road graph or from
 * `straightLineMatrix`, and its `estimate` is echoed so the screen can label straight-line figures.
 */
import { lowerBounds } from './day-plan-bound';
import { EXACT_MAX_STOPS, solveExact } from './day-plan-exact';
import { solveHeuristic } from './day-plan-heuristic';
import { DayPlanError, toProblem, type DayPlanInput } from './day-plan-model';
import { buildPlan, type DayPlan } from './day-plan-output';
import type { TravelMatrix } from './travel-matrix';

export { DayPlanError, EXACT_MAX_STOPS };
export type { DayPlanInput, DayStop, StopPin, TimeWindow } from './day-plan-model';
export type { DayPlan, LateStop, PlanLeg, PlanPlace } from './day-plan-output';

export interface DayPlanOptions {
  /** Largest day solved exactly (default 12, at most EXACT_MAX_STOPS). */
  exactLimit?: number | undefined;
  /** Starting orders of the heuristic (default 6). */
  restarts?: number | undefined;
  /** Perturbations of the heuristic's best order (default one per stop). */
  kicks?: number | undefined;
  /** Seed of the heuristic's random starts (default 1): same seed, same plan. */
  seed?: number | undefined;
}

/** Stops up to which `planDay` solves exactly: p95 under 0.1 s of CPU on a server core (bench/README.md). */
export const DEFAULT_EXACT_LIMIT = 12;

/** Plans the day, exactly when it is small enough, else heuristically. */
export function planDay(input: DayPlanInput, matrix: TravelMatrix, options: DayPlanOptions = {}): DayPlan {
  const limit = Math.min(EXACT_MAX_STOPS, options.exactLimit ?? DEFAULT_EXACT_LIMIT);
  return input.stops.length <= limit ? planDayExact(input, matrix) : planDayHeuristic(input, matrix, options);
}

/** The proven best plan; refuses days of more than EXACT_MAX_STOPS stops. */
export function planDayExact(input: DayPlanInput, matrix: TravelMatrix): DayPlan {
  if (input.stops.length > EXACT_MAX_STOPS) {
    throw new DayPlanError(`Le calcul exact est limité à ${EXACT_MAX_STOPS} arrêts.`);
  }
  const p = toProblem(input, matrix);
  const order = solveExact(p);
  return buildPlan(p, order, { method: 'exact', optimal: true, bounds: lowerBounds(p), estimate: matrix.estimate });
}

/** A good plan by local search, with its gap to a lower bound. */
export function planDayHeuristic(input: DayPlanInput, matrix: TravelMatrix, options: DayPlanOptions = {}): DayPlan {
  const p = toProblem(input, matrix);
  const order = solveHeuristic(p, {
    restarts: options.restarts ?? 6,
    kicks: options.kicks ?? p.n,
    seed: options.seed ?? 1,
  });
  return buildPlan(p, order, { method: 'heuristic', optimal: false, bounds: lowerBounds(p), estimate: matrix.estimate });
}
