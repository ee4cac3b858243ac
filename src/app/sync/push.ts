import { MAX_MUTATIONS_PER_PUSH, pushResponseSchema, type Mutation } from '../../domain/sync/protocol';
import { outboxTarget } from '../crypto/vault';
import type { OutboxEntry, TourneeDB } from '../db/database';
import { apiRequest, HttpError, type ApiOptions } from './api';
import { storeServerRecords } from './apply';

export interface PushReport {
  sent: number;
  conflicts: number;
  rejected: number;
}

const BATCH = Math.min(100, MAX_MUTATIONS_PER_PUSH);

/** The protocol form of an outbox entry (what is sent, and what an export file holds). */
export function toMutation(e: OutboxEntry): Mutation {
  return {
    mutationId: e.mutationId,
    entity: e.entity,
    recordId: e.recordId,
    baseVersion: e.baseVersion,
    territoryId: e.territoryId,
    changes: e.changes,
    at: e.at,
  };
}

/**
 * Outbox entries as the server must get them: with the vault on, every value in clear (an entry
 * another tab sealed is decrypted here); LockedError while locked, so no envelope is ever sent.
 */
export async function plainEntries(db: TourneeDB, entries: OutboxEntry[]): Promise<OutboxEntry[]> {
  const key = await db.vault.requireKey();
  if (!key) return entries;
  return Promise.all(entries.map(async (e) => ({ ...e, changes: await db.vault.complete(outboxTarget(e), e.changes, key) })));
}

/**
 * Sends the outbox in order, in batches. An entry leaves the outbox only in the transaction that
 * stores the server's answer for it, so a lost response means a resend, which the server
 * acknowledges without applying twice.
 */
export async function pushOutbox(db: TourneeDB, api: ApiOptions, clientId: string): Promise<PushReport> {
  const report: PushReport = { sent: 0, conflicts: 0, rejected: 0 };
  let batchSize = BATCH;
  for (;;) {
    const batch = await plainEntries(db, await db.outbox.where('state').equals('pending').limit(batchSize).sortBy('seq'));
    if (batch.length === 0) return report;
    let body: unknown;
    try {
      body = await apiRequest(api, 'POST', '/api/sync/push', { clientId, mutations: batch.map(toMutation) });
    } catch (e) {
      if (!(e instanceof HttpError) || e.status === 401) throw e;
      const listed = e.body?.error.mutations ?? [];
      if (listed.length === 0 && batch.length > 1) {
        // The batch as a whole was refused (too large?): find the culprit one mutation at a time.
        batchSize = 1;
        continue;
      }
      const refused = listed.length > 0 ? listed : [{ mutationId: batch[0]!.mutationId, message: e.message }];
      await db.transaction('rw', db.outbox, async () => {
        for (const r of refused) {
          await db.outbox.where('mutationId').equals(r.mutationId).modify({ state: 'rejected', error: r.message });
        }
      });
      report.rejected += refused.length;
      continue;
    }
    const { results } = pushResponseSchema.parse(body);
    const byId = new Map(batch.map((b) => [b.mutationId, b]));
    const answered = results.flatMap((result) => {
      const entry = byId.get(result.mutationId);
      return entry ? [{ entry, result }] : [];
    });
    // Acknowledged entries leave in the same transaction, and the records are rebased on what is still unsent.
    await storeServerRecords(
      db,
      answered.map((a) => ({ entity: a.entry.entity, record: a.result.record })),
      { acknowledged: answered.map((a) => a.entry.seq!) },
    );
    report.conflicts += answered.filter((a) => a.result.status === 'conflict').length;
    report.sent += results.length;
    batchSize = BATCH;
  }
}
