import { deserializeGraph } from '../../domain/routing/road-graph';
import type { TourneeDB } from '../db/database';
import { apiBinary, HttpError, type ApiOptions } from '../sync/api';
import { loadRoadNetwork, saveRoadGraph } from './road-network';

async function sha256(buffer: ArrayBuffer): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Sends this device's graph to the server so the team's devices get it; marks it shared. */
export async function shareRoadNetwork(api: ApiOptions, db: TourneeDB, territoryId: string): Promise<void> {
  const stored = await db.roadGraphs.get(territoryId);
  if (!stored) return;
  await apiBinary(api, 'PUT', `/api/road-networks/${territoryId}`, stored.buffer);
  await db.roadGraphs.update(territoryId, { shared: true, sha256: stored.sha256 ?? (await sha256(stored.buffer)) });
}

/**
 * Fetches the network the coordination shared, when it differs from this device's copy. Returns
 * true when a new graph was stored. Offline, or nothing shared: false, the local copy stays.
 */
export async function fetchSharedRoadNetwork(api: ApiOptions, db: TourneeDB, territoryId: string): Promise<boolean> {
  const stored = await db.roadGraphs.get(territoryId);
  const headers: Record<string, string> = stored?.sha256 ? { 'if-none-match': `"${stored.sha256}"` } : {};
  let answer;
  try {
    answer = await apiBinary(api, 'GET', `/api/road-networks/${territoryId}`, undefined, headers);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return false;
    throw err;
  }
  if (!answer) return false;
  // Read it once before keeping it: a broken download must not replace a working graph.
  const graph = deserializeGraph(answer.bytes);
  await saveRoadGraph(db, territoryId, answer.bytes, { nodes: graph.nodeCount, edges: graph.edgeCount }, 'coordination', { sha256: await sha256(answer.bytes), shared: true });
  await loadRoadNetwork(db, territoryId);
  return true;
}

export { sha256 as bufferSha256 };
