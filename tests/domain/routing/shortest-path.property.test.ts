import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMetres } from '../../../src/domain/routing/geo';
import { buildNodeIndex } from '../../../src/domain/routing/nearest';
import { buildRoadGraph, HIGHWAY_SPEEDS_KMH, type RoadGraph } from '../../../src/domain/routing/road-graph';
import { createRouter, type Route } from '../../../src/domain/routing/shortest-path';

// Fixed seed: a failure prints the shrunk counterexample and replays identically.
const runs = { seed: 90_417, numRuns: 150 };

interface Arc {
  from: number;
  to: number;
  seconds: number;
}

/** Plain Dijkstra, O(n²), no heap and no cleverness: the reference the router must agree with. */
function referenceDurations(n: number, arcs: readonly Arc[], source: number): number[] {
  const best = Array<number>(n).fill(Infinity);
  const done = Array<boolean>(n).fill(false);
  best[source] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && best[i]! < Infinity && (u < 0 || best[i]! < best[u]!)) u = i;
    if (u < 0) return best;
    done[u] = true;
    for (const a of arcs) if (a.from === u && best[u]! + a.seconds < best[a.to]!) best[a.to] = best[u]! + a.seconds;
  }
}

/** CSR graph from arcs in any order: lets the search run on data no import would produce. */
function csr(lonLat: readonly [number, number][], arcs: readonly Arc[]): RoadGraph {
  const n = lonLat.length;
  const sorted = [...arcs].sort((a, b) => a.from - b.from);
  const offsets = new Int32Array(n + 1);
  for (const a of sorted) offsets[a.from + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  return {
    nodeCount: n,
    edgeCount: sorted.length,
    lon: Float64Array.from(lonLat, (p) => p[0]),
    lat: Float64Array.from(lonLat, (p) => p[1]),
    offsets,
    targets: Int32Array.from(sorted, (a) => a.to),
    durationSeconds: Float32Array.from(sorted, (a) => a.seconds),
    distanceMetres: Float32Array.from(sorted, (a) => a.seconds * 10),
  };
}

const arcsOf = (g: RoadGraph): Arc[] => {
  const out: Arc[] = [];
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) out.push({ from: u, to: g.targets[e]!, seconds: g.durationSeconds[e]! });
  }
  return out;
};

/** Equal to `digits` decimals, or both infinite. */
const near = (a: number, b: number, digits: number) => a === b || Math.abs(a - b) < 10 ** -digits / 2;

/**
 * Every answer of the router, for every pair, against the reference. `digits`: decimals of a
 * second that must agree (the graph stores Float32 durations, a reference in doubles drifts).
 * Problems are collected and asserted once: an expect() per pair made the property slow.
 */
function checkAllPairs(graph: RoadGraph, arcs: readonly Arc[], digits: number): void {
  const router = createRouter(graph);
  const n = graph.nodeCount;
  const all = Array.from({ length: n }, (_, i) => i);
  const problems: string[] = [];
  for (let s = 0; s < n; s++) {
    const expected = referenceDurations(n, arcs, s);
    // Targets out of order and repeated: answers come back in the order asked.
    const targets = [...all].reverse().concat(all.slice(0, 2));
    const many = router.durationsFrom(s, targets);
    targets.forEach((t, i) => {
      if (!near(many[i]!, expected[t]!, digits)) problems.push(`durationsFrom ${s} → ${t}: ${many[i]} ≠ ${expected[t]}`);
    });
    for (let t = 0; t < n; t++) {
      for (const [name, route] of [['aStar', router.aStar(s, t)], ['dijkstra', router.dijkstra(s, t)]] as const) {
        const at = `${name} ${s} → ${t}`;
        if (route === null || expected[t] === Infinity) {
          if ((route === null) !== (expected[t] === Infinity)) problems.push(`${at}: ${route?.durationSeconds ?? null} ≠ ${expected[t]}`);
          continue;
        }
        if (!near(route.durationSeconds, expected[t]!, digits)) problems.push(`${at}: ${route.durationSeconds} ≠ ${expected[t]}`);
        problems.push(...pathProblems(graph, route, s, t).map((p) => `${at}: ${p}`));
      }
    }
  }
  expect(problems).toEqual([]);
}

/** Consecutive nodes are joined by edges whose durations and lengths add up to the totals. */
function pathProblems(g: RoadGraph, route: Route, s: number, t: number): string[] {
  const { nodes } = route;
  if (nodes[0] !== s || nodes.at(-1) !== t) return [`path ${nodes.join(',')} does not join them`];
  let seconds = 0;
  let metres = 0;
  for (let i = 1; i < nodes.length; i++) {
    const u = nodes[i - 1]!;
    let best = -1;
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
      if (g.targets[e] === nodes[i] && (best < 0 || g.durationSeconds[e]! < g.durationSeconds[best]!)) best = e;
    }
    if (best < 0) return [`no edge ${u} → ${nodes[i]}`];
    seconds += g.durationSeconds[best]!;
    metres += g.distanceMetres[best]!;
  }
  const problems: string[] = [];
  if (!near(seconds, route.durationSeconds, 6)) problems.push(`edges add up to ${seconds} s, not ${route.durationSeconds}`);
  if (!near(metres, route.distanceMetres, 3)) problems.push(`edges add up to ${metres} m, not ${route.distanceMetres}`);
  if (route.coordinates.some(([x, y], i) => x !== g.lon[nodes[i]!] || y !== g.lat[nodes[i]!])) problems.push('coordinates');
  return problems;
}

// Points on a 1e-4 degree lattice (about 8 × 11 m) in a 2 km square, as osmium would write them.
const lonLat = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })).map(
  ([i, j]): [number, number] => [Math.round((4 + i * 1e-4) * 1e7) / 1e7, Math.round((45 + j * 1e-4) * 1e7) / 1e7],
);
const points = fc.uniqueArray(lonLat, { minLength: 2, maxLength: 12, selector: ([x, y]) => `${x},${y}` });

describe('A* and Dijkstra against a plain reference', () => {
  it('agree on graphs imported from random roads: speeds, one-ways, roundabouts', () => {
    const classes = Object.keys(HIGHWAY_SPEEDS_KMH);
    const way = (n: number) =>
      fc.record({
        nodes: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 2, maxLength: 5 }),
        highway: fc.constantFrom(...classes),
        oneway: fc.constantFrom(undefined, 'yes', '-1', 'no', 'roundabout'),
        maxspeed: fc.option(fc.integer({ min: 5, max: 130 }), { nil: undefined }),
      });
    const network = points.chain((pts) => fc.tuple(fc.constant(pts), fc.array(way(pts.length), { maxLength: 14 })));
    fc.assert(
      fc.property(network, ([pts, ways]) => {
        const features = ways.map((w) => ({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: w.nodes.map((i) => pts[i]!) },
          properties: {
            highway: w.highway,
            ...(w.oneway === 'roundabout' ? { junction: 'roundabout' } : w.oneway ? { oneway: w.oneway } : {}),
            ...(w.maxspeed ? { maxspeed: String(w.maxspeed) } : {}),
          },
        }));
        // Add a road far away so that the file always has one, and unreachable pairs always exist.
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [[5, 46], [5.001, 46]] },
          properties: { highway: 'residential' },
        });
        const { graph } = buildRoadGraph({ type: 'FeatureCollection', features });
        // The reference reads the roads as written, not the built graph: it checks the import too.
        const index = new Map<string, number>();
        for (let v = 0; v < graph.nodeCount; v++) index.set(`${graph.lon[v]},${graph.lat[v]}`, v);
        const arcs: Arc[] = [];
        for (const f of features) {
          const p = f.properties as Record<string, string>;
          const kmh = Math.min(HIGHWAY_SPEEDS_KMH[p.highway as keyof typeof HIGHWAY_SPEEDS_KMH], Number(p.maxspeed ?? Infinity));
          const forward = p.oneway !== '-1';
          const implied = p.oneway === undefined && (p.junction !== undefined || p.highway!.startsWith('motorway'));
          const backward = p.oneway === '-1' || p.oneway === 'no' || (p.oneway === undefined && !implied);
          const c = f.geometry.coordinates;
          for (let i = 1; i < c.length; i++) {
            const [a, b] = [c[i - 1]!, c[i]!];
            if (a[0] === b[0] && a[1] === b[1]) continue;
            const seconds = haversineMetres(a[0]!, a[1]!, b[0]!, b[1]!) / (kmh / 3.6);
            const u = index.get(`${a[0]},${a[1]}`)!;
            const v = index.get(`${b[0]},${b[1]}`)!;
            if (forward) arcs.push({ from: u, to: v, seconds });
            if (backward) arcs.push({ from: v, to: u, seconds });
          }
        }
        expect(arcs.length).toBe(graph.edgeCount);
        checkAllPairs(graph, arcs, 3);
      }),
      runs,
    );
  });

  it('agree on arbitrary graphs: multi-edges, loops, edges faster than any road', () => {
    const network = points.chain((pts) =>
      fc.tuple(
        fc.constant(pts),
        fc.array(
          fc.record({
            from: fc.integer({ min: 0, max: pts.length - 1 }),
            to: fc.integer({ min: 0, max: pts.length - 1 }),
            // Float32 values, as the graph stores them, so that the reference sees the same weights.
            seconds: fc.double({ min: 0.001, max: 5000, noNaN: true }).map(Math.fround),
          }),
          { maxLength: 30 },
        ),
      ),
    );
    fc.assert(
      fc.property(network, ([pts, arcs]) => {
        const graph = csr(pts, arcs);
        checkAllPairs(graph, arcsOf(graph), 6);
      }),
      runs,
    );
  });

  it('returns null across components and a zero route from a node to itself', () => {
    const graph = csr(
      [[4, 45], [4.01, 45], [4.5, 45.5], [4.51, 45.5]],
      [
        { from: 0, to: 1, seconds: 60 },
        { from: 2, to: 3, seconds: 60 },
        { from: 3, to: 2, seconds: 60 },
      ],
    );
    const router = createRouter(graph);
    expect(router.aStar(0, 2)).toBeNull();
    expect(router.dijkstra(1, 0)).toBeNull();
    expect(Array.from(router.durationsFrom(0, [1, 2, 3, 0]))).toEqual([60, Infinity, Infinity, 0]);
    expect(router.aStar(2, 2)).toEqual({ nodes: [2], durationSeconds: 0, distanceMetres: 0, coordinates: [[4.5, 45.5]] });
    expect(() => router.aStar(0, 4)).toThrow(RangeError);
    expect(() => router.durationsFrom(-1, [])).toThrow(RangeError);
  });

  it('lets A* settle fewer nodes than Dijkstra on a long straight road', () => {
    const n = 400;
    const pts = Array.from({ length: n }, (_, i): [number, number] => [4 + i * 1e-3, 45]);
    const arcs = pts.slice(1).flatMap((_, i) => [
      { from: i, to: i + 1, seconds: 10 },
      { from: i + 1, to: i, seconds: 10 },
    ]);
    const router = createRouter(csr(pts, arcs));
    router.dijkstra(200, 300);
    const dijkstra = router.lastSettled;
    router.aStar(200, 300);
    expect(router.lastSettled).toBeLessThan(dijkstra * 0.7);
  });
});

describe('snapping to the nearest node', () => {
  it('finds the node a brute-force scan finds, also from outside the network', () => {
    const query = fc.tuple(fc.double({ min: 3.9, max: 4.15, noNaN: true }), fc.double({ min: 44.9, max: 45.15, noNaN: true }));
    fc.assert(
      fc.property(fc.uniqueArray(lonLat, { minLength: 1, maxLength: 60, selector: String }), fc.array(query, { minLength: 1, maxLength: 10 }), (pts, queries) => {
        const index = buildNodeIndex(csr(pts, []));
        const problems: string[] = [];
        for (const [x, y] of queries) {
          const found = index.nearest(x, y)!;
          const best = Math.min(...pts.map(([px, py]) => haversineMetres(x, y, px, py)));
          const [nx, ny] = pts[found.node]!;
          if (!near(found.distanceMetres, haversineMetres(x, y, nx, ny), 6)) problems.push(`${x},${y}: wrong distance`);
          // The grid works in a local projection: equal to the true nearest within a fraction of a percent.
          if (found.distanceMetres > best * 1.002 + 1e-6) problems.push(`${x},${y}: ${found.distanceMetres} m, nearest ${best} m`);
        }
        expect(problems).toEqual([]);
      }),
      runs,
    );
  });

  it('answers null without nodes or coordinates', () => {
    expect(buildNodeIndex(csr([], [])).nearest(4, 45)).toBeNull();
    expect(buildNodeIndex(csr([[4, 45]], [])).nearest(Number.NaN, 45)).toBeNull();
    expect(buildNodeIndex(csr([[4, 45]], [])).nearest(4, 45)).toEqual({ node: 0, distanceMetres: 0 });
  });
});
