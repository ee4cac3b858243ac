import { planDay, type DayPlan, type DayStop } from '../../domain/routing/day-plan';
import { legRoute, roadMatrix, type Point } from '../../domain/routing/road-matrix';
import { straightLineMatrix } from '../../domain/routing/straight-line';
import type { RoadNetwork } from './road-network';

/** A stop of the day as the tour screen knows it. */
export interface TourStop {
  id: string;
  label: string;
  lat: number;
  lon: number;
  serviceSeconds: number;
  /** A session's start: the service must begin then (epoch ms). */
  startsAt?: number | undefined;
  /** An ad-hoc visit's window (epoch ms). */
  earliest?: number | undefined;
  latest?: number | undefined;
  /** Fixed by the person: 0-based position in the day. */
  pinnedAt?: number | undefined;
}

export interface TourLeg {
  fromId: string;
  toId: string;
  /** Road geometry when the network joins the two points, else the straight segment. */
  coordinates: [number, number][];
  distanceMetres: number;
  onRoad: boolean;
}

export interface Tour {
  plan: DayPlan;
  legs: TourLeg[];
  /** Pairs the road network could not answer (estimated in a straight line), 0 without a network. */
  fallbackPairs: number;
}

export const DEPOT_ID = 'depot';

/**
 * Plans the day: travel times on the road network when this device has one, otherwise in a
 * straight line (the plan says so); then draws each leg of the chosen order on the roads.
 */
export function planTour(network: RoadNetwork | undefined, depot: Omit<Point, 'id'>, departAt: number, stops: readonly TourStop[]): Tour {
  const points: Point[] = [{ id: DEPOT_ID, lat: depot.lat, lon: depot.lon }, ...stops.map((s) => ({ id: s.id, lat: s.lat, lon: s.lon }))];
  const road = network ? roadMatrix(network, points) : undefined;
  const matrix = road?.matrix ?? straightLineMatrix(points);
  const dayStops: DayStop[] = stops.map((s) => ({
    id: s.id,
    pointId: s.id,
    serviceSeconds: s.serviceSeconds,
    ...(s.startsAt !== undefined ? { window: { earliest: s.startsAt, latest: s.startsAt } } : s.earliest !== undefined || s.latest !== undefined ? { window: { earliest: s.earliest, latest: s.latest } } : {}),
    ...(s.pinnedAt !== undefined ? { pin: { position: s.pinnedAt } } : {}),
  }));
  const plan = planDay({ start: { pointId: DEPOT_ID, departAt }, stops: dayStops }, matrix);
  const index = new Map(points.map((p, i) => [p.id, i]));
  const legs = plan.legs.map((leg): TourLeg => {
    const i = index.get(leg.from.pointId)!;
    const j = index.get(leg.to.pointId)!;
    const route = network && road ? legRoute(network, points[i]!, points[j]!, road.snaps, i, j) : null;
    return route
      ? { fromId: leg.from.pointId, toId: leg.to.pointId, coordinates: route.coordinates, distanceMetres: route.distanceMetres, onRoad: true }
      : {
          fromId: leg.from.pointId,
          toId: leg.to.pointId,
          coordinates: [
            [points[i]!.lon, points[i]!.lat],
            [points[j]!.lon, points[j]!.lat],
          ],
          distanceMetres: leg.distanceMetres,
          onRoad: false,
        };
  });
  return { plan, legs, fallbackPairs: road?.fallbackPairs ?? 0 };
}
