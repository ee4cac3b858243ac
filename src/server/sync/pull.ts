import { z } from 'zod';
import { MAX_PULL_LIMIT, type PullResponse } from '../../domain/sync/protocol';
import type { StoreTx } from '../storage/store';
import { toFullRecord, type AuthUser } from './records';

export const DEFAULT_PULL_LIMIT = 500;

const count = z.string().regex(/^\d{1,15}$/).transform(Number);

/** `?since=N&limit=M`: plain non-negative integers; a limit above the maximum is capped. */
export const pullQuerySchema = z.object({
  since: count.optional().default(0),
  limit: count
    .optional()
    .default(DEFAULT_PULL_LIMIT)
    .refine((n) => n >= 1, 'limite d’au moins 1 attendue')
    .transform((n) => Math.min(n, MAX_PULL_LIMIT)),
});

/** Changes after `since` in the caller's territories, oldest first, one page. */
export async function pullChanges(tx: StoreTx, user: AuthUser, since: number, limit: number): Promise<PullResponse> {
  const rows = await tx.listChanges(since, limit + 1, user.territoryIds);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    changes: page.map((r) => ({ entity: r.entity, record: toFullRecord(r) })),
    since: last ? last.seq : since,
    hasMore: rows.length > limit,
  };
}
