import { useEffect, useState } from 'preact/hooks';
import { RoadGraphError } from '../../domain/routing/road-graph';
import { buildGraphInWorker } from '../routing/build-graph';
import { formatDateTime, t } from '../i18n';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';
import { isQuotaError } from '../db/repository';
import { removeRoadGraph, saveRoadGraph } from './road-network';
import { bufferSha256, fetchSharedRoadNetwork, shareRoadNetwork } from './road-network-sync';
import { NetworkError } from '../sync/api';

/**
 * The road network this device routes on: imported from the file made with osmium (see
 * docs/routing.md), built in a worker with a progress bar, kept in IndexedDB.
 */
export function RoadNetworkPanel({ territoryId }: { territoryId: string }) {
  const { db, api } = useServices();
  const { session } = useSession();
  const manager = session.user.role === 'coordinator' || session.user.role === 'admin';
  const stored = useLiveQuery(async () => (await db.roadGraphs.get(territoryId)) ?? null, [db, territoryId]);
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [message, setMessage] = useState<{ text: string; error: boolean }>();

  async function importFile(file: File) {
    setMessage(undefined);
    setProgress({ done: 0, total: 1 });
    try {
      const built = await buildGraphInWorker(file, (done, total) => setProgress({ done, total }));
      await saveRoadGraph(db, territoryId, built.buffer, built.stats, file.name, { sha256: await bufferSha256(built.buffer), shared: false });
      setMessage({ text: t('roads.done', { nodes: built.stats.nodes, edges: built.stats.edges }), error: false });
      if (manager) await share();
    } catch (err) {
      setMessage({ text: err instanceof RoadGraphError ? err.message : isQuotaError(err) ? t('error.storage') : t('roads.failed'), error: true });
    } finally {
      setProgress(undefined);
    }
  }

  async function share() {
    try {
      await shareRoadNetwork(api, db, territoryId);
      setMessage({ text: t('roads.shared'), error: false });
    } catch (err) {
      setMessage({ text: err instanceof NetworkError ? t('roads.shareOffline') : t('roads.shareFailed'), error: true });
    }
  }

  // The network the coordination shared comes down by itself when the device is online.
  useEffect(() => {
    fetchSharedRoadNetwork(api, db, territoryId).then(
      (updated) => updated && setMessage({ text: t('roads.received'), error: false }),
      () => undefined,
    );
  }, [api, db, territoryId]);

  return (
    <section class="card roads" aria-labelledby="roads-title">
      <h2 id="roads-title">{t('roads.title')}</h2>
      {stored ? (
        <p data-testid="roads-status">
          {t('roads.status', { nodes: stored.nodes, source: stored.source, time: formatDateTime(stored.builtAt) })} {stored.shared ? t('roads.isShared') : t('roads.notShared')}
        </p>
      ) : stored === null ? (
        <p data-testid="roads-status">{t('roads.none')}</p>
      ) : null}
      <div class="form__actions">
        <label class="btn file-button">
          {stored ? t('roads.replace') : t('roads.import')}
          <input
            type="file"
            class="sr-only"
            accept=".geojson,.json,application/geo+json,application/json"
            disabled={progress !== undefined}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>
        {stored && manager && !stored.shared ? (
          <button type="button" class="btn" onClick={() => void share()}>
            {t('roads.share')}
          </button>
        ) : null}
        {stored ? (
          <button type="button" class="btn" onClick={() => void removeRoadGraph(db, territoryId)}>
            {t('roads.remove')}
          </button>
        ) : null}
      </div>
      {progress ? (
        <div>
          <label for="roads-progress">{t('roads.building')}</label>
          <progress id="roads-progress" max={progress.total || 1} value={progress.done} />
        </div>
      ) : null}
      {message ? (
        <p class={message.error ? 'form-error' : 'card card--success'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
