import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DirectoryBrowser } from '../directory/DirectoryBrowser';
import { formatDateTime, t } from '../i18n';
import { useServices } from '../services';
import { useLiveQuery } from '../ui/use-live-query';
import { downloadTerritory, getPublicCopy, type PublicCopy } from './download';
import { TerritoryPicker } from './TerritoryPicker';
import { downloadErrorMessage } from './download-message';
import { lazyComponent } from '../ui/lazy';

// The coming visits carry the recurrence and calendar code: loaded when opened, precached for offline use.
const NextVisits = lazyComponent(() => import('./NextVisits').then((m) => m.NextVisits));

/**
 * A parent's screens work on the copy of their territory kept on the phone: chosen once with a
 * network, then usable anywhere. This frame asks for the territory first, and offers to refresh.
 */
export function WithPublicCopy({ title, children }: { title: string; children: (territoryId: string) => ComponentChildren }) {
  const { publicDb, api } = useServices();
  const [copy, setCopy] = useState<PublicCopy | null>();
  const [choosing, setChoosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const territory = useLiveQuery(async () => (copy ? await publicDb.records('territory').get(copy.territoryId) : undefined), [publicDb, copy]);

  useEffect(() => {
    void getPublicCopy(publicDb).then((c) => setCopy(c ?? null));
  }, [publicDb]);

  async function refresh() {
    if (!copy) return;
    setBusy(true);
    setError(undefined);
    try {
      setCopy(await downloadTerritory(api, publicDb, copy.territoryId));
    } catch (err) {
      setError(downloadErrorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (copy === undefined) return <p class="muted">{t('common.loading')}</p>;
  if (copy === null || choosing)
    return (
      <TerritoryPicker
        onDone={(c) => {
          setCopy(c);
          setChoosing(false);
        }}
        onCancel={copy ? () => setChoosing(false) : undefined}
      />
    );
  return (
    <>
      <div class="copy-info" aria-label={title} role="group">
        <p class="muted">{t('find.copy', { territory: territory?.name ?? '', time: formatDateTime(copy.downloadedAt) })}</p>
        <button type="button" class="btn btn--small" onClick={() => void refresh()} disabled={busy}>
          {busy ? t('find.refreshing') : t('find.refresh')}
        </button>
        <button type="button" class="btn btn--small" onClick={() => setChoosing(true)}>
          {t('find.changeTerritory')}
        </button>
      </div>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {children(copy.territoryId)}
    </>
  );
}

/** Search for childcare and services. */
export function ParentDirectory() {
  const { publicDb } = useServices();
  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">{t('find.title')}</h1>
      <WithPublicCopy title={t('find.copyTitle')}>{(territoryId) => <DirectoryBrowser db={publicDb} territoryId={territoryId} />}</WithPublicCopy>
    </section>
  );
}

/** When the relais or the bus comes to the parent's commune. */
export function ParentVisits() {
  return (
    <section aria-labelledby="visits-title">
      <h1 id="visits-title">{t('visits.title')}</h1>
      <WithPublicCopy title={t('find.copyTitle')}>{(territoryId) => <NextVisits territoryId={territoryId} />}</WithPublicCopy>
    </section>
  );
}
