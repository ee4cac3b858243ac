import { directoryKinds } from '../../domain/entities/directory-entry';
import { getLocale, t } from '../i18n';
import { activeFilterCount, noFilters, type DirectoryFilters } from './filters';

const distances = [0, 5, 10, 20, 50];

/** The directory's filters, folded away until asked for: most searches are a word or two. */
export function FiltersPanel({ value, onChange, languages }: { value: DirectoryFilters; onChange: (f: DirectoryFilters) => void; languages: readonly string[] }) {
  const count = activeFilterCount(value);
  const set = (patch: Partial<DirectoryFilters>) => onChange({ ...value, ...patch });
  const languageName = new Intl.DisplayNames([getLocale()], { type: 'language' });
  return (
    <details class="filters" open={count > 0}>
      <summary>{count > 0 ? t('filters.titleActive', { count }) : t('filters.title')}</summary>
      <div class="filters__body">
        <fieldset class="field filters__kinds">
          <legend>{t('filters.kinds')}</legend>
          {directoryKinds.map((k) => (
            <label key={k} class="check">
              <input
                type="checkbox"
                checked={value.kinds.includes(k)}
                onChange={(e) => set({ kinds: e.currentTarget.checked ? [...value.kinds, k] : value.kinds.filter((x) => x !== k) })}
              />
              {t(`kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <div class="form__row">
          <div class="field">
            <label for="filter-distance">{t('filters.distance')}</label>
            <select id="filter-distance" value={String(value.maxDistanceKm)} onChange={(e) => set({ maxDistanceKm: Number(e.currentTarget.value) })}>
              {distances.map((d) => (
                <option key={d} value={String(d)}>
                  {d === 0 ? t('filters.distanceAny') : t('filters.distanceKm', { km: d })}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-birth">{t('filters.childBirthDate')}</label>
            <input id="filter-birth" type="date" value={value.childBirthDate} onChange={(e) => set({ childBirthDate: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="filter-from">{t('filters.placesFrom')}</label>
            <input id="filter-from" type="date" value={value.placesFrom} onChange={(e) => set({ placesFrom: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="filter-language">{t('filters.language')}</label>
            <select id="filter-language" value={value.language} onChange={(e) => set({ language: e.currentTarget.value })}>
              <option value="">{t('filters.languageAny')}</option>
              {languages.map((l) => (
                <option key={l} value={l}>
                  {languageName.of(l) ?? l}
                </option>
              ))}
            </select>
          </div>
        </div>
        <label class="check">
          <input type="checkbox" checked={value.atypicalHours} onChange={(e) => set({ atypicalHours: e.currentTarget.checked })} />
          {t('filters.atypicalHours')}
        </label>
        <label class="check">
          <input type="checkbox" checked={value.disabilityWelcome} onChange={(e) => set({ disabilityWelcome: e.currentTarget.checked })} />
          {t('filters.disabilityWelcome')}
        </label>
        {count > 0 ? (
          <button type="button" class="btn btn--small" onClick={() => onChange(noFilters)}>
            {t('filters.clear')}
          </button>
        ) : null}
      </div>
    </details>
  );
}
