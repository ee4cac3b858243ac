import type { ImportedEntry } from '../../../domain/directory/import-csv';
import type { RecordOf } from '../../../domain/registry';
import { normalizeText } from '../../../domain/text';
import type { BulkItem } from '../../db/repository';

type Entry = RecordOf<'directoryEntry'>;

/** Same provider: same kind, commune and name (accents and case aside). */
function identity(e: Pick<Entry, 'kind' | 'communeCode' | 'name'>): string {
  return `${e.kind}|${e.communeCode}|${normalizeText(e.name)}`;
}

/**
 * What an import will do: a line naming a provider already in the directory updates it (only
 * the columns the file fills), any other line creates an entry. Re-importing the same file
 * therefore changes nothing instead of doubling the directory.
 */
export function planImport(existing: readonly Entry[], imported: readonly ImportedEntry[]): { items: BulkItem<'directoryEntry'>[]; creates: number; updates: number } {
  const byIdentity = new Map(existing.filter((e) => !e.deleted).map((e) => [identity(e), e.id]));
  let creates = 0;
  let updates = 0;
  const items = imported.map(({ fields }): BulkItem<'directoryEntry'> => {
    const id = byIdentity.get(identity(fields));
    if (id) {
      updates += 1;
      return { id, edit: fields };
    }
    creates += 1;
    return { create: fields };
  });
  return { items, creates, updates };
}
