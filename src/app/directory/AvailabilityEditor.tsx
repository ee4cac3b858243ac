import { useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { updateRecord } from '../db/repository';
import { t } from '../i18n';
import { useServices } from '../services';
import { describeSaveError } from '../ui/errors';

type Entry = RecordOf<'directoryEntry'>;

/**
 * Places and "free from" of a provider, changed in a tap during a temps collectif. Each tap is
 * saved at once and syncs only the field it changed, so two animators updating the same
 * assistante maternelle's places and date do not collide.
 */
export function AvailabilityEditor({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const { db } = useServices();
  const [error, setError] = useState<string>();
  const places = entry.placesAvailable ?? 0;
  const id = `avail-${entry.id}`;

  async function save(changes: Partial<Pick<Entry, 'placesAvailable' | 'availableFrom'>>) {
    setError(undefined);
    try {
      await updateRecord(db, 'directoryEntry', entry.id, changes);
    } catch (err) {
      setError(describeSaveError(err).message);
    }
  }

  return (
    <div class="availability" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="availability__title">
        {t('availability.title', { name: entry.name })}
      </h3>
      <div class="availability__row">
        <span id={`${id}-places`}>{t('availability.places')}</span>
        <button type="button" class="btn btn--small" aria-label={t('availability.less')} disabled={places === 0} onClick={() => void save({ placesAvailable: places - 1 })}>
          −
        </button>
        <output class="availability__count" aria-labelledby={`${id}-places`} aria-live="polite">
          {places}
        </output>
        <button type="button" class="btn btn--small" aria-label={t('availability.more')} onClick={() => void save({ placesAvailable: places + 1 })}>
          +
        </button>
      </div>
      <div class="field">
        <label for={`${id}-from`}>{t('availability.from')}</label>
        <input id={`${id}-from`} type="date" value={entry.availableFrom ?? ''} onChange={(e) => void save({ availableFrom: e.currentTarget.value || undefined })} />
      </div>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="button" class="btn btn--small" onClick={onClose}>
        {t('availability.done')}
      </button>
    </div>
  );
}
