/** Mean Earth radius (IUGG), metres: the sphere every distance of the routing code is measured on. */
export const EARTH_RADIUS_METRES = 6_371_008.8;

const RAD = Math.PI / 180;

/** Great-circle distance in metres between two lon/lat points (degrees). */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  // min(): rounding can push s a hair above 1 for antipodal points, and asin would return NaN.
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(s)));
}

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Bounding box of parallel lon/lat arrays; null when they are empty. */
export function bboxOf(lon: ArrayLike<number>, lat: ArrayLike<number>): BBox | null {
  if (lon.length === 0) return null;
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (let i = 0; i < lon.length; i++) {
    const x = lon[i]!;
    const y = lat[i]!;
    if (x < box.minLon) box.minLon = x;
    if (x > box.maxLon) box.maxLon = x;
    if (y < box.minLat) box.minLat = y;
    if (y > box.maxLat) box.maxLat = y;
  }
  return box;
}

/**
 * Unit-sphere cartesian coordinates of every point, interleaved x,y,z. The straight chord between
 * two such points, times the radius, never exceeds the great-circle distance and costs one square
 * root: the lower bound a search heuristic wants.
 */
export function unitVectors(lon: ArrayLike<number>, lat: ArrayLike<number>): Float64Array {
  const out = new Float64Array(lon.length * 3);
  for (let i = 0; i < lon.length; i++) {
    const phi = lat[i]! * RAD;
    const lambda = lon[i]! * RAD;
    const c = Math.cos(phi);
    out[i * 3] = c * Math.cos(lambda);
    out[i * 3 + 1] = c * Math.sin(lambda);
    out[i * 3 + 2] = Math.sin(phi);
  }
  return out;
}

/** Metres per degree of latitude (and of longitude at the equator) on the routing sphere. */
export const METRES_PER_DEGREE = EARTH_RADIUS_METRES * RAD;
