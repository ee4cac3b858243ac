/**
 * Fastest routes on a RoadGraph: A* and Dijkstra minimising duration, and one-to-many durations
 * for the matrix of a day plan. A router owns typed-array scratch space sized to the graph, reset
 * by a generation stamp rather than cleared, so a query allocates only its result.
 */
import { EARTH_RADIUS_METRES, unitVectors } from './geo';
import type { RoadGraph } from './road-graph';

export interface Route {
  /** Node indices from source to target. */
  nodes: number[];
  durationSeconds: number;
  distanceMetres: number;
  /** [lon, lat] of each node, ready for a GeoJSON LineString. */
  coordinates: [number, number][];
}

export interface Router {
  /** Fastest route by A*; null when the target cannot be reached. */
  aStar(source: number, target: number): Route | null;
  /** Same answer by plain Dijkstra (no heuristic): the reference, and slower. */
  dijkstra(source: number, target: number): Route | null;
  /** Fastest durations (seconds) from source to each target, Infinity when unreachable. */
  durationsFrom(source: number, targets: readonly number[]): Float64Array;
  /** Nodes settled by the last query: the work it did. */
  readonly lastSettled: number;
  /**
   * Fastest straight-line speed any edge allows (m/s), measured on chords: a chord divided by it
   * never overestimates a drive (a great circle, longer by about 1 m per 100 km, nearly so).
   */
  readonly topSpeedMetresPerSecond: number;
}

/** Indexed binary min-heap over node ids, so a shorter path lowers a key in place. */
class MinHeap {
  size = 0;
  readonly nodes: Int32Array;
  readonly keys: Float64Array;
  /** Heap slot of each node while queued; -1 once popped (valid only for stamped nodes). */
  readonly pos: Int32Array;

  constructor(n: number) {
    this.nodes = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.pos = new Int32Array(n);
  }

  push(node: number, key: number): void {
    this.up(this.size++, node, key);
  }

  decrease(node: number, key: number): void {
    this.up(this.pos[node]!, node, key);
  }

  pop(): number {
    const top = this.nodes[0]!;
    this.pos[top] = -1;
    const last = --this.size;
    if (last > 0) this.down(this.nodes[last]!, this.keys[last]!);
    return top;
  }

  private up(i: number, node: number, key: number): void {
    const { nodes, keys, pos } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      nodes[i] = nodes[p]!;
      keys[i] = keys[p]!;
      pos[nodes[i]!] = i;
      i = p;
    }
    nodes[i] = node;
    keys[i] = key;
    pos[node] = i;
  }

  private down(node: number, key: number): void {
    const { nodes, keys, pos, size } = this;
    const half = size >> 1;
    let i = 0;
    while (i < half) {
      let c = 2 * i + 1;
      if (c + 1 < size && keys[c + 1]! < keys[c]!) c++;
      if (keys[c]! >= key) break;
      nodes[i] = nodes[c]!;
      keys[i] = keys[c]!;
      pos[nodes[i]!] = i;
      i = c;
    }
    nodes[i] = node;
    keys[i] = key;
    pos[node] = i;
  }
}

/** Creates a router over the graph: O(nodes + edges) set-up, then queries without allocation. */
export function createRouter(graph: RoadGraph): Router {
  const { nodeCount: n, offsets, targets, durationSeconds: dur, distanceMetres: dist, lon, lat } = graph;
  const xyz = unitVectors(lon, lat);
  const stamp = new Uint32Array(n);
  const targetStamp = new Uint32Array(n);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const parentNode = new Int32Array(n);
  const parentEdge = new Int32Array(n);
  const heap = new MinHeap(n);
  let epoch = 0;
  let settled = 0;

  const chord = (a: number, b: number) => {
    const dx = xyz[a * 3]! - xyz[b * 3]!;
    const dy = xyz[a * 3 + 1]! - xyz[b * 3 + 1]!;
    const dz = xyz[a * 3 + 2]! - xyz[b * 3 + 2]!;
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  };

  // Top speed, as the graph itself proves it: for every edge, the straight line (a chord, never
  // longer than the great circle) divided by the edge's duration. Dividing the straight line to
  // the target by it can never overestimate the remaining time, whatever the edge data says.
  let topSpeed = 0;
  for (let u = 0; u < n; u++) {
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const v = (chord(u, targets[e]!) * EARTH_RADIUS_METRES) / dur[e]!;
      if (v > topSpeed) topSpeed = v;
    }
  }
  // The margin absorbs rounding so that the heuristic stays consistent to the last bit.
  const secondsPerUnitChord = topSpeed > 0 ? EARTH_RADIUS_METRES / (topSpeed * (1 + 1e-9)) : 0;

  function check(node: number): void {
    if (!Number.isInteger(node) || node < 0 || node >= n) throw new RangeError(`Nœud ${node} absent du graphe routier.`);
  }

  function nextEpoch(): void {
    if (epoch === 0xffffffff) {
      stamp.fill(0);
      targetStamp.fill(0);
      epoch = 0;
    }
    epoch++;
    settled = 0;
    heap.size = 0;
  }

  /**
   * Settles nodes from `source` in order of g (+ heuristic towards `target` when `guided`) until
   * `done(node)` says stop. Consistent heuristic: a settled node is final, never reopened.
   */
  function run(source: number, target: number, guided: boolean, done: (node: number) => boolean): void {
    stamp[source] = epoch;
    g[source] = 0;
    h[source] = guided ? chord(source, target) * secondsPerUnitChord : 0;
    parentNode[source] = -1;
    parentEdge[source] = -1;
    heap.push(source, h[source]);
    while (heap.size > 0) {
      const u = heap.pop();
      settled++;
      if (done(u)) return;
      const gu = g[u]!;
      for (let e = offsets[u]!, end = offsets[u + 1]!; e < end; e++) {
        const v = targets[e]!;
        const gv = gu + dur[e]!;
        if (stamp[v] !== epoch) {
          stamp[v] = epoch;
          g[v] = gv;
          h[v] = guided ? chord(v, target) * secondsPerUnitChord : 0;
          parentNode[v] = u;
          parentEdge[v] = e;
          heap.push(v, gv + h[v]);
        } else if (gv < g[v]! && heap.pos[v]! >= 0) {
          g[v] = gv;
          parentNode[v] = u;
          parentEdge[v] = e;
          heap.decrease(v, gv + h[v]!);
        }
      }
    }
  }

  function route(source: number, target: number, guided: boolean): Route | null {
    check(source);
    check(target);
    nextEpoch();
    let reached = false;
    run(source, target, guided, (u) => (reached = u === target));
    if (!reached) return null;
    const nodes: number[] = [];
    for (let v = target; v >= 0; v = parentNode[v]!) nodes.push(v);
    nodes.reverse();
    let distanceMetres = 0;
    for (let i = 1; i < nodes.length; i++) distanceMetres += dist[parentEdge[nodes[i]!]!]!;
    const coordinates = nodes.map((v): [number, number] => [lon[v]!, lat[v]!]);
    return { nodes, durationSeconds: g[target]!, distanceMetres, coordinates };
  }

  function durationsFrom(source: number, wanted: readonly number[]): Float64Array {
    check(source);
    wanted.forEach(check);
    nextEpoch();
    let remaining = 0;
    for (const t of wanted) {
      if (targetStamp[t] !== epoch) remaining++;
      targetStamp[t] = epoch;
    }
    if (remaining > 0) run(source, source, false, (u) => targetStamp[u] === epoch && --remaining === 0);
    const out = new Float64Array(wanted.length);
    wanted.forEach((t, i) => (out[i] = stamp[t] === epoch && heap.pos[t] === -1 ? g[t]! : Infinity));
    return out;
  }

  return {
    aStar: (s, t) => route(s, t, true),
    dijkstra: (s, t) => route(s, t, false),
    durationsFrom,
    get lastSettled() {
      return settled;
    },
    topSpeedMetresPerSecond: topSpeed,
  };
}
