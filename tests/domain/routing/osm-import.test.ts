/**
 * The import as a coordinator runs it: a hand-made OpenStreetMap file goes through osmium-tool
 * (the commands of docs/routing.md), the GeoJSON it writes is built into a graph, and routes on
 * it respect the one-way, the roundabout and the footway. osmium-tool must be installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleGraphRequest, type GraphWorkerMessage } from '../../../src/app/routing/graph-worker';
import { buildRoadGraph, deserializeGraph, HIGHWAY_SPEEDS_KMH, serializeGraph, type RoadGraph } from '../../../src/domain/routing/road-graph';
import { createRouter, type Route } from '../../../src/domain/routing/shortest-path';

const nodes = {
  n1: [4.0, 45.0],
  n2: [4.01, 45.0],
  n3: [4.02, 45.0],
  n6: [4.0, 45.002],
  n7: [4.02, 45.002],
  n9: [4.01, 45.002],
  r1: [4.0207, 45.0004],
  r2: [4.0214, 45.0],
  r3: [4.0207, 44.9996],
  b1: [4.011, 45.0005],
  b2: [4.012, 45.0005],
  b3: [4.012, 45.001],
  stop: [4.0105, 45.0002],
} as const;
type Name = keyof typeof nodes;
const ids = Object.fromEntries(Object.keys(nodes).map((name, i) => [name, i + 1])) as Record<Name, number>;

const ways: [number, Name[], Record<string, string>][] = [
  [100, ['n1', 'n2', 'n3'], { highway: 'primary', name: 'Route de Saint-Étienne', maxspeed: '80' }],
  [101, ['n6', 'n1'], { highway: 'residential', oneway: 'yes', name: "Rue de l'Église" }],
  [102, ['n3', 'n7', 'n9', 'n6'], { highway: 'residential', name: 'Chemin des Écoliers' }],
  [103, ['n2', 'n9'], { highway: 'footway' }],
  [104, ['n3', 'r1', 'r2', 'r3', 'n3'], { highway: 'tertiary', junction: 'roundabout' }],
  [105, ['n1', 'n9'], { highway: 'service', access: 'private' }],
  [106, ['b1', 'b2', 'b3', 'b1'], { building: 'yes' }],
];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const tags = (t: Record<string, string>) => Object.entries(t).map(([k, v]) => `<tag k="${k}" v="${escape(v)}"/>`).join('');
const osmXml = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<osm version="0.6" generator="tournee-test">',
  ...Object.entries(nodes).map(
    ([name, [lon, lat]]) =>
      `<node id="${ids[name as Name]}" version="1" lat="${lat}" lon="${lon}">${name === 'stop' ? tags({ highway: 'bus_stop' }) : ''}</node>`,
  ),
  ...ways.map(([id, refs, t]) => `<way id="${id}" version="1">${refs.map((r) => `<nd ref="${ids[r]}"/>`).join('')}${tags(t)}</way>`),
  '</osm>',
].join('\n');

// The commands of docs/routing.md: keep in step with it (checked below).
const FILTER = `w/highway=${Object.keys(HIGHWAY_SPEEDS_KMH).join(',')}`;
const EXPORT_CONFIG = {
  attributes: { id: true },
  linear_tags: true,
  area_tags: false,
  include_tags: ['highway', 'oneway', 'junction', 'maxspeed', 'access', 'vehicle', 'motor_vehicle', 'motorcar', 'name', 'ref'],
};

function osmium(args: string[]): void {
  const r = spawnSync('osmium', args, { encoding: 'utf8' });
  if (r.error && 'code' in r.error && r.error.code === 'ENOENT') {
    throw new Error('osmium not found: this test needs osmium-tool (Debian: apt-get install osmium-tool)');
  }
  if (r.status !== 0) throw new Error(`osmium ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tournee-osm-'));
  writeFileSync(join(dir, 'commune.osm'), osmXml);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nodeOf(graph: RoadGraph, name: Name): number {
  const [lon, lat] = nodes[name];
  for (let i = 0; i < graph.nodeCount; i++) if (graph.lon[i] === lon && graph.lat[i] === lat) return i;
  throw new Error(`${name} is not in the graph`);
}

function expectRoute(graph: RoadGraph, route: Route | null, names: Name[]): Route {
  expect(route).not.toBeNull();
  expect(route!.nodes).toEqual(names.map((n) => nodeOf(graph, n)));
  return route!;
}

describe('import of an osmium export', () => {
  let raw: ReturnType<typeof buildRoadGraph>;

  beforeAll(() => {
    osmium(['export', join(dir, 'commune.osm'), '-f', 'geojson', '-o', join(dir, 'raw.geojson'), '-O']);
    raw = buildRoadGraph(JSON.parse(readFileSync(join(dir, 'raw.geojson'), 'utf8')));
  });

  it('keeps the drivable roads and says what it skipped', () => {
    // The closed roundabout and the building also come out as areas, the bus stop as a point.
    expect(raw.stats.skipped).toEqual({ notHighway: 2, notLine: 2, notDrivable: 1, noAccess: 1, invalidGeometry: 0 });
    expect(raw.stats.usedFeatures).toBe(4);
    expect(raw.graph.nodeCount).toBe(9);
  });

  it('drives the one-way in its direction and goes round the village against it', () => {
    const { graph } = raw;
    const router = createRouter(graph);
    const along = expectRoute(graph, router.aStar(nodeOf(graph, 'n6'), nodeOf(graph, 'n1')), ['n6', 'n1']);
    expect(along.distanceMetres).toBeCloseTo(222.4, 0);
    expect(along.durationSeconds).toBeCloseTo(222.4 / (30 / 3.6), 0);
    // Neither back up the one-way, nor through the private service road.
    const against = expectRoute(graph, router.aStar(nodeOf(graph, 'n1'), nodeOf(graph, 'n6')), ['n1', 'n2', 'n3', 'n7', 'n9', 'n6']);
    expect(against.distanceMetres).toBeGreaterThan(3300);
    expect(router.dijkstra(nodeOf(graph, 'n1'), nodeOf(graph, 'n6'))!.nodes).toEqual(against.nodes);
  });

  it('does not take the footway', () => {
    const { graph } = raw;
    const router = createRouter(graph);
    const route = expectRoute(graph, router.aStar(nodeOf(graph, 'n2'), nodeOf(graph, 'n9')), ['n2', 'n3', 'n7', 'n9']);
    expect(route.distanceMetres).toBeGreaterThan(1700);
    const [n2, n9] = [nodeOf(graph, 'n2'), nodeOf(graph, 'n9')];
    expect(Array.from(graph.targets.subarray(graph.offsets[n2], graph.offsets[n2 + 1]))).not.toContain(n9);
  });

  it('turns the roundabout one way only', () => {
    const { graph } = raw;
    const router = createRouter(graph);
    expectRoute(graph, router.aStar(nodeOf(graph, 'n3'), nodeOf(graph, 'r1')), ['n3', 'r1']);
    expectRoute(graph, router.aStar(nodeOf(graph, 'r1'), nodeOf(graph, 'n3')), ['r1', 'r2', 'r3', 'n3']);
  });

  it('gives the same graph through the filtered export of docs/routing.md', () => {
    writeFileSync(join(dir, 'export.json'), JSON.stringify(EXPORT_CONFIG));
    osmium(['tags-filter', join(dir, 'commune.osm'), FILTER, '-o', join(dir, 'roads.osm'), '-O']);
    osmium(['export', join(dir, 'roads.osm'), '--geometry-types=linestring', '-c', join(dir, 'export.json'), '-o', join(dir, 'roads.geojson'), '-O']);
    const filtered = buildRoadGraph(JSON.parse(readFileSync(join(dir, 'roads.geojson'), 'utf8')));
    expect(filtered.stats.skipped).toEqual({ notHighway: 0, notLine: 0, notDrivable: 0, noAccess: 1, invalidGeometry: 0 });
    expect(new Uint8Array(serializeGraph(filtered.graph))).toEqual(new Uint8Array(serializeGraph(raw.graph)));
  });

  it('is the filter and the export configuration that docs/routing.md gives', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../../docs/routing.md'), 'utf8');
    expect(doc).toContain(`osmium tags-filter departement.osm.pbf ${FILTER} -o routes.osm.pbf`);
    expect(doc).toContain('osmium export routes.osm.pbf --geometry-types=linestring -c tournee-export.json -o routes.geojson');
    const config = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(JSON.parse(config ?? 'null')).toEqual(EXPORT_CONFIG);
  });
});

describe("the import worker's handler", () => {
  const run = async (geojson: Blob | string | ArrayBuffer) => {
    const posted: { message: GraphWorkerMessage; transfer: Transferable[] }[] = [];
    await handleGraphRequest({ type: 'build', geojson }, (message, transfer) => posted.push({ message, transfer }));
    return posted;
  };

  it('answers the export with progress, then the stored form, transferred', async () => {
    osmium(['export', join(dir, 'commune.osm'), '-f', 'geojson', '-o', join(dir, 'worker.geojson'), '-O']);
    const file = readFileSync(join(dir, 'worker.geojson'));
    const bytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
    const posted = await run(new Blob([file]));
    const last = posted.at(-1)!;
    expect(last.message.type).toBe('done');
    if (last.message.type !== 'done') return;
    expect(last.transfer).toEqual([last.message.buffer]);
    expect(last.message.stats.usedFeatures).toBe(4);
    const progress = posted.slice(0, -1).map((p) => p.message);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((m) => m.type === 'progress' && m.done <= m.total)).toBe(true);
    const expected = buildRoadGraph(JSON.parse(file.toString('utf8'))).graph;
    expect(new Uint8Array(serializeGraph(deserializeGraph(last.message.buffer)))).toEqual(new Uint8Array(serializeGraph(expected)));
    // The same as bytes, and as text saved with a byte order mark.
    expect((await run(bytes)).at(-1)!.message).toEqual(last.message);
    expect((await run(`\uFEFF${file.toString('utf8')}`)).at(-1)!.message).toEqual(last.message);
  });

  it('answers a French error, never throws', async () => {
    expect((await run('{"type": "FeatureCollection", "features": [')).at(-1)!.message).toEqual({
      type: 'error',
      message: "Le fichier n'est pas un GeoJSON lisible : son contenu n'est pas du JSON valide.",
    });
    const notRoads = await run(new Blob([JSON.stringify({ type: 'Topology', objects: {} })]));
    expect(notRoads).toHaveLength(1);
    expect(notRoads[0]!.message).toMatchObject({ type: 'error', message: expect.stringMatching(/^Ce fichier n'est pas un export GeoJSON/) });
  });
});
