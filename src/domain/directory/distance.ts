import { METRES_PER_DEGREE, haversineMetres as haversine } from '../routing/geo';

/** A point on the map, in degrees (WGS 84). */
export interface GeoPoint {
  lat: number;
  lon: number;
}

const RAD = Math.PI / 180;

/** Great-circle distance in metres between two points: the routing code's sphere, so distances agree. */
export function haversineMetres(a: GeoPoint, b: GeoPoint): number {
  return haversine(a.lon, a.lat, b.lon, b.lat);
}

/** Degrees of latitude and longitude that surely hold every point within `metres` of `origin`. */
export interface DegreeBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/**
 * A latitude/longitude box around a circle: a cheap test that rules most points out before the
 * trigonometry of the haversine. Near the poles or across the antimeridian it widens to all
 * longitudes rather than risk leaving a point out.
 */
export function boxAround(origin: GeoPoint, metres: number): DegreeBox {
  // Margins (1 %, and 10^-6 degree for the rounding of tiny distances to 0): never tighter than the circle.
  const dLat = (metres / METRES_PER_DEGREE) * 1.01 + 1e-6;
  const minLat = origin.lat - dLat;
  const maxLat = origin.lat + dLat;
  const maxAbsLat = Math.max(Math.abs(minLat), Math.abs(maxLat));
  if (maxAbsLat >= 89) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  const dLon = dLat / Math.cos(maxAbsLat * RAD);
  const minLon = origin.lon - dLon;
  const maxLon = origin.lon + dLon;
  if (minLon < -180 || maxLon > 180) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  return { minLat, maxLat, minLon, maxLon };
}
