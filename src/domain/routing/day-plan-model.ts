/**
 * The day-plan problem as the solvers see it: stops numbered 0…n-1, the start n, the end n+1,
 * every time and duration in whole milliseconds, windows and pins resolved. It also holds the one
 * walk along an order that the solvers, the bounds and the plan builder share, so they cannot
 * disagree on what an order costs.
 *
 * Units of the public input: instants are epoch milliseconds (an instant is the same in any time
 * zone, and a day that crosses a DST change needs no care); durations are seconds, like the matrix.
 */
import type { TravelMatrix } from './travel-matrix';

/** When a stop's service may start, epoch ms; a missing bound is open. */
export interface TimeWindow {
  earliest?: number | undefined;
  latest?: number | undefined;
}

/**
 * What the person fixed by hand. `position` counts from 0 among the stops ('last' is the last
 * stop, before the return). `startAt` fixes the service start and replaces the window.
 */
export interface StopPin {
  position?: number | 'first' | 'last' | undefined;
  startAt?: number | undefined;
}

export interface DayStop {
  id: string;
  /** Row of the travel matrix where the stop is; several stops may share a point. */
  pointId: string;
  serviceSeconds: number;
  window?: TimeWindow | undefined;
  pin?: StopPin | undefined;
}

export interface DayPlanInput {
  /** Where the day starts, and the earliest departure (epoch ms). */
  start: { pointId: string; departAt: number };
  /** Where the day ends: omitted, back to the start point; null, at the last stop. */
  end?: { pointId: string } | null | undefined;
  stops: readonly DayStop[];
}

/** Invalid input; the message is shown to the person as is. */
export class DayPlanError extends Error {
  override name = 'DayPlanError';
}

export interface Problem {
  n: number;
  departAt: number;
  /** False when the day ends at the last stop: then the leg to the end costs nothing. */
  hasEnd: boolean;
  /** Drive time (ms) and distance (m) between nodes: stops 0…n-1, start n, end n+1. */
  drive: number[][];
  dist: number[][];
  service: number[];
  earliest: number[];
  latest: number[];
  /** Position each stop is pinned to, or -1; and the stop pinned at each position, or -1. */
  positionOf: number[];
  stopAt: number[];
  stopIds: string[];
  /** Point id of every node (for the end of an open day: the start's, never used). */
  pointIds: string[];
}

/** The objective, compared in this order: total lateness, finish time, total drive (all ms). */
export interface Cost {
  late: number;
  finish: number;
  drive: number;
}

export function compareCost(a: Cost, b: Cost): number {
  return a.late - b.late || a.finish - b.finish || a.drive - b.drive;
}

/** Cost of visiting `route` (stop numbers, any subset) in that order, return leg included. */
export function routeCost(p: Problem, route: readonly number[]): Cost {
  let at = p.n;
  let time = p.departAt;
  let late = 0;
  let drive = 0;
  for (const j of route) {
    const arrive = time + p.drive[at]![j]!;
    const begin = Math.max(arrive, p.earliest[j]!);
    late += Math.max(0, begin - p.latest[j]!);
    drive += p.drive[at]![j]!;
    time = begin + p.service[j]!;
    at = j;
  }
  const back = p.drive[at]![p.n + 1]!;
  return { late, finish: time + back, drive: drive + back };
}

/** Checks the input against the matrix and resolves it; throws DayPlanError with a French message. */
export function toProblem(input: DayPlanInput, matrix: TravelMatrix): Problem {
  const index = matrixIndex(matrix);
  const stops = input.stops;
  const n = stops.length;
  const seen = new Set<string>();
  for (const s of stops) {
    if (seen.has(s.id)) throw new DayPlanError(`L’arrêt « ${s.id} » figure deux fois dans la journée.`);
    seen.add(s.id);
  }
  finiteTime(input.start.departAt, 'heure de départ');
  const hasEnd = input.end !== null;
  const endPoint = input.end === null ? input.start.pointId : (input.end?.pointId ?? input.start.pointId);
  const pointIds = [...stops.map((s) => s.pointId), input.start.pointId, endPoint];
  const rows = pointIds.map((id) => rowOf(index, id));
  const drive: number[][] = [];
  const dist: number[][] = [];
  for (let i = 0; i < n + 2; i++) {
    drive.push([]);
    dist.push([]);
    for (let j = 0; j < n + 2; j++) {
      const [seconds, metres] = hasEnd || j !== n + 1 ? entry(matrix, rows[i]!, rows[j]!) : [0, 0];
      drive[i]!.push(Math.round(seconds * 1000));
      dist[i]!.push(metres);
    }
  }
  const positionOf = stops.map((s) => pinnedPosition(s, n));
  const stopAt = new Array<number>(n).fill(-1);
  positionOf.forEach((pos, j) => {
    if (pos < 0) return;
    if (stopAt[pos] !== -1) {
      throw new DayPlanError(`« ${stops[stopAt[pos]!]!.id} » et « ${stops[j]!.id} » sont épinglés à la même place.`);
    }
    stopAt[pos] = j;
  });
  const windows = stops.map(resolvedWindow);
  return {
    n,
    departAt: input.start.departAt,
    hasEnd,
    drive,
    dist,
    service: stops.map((s) => {
      if (!Number.isFinite(s.serviceSeconds) || s.serviceSeconds < 0) {
        throw new DayPlanError(`Durée de séance invalide pour « ${s.id} ».`);
      }
      return Math.round(s.serviceSeconds * 1000);
    }),
    earliest: windows.map((w) => w[0]),
    latest: windows.map((w) => w[1]),
    positionOf,
    stopAt,
    stopIds: stops.map((s) => s.id),
    pointIds,
  };
}

function matrixIndex(matrix: TravelMatrix): Map<string, number> {
  const index = new Map<string, number>();
  matrix.points.forEach((id, i) => index.set(id, i));
  return index;
}

function rowOf(index: Map<string, number>, pointId: string): number {
  const row = index.get(pointId);
  if (row === undefined) throw new DayPlanError(`Le lieu « ${pointId} » manque dans la table des trajets.`);
  return row;
}

function entry(matrix: TravelMatrix, i: number, j: number): [number, number] {
  const seconds = matrix.durations[i]?.[j];
  const metres = matrix.distances[i]?.[j];
  // A missing road leaves a hole here: the caller fills it with the straight-line estimate.
  if (seconds === undefined || metres === undefined || !(seconds >= 0) || !(metres >= 0) || !Number.isFinite(seconds + metres)) {
    throw new DayPlanError(`Trajet inconnu de « ${matrix.points[i]} » à « ${matrix.points[j]} ».`);
  }
  return [seconds, metres];
}

function finiteTime(value: number | undefined, what: string): void {
  if (value !== undefined && !Number.isFinite(value)) throw new DayPlanError(`${what} invalide.`);
}

function pinnedPosition(s: DayStop, n: number): number {
  const pos = s.pin?.position;
  if (pos === undefined) return -1;
  const at = pos === 'first' ? 0 : pos === 'last' ? n - 1 : pos;
  if (!Number.isInteger(at) || at < 0 || at >= n) {
    throw new DayPlanError(`« ${s.id} » est épinglé à une place qui n’existe pas (${n} arrêts).`);
  }
  return at;
}

/** [earliest, latest] in ms; a fixed start time wins over the window: the person chose it. */
function resolvedWindow(s: DayStop): [number, number] {
  const startAt = s.pin?.startAt;
  finiteTime(startAt, `Heure imposée de « ${s.id} »`);
  if (startAt !== undefined) return [startAt, startAt];
  const earliest = s.window?.earliest ?? Number.NEGATIVE_INFINITY;
  const latest = s.window?.latest ?? Number.POSITIVE_INFINITY;
  finiteTime(s.window?.earliest, `Début de créneau de « ${s.id} »`);
  finiteTime(s.window?.latest, `Fin de créneau de « ${s.id} »`);
  if (earliest > latest) throw new DayPlanError(`Le créneau de « ${s.id} » finit avant de commencer.`);
  return [earliest, latest];
}
