import { useMemo, useRef } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { DirectorySearchIndex } from '../../domain/directory/search-index';
import { searchDirectory, type DirectorySearchQuery } from '../../domain/directory/search';
import { t } from '../i18n';
import type { DirectoryFilters, Origin } from './filters';

type Entry = RecordOf<'directoryEntry'>;

export interface DirectoryResult {
  entry: Entry;
  distance?: number | undefined;
}

/** Today as a local calendar date, the day a child's age is read at when no date is given. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Keeps one search index over the live entries, updated entry by entry when a sync or an edit
 * changes a few (a full rebuild for 50,000 entries would be felt on a cheap tablet).
 */
function useSearchIndex(entries: readonly Entry[] | undefined, communeName: ReadonlyMap<string, string>) {
  const state = useRef<{ index: DirectorySearchIndex; seen: Map<string, Entry>; names: ReadonlyMap<string, string> } | undefined>(undefined);
  return useMemo(() => {
    const list = entries ?? [];
    const current = state.current;
    if (!current || current.names !== communeName) {
      const index = new DirectorySearchIndex(list, { communeName: (code) => communeName.get(code), kindLabel: (k) => t(`kind.${k}`) });
      state.current = { index, seen: new Map(list.map((e) => [e.id, e])), names: communeName };
      return index;
    }
    const next = new Map<string, Entry>();
    for (const e of list) {
      next.set(e.id, e);
      // Dexie hands back the same object for an unchanged record only within one query: compare content markers.
      const before = current.seen.get(e.id);
      if (!before || before.version !== e.version || before.updatedAt !== e.updatedAt) current.index.upsert(e);
    }
    for (const id of current.seen.keys()) if (!next.has(id)) current.index.remove(id);
    current.seen = next;
    return current.index;
  }, [entries, communeName]);
}

/** The directory entries matching what the person typed and chose, best first. */
export function useDirectoryResults(
  entries: readonly Entry[] | undefined,
  communeName: ReadonlyMap<string, string>,
  text: string,
  filters: DirectoryFilters,
  origin: Origin | undefined,
): DirectoryResult[] {
  const index = useSearchIndex(entries, communeName);
  return useMemo(() => {
    const byId = new Map((entries ?? []).map((e) => [e.id, e]));
    const query: DirectorySearchQuery = {
      text,
      limit: Number.MAX_SAFE_INTEGER,
      ...(filters.kinds.length ? { kinds: filters.kinds } : {}),
      ...(origin ? { near: { origin, ...(filters.maxDistanceKm > 0 ? { maxDistanceMetres: filters.maxDistanceKm * 1000 } : {}) } } : {}),
      ...(filters.childBirthDate ? { childAge: { birthDate: filters.childBirthDate, atDate: filters.placesFrom || today() } } : {}),
      ...(filters.placesFrom ? { placesFrom: filters.placesFrom } : {}),
      ...(filters.atypicalHours ? { atypicalHours: true } : {}),
      ...(filters.disabilityWelcome ? { disabilityWelcome: true } : {}),
      ...(filters.language ? { languages: [filters.language] } : {}),
    };
    return searchDirectory(index, query).flatMap((hit) => {
      const entry = byId.get(hit.id);
      return entry ? [{ entry, distance: hit.distanceMetres }] : [];
    });
  }, [index, entries, text, filters, origin]);
}
