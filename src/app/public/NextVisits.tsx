import { useEffect, useMemo, useState } from 'preact/hooks';
import { sessionsBetween, type SessionView } from '../../domain/scheduling/occurrences';
import { getMeta, setMeta } from '../db/meta';
import { downloadFile } from '../directory/transfer/download';
import { getLanguage, getLocale, t } from '../i18n';
import { sessionsCalendar } from '../schedule/calendar-file';
import { useServices } from '../services';
import { CalendarSubscribe } from './CalendarSubscribe';
import { useLiveQuery } from '../ui/use-live-query';

const WEEKS = 8;

function dayLabel(iso: string, zone: string): string {
  return new Intl.DateTimeFormat(getLocale(), { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone }).format(new Date(iso));
}
function clock(iso: string, zone: string): string {
  const time = new Intl.DateTimeFormat(getLocale(), { hour: 'numeric', minute: '2-digit', timeZone: zone }).format(new Date(iso));
  // "9 h 30" is how times are written in French; other languages keep their own form.
  return getLanguage() === 'fr' ? time.replace(':', ' h ') : time;
}

/**
 * "When does the relais or the bus come?" for a parent, from the copy of the territory kept on
 * the phone: the next weeks' sessions in their commune, cancellations shown with the reason,
 * and a calendar file to keep them in the phone's own agenda.
 */
export function NextVisits({ territoryId }: { territoryId: string }) {
  const { publicDb: db } = useServices();
  const [commune, setCommune] = useState<string>();
  useEffect(() => {
    void getMeta<string>(db, 'visitsCommune').then((c) => setCommune(c ?? ''));
  }, [db]);
  const communes = useLiveQuery(() => db.records('commune').where('territoryId').equals(territoryId).sortBy('name'), [db, territoryId]) ?? [];
  const sites = useLiveQuery(() => db.records('site').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const siteById = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites]);
  const sessions = useLiveQuery(async () => {
    const from = new Date(Date.now() - 3 * 3600_000).toISOString();
    const to = new Date(Date.now() + WEEKS * 7 * 86_400_000).toISOString();
    const [series, records] = await Promise.all([db.records('scheduleSeries').toArray(), db.records('scheduledSession').toArray()]);
    return sessionsBetween(series, records, from, to);
  }, [db]);
  const shown = (sessions ?? []).filter((s) => !commune || siteById.get(s.siteId)?.communeCode === commune);
  const byDay = new Map<string, SessionView[]>();
  for (const s of shown) {
    const day = dayLabel(s.start, s.timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }

  function choose(code: string) {
    setCommune(code);
    void setMeta(db, 'visitsCommune', code);
  }

  return (
    <>
      <div class="field">
        <label for="visits-commune">{t('visits.commune')}</label>
        <select id="visits-commune" value={commune ?? ''} onChange={(e) => choose(e.currentTarget.value)}>
          <option value="">{t('origin.none')}</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      {sessions === undefined ? <p class="muted">{t('common.loading')}</p> : shown.length === 0 ? <p>{t('visits.none', { weeks: WEEKS })}</p> : null}
      {[...byDay].map(([day, list]) => (
        <div key={day} class="visits-day">
          <h2 class="visits-day__title">{day}</h2>
          <ul class="cards cards--wide" data-testid="visits-list">
            {list.map((s) => {
              const site = siteById.get(s.siteId);
              const cancelled = s.status === 'cancelled';
              return (
                <li key={s.key} class={cancelled ? 'card visit visit--cancelled' : 'card visit'}>
                  <p class="visit__when">
                    {clock(s.start, s.timeZone)} – {clock(s.end, s.timeZone)} · {t(`sessionKind.${s.kind}`)}
                  </p>
                  <p class="visit__where">
                    <bdi>{site?.name}</bdi>
                    {site?.address ? (
                      <span class="muted">
                        {' — '}
                        <bdi>{site.address}</bdi>
                      </span>
                    ) : null}
                  </p>
                  {cancelled ? (
                    <p class="visit__cancelled">
                      <strong>{t('visits.cancelled')}</strong>
                      {/* Written by the team, in French. */}
                      {s.record?.cancelReason ? <span lang="fr"> {s.record.cancelReason}</span> : null}
                    </p>
                  ) : (
                    <button type="button" class="btn btn--small" onClick={() => downloadFile('seance.ics', sessionsCalendar([s], siteById, t('visits.calendarName'), { singles: true }), 'text/calendar;charset=utf-8')}>
                      {t('visits.addOne')}
                      <span class="sr-only"> {t('visits.addOneWhich', { day, site: site?.name ?? '' })}</span>
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      {shown.length > 0 ? (
        <p>
          <button type="button" class="btn" onClick={() => downloadFile('tournee-passages.ics', sessionsCalendar(shown, siteById, t('visits.calendarName')), 'text/calendar;charset=utf-8')}>
            {t('visits.addAll')}
          </button>
        </p>
      ) : null}
      <CalendarSubscribe territoryId={territoryId} commune={commune || undefined} />
    </>
  );
}
