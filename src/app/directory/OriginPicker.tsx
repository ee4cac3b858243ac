import { useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { t } from '../i18n';
import type { Origin } from './filters';

type Commune = RecordOf<'commune'>;

/**
 * Where distances count from: a commune chosen in the list (works with no permission and no
 * network), or the device's position when the person allows it.
 */
export function OriginPicker({ communes, value, onChange }: { communes: readonly Commune[]; value: Origin | undefined; onChange: (o: Origin | undefined) => void }) {
  const [status, setStatus] = useState<'idle' | 'locating' | 'denied' | 'unavailable'>('idle');

  function locate() {
    if (!('geolocation' in navigator)) return setStatus('unavailable');
    setStatus('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setStatus('idle');
        onChange({ lat: pos.coords.latitude, lon: pos.coords.longitude, source: 'position' });
      },
      (err) => setStatus(err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      // A cached fix is fine for "what is near me", and GPS without network can be slow.
      { maximumAge: 10 * 60_000, timeout: 20_000 },
    );
  }

  const selected = value?.source === 'position' ? 'position' : (value?.source ?? '');
  return (
    <div class="origin">
      <div class="field">
        <label for="directory-origin">{t('origin.label')}</label>
        <select
          id="directory-origin"
          value={selected}
          onChange={(e) => {
            const code = e.currentTarget.value;
            const c = communes.find((x) => x.code === code);
            onChange(c ? { lat: c.lat, lon: c.lon, source: c.code } : code === 'position' ? value : undefined);
          }}
        >
          <option value="">{t('origin.none')}</option>
          {value?.source === 'position' ? <option value="position">{t('origin.position')}</option> : null}
          {communes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" class="btn" onClick={locate} disabled={status === 'locating'}>
        {status === 'locating' ? t('origin.locating') : t('origin.nearMe')}
      </button>
      {status === 'denied' || status === 'unavailable' ? (
        <p class="field__hint" role="status">
          {t(status === 'denied' ? 'origin.denied' : 'origin.unavailable')}
        </p>
      ) : null}
    </div>
  );
}
