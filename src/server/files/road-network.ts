import { createHash } from 'node:crypto';
import { RoadGraphError, deserializeGraph } from '../../domain/routing/road-graph';
import type { AuthUser } from '../sync/records';
import type { StoreTx, StoredFile } from '../storage/store';

/** A département's graph is a few MiB (6.4 MiB for 180,000 junctions); this leaves room for a large one. */
export const MAX_ROAD_NETWORK_BYTES = 40 * 1024 * 1024;

const keyOf = (territoryId: string) => `road-network:${territoryId}`;

export type RoadNetworkOutcome = { ok: true; file: StoredFile } | { ok: false; status: 400 | 403 | 404; code: string; message: string };

/** Who may share a network for a territory: its coordinators and admins. Staff of it may read it. */
function mayPublish(user: AuthUser, territoryId: string): boolean {
  return (user.role === 'coordinator' || user.role === 'admin') && user.territoryIds.includes(territoryId);
}

export function mayRead(user: AuthUser, territoryId: string): boolean {
  return user.role !== 'parent' && user.territoryIds.includes(territoryId);
}

/**
 * Keeps the built graph a coordinator shares with the team. The bytes are read back as a graph
 * before they are stored: a corrupt or foreign file is refused and the previous one stays.
 */
export async function publishRoadNetwork(tx: StoreTx, user: AuthUser, territoryId: string, bytes: Uint8Array<ArrayBuffer>, now: string): Promise<RoadNetworkOutcome> {
  if (!mayPublish(user, territoryId)) return { ok: false, status: 403, code: 'forbidden', message: 'Seule la coordination du territoire peut partager son réseau routier.' };
  try {
    const copy = bytes.slice().buffer;
    deserializeGraph(copy);
  } catch (err) {
    const message = err instanceof RoadGraphError ? err.message : 'Ce fichier n’est pas un réseau routier construit par Tournée.';
    return { ok: false, status: 400, code: 'invalid', message };
  }
  const file: StoredFile = { key: keyOf(territoryId), bytes, sha256: createHash('sha256').update(bytes).digest('hex'), updatedAt: now, updatedBy: user.id };
  await tx.putFile(file);
  return { ok: true, file };
}

export async function readRoadNetwork(tx: StoreTx, user: AuthUser, territoryId: string): Promise<RoadNetworkOutcome> {
  if (!mayRead(user, territoryId)) return { ok: false, status: 403, code: 'forbidden', message: 'Ce territoire ne fait pas partie des vôtres.' };
  const file = await tx.getFile(keyOf(territoryId));
  if (!file) return { ok: false, status: 404, code: 'not_found', message: 'Aucun réseau routier partagé pour ce territoire.' };
  return { ok: true, file };
}
