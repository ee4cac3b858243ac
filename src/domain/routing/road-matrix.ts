/**
 * Travel matrix on the road network: each point is snapped to its nearest road node and the
 * durations come from one Dijkstra per point. A point too far from any road, or a pair the
 * network does not join, gets the straight-line estimate instead, so the planner never sees a
 * hole; `fallbackPairs` says how many, for the screen to tell.
 */
import type { NodeIndex } from './nearest';
import type { Route, Router } from './shortest-path';
import { straightLineMatrix, type LatLon } from './straight-line';
import type { TravelMatrix } from './travel-matrix';

/** Beyond this, a point is not "on" the network (a hamlet missing from the extract). */
export const MAX_SNAP_METRES = 2000;
/** Speed assumed between a point and the road node it snaps to (a drive, a car park). */
const ACCESS_SPEED_MPS = 20 / 3.6;

export interface RoadNetworkQuery {
  router: Router;
  index: NodeIndex;
}

export type Point = LatLon & { id: string };

export interface RoadMatrix {
  matrix: TravelMatrix;
  /** Snapped node and distance of each point, null when too far from the network. */
  snaps: ({ node: number; distanceMetres: number } | null)[];
  /** Ordered pairs estimated in a straight line because the network could not answer them. */
  fallbackPairs: number;
}

export function roadMatrix(network: RoadNetworkQuery, points: readonly Point[]): RoadMatrix {
  const straight = straightLineMatrix(points);
  const snaps = points.map((p) => {
    const s = network.index.nearest(p.lon, p.lat);
    return s && s.distanceMetres <= MAX_SNAP_METRES ? s : null;
  });
  const durations = straight.durations.map((row) => [...row]);
  const distances = straight.distances.map((row) => [...row]);
  let fallbackPairs = 0;
  snaps.forEach((from, i) => {
    const targets = snaps.map((s) => s?.node ?? -1);
    const row = from ? network.router.durationsFrom(from.node, targets.map((t) => (t < 0 ? from.node : t))) : undefined;
    snaps.forEach((to, j) => {
      if (i === j) return;
      const seconds = row?.[j];
      if (!from || !to || seconds === undefined || !Number.isFinite(seconds)) {
        fallbackPairs += 1;
        return;
      }
      durations[i]![j] = seconds + (from.distanceMetres + to.distanceMetres) / ACCESS_SPEED_MPS;
      // Road distance is only known per drawn leg (legRoute); a detoured straight line orders ties.
    });
  });
  return { matrix: { points: points.map((p) => p.id), durations, distances, estimate: 'road' }, snaps, fallbackPairs };
}

/** The road between two snapped points, with the access stretches added; null when not joined. */
export function legRoute(network: RoadNetworkQuery, from: Point, to: Point, snaps: RoadMatrix['snaps'], i: number, j: number): Route | null {
  const a = snaps[i];
  const b = snaps[j];
  if (!a || !b) return null;
  const route = network.router.aStar(a.node, b.node);
  if (!route) return null;
  return {
    ...route,
    durationSeconds: route.durationSeconds + (a.distanceMetres + b.distanceMetres) / ACCESS_SPEED_MPS,
    distanceMetres: route.distanceMetres + a.distanceMetres + b.distanceMetres,
    coordinates: [[from.lon, from.lat], ...route.coordinates, [to.lon, to.lat]],
  };
}

