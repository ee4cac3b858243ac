import { pullResponseSchema } from '../../domain/sync/protocol';
import type { TourneeDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { apiRequest, type ApiOptions } from './api';
import { applyServerRecords, syncTables } from './apply';

export const PULL_PAGE = 500;

/**
 * Pulls every change since the stored checkpoint, page by page. Each page and its checkpoint are
 * stored in one transaction, so an interrupted pull resumes where it stopped.
 */
export async function pullChanges(db: TourneeDB, api: ApiOptions, onPage?: (received: number) => void): Promise<number> {
  let received = 0;
  for (;;) {
    const since = (await getMeta<number>(db, 'pullSince')) ?? 0;
    const body = await apiRequest(api, 'GET', `/api/sync/pull?since=${since}&limit=${PULL_PAGE}`);
    const page = pullResponseSchema.parse(body);
    await db.transaction('rw', syncTables(db), async () => {
      await applyServerRecords(db, page.changes);
      await setMeta(db, 'pullSince', page.since);
    });
    received += page.changes.length;
    onPage?.(received);
    if (!page.hasMore || page.changes.length === 0) return received;
  }
}
