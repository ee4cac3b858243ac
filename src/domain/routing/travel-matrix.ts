/**
 * The travel matrix the day planner reads: drive time and distance between every pair of the
 * day's points, from the road graph or from the straight-line fallback. The planner never looks
 * at roads itself, so either source can feed it.
 */

/** Where the figures come from; the UI labels straight-line estimates as such. */
export type TravelEstimate = 'road' | 'straight_line';

export interface TravelMatrix {
  /** Point ids: row and column `i` of both tables belong to `points[i]`. */
  readonly points: readonly string[];
  /** Drive time in seconds from `points[i]` to `points[j]` (finite, not negative). */
  readonly durations: readonly (readonly number[])[];
  /** Distance in metres from `points[i]` to `points[j]` (finite, not negative). */
  readonly distances: readonly (readonly number[])[];
  readonly estimate: TravelEstimate;
}
