import { describe, expect, it } from 'vitest';
import { haversineMetres } from '../../../src/domain/routing/geo';
import {
  buildRoadGraph,
  deserializeGraph,
  parseMaxspeedKmh,
  RoadGraphError,
  serializeGraph,
  type RoadGraph,
} from '../../../src/domain/routing/road-graph';

type Props = Record<string, string | number>;
const A: [number, number] = [4.0, 45.0];
const B: [number, number] = [4.01, 45.0];
const C: [number, number] = [4.01, 45.01];

const line = (coordinates: number[][], properties: Props) => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates },
  properties,
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

function nodeAt(graph: RoadGraph, [x, y]: [number, number]): number {
  for (let i = 0; i < graph.nodeCount; i++) if (graph.lon[i] === x && graph.lat[i] === y) return i;
  throw new Error(`no node at ${x},${y}`);
}

/** Duration of the edge a → b, undefined when there is none. */
function edge(graph: RoadGraph, a: [number, number], b: [number, number]): number | undefined {
  const u = nodeAt(graph, a);
  const v = nodeAt(graph, b);
  for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) if (graph.targets[e] === v) return graph.durationSeconds[e];
  return undefined;
}

const ab = haversineMetres(...A, ...B);
const one = (props: Props) => buildRoadGraph(collection(line([A, B], props))).graph;

describe('road speeds', () => {
  it.each([
    [{ highway: 'motorway', oneway: 'no' }, 110],
    [{ highway: 'primary' }, 80],
    [{ highway: 'secondary' }, 70],
    [{ highway: 'tertiary' }, 60],
    [{ highway: 'unclassified' }, 50],
    [{ highway: 'residential' }, 30],
    [{ highway: 'living_street' }, 10],
    [{ highway: 'service' }, 20],
    [{ highway: 'track' }, 15],
    [{ highway: 'primary', maxspeed: '50' }, 50],
    [{ highway: 'primary', maxspeed: 'FR:zone30' }, 30],
    [{ highway: 'primary', maxspeed: '30 mph' }, 30 * 1.609344],
    [{ highway: 'residential', maxspeed: '50' }, 30],
    [{ highway: 'primary', maxspeed: 'none' }, 80],
    [{ highway: 'primary', maxspeed: '0' }, 80],
  ])('%o is driven at %d km/h', (props, kmh) => {
    const seconds = edge(one(props), A, B)!;
    expect(seconds).toBeCloseTo(ab / (kmh / 3.6), 2);
    expect(Math.fround(seconds)).toBe(seconds);
  });

  it.each([
    ['50', 50],
    ['50 km/h', 50],
    ['70;50', 50],
    ['FR:urban', 50],
    ['FR:rural', 80],
    ['signals', null],
    ['', null],
    ['1000', null],
    [undefined, null],
  ])('maxspeed %s → %s', (raw, kmh) => {
    expect(parseMaxspeedKmh(raw)).toBe(kmh);
  });

  it('stores lengths in metres and the first node at its coordinates', () => {
    const g = one({ highway: 'primary' });
    expect(g.distanceMetres[0]).toBeCloseTo(ab, 1);
    expect(ab).toBeGreaterThan(780);
    expect(ab).toBeLessThan(800);
    expect([g.lon[0], g.lat[0]]).toEqual(A);
  });
});

describe('directions', () => {
  it.each([
    [{ highway: 'residential' }, true, true],
    [{ highway: 'residential', oneway: 'yes' }, true, false],
    [{ highway: 'residential', oneway: '1' }, true, false],
    [{ highway: 'residential', oneway: 'true' }, true, false],
    [{ highway: 'residential', oneway: '-1' }, false, true],
    [{ highway: 'residential', oneway: 'no' }, true, true],
    [{ highway: 'primary', junction: 'roundabout' }, true, false],
    [{ highway: 'primary', junction: 'roundabout', oneway: 'no' }, true, true],
    [{ highway: 'motorway' }, true, false],
    [{ highway: 'motorway_link' }, true, false],
  ])('%o: forward %s, backward %s', (props, forward, backward) => {
    const g = one(props);
    expect(edge(g, A, B) !== undefined).toBe(forward);
    expect(edge(g, B, A) !== undefined).toBe(backward);
  });

  it('a closed roundabout is a one-way ring', () => {
    const ring = [A, B, C, A];
    const { graph } = buildRoadGraph(collection(line(ring, { highway: 'tertiary', junction: 'roundabout' })));
    expect(graph.nodeCount).toBe(3);
    expect(graph.edgeCount).toBe(3);
    expect(edge(graph, C, A)).toBeDefined();
    expect(edge(graph, A, C)).toBeUndefined();
  });
});

describe('what is kept and what is skipped', () => {
  const point = { type: 'Feature', geometry: { type: 'Point', coordinates: A }, properties: { highway: 'bus_stop' } };
  const area = {
    type: 'Feature',
    geometry: { type: 'MultiPolygon', coordinates: [[[A, B, C, A]]] },
    properties: { highway: 'pedestrian', area: 'yes' },
  };
  const commune = { type: 'Feature', geometry: { type: 'Point', coordinates: C }, properties: { name: 'Marlhes' } };

  it('counts every reason and keeps only drivable, open roads', () => {
    const nonDrivable = ['footway', 'path', 'cycleway', 'steps', 'pedestrian', 'bridleway', 'construction'];
    const { graph, stats } = buildRoadGraph(
      collection(
        line([A, B], { highway: 'primary' }),
        ...nonDrivable.map((highway) => line([B, C], { highway })),
        line([B, C], { highway: 'service', access: 'private' }),
        line([B, C], { highway: 'track', access: 'no' }),
        line([B, C], { highway: 'track', access: 'agricultural;forestry' }),
        line([B, C], { highway: 'residential', motor_vehicle: 'no' }),
        line([B, C], { highway: 'residential', oneway: 'reversible' }),
        line([A, C], { highway: 'service', access: 'no', motor_vehicle: 'yes' }),
        line([A, C], { highway: 'tertiary', access: 'destination' }),
        line([[4, 95], B], { highway: 'primary' }),
        { ...line([A, B], { highway: 'primary' }), geometry: { type: 'LineString', coordinates: [['4', '45'], B] } },
        point,
        area,
        commune,
      ),
    );
    expect(stats.skipped).toEqual({ notHighway: 1, notLine: 2, notDrivable: 7, noAccess: 5, invalidGeometry: 2 });
    expect(stats.usedFeatures).toBe(3);
    expect(stats.features).toBe(20);
    expect(graph.nodeCount).toBe(3);
    expect(edge(graph, B, C)).toBeUndefined();
    expect(edge(graph, A, C)).toBeDefined();
    expect(stats).toMatchObject({ nodes: 3, edges: graph.edgeCount });
  });

  it('reads both parts of a MultiLineString, without joining them', () => {
    const D: [number, number] = [4.02, 45.02];
    const multi = {
      type: 'Feature',
      geometry: { type: 'MultiLineString', coordinates: [[A, B], [C, D]] },
      properties: { highway: 'secondary', oneway: 'yes' },
    };
    const { graph, stats } = buildRoadGraph(collection(multi));
    expect(stats.usedFeatures).toBe(1);
    expect(graph.nodeCount).toBe(4);
    expect(edge(graph, A, B)).toBeDefined();
    expect(edge(graph, C, D)).toBeDefined();
    expect(edge(graph, B, C)).toBeUndefined();
  });

  it('joins ways at shared coordinates, rounded to 1e-7 degree, and drops repeated vertices', () => {
    const nearlyB = [B[0] + 2e-9, B[1] - 3e-9];
    const { graph } = buildRoadGraph(
      collection(line([A, B, B], { highway: 'primary' }), line([nearlyB, C], { highway: 'residential' })),
    );
    expect(graph.nodeCount).toBe(3);
    expect(graph.edgeCount).toBe(4);
    expect(edge(graph, B, C)).toBeDefined();
  });

  it('reports progress, twice the number of features in all (checked, then built)', () => {
    const calls: [number, number][] = [];
    const features = Array.from({ length: 3000 }, (_, i) => line([[4 + i * 1e-4, 45], [4 + (i + 1) * 1e-4, 45]], { highway: 'residential' }));
    buildRoadGraph(collection(...features), (done, total) => calls.push([done, total]));
    expect(calls.at(-1)).toEqual([6000, 6000]);
    expect(calls.length).toBeGreaterThanOrEqual(100);
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls.every(([done], i) => i === 0 || done >= calls[i - 1]![0])).toBe(true);
  });
});

describe('files that are not a road network', () => {
  it.each([
    ['an array', [1, 2]],
    ['a string', 'routes'],
    ['null', null],
    ['a single feature', line([A, B], { highway: 'primary' })],
  ])('%s is refused in French', (_, input) => {
    expect(() => buildRoadGraph(input)).toThrow(RoadGraphError);
    expect(() => buildRoadGraph(input)).toThrow(/n'est pas un export GeoJSON du réseau routier/);
  });

  it('says what is missing from a broken collection', () => {
    expect(() => buildRoadGraph({ type: 'FeatureCollection' })).toThrow(/la liste « features » manque/);
    expect(() => buildRoadGraph({ type: 'FeatureCollection', features: {} })).toThrow(/la liste « features » manque/);
  });

  it('names the broken feature', () => {
    expect(() => buildRoadGraph(collection(line([A, B], { highway: 'primary' }), { type: 'Feature' }))).toThrow(/objet n° 2/);
  });

  it('refuses a collection of communes or an empty one', () => {
    const communes = collection({ type: 'Feature', geometry: null, properties: { nom: 'Marlhes' } });
    expect(() => buildRoadGraph(communes)).toThrow(/propriété « highway »/);
    expect(() => buildRoadGraph(collection())).toThrow(/propriété « highway »/);
  });

  it('refuses a file of footpaths only', () => {
    expect(() => buildRoadGraph(collection(line([A, B], { highway: 'footway' })))).toThrow(/Aucune route carrossable/);
  });
});

describe('binary form', () => {
  const { graph } = buildRoadGraph(
    collection(
      line([A, B, C], { highway: 'primary' }),
      line([C, [4.03, 45.02], A], { highway: 'residential', oneway: '-1' }),
      line([[55.4501234, -20.8823456], [55.4511111, -20.8811111]], { highway: 'tertiary' }),
    ),
  );

  it('round-trips every array exactly', () => {
    const buf = serializeGraph(graph);
    expect(buf.byteLength).toBe(20 + 4 * (3 * graph.nodeCount + 1) + 12 * graph.edgeCount);
    const back = deserializeGraph(buf);
    expect(back.nodeCount).toBe(graph.nodeCount);
    expect(back.edgeCount).toBe(graph.edgeCount);
    for (const key of ['lon', 'lat', 'offsets', 'targets', 'durationSeconds', 'distanceMetres'] as const) {
      expect(Array.from(back[key])).toEqual(Array.from(graph[key]));
    }
    expect(back.lon).toContain(55.4501234);
  });

  it('refuses a damaged buffer with a French message', () => {
    const good = serializeGraph(graph);
    const flipped = good.slice(0);
    new Uint8Array(flipped)[good.byteLength - 3]! ^= 0x10;
    expect(() => deserializeGraph(flipped)).toThrow(/somme de contrôle/);
    expect(() => deserializeGraph(good.slice(0, good.byteLength - 4))).toThrow(/taille inattendue/);
    expect(() => deserializeGraph(good.slice(0, 8))).toThrow(/tronquées/);
    expect(() => deserializeGraph(new ArrayBuffer(0))).toThrow(RoadGraphError);
    const magic = good.slice(0);
    new Uint8Array(magic)[0] = 0x7b; // "{": someone stored the GeoJSON instead
    expect(() => deserializeGraph(magic)).toThrow(/pas un graphe routier Tournée/);
    const version = good.slice(0);
    new DataView(version).setUint32(4, 99, true);
    expect(() => deserializeGraph(version)).toThrow(/version non prise en charge \(99\)/);
  });

  it('refuses arrays the search cannot use, even with a matching checksum', () => {
    const badTarget = { ...graph, targets: graph.targets.map((t, i) => (i === 0 ? graph.nodeCount : t)) };
    expect(() => deserializeGraph(serializeGraph(badTarget))).toThrow(/incohérent \(arête vers un nœud inexistant\)/);
    const zero = { ...graph, durationSeconds: graph.durationSeconds.map((d, i) => (i === 1 ? 0 : d)) };
    expect(() => deserializeGraph(serializeGraph(zero))).toThrow(/incohérent \(durée\)/);
    const offsets = { ...graph, offsets: graph.offsets.map((o, i) => (i === 1 ? graph.edgeCount + 1 : o)) };
    expect(() => deserializeGraph(serializeGraph(offsets))).toThrow(/incohérent \(index des arêtes\)/);
  });
});
