/**
 * Export of the outbox to a file and its import back, on this device or another one signed in
 * to the same account. Import only queues what is not queued already; the server's idempotency
 * by mutation id makes a second send harmless.
 */
import { MAX_OUTBOX_FILE_BYTES, outboxFileSchema, type OutboxFile } from '../../domain/sync/outbox-file';
import type { OutboxEntry, TourneeDB } from '../db/database';
import { getClientId } from '../db/meta';
import { applyServerRecord, syncTables } from './apply';
import { outboxTarget } from '../crypto/vault';
import { plainEntries, toMutation } from './push';

export async function exportOutbox(db: TourneeDB, userEmail?: string): Promise<OutboxFile> {
  const entries = await plainEntries(db, await db.outbox.orderBy('seq').toArray());
  return {
    format: 'tournee-unsent-changes',
    version: 1,
    exportedAt: new Date().toISOString(),
    clientId: await getClientId(db),
    ...(userEmail ? { userEmail } : {}),
    mutations: entries.map(toMutation),
  };
}

export type ImportFailure = 'too_large' | 'not_json' | 'not_an_export';

export class OutboxImportError extends Error {
  constructor(readonly kind: ImportFailure) {
    super(kind);
    this.name = 'OutboxImportError';
  }
}

/** Queues the changes of an exported file; returns how many were new. Nothing is written if the file is bad. */
export async function importOutbox(db: TourneeDB, text: string): Promise<{ added: number; alreadyQueued: number }> {
  if (text.length > MAX_OUTBOX_FILE_BYTES) throw new OutboxImportError('too_large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OutboxImportError('not_json');
  }
  const parsed = outboxFileSchema.safeParse(json);
  if (!parsed.success) throw new OutboxImportError('not_an_export');

  // Sealed before the transaction, which cannot wait for WebCrypto.
  const key = await db.vault.requireKey();
  const entries: OutboxEntry[] = await Promise.all(
    parsed.data.mutations.map(async (m) => ({ ...m, state: 'pending' as const, changes: key ? await db.vault.seal(outboxTarget(m), m.changes, key) : m.changes })),
  );
  let added = 0;
  await db.transaction('rw', syncTables(db), async () => {
    for (const [i, m] of parsed.data.mutations.entries()) {
      if ((await db.outbox.where('mutationId').equals(m.mutationId).count()) > 0) continue;
      const entry = entries[i]!;
      await db.outbox.add(entry);
      added += 1;
      // Show the change at once where the record is known here; otherwise pull brings it after the push.
      const local = (await db.records(m.entity).get(m.recordId)) as Record<string, unknown> | undefined;
      if (local) await applyServerRecord(db, { entity: m.entity, record: local });
    }
  });
  return { added, alreadyQueued: parsed.data.mutations.length - added };
}
