import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useServices } from '../services';
import { FormEnd } from '../ui/FormEnd';
import { useLiveQuery } from '../ui/use-live-query';
import type { AdHocVisit } from './tour-state';

/** Adds a visit to the day: a site or a directory entry with a position, how long, and when. */
export function VisitForm({ territoryId, onAdd, onCancel }: { territoryId: string; onAdd: (v: AdHocVisit) => void; onCancel: () => void }) {
  const { db } = useServices();
  const places = useLiveQuery(async () => {
    const [sites, entries] = await Promise.all([
      db.records('site').where('territoryId').equals(territoryId).toArray(),
      db.records('directoryEntry').where('territoryId').equals(territoryId).toArray(),
    ]);
    return [...sites, ...entries]
      .filter((p) => !p.deleted && p.lat !== undefined && p.lon !== undefined)
      .map((p) => ({ id: p.id, label: p.name, lat: p.lat!, lon: p.lon! }))
      .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  }, [db, territoryId]);
  const [placeId, setPlaceId] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  const [error, setError] = useState<string>();

  function submit(e: Event) {
    e.preventDefault();
    const place = places?.find((p) => p.id === (placeId || places[0]?.id));
    const m = Number(minutes);
    if (!place) return setError(t('tour.visit.placeRequired'));
    if (!Number.isInteger(m) || m < 5 || m > 600) return setError(t('tour.visit.minutesInvalid'));
    if (after && before && after >= before) return setError(t('tour.visit.windowInvalid'));
    onAdd({ id: crypto.randomUUID(), label: place.label, lat: place.lat, lon: place.lon, minutes: m, ...(after ? { after } : {}), ...(before ? { before } : {}) });
  }

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="visit-title" noValidate>
      <h3 id="visit-title">{t('tour.addVisit')}</h3>
      <div class="field">
        <label for="visit-place">{t('tour.visit.place')}</label>
        <select id="visit-place" value={placeId} onChange={(e) => setPlaceId(e.currentTarget.value)}>
          {(places ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div class="form__row">
        <div class="field">
          <label for="visit-minutes">{t('tour.visit.minutes')}</label>
          <input id="visit-minutes" type="number" min={5} max={600} inputMode="numeric" value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="visit-after">{t('tour.visit.after')}</label>
          <input id="visit-after" type="time" value={after} onInput={(e) => setAfter(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="visit-before">{t('tour.visit.before')}</label>
          <input id="visit-before" type="time" value={before} onInput={(e) => setBefore(e.currentTarget.value)} />
        </div>
      </div>
      <FormEnd error={error}>
        <button type="submit" class="btn btn--primary">
          {t('tour.visit.add')}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </FormEnd>
    </form>
  );
}
