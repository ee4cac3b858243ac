import { z } from 'zod';
import { maySeeSupportNote } from '../../domain/families/confidentiality';
import { MAX_PULL_LIMIT, type PullResponse } from '../../domain/sync/protocol';
import type { StoreTx, StoredRecord } from '../storage/store';
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

/**
 * Parenting-support notes, and the conflict records that hold their values, go only to the
 * note's author and the family's referent (docs/rgpd.md). Others' pages just skip them; the
 * checkpoint still moves past them.
 */
async function confidentialFilter(tx: StoreTx, user: AuthUser): Promise<(r: StoredRecord) => Promise<boolean>> {
  const families = new Map<string, StoredRecord | undefined>();
  const family = async (id: unknown) => {
    const key = String(id);
    if (!families.has(key)) families.set(key, await tx.getRecord('family', key));
    return families.get(key);
  };
  const mayRead = async (note: StoredRecord | undefined) => {
    if (note === undefined) return false;
    const of = (await family(note.data.familyId))?.data;
    // The emptied tombstone of an erased family's note goes to all: a former referent must lose their copy.
    return maySeeSupportNote(note.data, of, user.id) || (note.data.deleted === true && of?.erasedAt !== undefined);
  };
  return async (r) => {
    if (r.entity === 'supportNote') return mayRead(r);
    if (r.entity === 'conflictRecord' && r.data.entity === 'supportNote') return mayRead(await tx.getRecord('supportNote', String(r.data.recordId)));
    return true;
  };
}

/** Changes after `since` in the caller's territories, oldest first, one page. */
export async function pullChanges(tx: StoreTx, user: AuthUser, since: number, limit: number): Promise<PullResponse> {
  const rows = await tx.listChanges(since, limit + 1, user.territoryIds);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const visible = await confidentialFilter(tx, user);
  const shown: StoredRecord[] = [];
  for (const r of page) if (await visible(r)) shown.push(r);
  return {
    changes: shown.map((r) => ({ entity: r.entity, record: toFullRecord(r) })),
    since: last ? last.seq : since,
    hasMore: rows.length > limit,
  };
}
