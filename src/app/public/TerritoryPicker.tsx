import { useEffect, useState } from 'preact/hooks';
import type { PublicTerritories } from '../../domain/public/snapshot';
import { t } from '../i18n';
import { useServices } from '../services';
import { downloadTerritory, fetchTerritories, type PublicCopy } from './download';
import { downloadErrorMessage } from './download-message';

type Territory = PublicTerritories['territories'][number];

/** First step on a parent's phone: which territory to keep for offline search. Needs a network once. */
export function TerritoryPicker({ onDone, onCancel }: { onDone: (c: PublicCopy) => void; onCancel?: (() => void) | undefined }) {
  const { publicDb, api } = useServices();
  const [territories, setTerritories] = useState<Territory[]>();
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setError(undefined);
    fetchTerritories(api).then(
      (list) => {
        setTerritories(list);
        setChosen((c) => c || list[0]?.id || '');
      },
      (err: unknown) => setError(downloadErrorMessage(err)),
    );
  }, [api, attempt]);

  async function submit(e: Event) {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await downloadTerritory(api, publicDb, chosen));
    } catch (err) {
      setError(downloadErrorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="territory-title" class="narrow">
      <h2 id="territory-title">{t('find.chooseTitle')}</h2>
      <p>{t('find.chooseIntro')}</p>
      {territories ? (
        <form class="card" onSubmit={(e) => void submit(e)}>
          <div class="field">
            <label for="public-territory">{t('find.territory')}</label>
            <select id="public-territory" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
              {territories.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.departement ? `${x.name} (${x.departement})` : x.name}
                </option>
              ))}
            </select>
          </div>
          <div class="form__actions">
            <button type="submit" class="btn btn--primary" disabled={busy || !chosen}>
              {busy ? t('find.downloading') : t('find.download')}
            </button>
            {onCancel ? (
              <button type="button" class="btn" onClick={onCancel}>
                {t('common.cancel')}
              </button>
            ) : null}
          </div>
        </form>
      ) : error ? null : (
        <p class="muted">{t('common.loading')}</p>
      )}
      {error ? (
        <div role="alert">
          <p class="form-error">{error}</p>
          {!territories ? (
            <button type="button" class="btn" onClick={() => setAttempt(attempt + 1)}>
              {t('find.retry')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
