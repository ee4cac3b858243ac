import { entities, isEntityName, type RecordOf } from '../../domain/registry';
import type { TourneeDB } from '../db/database';
import { updateRecord } from '../db/repository';

type Conflict = RecordOf<'conflictRecord'>;
export type Resolution = { kind: 'kept' } | { kind: 'restored' } | { kind: 'combined'; value: unknown };

/**
 * Applies a person's choice on a conflict: an ordinary local edit of the record (when the value
 * changes) and of the conflict record, in one transaction, so both sync together.
 */
export async function resolveConflict(db: TourneeDB, c: Conflict, choice: Resolution, userId: string): Promise<void> {
  const table = isEntityName(c.entity) ? entities[c.entity].table : entities.conflictRecord.table;
  await db.transaction('rw', db.records('conflictRecord'), db.table(table), db.outbox, async () => {
    if (choice.kind !== 'kept' && isEntityName(c.entity)) {
      const value = choice.kind === 'restored' ? c.otherValue : choice.value;
      await updateRecord(db, c.entity, c.recordId, { [c.field]: value } as never);
    }
    await updateRecord(db, 'conflictRecord', c.id, {
      status: 'resolved',
      resolution: choice.kind,
      resolvedBy: userId,
      resolvedAt: new Date().toISOString(),
    });
  });
}

/** A short name for the record a conflict is about, for the person to recognise it. */
export function recordTitle(record: Record<string, unknown> | undefined): string | undefined {
  if (!record) return undefined;
  for (const key of ['name', 'phone', 'receiptCode', 'email']) {
    const v = record[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return undefined;
}
