/**
 * Runs in Chromium (bundled by vite from bench/routing/index.html): builds the synthetic network
 * through the app's worker and on the main thread, then times route queries of Tournée's router
 * and of ngraph.path's A* on the same graph, pair by pair, checking that they agree.
 */
import createGraph from 'ngraph.graph';
import ngraphPath from 'ngraph.path';
import { buildGraphInWorker } from '../../src/app/routing/build-graph';
import { EARTH_RADIUS_METRES, unitVectors } from '../../src/domain/routing/geo';
import { buildNodeIndex } from '../../src/domain/routing/nearest';
import { buildRoadGraph, deserializeGraph, serializeGraph } from '../../src/domain/routing/road-graph';
import { createRouter } from '../../src/domain/routing/shortest-path';
import { prng, syntheticNetwork } from './synthetic';

export interface PageOptions {
  vertices: number;
  queries: number;
  seed: number;
}

export interface Timings {
  /** Milliseconds per query, in run order. */
  ms: number[];
  settled: number[];
}

export interface PageResult {
  features: number;
  geojsonBytes: number;
  nodes: number;
  edges: number;
  skipped: Record<string, number>;
  serializedBytes: number;
  steps: Record<string, number>;
  progressMessages: number;
  workerMatchesMainThread: boolean;
  nearestMs: number[];
  queries: Record<'astar' | 'ngraph' | 'dijkstra' | 'matrix', Timings>;
  unreachable: number;
  mismatches: number;
  meanRouteMinutes: number;
}

const time = <T>(steps: Record<string, number>, name: string, f: () => T): T => {
  const t = performance.now();
  const out = f();
  steps[name] = performance.now() - t;
  return out;
};

/** Median of `runs` timings of f (first run included): steps that each app start repeats. */
function timeMedian<T>(steps: Record<string, number>, name: string, runs: number, f: () => T): T {
  const ms: number[] = [];
  let out: T | undefined;
  for (let i = 0; i < runs; i++) {
    out = time(steps, name, f);
    ms.push(steps[name]!);
  }
  steps[name] = ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return out!;
}

/** The file the coordinator imports: generated, then only its text is kept. */
function geojsonText(o: PageOptions, steps: Record<string, number>): { text: string; features: number } {
  const net = time(steps, 'generate', () => syntheticNetwork({ targetVertices: o.vertices, seed: o.seed }));
  return { text: JSON.stringify(net), features: net.features.length };
}

/** The same build on the main thread, step by step; the parsed GeoJSON is dropped on return. */
function buildOnMainThread(text: string, steps: Record<string, number>) {
  const parsed: unknown = time(steps, 'parse', () => JSON.parse(text));
  const { graph, stats } = time(steps, 'build', () => buildRoadGraph(parsed));
  const buffer = timeMedian(steps, 'serialize', 5, () => serializeGraph(graph));
  return { stats, buffer };
}

async function run(o: PageOptions): Promise<PageResult> {
  const steps: Record<string, number> = {};
  const { text, features } = geojsonText(o, steps);

  // The app's path: a file, read and built in the module worker, the buffer transferred back.
  let progressMessages = 0;
  const t0 = performance.now();
  const fromWorker = await buildGraphInWorker(new Blob([text], { type: 'application/geo+json' }), () => {
    // The first report comes once the worker has started, read and parsed the file.
    if (progressMessages++ === 0) steps.workerFirstProgress = performance.now() - t0;
  });
  steps.worker = performance.now() - t0;

  const { stats, buffer } = buildOnMainThread(text, steps);
  const same = new Uint8Array(buffer);
  const other = new Uint8Array(fromWorker.buffer);
  const workerMatchesMainThread = same.length === other.length && same.every((b, i) => b === other[i]);
  const stored = timeMedian(steps, 'deserialize', 5, () => deserializeGraph(buffer.slice(0)));
  const router = timeMedian(steps, 'router', 5, () => createRouter(stored));
  const index = timeMedian(steps, 'nodeIndex', 5, () => buildNodeIndex(stored));

  const rand = prng(o.seed + 1);
  // Timed in batches: one snap is below the page's clock resolution.
  const nearestMs: number[] = [];
  for (let batch = 0; batch < 20; batch++) {
    const t = performance.now();
    for (let i = 0; i < 500; i++) index.nearest(3.7 + rand() * 1.25, 45 + rand() * 0.8);
    nearestMs.push((performance.now() - t) / 500);
  }

  // ngraph: same nodes, same directed edges and durations, same heuristic.
  const xyz = unitVectors(stored.lon, stored.lat);
  const ng = time(steps, 'ngraphBuild', () => {
    const g = createGraph<number, number>();
    for (let u = 0; u < stored.nodeCount; u++) g.addNode(u, u);
    for (let u = 0; u < stored.nodeCount; u++) {
      for (let e = stored.offsets[u]!; e < stored.offsets[u + 1]!; e++) g.addLink(u, stored.targets[e]!, stored.durationSeconds[e]!);
    }
    return g;
  });
  const k = EARTH_RADIUS_METRES / (router.topSpeedMetresPerSecond * (1 + 1e-9));
  const finder = ngraphPath.aStar<number, number>(ng, {
    oriented: true,
    distance: (_a, _b, link) => link.data,
    heuristic: (a, b) => {
      const i = a.data * 3;
      const j = b.data * 3;
      const dx = xyz[i]! - xyz[j]!;
      const dy = xyz[i + 1]! - xyz[j + 1]!;
      const dz = xyz[i + 2]! - xyz[j + 2]!;
      return Math.sqrt(dx * dx + dy * dy + dz * dz) * k;
    },
  });
  const ngraphDuration = (path: { id: number | string }[]): number => {
    let s = 0;
    // ngraph returns the path from the target back to the source.
    for (let i = path.length - 1; i > 0; i--) s += ng.getLink(path[i]!.id, path[i - 1]!.id)!.data;
    return s;
  };

  const pairs = Array.from({ length: o.queries + 20 }, () => [Math.floor(rand() * stored.nodeCount), Math.floor(rand() * stored.nodeCount)] as const);
  const queries: PageResult['queries'] = {
    astar: { ms: [], settled: [] },
    ngraph: { ms: [], settled: [] },
    dijkstra: { ms: [], settled: [] },
    matrix: { ms: [], settled: [] },
  };
  let unreachable = 0;
  let mismatches = 0;
  let minutes = 0;
  for (const [i, [s, t]] of pairs.entries()) {
    const warm = i < 20;
    // Alternate who goes first, so that neither always finds the caches warm.
    const mine = () => {
      const t1 = performance.now();
      const r = router.aStar(s, t);
      if (!warm) queries.astar.ms.push(performance.now() - t1);
      if (!warm) queries.astar.settled.push(router.lastSettled);
      return r;
    };
    const theirs = () => {
      const t1 = performance.now();
      const p = finder.find(s, t);
      if (!warm) queries.ngraph.ms.push(performance.now() - t1);
      return p;
    };
    let r: ReturnType<typeof mine>;
    let p: ReturnType<typeof theirs>;
    if (i % 2 === 0) {
      r = mine();
      p = theirs();
    } else {
      p = theirs();
      r = mine();
    }
    if (warm) continue;
    if (r === null) {
      unreachable++;
      if (p.length > 0) mismatches++;
      continue;
    }
    minutes += r.durationSeconds / 60;
    if (Math.abs(ngraphDuration(p) - r.durationSeconds) > 1e-3 * Math.max(1, r.durationSeconds / 1000)) mismatches++;
  }
  // Dijkstra and a day plan's row (one stop to eleven others): fewer runs, they are slower.
  for (const [s, t] of pairs.slice(20, 20 + Math.min(50, o.queries))) {
    let t1 = performance.now();
    router.dijkstra(s, t);
    queries.dijkstra.ms.push(performance.now() - t1);
    queries.dijkstra.settled.push(router.lastSettled);
    const stops = Array.from({ length: 11 }, () => Math.floor(rand() * stored.nodeCount));
    t1 = performance.now();
    router.durationsFrom(s, stops);
    queries.matrix.ms.push(performance.now() - t1);
    queries.matrix.settled.push(router.lastSettled);
  }
  const reached = o.queries - unreachable;
  return {
    features,
    geojsonBytes: new Blob([text]).size,
    nodes: stats.nodes,
    edges: stats.edges,
    skipped: { ...stats.skipped },
    serializedBytes: buffer.byteLength,
    steps,
    progressMessages,
    workerMatchesMainThread,
    nearestMs,
    queries,
    unreachable,
    mismatches,
    meanRouteMinutes: reached > 0 ? minutes / reached : Number.NaN,
  };
}

declare global {
  interface Window {
    routingBench: (o: PageOptions) => Promise<PageResult>;
  }
}
window.routingBench = run;
