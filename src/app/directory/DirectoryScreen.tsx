import { useEffect, useMemo, useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { matchesQuery } from '../../domain/text';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { hasDraft } from '../ui/use-draft';
import { useLiveQuery } from '../ui/use-live-query';
import { DirectoryForm } from './DirectoryForm';

type Entry = RecordOf<'directoryEntry'>;

const PAGE = 60;

/** The territory's childcare and services, searchable offline, editable offline. */
export function DirectoryScreen() {
  const { db } = useServices();
  const { territoryId } = useSession();
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  // A territory can hold thousands of entries: draw a page of them, more on request.
  const [limit, setLimit] = useState(PAGE);
  // A new entry being typed when the tab was closed opens again with what was typed.
  useEffect(() => {
    void hasDraft(db, 'directory:new').then((found) => found && setEditing((e) => e ?? 'new'));
  }, [db]);
  const entries = useLiveQuery(() => db.records('directoryEntry').where('territoryId').equals(territoryId).filter((e) => !e.deleted).toArray(), [db, territoryId]);
  const communes = useLiveQuery(() => db.records('commune').where('territoryId').equals(territoryId).sortBy('name'), [db, territoryId]) ?? [];
  const unsentIds = useLiveQuery(async () => new Set((await db.outbox.where('state').equals('pending').toArray()).map((o) => o.recordId)), [db]);
  const communeName = useMemo(() => new Map(communes.map((c) => [c.code, c.name])), [communes]);

  const shown = useMemo(() => {
    const list = (entries ?? []).filter((e) => matchesQuery(`${e.name} ${communeName.get(e.communeCode) ?? ''} ${t(`kind.${e.kind}`)}`, query));
    return list.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }, [entries, query, communeName]);

  return (
    <section aria-labelledby="directory-title">
      <div class="screen-head">
        <h1 id="directory-title">{t('directory.title')}</h1>
        <button type="button" class="btn btn--primary" onClick={() => setEditing('new')} disabled={editing !== null}>
          {t('directory.add')}
        </button>
      </div>
      {editing ? <DirectoryForm entry={editing === 'new' ? undefined : editing} communes={communes} onDone={() => setEditing(null)} /> : null}
      <div class="field">
        <label for="directory-search">{t('directory.search')}</label>
        <input
          id="directory-search"
          type="search"
          value={query}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setLimit(PAGE);
          }}
        />
      </div>
      {entries === undefined ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <p class="muted" aria-live="polite">
            {t('directory.count', { count: shown.length })}
          </p>
          <ul class="cards" data-testid="directory-list">
            {shown.slice(0, limit).map((e) => (
              <li key={e.id} class="card entry">
                <h2 class="entry__name">{e.name}</h2>
                <p class="entry__meta">
                  {t(`kind.${e.kind}`)} · {communeName.get(e.communeCode) ?? e.communeCode}
                  {e.placesAvailable !== undefined ? <> · {t('directory.places', { count: e.placesAvailable })}</> : null}
                  {unsentIds?.has(e.id) ? <span class="badge">{t('directory.unsynced')}</span> : null}
                </p>
                {e.address ? <p>{e.address}</p> : null}
                <p class="entry__actions">
                  {e.phone ? (
                    <a class="btn btn--small" href={`tel:${e.phone.replace(/[^+\d]/g, '')}`}>
                      <span class="sr-only">{t('directory.call', { name: e.name })} </span>
                      {e.phone}
                    </a>
                  ) : null}
                  <button type="button" class="btn btn--small" onClick={() => setEditing(e)} disabled={editing !== null} aria-label={`${t('common.edit')} : ${e.name}`}>
                    {t('common.edit')}
                  </button>
                </p>
              </li>
            ))}
          </ul>
          {shown.length === 0 ? <p>{t('common.none')}</p> : null}
          {shown.length > limit ? (
            <p>
              <button type="button" class="btn" onClick={() => setLimit(limit + PAGE)}>
                {t('directory.more', { count: Math.min(PAGE, shown.length - limit) })}
              </button>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
