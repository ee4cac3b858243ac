import { useMemo, useState } from 'preact/hooks';
import { occurrenceKey, sessionsBetween, type SessionView } from '../../domain/scheduling/occurrences';
import { addDays, startOfWeek, toInstantMs, toZoned } from '../../domain/scheduling/zoned-time';
import { downloadFile } from '../directory/transfer/download';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { useLiveQuery } from '../ui/use-live-query';
import { sessionsCalendar } from './calendar-file';
import { cancelSession, moveSession } from './occurrence-edit';
import { BusDayPanel } from './BusDayPanel';
import { SeriesForm } from './SeriesForm';

function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}
function clock(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(iso));
}

type Editing = { key: string; action: 'cancel' | 'move' | 'busday' } | undefined;

/** The week of the team (or one's own) on a tablet: every session, with cancel and move. */
export function ScheduleScreen() {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const territory = useLiveQuery(() => db.records('territory').get(territoryId), [db, territoryId]);
  const zone = territory?.timeZone ?? 'Europe/Paris';
  const [week, setWeek] = useState(() => startOfWeek(toZoned(Date.now(), zone).localDate));
  const [mineOnly, setMineOnly] = useState(false);
  const [editing, setEditing] = useState<Editing>();
  const [addingSeries, setAddingSeries] = useState(false);
  const manager = session.user.role === 'coordinator' || session.user.role === 'admin';
  const from = new Date(toInstantMs(week, '00:00', zone)).toISOString();
  const to = new Date(toInstantMs(addDays(week, 7), '00:00', zone)).toISOString();
  const sites = useLiveQuery(() => db.records('site').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const staff = useLiveQuery(() => db.records('staffUser').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const siteById = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites]);
  const staffName = useMemo(() => new Map(staff.map((s) => [s.id, s.name])), [staff]);
  const sessions = useLiveQuery(async () => {
    const [series, records] = await Promise.all([
      db.records('scheduleSeries').where('territoryId').equals(territoryId).toArray(),
      db.records('scheduledSession').where('territoryId').equals(territoryId).toArray(),
    ]);
    return sessionsBetween(series, records, from, to);
  }, [db, territoryId, from, to]);
  const shown = (sessions ?? []).filter((s) => !mineOnly || s.staffIds.includes(session.user.id));
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));

  return (
    <section aria-labelledby="schedule-title">
      <div class="screen-head">
        <h1 id="schedule-title">{t('schedule.title')}</h1>
        <button
          type="button"
          class="btn"
          onClick={() => downloadFile('tournee-planning.ics', sessionsCalendar(shown, siteById, t('schedule.calendarName')), 'text/calendar;charset=utf-8')}
          disabled={shown.length === 0}
        >
          {t('schedule.ics')}
        </button>
      </div>
      {manager && !addingSeries ? (
        <button type="button" class="btn" onClick={() => setAddingSeries(true)}>
          {t('series.add')}
        </button>
      ) : null}
      {addingSeries ? <SeriesForm sites={sites.filter((s) => !s.deleted)} staff={staff.filter((s) => !s.deleted && s.active)} zone={zone} onDone={() => setAddingSeries(false)} /> : null}
      <div class="week-nav" role="group" aria-label={t('schedule.weekNav')}>
        <button type="button" class="btn btn--small" onClick={() => setWeek(addDays(week, -7))}>
          {t('schedule.previous')}
        </button>
        <p class="week-nav__label" aria-live="polite">
          {t('schedule.weekOf', { day: dayLabel(week) })}
        </p>
        <button type="button" class="btn btn--small" onClick={() => setWeek(addDays(week, 7))}>
          {t('schedule.next')}
        </button>
      </div>
      <label class="check">
        <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.currentTarget.checked)} />
        {t('schedule.mineOnly')}
      </label>
      {days.map((day) => {
        const list = shown.filter((s) => toZoned(s.start, s.timeZone).localDate === day);
        return (
          <div key={day} class="visits-day">
            <h2 class="visits-day__title">{dayLabel(day)}</h2>
            {list.length === 0 ? (
              <p class="muted">{t('schedule.free')}</p>
            ) : (
              <ul class="cards cards--wide" data-testid={`day-${day}`}>
                {list.map((s) => (
                  <SessionCard key={s.key} s={s} site={siteById.get(s.siteId)?.name ?? ''} staff={s.staffIds.map((id) => staffName.get(id) ?? '').filter(Boolean)} editing={editing} setEditing={setEditing} />
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}

function SessionCard({ s, site, staff, editing, setEditing }: { s: SessionView; site: string; staff: string[]; editing: Editing; setEditing: (e: Editing) => void }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const local = toZoned(s.start, s.timeZone);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(local.localDate);
  const [start, setStart] = useState(clock(s.start, s.timeZone));
  const [end, setEnd] = useState(clock(s.end, s.timeZone));
  const [error, setError] = useState<string>();
  // A series date that becomes a record (first tap of a bus day) keeps its panel open.
  const seriesKey = s.series && s.occurrenceDate ? occurrenceKey(s.series.id, s.occurrenceDate) : undefined;
  const open = editing && (editing.key === s.key || editing.key === seriesKey) ? editing.action : undefined;
  const id = `session-${s.key.replace(/[^a-z0-9-]/gi, '-')}`;
  const label = `${t(`sessionKind.${s.kind}`)} ${site} ${clock(s.start, s.timeZone)}`;

  async function submit(e: Event) {
    e.preventDefault();
    if (reason.trim() === '') return setError(t('schedule.reasonRequired'));
    if (open === 'move' && start >= end) return setError(t('tour.visit.windowInvalid'));
    try {
      if (open === 'cancel') await cancelSession(db, territoryId, s, reason.trim());
      else await moveSession(db, territoryId, s, date, start, end, reason.trim());
      setEditing(undefined);
    } catch (err) {
      setError(describeSaveError(err).message);
    }
  }

  return (
    <li class={s.status === 'cancelled' ? 'card visit visit--cancelled' : 'card visit'}>
      <p class="visit__when">
        {clock(s.start, s.timeZone)} – {clock(s.end, s.timeZone)} · {t(`sessionKind.${s.kind}`)}
        {s.series ? <span class="badge">{t('schedule.recurring')}</span> : null}
      </p>
      <p class="visit__where">{site}</p>
      {staff.length ? <p class="muted">{staff.join(', ')}</p> : null}
      {s.status === 'cancelled' ? <p class="visit__cancelled">{t('schedule.cancelled', { reason: s.record?.cancelReason ?? '' })}</p> : s.record?.cancelReason ? <p class="muted">{t('schedule.movedReason', { reason: s.record.cancelReason })}</p> : null}
      {s.record?.status === 'to_reschedule' ? <p class="badge">{t('schedule.toReschedule')}</p> : null}
      {s.status !== 'cancelled' && !open ? (
        <p class="entry__actions">
          {s.kind === 'bus_day' ? (
            <button type="button" class="btn btn--small btn--primary" onClick={() => setEditing({ key: s.key, action: 'busday' })}>
              {t('busday.open')}
              <span class="sr-only"> {label}</span>
            </button>
          ) : null}
          <button type="button" class="btn btn--small" onClick={() => setEditing({ key: s.key, action: 'move' })}>
            {t('schedule.move')}
            <span class="sr-only"> {label}</span>
          </button>
          <button type="button" class="btn btn--small btn--danger" onClick={() => setEditing({ key: s.key, action: 'cancel' })}>
            {t('schedule.cancel')}
            <span class="sr-only"> {label}</span>
          </button>
        </p>
      ) : null}
      {open === 'busday' ? <BusDayPanel s={s} onClose={() => setEditing(undefined)} /> : null}
      {open && open !== 'busday' ? (
        <form class="form" onSubmit={(e) => void submit(e)} aria-label={open === 'cancel' ? t('schedule.cancelTitle', { what: label }) : t('schedule.moveTitle', { what: label })} noValidate>
          {open === 'move' ? (
            <div class="form__row">
              <div class="field">
                <label for={`${id}-date`}>{t('schedule.newDate')}</label>
                <input id={`${id}-date`} type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for={`${id}-start`}>{t('match.from')}</label>
                <input id={`${id}-start`} type="time" value={start} onInput={(e) => setStart(e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for={`${id}-end`}>{t('match.to')}</label>
                <input id={`${id}-end`} type="time" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
              </div>
            </div>
          ) : null}
          <div class="field">
            <label for={`${id}-reason`}>{t('schedule.reason')}</label>
            <input id={`${id}-reason`} value={reason} onInput={(e) => setReason(e.currentTarget.value)} maxLength={500} />
            <p class="field__hint">{t('schedule.reasonHint')}</p>
          </div>
          {error ? (
            <p class="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <div class="form__actions">
            <button type="submit" class="btn btn--primary">
              {open === 'cancel' ? t('schedule.confirmCancel') : t('schedule.confirmMove')}
            </button>
            <button type="button" class="btn" onClick={() => setEditing(undefined)}>
              {t('common.close')}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
