import { seededRandom as prng } from '../../src/domain/random';
export { prng };
/**
 * A synthetic rural road network at département scale, as `osmium export` would write it:
 * villages as dense grids of residential streets (some one-way), tertiary and secondary roads
 * between neighbouring villages, a few primaries across the territory, plus footways and private
 * service roads the import must skip. Seeded, so every run routes on the same graph.
 */

export interface SyntheticOptions {
  /** Stop adding villages once the network holds about this many vertices. */
  targetVertices: number;
  seed: number;
}

interface Feature {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: [number, number][] };
  properties: Record<string, string>;
}

export interface SyntheticNetwork {
  type: 'FeatureCollection';
  features: Feature[];
  villages: number;
}

// A Loire-sized box: about 100 km × 90 km.
const BOX = { minLon: 3.7, maxLon: 4.95, minLat: 45.0, maxLat: 45.8 };
const M_PER_DEG_LAT = 111_195;
const M_PER_DEG_LON = 111_195 * Math.cos((45.4 * Math.PI) / 180);

/** osmium writes 7 decimals: equal OSM nodes give equal numbers. */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const pt = (lon: number, lat: number): [number, number] => [round7(lon), round7(lat)];

/** Vertices every ~`stepM` metres between a and b, wobbling sideways like a country road. */
function polyline(a: [number, number], b: [number, number], stepM: number, wobbleM: number, rand: () => number): [number, number][] {
  const dx = (b[0] - a[0]) * M_PER_DEG_LON;
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  const len = Math.hypot(dx, dy);
  const steps = Math.max(1, Math.round(len / stepM));
  const out: [number, number][] = [a];
  let side = 0;
  for (let i = 1; i < steps; i++) {
    const t = i / steps;
    side = side * 0.8 + (rand() - 0.5) * wobbleM;
    const nx = (-dy / len) * side;
    const ny = (dx / len) * side;
    out.push(pt(a[0] + t * (b[0] - a[0]) + nx / M_PER_DEG_LON, a[1] + t * (b[1] - a[1]) + ny / M_PER_DEG_LAT));
  }
  out.push(b);
  return out;
}

interface Village {
  centre: [number, number];
  /** Grid intersections on the village's edge, where country roads come in. */
  gates: [number, number][];
}

export function syntheticNetwork({ targetVertices, seed }: SyntheticOptions): SyntheticNetwork {
  const rand = prng(seed);
  const features: Feature[] = [];
  let vertices = 0;
  const add = (coordinates: [number, number][], properties: Record<string, string>) => {
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties });
    vertices += coordinates.length;
  };

  const villages: Village[] = [];
  const links = new Set<string>();
  while (vertices < targetVertices) {
    const centre = pt(BOX.minLon + rand() * (BOX.maxLon - BOX.minLon), BOX.minLat + rand() * (BOX.maxLat - BOX.minLat));
    // Mostly hamlets and villages, now and then a small town.
    const k = rand() < 0.08 ? 14 + Math.floor(rand() * 8) : 4 + Math.floor(rand() * 7);
    const block = 70 + rand() * 50;
    const at = (i: number, j: number) =>
      pt(centre[0] + ((i - (k - 1) / 2) * block) / M_PER_DEG_LON, centre[1] + ((j - (k - 1) / 2) * block) / M_PER_DEG_LAT);
    for (const horizontal of [true, false]) {
      for (let a = 0; a < k; a++) {
        const coords: [number, number][] = [];
        for (let b = 0; b < k; b++) {
          const p = horizontal ? at(b, a) : at(a, b);
          if (b > 0) coords.push(...polyline(coords[coords.length - 1]!, p, 25, 2, rand).slice(1));
          else coords.push(p);
        }
        const r = rand();
        const props: Record<string, string> = { highway: r < 0.05 ? 'living_street' : 'residential' };
        if (r > 0.9) props.oneway = r > 0.95 ? '-1' : 'yes';
        add(coords, props);
      }
    }
    // Lanes to farms, paths through the fields: in the file, not in the graph.
    add(polyline(at(0, 0), pt(centre[0] - 0.01, centre[1] - 0.005), 40, 8, rand), { highway: 'track' });
    add(polyline(at(k - 1, k - 1), pt(centre[0] + 0.006, centre[1] + 0.004), 30, 5, rand), { highway: 'footway' });
    add(polyline(at(k - 1, 0), pt(centre[0] + 0.003, centre[1] - 0.004), 30, 3, rand), { highway: 'service', access: 'private' });
    villages.push({ centre, gates: [at(0, Math.floor(k / 2)), at(k - 1, Math.floor(k / 2)), at(Math.floor(k / 2), 0), at(Math.floor(k / 2), k - 1)] });

    // Roads to the nearest villages already placed, entering through the closest gates.
    const me = villages.length - 1;
    const near = villages
      .slice(0, me)
      .map((v, i) => ({ i, d: Math.hypot((v.centre[0] - centre[0]) * M_PER_DEG_LON, (v.centre[1] - centre[1]) * M_PER_DEG_LAT) }))
      .sort((x, y) => x.d - y.d)
      .slice(0, 3);
    for (const { i, d } of near) {
      const key = `${i}-${me}`;
      if (links.has(key) || d > 15_000) continue;
      links.add(key);
      const from = closest(villages[me]!.gates, villages[i]!.centre);
      const to = closest(villages[i]!.gates, centre);
      const props: Record<string, string> = { highway: d > 6000 ? 'secondary' : 'tertiary' };
      if (rand() < 0.15) props.maxspeed = '70';
      add(polyline(from, to, 110, 30, rand), props);
    }
  }

  // A few primaries across the territory, through the villages nearest to their line.
  for (let p = 0; p < 4; p++) {
    const chain = villages
      .filter((_, i) => i % 7 === p)
      .sort((a, b) => (p % 2 === 0 ? a.centre[0] - b.centre[0] : a.centre[1] - b.centre[1]))
      .slice(0, 12);
    for (let i = 1; i < chain.length; i++) {
      const a = closest(chain[i - 1]!.gates, chain[i]!.centre);
      const b = closest(chain[i]!.gates, chain[i - 1]!.centre);
      add(polyline(a, b, 150, 40, rand), { highway: 'primary' });
    }
  }
  return { type: 'FeatureCollection', features, villages: villages.length };
}

function closest(points: [number, number][], to: [number, number]): [number, number] {
  let best = points[0]!;
  let bestD = Infinity;
  for (const p of points) {
    const d = Math.hypot((p[0] - to[0]) * M_PER_DEG_LON, (p[1] - to[1]) * M_PER_DEG_LAT);
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}
