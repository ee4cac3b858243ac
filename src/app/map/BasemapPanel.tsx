import { useState } from 'preact/hooks';
import { isQuotaError } from '../db/repository';
import { formatBytes, formatDateTime, t } from '../i18n';
import { useServices } from '../services';
import { useLiveQuery } from '../ui/use-live-query';

/** Import of a basemap pack (PMTiles) for the territory's maps, kept on this device. */
export function BasemapPanel({ territoryId }: { territoryId: string }) {
  const { db } = useServices();
  const stored = useLiveQuery(async () => (await db.basemaps.get(territoryId)) ?? null, [db, territoryId]);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);

  async function importFile(file: File) {
    setBusy(true);
    setMessage(undefined);
    try {
      // The header is read before anything is kept: a wrong file changes nothing.
      const { readBasemap } = await import('./basemap');
      const pack = await readBasemap(file, file.name);
      await db.basemaps.put({ territoryId, file, name: file.name, importedAt: new Date().toISOString() });
      setMessage({ text: t('basemap.done', { min: pack.minZoom, max: pack.maxZoom }), error: false });
    } catch (err) {
      setMessage({ text: isQuotaError(err) ? t('error.storage') : err instanceof Error && /PMTiles/.test(err.message) ? err.message : t('basemap.failed'), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card roads" aria-labelledby="basemap-title">
      <h2 id="basemap-title">{t('basemap.title')}</h2>
      <p data-testid="basemap-status">
        {stored ? t('basemap.status', { name: stored.name, size: formatBytes(stored.file.size), time: formatDateTime(stored.importedAt) }) : stored === null ? t('basemap.none') : ''}
      </p>
      <div class="form__actions">
        <label class="btn file-button">
          {stored ? t('basemap.replace') : t('basemap.import')}
          <input
            type="file"
            class="sr-only"
            accept=".pmtiles"
            disabled={busy}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>
        {stored ? (
          <button type="button" class="btn" onClick={() => void db.basemaps.delete(territoryId)}>
            {t('basemap.remove')}
          </button>
        ) : null}
      </div>
      {message ? (
        <p class={message.error ? 'form-error' : 'card card--success'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
