/**
 * The travel matrix used when no road graph is installed: great-circle distance stretched by a
 * detour factor, driven at an average speed. Labelled `straight_line` so the screen says it is an
 * estimate.
 */
import { haversineMetres as haversine } from './geo';
import type { TravelMatrix } from './travel-matrix';

export interface LatLon {
  lat: number;
  lon: number;
}


/**
 * Road length over straight-line length on rural French departmental roads: studies of route
 * circuity put it between 1.2 on plains and 1.4 or more in hills; 1.3 is the usual middle.
 */
export const DETOUR_FACTOR = 1.3;

/**
 * Average speed door to door on those roads: 80 km/h allowed between villages, 50 or 30 km/h
 * through them, bends, junctions and parking; 50 km/h overall.
 */
export const AVERAGE_SPEED_KMH = 50;

/** Great-circle distance in metres. */
export function haversineMetres(a: LatLon, b: LatLon): number {
  return haversine(a.lon, a.lat, b.lon, b.lat);
}

export interface StraightLineOptions {
  detourFactor?: number | undefined;
  speedKmh?: number | undefined;
}

/** Estimated matrix between the points: whole metres, whole seconds, symmetric, zero diagonal. */
export function straightLineMatrix(points: readonly (LatLon & { id: string })[], options: StraightLineOptions = {}): TravelMatrix {
  const detour = options.detourFactor ?? DETOUR_FACTOR;
  const speed = options.speedKmh ?? AVERAGE_SPEED_KMH;
  if (!(detour >= 1) || !(speed > 0) || !Number.isFinite(detour + speed)) {
    throw new RangeError('detour factor must be ≥ 1 and speed > 0');
  }
  for (const p of points) {
    if (!(Math.abs(p.lat) <= 90) || !(Math.abs(p.lon) <= 180)) throw new RangeError(`invalid coordinates for ${p.id}`);
  }
  const metresPerSecond = (speed * 1000) / 3600;
  const distances = points.map((a) => points.map((b) => Math.round(haversineMetres(a, b) * detour)));
  return {
    points: points.map((p) => p.id),
    distances,
    durations: distances.map((row) => row.map((m) => Math.round(m / metresPerSecond))),
    estimate: 'straight_line',
  };
}
