import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import type { TourneeDB } from '../db/database';
import { t } from '../i18n';
import { useLiveQuery } from '../ui/use-live-query';
import { lazyComponent } from '../ui/lazy';
import { EntryCard } from './EntryCard';
import { FiltersPanel } from './FiltersPanel';
import { noFilters, type DirectoryFilters, type Origin } from './filters';
import { OriginPicker } from './OriginPicker';
import { useDirectoryResults } from './use-directory-results';

type Entry = RecordOf<'directoryEntry'>;

const PAGE = 60;
const DirectoryMap = lazyComponent(() => import('./DirectoryMap').then((m) => m.DirectoryMap));

export interface DirectoryBrowserProps {
  db: TourneeDB;
  territoryId: string;
  /** Extra buttons on each card (staff: edit, availability). */
  actions?: (entry: Entry) => ComponentChildren;
  /** Shown on each card under the actions (staff: an open availability editor). */
  below?: (entry: Entry) => ComponentChildren;
}

/**
 * Search, filters, distance, list and map over the device's copy of a directory: everything
 * here reads IndexedDB only, so it answers the same with or without a network.
 */
export function DirectoryBrowser({ db, territoryId, actions, below }: DirectoryBrowserProps) {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<DirectoryFilters>(noFilters);
  const [origin, setOrigin] = useState<Origin>();
  const [view, setView] = useState<'list' | 'map'>('list');
  const [limit, setLimit] = useState(PAGE);
  const entries = useLiveQuery(() => db.records('directoryEntry').where('territoryId').equals(territoryId).filter((e) => !e.deleted).toArray(), [db, territoryId]);
  const communes = useLiveQuery(() => db.records('commune').where('territoryId').equals(territoryId).sortBy('name'), [db, territoryId]) ?? [];
  const communeName = useMemo(() => new Map(communes.map((c) => [c.code, c.name])), [communes]);
  const languages = useMemo(() => [...new Set((entries ?? []).flatMap((e) => e.languages ?? []))].sort(), [entries]);
  const results = useDirectoryResults(entries, communeName, query, filters, origin);
  const shownEntries = useMemo(() => results.map((r) => r.entry), [results]);

  function showOnList(id: string) {
    setView('list');
    const index = results.findIndex((r) => r.entry.id === id);
    if (index >= limit) setLimit(index + 1);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-entry-id="${id}"] h2`)?.scrollIntoView({ block: 'center' }));
  }

  return (
    <div class="directory">
      <div class="directory__search">
        <div class="field">
          <label for="directory-search">{t('directory.search')}</label>
          <input
            id="directory-search"
            type="search"
            value={query}
            autocomplete="off"
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setLimit(PAGE);
            }}
          />
        </div>
        <OriginPicker communes={communes} value={origin} onChange={setOrigin} />
      </div>
      <FiltersPanel value={filters} onChange={setFilters} languages={languages} />
      <div class="directory__bar">
        <p class="muted" aria-live="polite" role="status">
          {entries === undefined ? t('common.loading') : t('directory.count', { count: results.length })}
        </p>
        <div class="toggle" role="group" aria-label={t('directory.view')}>
          <button type="button" class="btn btn--small" aria-pressed={view === 'list'} onClick={() => setView('list')}>
            {t('directory.viewList')}
          </button>
          <button type="button" class="btn btn--small" aria-pressed={view === 'map'} onClick={() => setView('map')}>
            {t('directory.viewMap')}
          </button>
        </div>
      </div>
      {view === 'map' ? (
        <DirectoryMap db={db} territoryId={territoryId} entries={shownEntries} communes={communes} origin={origin} onSelect={showOnList} />
      ) : (
        <>
          <ul class="cards" data-testid="directory-list">
            {results.slice(0, limit).map(({ entry, distance }) => (
              <EntryCard key={entry.id} entry={entry} communeName={communeName.get(entry.communeCode) ?? entry.communeCode} distance={distance} actions={actions?.(entry)}>
                {below?.(entry)}
              </EntryCard>
            ))}
          </ul>
          {entries !== undefined && results.length === 0 ? <p>{t('directory.noResult')}</p> : null}
          {results.length > limit ? (
            <p>
              <button type="button" class="btn" onClick={() => setLimit(limit + PAGE)}>
                {t('directory.more', { count: Math.min(PAGE, results.length - limit) })}
              </button>
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
