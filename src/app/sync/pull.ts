import { pullResponseSchema } from '../../domain/sync/protocol';
import type { TourneeDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { apiRequest, type ApiOptions } from './api';
import { storeServerRecords } from './apply';

export const PULL_PAGE = 500;

/**
 * Pulls every change since the stored checkpoint, page by page. Each page and its checkpoint are
 * stored in one transaction, so an interrupted pull resumes where it stopped. With the vault on,
 * the page is sealed before that transaction and the vault must be open (LockedError otherwise).
 */
export async function pullChanges(db: TourneeDB, api: ApiOptions, onPage?: (received: number) => void): Promise<number> {
  let received = 0;
  for (;;) {
    const since = (await getMeta<number>(db, 'pullSince')) ?? 0;
    const body = await apiRequest(api, 'GET', `/api/sync/pull?since=${since}&limit=${PULL_PAGE}`);
    const page = pullResponseSchema.parse(body);
    await storeServerRecords(db, page.changes, { alsoInTransaction: () => setMeta(db, 'pullSince', page.since) });
    received += page.changes.length;
    onPage?.(received);
    if (!page.hasMore || page.changes.length === 0) return received;
  }
}
