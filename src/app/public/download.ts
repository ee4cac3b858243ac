import { databaseMayExist } from '../db/exists';
import { publicSnapshotSchema, publicTerritoriesSchema, type PublicTerritories } from '../../domain/public/snapshot';
import type { TourneeDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { apiRequest, type ApiOptions } from '../sync/api';

/** What the parent's device keeps: which territory, and when its copy was taken. */
export interface PublicCopy {
  territoryId: string;
  downloadedAt: string;
}

const COPY_KEY = 'publicCopy';

export async function fetchTerritories(api: ApiOptions): Promise<PublicTerritories['territories']> {
  return publicTerritoriesSchema.parse(await apiRequest(api, 'GET', '/api/public/territories')).territories;
}

export async function getPublicCopy(db: TourneeDB): Promise<PublicCopy | undefined> {
  // A first visit: no copy, and no empty database built just to say so.
  if (!(await databaseMayExist(db.name))) return undefined;
  return getMeta<PublicCopy>(db, COPY_KEY);
}

/**
 * Downloads a territory's public directory and replaces the device's copy in one transaction:
 * a failed download leaves the previous copy whole, so search keeps working offline.
 */
export async function downloadTerritory(api: ApiOptions, db: TourneeDB, territoryId: string): Promise<PublicCopy> {
  const snap = publicSnapshotSchema.parse(await apiRequest(api, 'GET', `/api/public/territories/${encodeURIComponent(territoryId)}`));
  const copy: PublicCopy = { territoryId, downloadedAt: snap.generatedAt };
  const territories = db.records('territory');
  const communes = db.records('commune');
  const entries = db.records('directoryEntry');
  const sites = db.records('site');
  const series = db.records('scheduleSeries');
  const sessions = db.records('scheduledSession');
  await db.transaction('rw', [territories, communes, entries, sites, series, sessions, db.meta], async () => {
    // One territory at a time on a parent's phone: a new choice replaces the old one.
    await Promise.all([territories.clear(), communes.clear(), entries.clear(), sites.clear(), series.clear(), sessions.clear()]);
    await territories.put(snap.territory);
    await communes.bulkPut(snap.communes);
    await entries.bulkPut(snap.directoryEntries);
    await sites.bulkPut(snap.sites);
    await series.bulkPut(snap.scheduleSeries);
    await sessions.bulkPut(snap.scheduledSessions);
    await setMeta(db, COPY_KEY, copy);
  });
  return copy;
}
