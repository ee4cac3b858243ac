import { useMemo, useState } from 'preact/hooks';
import { findDuplicates } from '../../domain/families/duplicates';
import { familyLabel, searchFamilies } from '../../domain/families/search';
import { formatDate, t } from '../i18n';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';
import { DuplicatesReview } from './DuplicatesReview';
import { FamilyFile } from './FamilyFile';
import { loadTerritoryRecords } from './family-data';
import { familyHref } from './link';
import { RetentionPanel } from './RetentionPanel';
import { useFamiliesPath } from './use-hash-path';

const SHOWN = 50;

/** The family files of the territory: search, a file, suspected duplicates, retention. */
export function FamiliesScreen() {
  const { db } = useServices();
  const { territoryId, session } = useSession();
  const path = useFamiliesPath();
  const records = useLiveQuery(() => loadTerritoryRecords(db, territoryId), [db, territoryId]);
  if (!records) return <p class="muted">{t('common.loading')}</p>;
  if (path === 'doublons') return <DuplicatesReview records={records} />;
  if (path === 'conservation' && (session.user.role === 'coordinator' || session.user.role === 'admin')) return <RetentionPanel records={records} />;
  if (path !== '' && path !== 'conservation') return <FamilyFile records={records} familyId={path} />;
  return <FamilyList records={records} />;
}

function FamilyList({ records }: { records: Awaited<ReturnType<typeof loadTerritoryRecords>> }) {
  const { session } = useSession();
  const [query, setQuery] = useState('');
  const found = useMemo(() => searchFamilies(records.families, query), [records.families, query]);
  const duplicates = useMemo(() => findDuplicates(records.families).length, [records.families]);
  const shown = found.slice(0, SHOWN);
  const manager = session.user.role === 'coordinator' || session.user.role === 'admin';
  return (
    <section aria-labelledby="families-title">
      <div class="screen-head">
        <h1 id="families-title">{t('family.title')}</h1>
        <div class="screen-head__actions">
          <a class="btn" href="#/familles/doublons">
            {t('family.duplicatesLink', { count: duplicates })}
          </a>
          {manager ? (
            <a class="btn" href="#/familles/conservation">
              {t('rgpd.retentionLink')}
            </a>
          ) : null}
        </div>
      </div>
      <div class="field">
        <label for="family-search">{t('family.search')}</label>
        <input id="family-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} aria-describedby="family-search-hint" autoComplete="off" />
        <p id="family-search-hint" class="field__hint">
          {t('family.searchHint')}
        </p>
      </div>
      <p class="muted" role="status">
        {t('family.count', { count: found.length })}
      </p>
      <ul class="cards" data-testid="family-list">
        {shown.map((f) => (
          <li key={f.id} class="card entry">
            <h2 class="entry__name">
              <a href={familyHref(f.id)}>
                <bdi>{familyLabel(f) ?? t('family.noName')}</bdi>
              </a>
            </h2>
            <p class="entry__meta">
              {f.guardians.map((g) => g.phone).filter(Boolean).join(' · ')}
              {f.children.length > 0 ? <> · {f.children.map((c) => [c.firstName, c.birthDate ? formatDate(c.birthDate) : c.expectedDate ? t('family.expected', { date: formatDate(c.expectedDate) }) : ''].filter(Boolean).join(' ')).join(', ')}</> : null}
            </p>
          </li>
        ))}
      </ul>
      {found.length > SHOWN ? <p class="muted">{t('family.more', { count: found.length - SHOWN })}</p> : null}
    </section>
  );
}
