import { useState } from 'preact/hooks';
import { weekdays, type Weekday } from '../../domain/common';
import { sessionKinds } from '../../domain/entities/scheduled-session';
import type { RecordOf } from '../../domain/registry';
import { createRecord, ValidationError } from '../db/repository';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';

type Kind = (typeof sessionKinds)[number];

/** A coordinator defines a recurring schedule at a site; its sessions appear on every device once synced. */
export function SeriesForm({ sites, staff, zone, onDone }: { sites: readonly RecordOf<'site'>[]; staff: readonly RecordOf<'staffUser'>[]; zone: string; onDone: () => void }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const [picked, setSiteId] = useState(sites[0]?.id ?? '');
  // The list may arrive after the form opens: the select then shows its first place, so use it.
  const siteId = sites.some((s) => s.id === picked) ? picked : (sites[0]?.id ?? '');
  const [kind, setKind] = useState<Kind>('permanence');
  const [title, setTitle] = useState('');
  const [freq, setFreq] = useState<'weekly' | 'biweekly' | 'monthly'>('weekly');
  const [days, setDays] = useState<Weekday[]>(['tue']);
  const [nth, setNth] = useState<1 | 2 | 3 | 4 | -1>(1);
  const [startDate, setStartDate] = useState('');
  const [until, setUntil] = useState('');
  const [startTime, setStartTime] = useState('09:00');
  const [endTime, setEndTime] = useState('12:00');
  const [staffIds, setStaffIds] = useState<string[]>([]);
  const [capacity, setCapacity] = useState('');
  const [vehicle, setVehicle] = useState('');
  const [errors, setErrors] = useState<string[]>([]);

  async function submit(e: Event) {
    e.preventDefault();
    const site = sites.find((s) => s.id === siteId);
    const problems = [
      ...(!site ? [t('series.siteRequired')] : []),
      ...(!startDate ? [t('series.startRequired')] : []),
      ...(freq !== 'monthly' && days.length === 0 ? [t('series.daysRequired')] : []),
    ];
    if (problems.length) return setErrors(problems);
    const timing = { startDate, ...(until ? { until } : {}), startTime, endTime, timeZone: site!.timeZone || zone, excludedDates: [], movedOccurrences: [], skipPublicHolidays: true, schoolHolidays: [] };
    const rule = freq === 'monthly' ? { freq: 'monthly' as const, byDay: days[0] ?? 'mon', nth, ...timing } : { freq: 'weekly' as const, interval: freq === 'biweekly' ? 2 : 1, byDay: days, ...timing };
    try {
      await createRecord(db, 'scheduleSeries', territoryId, {
        kind,
        siteId,
        ...(title.trim() ? { title: title.trim() } : {}),
        rule,
        staffIds,
        ...(capacity ? { capacity: Number(capacity) } : {}),
        ...(kind === 'bus_day' && vehicle.trim() ? { vehicle: vehicle.trim() } : {}),
        active: true,
      });
      onDone();
    } catch (err) {
      setErrors(err instanceof ValidationError ? [...new Set(err.issues.map((i) => i.message))] : [describeSaveError(err).message]);
    }
  }

  const toggleDay = (d: Weekday, on: boolean) => setDays(freq === 'monthly' ? [d] : weekdays.filter((x) => (x === d ? on : days.includes(x))));

  return (
    <form class="card form" onSubmit={(e) => void submit(e)} aria-labelledby="series-title" noValidate>
      <h2 id="series-title">{t('series.title')}</h2>
      <div class="form__row">
        <div class="field">
          <label for="series-site">{t('series.site')}</label>
          <select id="series-site" value={siteId} onChange={(e) => setSiteId(e.currentTarget.value)}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="series-kind">{t('series.kind')}</label>
          <select id="series-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            {sessionKinds.map((k) => (
              <option key={k} value={k}>
                {t(`sessionKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="series-name">{t('series.name')}</label>
          <input id="series-name" value={title} maxLength={120} onInput={(e) => setTitle(e.currentTarget.value)} />
        </div>
        {kind === 'bus_day' ? (
          <div class="field">
            <label for="series-vehicle">{t('schedule.vehicle')}</label>
            <input id="series-vehicle" value={vehicle} maxLength={60} aria-describedby="series-vehicle-hint" onInput={(e) => setVehicle(e.currentTarget.value)} />
            <p class="field__hint" id="series-vehicle-hint">
              {t('schedule.vehicleHint')}
            </p>
          </div>
        ) : null}
      </div>
      <div class="field">
        <label for="series-freq">{t('series.freq')}</label>
        <select id="series-freq" value={freq} onChange={(e) => setFreq(e.currentTarget.value as typeof freq)}>
          <option value="weekly">{t('series.weekly')}</option>
          <option value="biweekly">{t('series.biweekly')}</option>
          <option value="monthly">{t('series.monthly')}</option>
        </select>
      </div>
      {freq === 'monthly' ? (
        <div class="field">
          <label for="series-nth">{t('series.nth')}</label>
          <select id="series-nth" value={String(nth)} onChange={(e) => setNth(Number(e.currentTarget.value) as typeof nth)}>
            {([1, 2, 3, 4, -1] as const).map((n) => (
              <option key={n} value={String(n)}>
                {t(n === -1 ? 'series.last' : 'series.nthValue', { n })}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <fieldset class="field days">
        <legend>{freq === 'monthly' ? t('series.day') : t('series.days')}</legend>
        {weekdays.map((d) => (
          <label key={d} class="check">
            <input type={freq === 'monthly' ? 'radio' : 'checkbox'} name="series-day" checked={days.includes(d)} onChange={(e) => toggleDay(d, e.currentTarget.checked)} />
            {t(`day.${d}`)}
          </label>
        ))}
      </fieldset>
      <div class="form__row">
        <div class="field">
          <label for="series-start">{t('series.startDate')}</label>
          <input id="series-start" type="date" value={startDate} onInput={(e) => setStartDate(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="series-until">{t('series.until')}</label>
          <input id="series-until" type="date" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="series-from">{t('match.from')}</label>
          <input id="series-from" type="time" value={startTime} onInput={(e) => setStartTime(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="series-to">{t('match.to')}</label>
          <input id="series-to" type="time" value={endTime} onInput={(e) => setEndTime(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="series-capacity">{t('series.capacity')}</label>
          <input id="series-capacity" type="number" min={0} max={500} inputMode="numeric" value={capacity} onInput={(e) => setCapacity(e.currentTarget.value)} />
        </div>
      </div>
      <fieldset class="field days">
        <legend>{t('series.staff')}</legend>
        {staff.map((s) => (
          <label key={s.id} class="check">
            <input type="checkbox" checked={staffIds.includes(s.id)} onChange={(e) => setStaffIds(e.currentTarget.checked ? [...staffIds, s.id] : staffIds.filter((x) => x !== s.id))} />
            {s.name}
          </label>
        ))}
      </fieldset>
      <p class="field__hint">{t('series.holidays')}</p>
      {errors.length ? (
        <ul class="form-error" role="alert">
          {errors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <div class="form__actions">
        <button type="submit" class="btn btn--primary">
          {t('common.save')}
        </button>
        <button type="button" class="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
