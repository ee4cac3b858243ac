/**
 * Road graph for offline routing, built from the GeoJSON that `osmium export` writes for an
 * OpenStreetMap extract (docs/routing.md), and its binary form for IndexedDB.
 *
 * Layout: compressed sparse rows. The edges leaving node `u` are `offsets[u] … offsets[u+1]-1`,
 * each with its target node, duration and length. Node coordinates are kept in memory as
 * Float64 holding exact multiples of 1e-7 degree (OSM's own precision) and stored as Int32
 * counts of 1e-7 degree: lossless and as small as Float32, which would lose up to 0.4 m at the
 * latitudes of France and La Réunion (a 24-bit mantissa over values from 32 to 64).
 */
import { z } from 'zod';
import { haversineMetres } from './geo';

export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** nodeCount + 1 entries: edges of node u are offsets[u] … offsets[u+1]-1. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly durationSeconds: Float32Array;
  readonly distanceMetres: Float32Array;
}

/** Why features of the file were left out of the graph. */
export interface SkippedFeatures {
  /** No `highway` property: not a road (a commune outline, a point of interest). */
  notHighway: number;
  /** A point or a polygon (osmium also writes closed ways, e.g. roundabouts, as areas). */
  notLine: number;
  /** Footways, paths, cycleways, steps, roads under construction, unknown classes. */
  notDrivable: number;
  /** Closed to cars (`access`, `vehicle`, `motor_vehicle`, `motorcar`) or `oneway=reversible`. */
  noAccess: number;
  /** Coordinates that are not lon/lat positions. */
  invalidGeometry: number;
}

export interface RoadGraphStats {
  features: number;
  usedFeatures: number;
  skipped: SkippedFeatures;
  nodes: number;
  edges: number;
}

export class RoadGraphError extends Error {
  override name = 'RoadGraphError';
}

/**
 * Travel speeds (km/h) by OSM `highway` class: what a van averages on French rural roads, bends
 * and villages included, not the legal limit. Classes not listed are not driven on.
 */
export const HIGHWAY_SPEEDS_KMH = {
  motorway: 110,
  trunk: 90,
  primary: 80,
  secondary: 70,
  tertiary: 60,
  unclassified: 50,
  residential: 30,
  living_street: 10,
  service: 20,
  track: 15,
  motorway_link: 60,
  trunk_link: 50,
  primary_link: 50,
  secondary_link: 40,
  tertiary_link: 35,
  road: 30,
} as const;
export type HighwayClass = keyof typeof HIGHWAY_SPEEDS_KMH;

const isHighwayClass = (v: string): v is HighwayClass => Object.hasOwn(HIGHWAY_SPEEDS_KMH, v);

type Tags = Readonly<Record<string, unknown>>;

function tag(tags: Tags, key: string): string | undefined {
  const v = tags[key];
  if (typeof v === 'string') return v.trim();
  return typeof v === 'number' ? String(v) : undefined;
}

// French implicit limits (OSM wiki "Default speed limits", France).
const SPEED_ZONES = new Map([
  ['fr:urban', 50],
  ['fr:rural', 80],
  ['fr:motorway', 130],
  ['fr:zone30', 30],
  ['fr:zone20', 20],
  ['fr:walk', 6],
  ['walk', 6],
]);

/** `maxspeed` in km/h ("50", "50 km/h", "30 mph", "FR:zone30"; the lowest of "50;30"), null when unusable. */
export function parseMaxspeedKmh(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  let best: number | null = null;
  for (const part of raw.split(';')) {
    const v = part.trim().toLowerCase();
    const m = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph)?$/.exec(v);
    const kmh = m ? Number(m[1]) * (m[2] === 'mph' ? 1.609344 : 1) : (SPEED_ZONES.get(v) ?? null);
    // Outside 5–300 km/h it is a typo, not a speed anyone drives at.
    if (kmh !== null && kmh >= 5 && kmh <= 300) best = best === null ? kmh : Math.min(best, kmh);
  }
  return best;
}

/**
 * Speed used for a road: its class speed, lowered by a lower `maxspeed`. A higher limit does not
 * raise it: a village street signed 50 is still driven slower than that.
 */
export function roadSpeedKmh(highway: HighwayClass, maxspeed: string | undefined): number {
  const limit = parseMaxspeedKmh(maxspeed);
  const base = HIGHWAY_SPEEDS_KMH[highway];
  return limit === null ? base : Math.min(base, limit);
}

export type TravelDirection = 'both' | 'forward' | 'backward';

/** Which way cars may drive along the line's vertex order; null for `oneway=reversible` (time-dependent). */
export function travelDirection(tags: Tags): TravelDirection | null {
  const oneway = tag(tags, 'oneway')?.toLowerCase();
  if (oneway === 'yes' || oneway === '1' || oneway === 'true') return 'forward';
  if (oneway === '-1' || oneway === 'reverse') return 'backward';
  if (oneway === 'reversible') return null;
  // "alternating": one lane taken in turns (a narrow bridge), open both ways.
  if (oneway === 'no' || oneway === 'false' || oneway === '0' || oneway === 'alternating') return 'both';
  const junction = tag(tags, 'junction');
  if (junction === 'roundabout' || junction === 'circular') return 'forward';
  const highway = tag(tags, 'highway');
  return highway === 'motorway' || highway === 'motorway_link' ? 'forward' : 'both';
}

const ACCESS_KEYS = ['motorcar', 'motor_vehicle', 'vehicle', 'access'] as const;
const DENIED_ACCESS = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery']);

/** False when the most specific access tag present closes the road to a van. */
export function openToCars(tags: Tags): boolean {
  for (const key of ACCESS_KEYS) {
    const v = tag(tags, key);
    if (v !== undefined) return !v.split(';').every((x) => DENIED_ACCESS.has(x.trim().toLowerCase()));
  }
  return true;
}

// --- input validation -----------------------------------------------------------------------

const featureSchema = z.looseObject({
  type: z.literal('Feature'),
  geometry: z.looseObject({ type: z.string() }).nullable(),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
});
const collectionSchema = z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(featureSchema) });

type Position = readonly [number, number, ...number[]];

// Positions are checked by hand: a zod schema per vertex cost most of the build time on a
// département (200,000 vertices), for the same answer.
const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

function positions(line: unknown): Position[] | null {
  return Array.isArray(line) && line.every(isPosition) ? line : null;
}

function parseCollection(input: unknown) {
  const parsed = collectionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const isCollection =
    typeof input === 'object' && input !== null && 'type' in input && input.type === 'FeatureCollection';
  if (!isCollection) {
    throw new RoadGraphError(
      "Ce fichier n'est pas un export GeoJSON du réseau routier : une FeatureCollection est attendue (osmium export -f geojson).",
    );
  }
  const index = parsed.error.issues[0]?.path[1];
  if (typeof index !== 'number') throw new RoadGraphError('Fichier GeoJSON invalide : la liste « features » manque.');
  throw new RoadGraphError(
    `Fichier GeoJSON invalide (objet n° ${index + 1}) : chaque objet doit être une Feature avec une géométrie.`,
  );
}

// --- build ----------------------------------------------------------------------------------

interface Usable {
  lines: readonly (readonly Position[])[];
  speedMetresPerSecond: number;
  direction: TravelDirection;
}

type Feature = z.infer<typeof featureSchema>;

function classify(feature: Feature): Usable | keyof SkippedFeatures {
  const tags: Tags = feature.properties ?? {};
  const highway = tag(tags, 'highway');
  if (highway === undefined) return 'notHighway';
  const geometry = feature.geometry;
  if (geometry?.type !== 'LineString' && geometry?.type !== 'MultiLineString') return 'notLine';
  if (!isHighwayClass(highway)) return 'notDrivable';
  const direction = travelDirection(tags);
  if (direction === null || !openToCars(tags)) return 'noAccess';
  const raw: unknown = geometry.coordinates;
  const parts = geometry.type === 'LineString' ? [raw] : Array.isArray(raw) ? raw : [null];
  const lines = parts.map(positions);
  if (!lines.every((l) => l !== null)) return 'invalidGeometry';
  return { lines, direction, speedMetresPerSecond: roadSpeedKmh(highway, tag(tags, 'maxspeed')) / 3.6 };
}

/**
 * Node index by coordinates rounded to 1e-7 degree: osmium writes a shared OSM node with the
 * same coordinates in every way, so equal keys are a junction. Open addressing over typed
 * arrays: no object per node, which matters at a million vertices.
 */
class NodeTable {
  readonly lonE7: Int32Array;
  readonly latE7: Int32Array;
  count = 0;
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(maxNodes: number) {
    let size = 16;
    while (size < maxNodes * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.lonE7 = new Int32Array(maxNodes);
    this.latE7 = new Int32Array(maxNodes);
  }

  indexOf(x: number, y: number): number {
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y ^ (y >>> 15), 0x85ebca77);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    for (let i = (h ^ (h >>> 16)) & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) {
        const node = this.count++;
        this.lonE7[node] = x;
        this.latE7[node] = y;
        this.slots[i] = node + 1;
        return node;
      }
      if (this.lonE7[slot - 1] === x && this.latE7[slot - 1] === y) return slot - 1;
    }
  }
}

const E7 = 1e7;

/**
 * Builds the routing graph from a parsed `osmium export` FeatureCollection. Throws a
 * RoadGraphError (French message) when the file is not a road network.
 */
export function buildRoadGraph(
  geojson: unknown,
  onProgress?: (done: number, total: number) => void,
): { graph: RoadGraph; stats: RoadGraphStats } {
  const { features } = parseCollection(geojson);
  const skipped: SkippedFeatures = { notHighway: 0, notLine: 0, notDrivable: 0, noAccess: 0, invalidGeometry: 0 };
  // Progress counts each feature twice: once checked, once built. About a hundred reports
  // whatever the size: enough for a progress bar, few messages to post from a worker.
  const total = 2 * features.length;
  const step = Math.max(1, Math.ceil(total / 100));
  let done = 0;
  const usable: Usable[] = [];
  let vertices = 0;
  let maxEdges = 0;
  for (const feature of features) {
    if (++done % step === 0) onProgress?.(done, total);
    const c = classify(feature);
    if (typeof c === 'string') {
      skipped[c]++;
      continue;
    }
    usable.push(c);
    for (const line of c.lines) {
      vertices += line.length;
      maxEdges += Math.max(0, line.length - 1) * (c.direction === 'both' ? 2 : 1);
    }
  }
  if (skipped.notHighway === features.length) {
    throw new RoadGraphError(
      "Aucune route dans ce fichier : les objets n'ont pas de propriété « highway ». Exportez les routes OpenStreetMap avec osmium export.",
    );
  }

  const table = new NodeTable(vertices);
  const from = new Int32Array(maxEdges);
  const to = new Int32Array(maxEdges);
  const duration = new Float32Array(maxEdges);
  const distance = new Float32Array(maxEdges);
  let edges = 0;
  const addEdge = (a: number, b: number, metres: number, seconds: number) => {
    from[edges] = a;
    to[edges] = b;
    distance[edges] = metres;
    duration[edges++] = seconds;
  };

  done += features.length - usable.length;
  for (const road of usable) {
    for (const line of road.lines) {
      let px = Math.round(line[0]![0] * E7);
      let py = Math.round(line[0]![1] * E7);
      let prev = -1;
      for (let i = 1; i < line.length; i++) {
        const x = Math.round(line[i]![0] * E7);
        const y = Math.round(line[i]![1] * E7);
        if (x === px && y === py) continue; // repeated vertex: no zero-length edge, no lone node
        if (prev < 0) prev = table.indexOf(px, py);
        const node = table.indexOf(x, y);
        const metres = haversineMetres(px / E7, py / E7, x / E7, y / E7);
        const seconds = metres / road.speedMetresPerSecond;
        if (road.direction !== 'backward') addEdge(prev, node, metres, seconds);
        if (road.direction !== 'forward') addEdge(node, prev, metres, seconds);
        prev = node;
        px = x;
        py = y;
      }
    }
    if (++done % step === 0) onProgress?.(done, total);
  }
  onProgress?.(total, total);
  if (edges === 0) {
    throw new RoadGraphError(
      'Aucune route carrossable dans ce fichier : seuls des chemins, des pistes cyclables ou des voies fermées aux voitures ont été trouvés.',
    );
  }

  const graph = toCsr(table, from, to, duration, distance, edges);
  const stats = { features: features.length, usedFeatures: usable.length, skipped, nodes: graph.nodeCount, edges: graph.edgeCount };
  return { graph, stats };
}

function toCsr(
  table: NodeTable,
  from: Int32Array,
  to: Int32Array,
  duration: Float32Array,
  distance: Float32Array,
  edgeCount: number,
): RoadGraph {
  const nodeCount = table.count;
  const offsets = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) offsets[from[e]! + 1]!++;
  for (let u = 0; u < nodeCount; u++) offsets[u + 1]! += offsets[u]!;
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Int32Array(edgeCount);
  const durationSeconds = new Float32Array(edgeCount);
  const distanceMetres = new Float32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const slot = cursor[from[e]!]!++;
    targets[slot] = to[e]!;
    durationSeconds[slot] = duration[e]!;
    distanceMetres[slot] = distance[e]!;
  }
  const lon = new Float64Array(nodeCount);
  const lat = new Float64Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    lon[i] = table.lonE7[i]! / E7;
    lat[i] = table.latE7[i]! / E7;
  }
  return { nodeCount, edgeCount, lon, lat, offsets, targets, durationSeconds, distanceMetres };
}

// --- binary form ----------------------------------------------------------------------------

const MAGIC = 0x474e5254; // "TRNG" read as a little-endian uint32
const FORMAT_VERSION = 1;
const HEADER_BYTES = 20;

// Header (little-endian uint32): magic, version, nodeCount, edgeCount, checksum of the payload.
// Payload, 4-byte aligned sections in platform order (little-endian on every browser platform):
// lonE7 Int32[n], latE7 Int32[n], offsets Int32[n+1], targets Int32[m], durations Float32[m],
// distances Float32[m].
const payloadBytes = (n: number, m: number) => 4 * (3 * n + 1) + 12 * m;

/** FNV-1a over 32-bit words: catches a damaged stored graph for a few ms on 10 MB. */
function checksum(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return h >>> 0;
}

/** The graph as one ArrayBuffer (versioned, checksummed), for IndexedDB or a transfer between threads. */
export function serializeGraph(graph: RoadGraph): ArrayBuffer {
  const n = graph.nodeCount;
  const m = graph.edgeCount;
  const buf = new ArrayBuffer(HEADER_BYTES + payloadBytes(n, m));
  let at = HEADER_BYTES;
  const lonE7 = new Int32Array(buf, at, n);
  const latE7 = new Int32Array(buf, (at += 4 * n), n);
  for (let i = 0; i < n; i++) {
    lonE7[i] = Math.round(graph.lon[i]! * E7);
    latE7[i] = Math.round(graph.lat[i]! * E7);
  }
  new Int32Array(buf, (at += 4 * n), n + 1).set(graph.offsets);
  new Int32Array(buf, (at += 4 * (n + 1)), m).set(graph.targets);
  new Float32Array(buf, (at += 4 * m), m).set(graph.durationSeconds);
  new Float32Array(buf, (at += 4 * m), m).set(graph.distanceMetres);
  const header = new DataView(buf, 0, HEADER_BYTES);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, FORMAT_VERSION, true);
  header.setUint32(8, n, true);
  header.setUint32(12, m, true);
  header.setUint32(16, checksum(new Uint32Array(buf, HEADER_BYTES)), true);
  return buf;
}

const REIMPORT = 'réimportez le réseau routier.';

/**
 * Reads a buffer written by serializeGraph and checks it, throwing a RoadGraphError (French
 * message) when it is damaged. The graph's edge arrays are views on `buf`: do not transfer it.
 */
export function deserializeGraph(buf: ArrayBuffer): RoadGraph {
  if (!(buf instanceof ArrayBuffer) || buf.byteLength < HEADER_BYTES) {
    throw new RoadGraphError(`Graphe routier illisible : données absentes ou tronquées, ${REIMPORT}`);
  }
  const header = new DataView(buf, 0, HEADER_BYTES);
  if (header.getUint32(0, true) !== MAGIC) throw new RoadGraphError(`Ces données ne sont pas un graphe routier Tournée : ${REIMPORT}`);
  const version = header.getUint32(4, true);
  if (version !== FORMAT_VERSION) {
    throw new RoadGraphError(`Graphe routier d'une version non prise en charge (${version}) : ${REIMPORT}`);
  }
  const n = header.getUint32(8, true);
  const m = header.getUint32(12, true);
  if (buf.byteLength !== HEADER_BYTES + payloadBytes(n, m)) {
    throw new RoadGraphError(`Graphe routier tronqué ou corrompu (taille inattendue) : ${REIMPORT}`);
  }
  if (checksum(new Uint32Array(buf, HEADER_BYTES)) !== header.getUint32(16, true)) {
    throw new RoadGraphError(`Graphe routier corrompu (somme de contrôle fausse) : ${REIMPORT}`);
  }
  let at = HEADER_BYTES;
  const lonE7 = new Int32Array(buf, at, n);
  const latE7 = new Int32Array(buf, (at += 4 * n), n);
  const offsets = new Int32Array(buf, (at += 4 * n), n + 1);
  const targets = new Int32Array(buf, (at += 4 * (n + 1)), m);
  const durationSeconds = new Float32Array(buf, (at += 4 * m), m);
  const distanceMetres = new Float32Array(buf, (at += 4 * m), m);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = lonE7[i]! / E7;
    lat[i] = latE7[i]! / E7;
  }
  const graph = { nodeCount: n, edgeCount: m, lon, lat, offsets, targets, durationSeconds, distanceMetres };
  const problem = structuralProblem(graph);
  if (problem) throw new RoadGraphError(`Graphe routier incohérent (${problem}) : ${REIMPORT}`);
  return graph;
}

/** What makes the arrays unusable by the search, if anything (the checksum may match a buggy writer). */
function structuralProblem(g: RoadGraph): string | null {
  if (g.offsets[0] !== 0 || g.offsets[g.nodeCount] !== g.edgeCount) return 'index des arêtes';
  for (let u = 0; u < g.nodeCount; u++) {
    if (g.offsets[u + 1]! < g.offsets[u]!) return 'index des arêtes';
    if (!(Math.abs(g.lon[u]!) <= 180 && Math.abs(g.lat[u]!) <= 90)) return 'coordonnées';
  }
  for (let e = 0; e < g.edgeCount; e++) {
    const t = g.targets[e]!;
    if (t < 0 || t >= g.nodeCount) return 'arête vers un nœud inexistant';
    // Durations must be positive for the search to terminate and its heuristic to hold.
    if (!(g.durationSeconds[e]! > 0 && g.durationSeconds[e]! < Infinity)) return 'durée';
    if (!(g.distanceMetres[e]! >= 0 && g.distanceMetres[e]! < Infinity)) return 'distance';
  }
  return null;
}
