/** A point on the map, in degrees (WGS 84). */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Mean Earth radius (IUGG), metres; the same sphere as the routing code, so distances agree. */
const EARTH_RADIUS_METRES = 6_371_008.8;
const RAD = Math.PI / 180;
/** Metres per degree of latitude on that sphere. */
const METRES_PER_DEGREE = EARTH_RADIUS_METRES * RAD;

/** Great-circle distance in metres between two points (haversine formula). */
export function haversineMetres(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  // min(): rounding can push s a hair above 1 for antipodal points, and asin would return NaN.
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(s)));
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
