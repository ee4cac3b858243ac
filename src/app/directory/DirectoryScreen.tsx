import { useEffect, useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { hasDraft } from '../ui/use-draft';
import { useLiveQuery } from '../ui/use-live-query';
import { AvailabilityEditor } from './AvailabilityEditor';
import { DirectoryBrowser } from './DirectoryBrowser';
import { lazyComponent } from '../ui/lazy';

// The entry form is opened to edit, not to look up: loaded then (and precached for offline use).
const DirectoryForm = lazyComponent(() => import('./DirectoryForm').then((m) => m.DirectoryForm));

// Import and export carry the CSV parser: loaded when a coordinator opens them.
const TransferPanel = lazyComponent(() => import('./transfer/TransferPanel').then((m) => m.TransferPanel));

type Entry = RecordOf<'directoryEntry'>;

/** Kinds whose free places families ask about. */
const withPlaces = new Set<Entry['kind']>(['assistant_maternel', 'mam', 'micro_creche', 'eaje', 'creche_familiale', 'garde_domicile']);

/** The territory's childcare and services for staff: the parents' search, plus editing offline. */
export function DirectoryScreen() {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const manager = session.user.role === 'coordinator' || session.user.role === 'admin';
  const [transfer, setTransfer] = useState(false);
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  const [availability, setAvailability] = useState<string>();
  // A new entry being typed when the tab was closed opens again with what was typed.
  useEffect(() => {
    void hasDraft(db, 'directory:new').then((found) => found && setEditing((e) => e ?? 'new'));
  }, [db]);
  const communes = useLiveQuery(() => db.records('commune').where('territoryId').equals(territoryId).sortBy('name'), [db, territoryId]) ?? [];
  const entries = useLiveQuery(async (): Promise<Entry[]> => (transfer ? await db.records('directoryEntry').where('territoryId').equals(territoryId).toArray() : []), [db, territoryId, transfer]) ?? [];
  const unsentIds = useLiveQuery(async () => new Set((await db.outbox.where('state').equals('pending').toArray()).map((o) => o.recordId)), [db]);

  return (
    <section aria-labelledby="directory-title">
      <div class="screen-head">
        <h1 id="directory-title">{t('directory.title')}</h1>
        <div class="form__actions">
          {manager ? (
            <button type="button" class="btn" aria-expanded={transfer} onClick={() => setTransfer(!transfer)}>
              {t('transfer.open')}
            </button>
          ) : null}
          <button type="button" class="btn btn--primary" onClick={() => setEditing('new')} disabled={editing !== null}>
            {t('directory.add')}
          </button>
        </div>
      </div>
      {transfer ? <TransferPanel entries={entries} communes={communes} /> : null}
      {editing ? <DirectoryForm entry={editing === 'new' ? undefined : editing} communes={communes} onDone={() => setEditing(null)} /> : null}
      <DirectoryBrowser
        db={db}
        territoryId={territoryId}
        actions={(e) => (
          <>
            {withPlaces.has(e.kind) ? (
              <button
                type="button"
                class="btn btn--small"
                aria-expanded={availability === e.id}
                aria-label={t('availability.openLabel', { name: e.name })}
                onClick={() => setAvailability(availability === e.id ? undefined : e.id)}
              >
                {t('availability.open')}
              </button>
            ) : null}
            <button type="button" class="btn btn--small" onClick={() => setEditing(e)} disabled={editing !== null} aria-label={`${t('common.edit')} : ${e.name}`}>
              {t('common.edit')}
            </button>
            {unsentIds?.has(e.id) ? <span class="badge">{t('directory.unsynced')}</span> : null}
          </>
        )}
        below={(e) => (availability === e.id ? <AvailabilityEditor entry={e} onClose={() => setAvailability(undefined)} /> : null)}
      />
    </section>
  );
}
