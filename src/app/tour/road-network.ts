import { deserializeGraph, type RoadGraphStats } from '../../domain/routing/road-graph';
import { buildNodeIndex, type NodeIndex } from '../../domain/routing/nearest';
import { createRouter, type Router } from '../../domain/routing/shortest-path';
import type { RoadGraph } from '../../domain/routing/road-graph';
import type { RoadGraphEntry, TourneeDB } from '../db/database';

/** A territory's road network ready for queries: the graph, its router and its snapping index. */
export interface RoadNetwork {
  graph: RoadGraph;
  router: Router;
  index: NodeIndex;
  entry: Omit<RoadGraphEntry, 'buffer'>;
}

// Reading and indexing a département's graph takes a few hundred milliseconds: do it once per build.
const cache = new Map<string, { builtAt: string; network: RoadNetwork }>();

export async function saveRoadGraph(
  db: TourneeDB,
  territoryId: string,
  buffer: ArrayBuffer,
  stats: Pick<RoadGraphStats, 'nodes' | 'edges'>,
  source: string,
  extra: Pick<RoadGraphEntry, 'sha256' | 'shared'> = {},
): Promise<void> {
  await db.roadGraphs.put({ territoryId, buffer, nodes: stats.nodes, edges: stats.edges, source, builtAt: new Date().toISOString(), ...extra });
  cache.delete(territoryId);
}

export async function removeRoadGraph(db: TourneeDB, territoryId: string): Promise<void> {
  await db.roadGraphs.delete(territoryId);
  cache.delete(territoryId);
}

/** The territory's network, or undefined when none was imported on this device. */
export async function loadRoadNetwork(db: TourneeDB, territoryId: string): Promise<RoadNetwork | undefined> {
  const stored = await db.roadGraphs.get(territoryId);
  if (!stored) {
    cache.delete(territoryId);
    return undefined;
  }
  const hit = cache.get(territoryId);
  if (hit && hit.builtAt === stored.builtAt) return hit.network;
  const graph = deserializeGraph(stored.buffer);
  const { buffer: _buffer, ...entry } = stored;
  const network = { graph, router: createRouter(graph), index: buildNodeIndex(graph), entry };
  cache.set(territoryId, { builtAt: stored.builtAt, network });
  return network;
}
