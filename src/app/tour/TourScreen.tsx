import { useEffect, useMemo, useState } from 'preact/hooks';
import { frenchClock, lateStopMessage } from '../../domain/routing/day-plan-messages';
import { DayPlanError } from '../../domain/routing/day-plan';
import { navLinks, preferredNavLink } from '../../domain/routing/nav-links';
import { sessionsBetween } from '../../domain/scheduling/occurrences';
import { addDays, toInstantMs, toZoned } from '../../domain/scheduling/zoned-time';
import { formatEntryDistance } from '../directory/EntryCard';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { lazyComponent } from '../ui/lazy';
import { platform } from '../ui/platform';
import { useLiveQuery } from '../ui/use-live-query';
import { BasemapPanel } from '../map/BasemapPanel';
import { RoadNetworkPanel } from './RoadNetworkPanel';
import { loadRoadNetwork } from './road-network';
import { defaultChoices, loadChoices, saveChoices, type TourChoices } from './tour-state';
import { DEPOT_ID, planTour, type Tour, type TourStop } from './tour-plan';
import { VisitForm } from './VisitForm';

const TourMap = lazyComponent(() => import('./TourMap').then((m) => m.TourMap));

function minutes(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m < 60 ? t('tour.minutes', { m }) : t('tour.hours', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
}

/**
 * "Ma tournée": the day's stops from the schedule plus visits added by hand, put in the best
 * order with departure times, drive times and the road, all computed on the device.
 */
export function TourScreen() {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const territory = useLiveQuery(() => db.records('territory').get(territoryId), [db, territoryId]);
  const zone = territory?.timeZone ?? 'Europe/Paris';
  const [date, setDate] = useState(() => toZoned(Date.now(), zone).localDate);
  const [everyone, setEveryone] = useState(false);
  const [choices, setChoices] = useState<TourChoices>(defaultChoices);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    void loadChoices(db, territoryId, date).then(setChoices);
  }, [db, territoryId, date]);
  function update(next: TourChoices) {
    setChoices(next);
    void saveChoices(db, territoryId, date, next);
  }

  const sites = useLiveQuery(() => db.records('site').where('territoryId').equals(territoryId).filter((s) => !s.deleted).sortBy('name'), [db, territoryId]) ?? [];
  const dayStart = useMemo(() => new Date(toInstantMs(date, '00:00', zone)).toISOString(), [date, zone]);
  const dayEnd = useMemo(() => new Date(toInstantMs(addDays(date, 1), '00:00', zone)).toISOString(), [date, zone]);
  const sessions = useLiveQuery(async () => {
    const [series, records] = await Promise.all([
      db.records('scheduleSeries').where('territoryId').equals(territoryId).toArray(),
      db.records('scheduledSession').where('start').between(new Date(Date.parse(dayStart) - 86_400_000).toISOString(), new Date(Date.parse(dayEnd) + 86_400_000).toISOString()).toArray(),
    ]);
    return sessionsBetween(series, records.filter((r) => r.territoryId === territoryId), dayStart, dayEnd);
  }, [db, territoryId, dayStart, dayEnd]);
  // Wrapped so "still loading" (undefined) differs from "no network on this device".
  const loaded = useLiveQuery(async () => ({ network: await loadRoadNetwork(db, territoryId) }), [db, territoryId]);
  const network = loaded?.network;

  const siteById = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites]);
  const depot = siteById.get(choices.depotSiteId ?? '') ?? sites.find((s) => s.kind === 'relais_office') ?? sites[0];
  const mine = (sessions ?? []).filter((s) => s.status !== 'cancelled' && (everyone || s.staffIds.includes(session.user.id)));

  const stops: TourStop[] = useMemo(() => {
    const fromSessions = mine.flatMap((s): TourStop[] => {
      const site = siteById.get(s.siteId);
      if (!site || site.lat === undefined || site.lon === undefined) return [];
      const startsAt = Date.parse(s.start);
      return [{ id: s.key, label: `${t(`sessionKind.${s.kind}`)} — ${site.name}`, lat: site.lat, lon: site.lon, serviceSeconds: (Date.parse(s.end) - startsAt) / 1000, startsAt, pinnedAt: choices.pins[s.key] }];
    });
    const visits = choices.visits.map((v): TourStop => ({
      id: v.id,
      label: v.label,
      lat: v.lat,
      lon: v.lon,
      serviceSeconds: v.minutes * 60,
      earliest: v.after ? toInstantMs(date, v.after, zone) : undefined,
      latest: v.before ? toInstantMs(date, v.before, zone) - v.minutes * 60_000 : undefined,
      pinnedAt: choices.pins[v.id],
    }));
    return [...fromSessions, ...visits];
  }, [mine, siteById, choices, date, zone]);
  const unplaced = mine.filter((s) => {
    const site = siteById.get(s.siteId);
    return !site || site.lat === undefined;
  });

  const result = useMemo((): { tour?: Tour; error?: string } => {
    if (!loaded || !depot || depot.lat === undefined || depot.lon === undefined || stops.length === 0) return {};
    try {
      return { tour: planTour(network, { lat: depot.lat, lon: depot.lon }, toInstantMs(date, choices.departTime, zone), stops) };
    } catch (err) {
      return { error: err instanceof DayPlanError ? err.message : t('tour.error') };
    }
  }, [loaded, depot, stops, network, date, choices.departTime, zone]);

  const label = (id: string) => (id === DEPOT_ID ? (depot?.name ?? '') : (stops.find((s) => s.id === id)?.label ?? id));
  const point = (id: string) => (id === DEPOT_ID ? depot : stops.find((s) => s.id === id));
  const clock = (ms: number) => frenchClock(ms, zone);
  const tour = result.tour;

  return (
    <section aria-labelledby="tour-title">
      <h1 id="tour-title">{t('tour.title')}</h1>
      <div class="form__row">
        <div class="field">
          <label for="tour-date">{t('tour.date')}</label>
          <input id="tour-date" type="date" value={date} onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="tour-depot">{t('tour.depot')}</label>
          <select id="tour-depot" value={depot?.id ?? ''} onChange={(e) => update({ ...choices, depotSiteId: e.currentTarget.value })}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="tour-depart">{t('tour.departTime')}</label>
          <input id="tour-depart" type="time" value={choices.departTime} onChange={(e) => e.currentTarget.value && update({ ...choices, departTime: e.currentTarget.value })} />
        </div>
      </div>
      <label class="check">
        <input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.currentTarget.checked)} />
        {t('tour.everyone')}
      </label>

      <h2>{t('tour.stops', { count: stops.length })}</h2>
      {stops.length === 0 ? <p>{t('tour.noStop')}</p> : null}
      <ul class="stops" data-testid="tour-stops">
        {stops.map((s) => (
          <li key={s.id} class="stop">
            <span class="stop__label">
              {s.label}
              {s.startsAt !== undefined ? <span class="muted"> · {clock(s.startsAt)}</span> : null}
            </span>
            <label class="sr-only" for={`pin-${s.id}`}>
              {t('tour.pinLabel', { stop: s.label })}
            </label>
            <select
              id={`pin-${s.id}`}
              value={s.pinnedAt === undefined ? '' : String(s.pinnedAt)}
              onChange={(e) => {
                const pins = { ...choices.pins };
                if (e.currentTarget.value === '') delete pins[s.id];
                else pins[s.id] = Number(e.currentTarget.value);
                update({ ...choices, pins });
              }}
            >
              <option value="">{t('tour.pinAuto')}</option>
              {stops.map((_, i) => (
                <option key={i} value={String(i)}>
                  {t('tour.pinAt', { n: i + 1 })}
                </option>
              ))}
            </select>
            {choices.visits.some((v) => v.id === s.id) ? (
              <button type="button" class="btn btn--small" onClick={() => update({ ...choices, visits: choices.visits.filter((v) => v.id !== s.id) })}>
                {t('common.delete')}
                <span class="sr-only"> {s.label}</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {unplaced.length > 0 ? <p class="card card--warning">{t('tour.unplaced', { count: unplaced.length })}</p> : null}
      {adding ? (
        <VisitForm
          territoryId={territoryId}
          onAdd={(v) => {
            update({ ...choices, visits: [...choices.visits, v] });
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" class="btn" onClick={() => setAdding(true)}>
          {t('tour.addVisit')}
        </button>
      )}

      {result.error ? (
        <p class="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {tour ? (
        <div class="tour" data-testid="tour-plan">
          <h2>{t('tour.planTitle')}</h2>
          <p class={tour.plan.estimate === 'road' ? 'card card--info' : 'card card--warning'} data-testid="tour-estimate">
            {tour.plan.estimate === 'road' ? t('tour.onRoads') : t('tour.straightLine')}
            {tour.fallbackPairs > 0 ? ` ${t('tour.someStraight')}` : ''}
          </p>
          <p role="status">
            {t('tour.summary', {
              depart: clock(tour.plan.totals.departAt),
              back: clock(tour.plan.totals.finishAt),
              drive: minutes(tour.plan.totals.driveSeconds),
              km: formatEntryDistance(tour.legs.reduce((s, l) => s + l.distanceMetres, 0)).replace(/^à /, ''),
            })}{' '}
            {tour.plan.method === 'exact' ? t('tour.exact') : t('tour.heuristic', { gap: Math.round(tour.plan.gap * 100) })}
          </p>
          {tour.plan.late.length > 0 ? (
            <ul class="card card--warning" role="alert">
              {tour.plan.late.map((l) => (
                <li key={l.stopId}>{lateStopMessage(l, stops.find((s) => s.id === l.stopId)?.label ?? '', zone)}</li>
              ))}
            </ul>
          ) : null}
          <ol class="legs">
            {tour.plan.legs.map((leg, i) => {
              const from = point(leg.from.pointId);
              const to = point(leg.to.pointId);
              const link =
                from?.lat !== undefined && from.lon !== undefined && to?.lat !== undefined && to.lon !== undefined
                  ? preferredNavLink(navLinks({ lat: from.lat, lon: from.lon }, { lat: to.lat, lon: to.lon }, label(leg.to.pointId)), platform())
                  : undefined;
              return (
                <li key={i} class="leg">
                  <p class="leg__drive">
                    {t('tour.leg', { depart: clock(leg.departAt), arrive: clock(leg.arriveAt), to: label(leg.to.pointId), drive: minutes(leg.driveSeconds), km: formatEntryDistance(tour.legs[i]?.distanceMetres ?? leg.distanceMetres).replace(/^à /, '') })}
                  </p>
                  {leg.waitSeconds >= 60 ? <p class="muted">{t('tour.wait', { wait: minutes(leg.waitSeconds) })}</p> : null}
                  {leg.serviceStart !== null && leg.serviceEnd !== null ? <p class="muted">{t('tour.service', { from: clock(leg.serviceStart), to: clock(leg.serviceEnd) })}</p> : null}
                  {link ? (
                    <a class="btn btn--small" href={link} target="_blank" rel="noopener noreferrer">
                      {t('tour.navigate')}
                      <span class="sr-only"> {t('tour.navigateTo', { to: label(leg.to.pointId) })}</span>
                    </a>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <TourMap db={db} territoryId={territoryId} tour={tour} depot={depot!} stops={stops} />
        </div>
      ) : null}
      <RoadNetworkPanel territoryId={territoryId} />
      <BasemapPanel territoryId={territoryId} />
    </section>
  );
}
