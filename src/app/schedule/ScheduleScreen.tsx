import { useMemo, useState } from 'preact/hooks';
import { sessionsBetween } from '../../domain/scheduling/occurrences';
import { addDays, startOfWeek, toInstantMs, toZoned } from '../../domain/scheduling/zoned-time';
import { downloadFile } from '../directory/transfer/download';
import { t, type MessageKey } from '../i18n';
import { UpcomingReminders } from '../reminders/UpcomingReminders';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { useLiveQuery } from '../ui/use-live-query';
import { sessionsCalendar } from './calendar-file';
import { ClashPanel, type Names, type ShownClash } from './ClashPanel';
import { findClashes } from './clashes';
import { dayLabel, monthLabel } from './format';
import { ItemCard } from './ItemCard';
import { monthGrid, MonthView } from './MonthView';
import type { AgendaItem } from './planning-items';
import type { Editing } from './SessionCard';
import { SeriesForm } from './SeriesForm';
import { staffCalendar } from './staff-calendar';
import { TeamWeek, type TeamGrouping } from './TeamWeek';
import { usePlanning } from './use-planning';

const views = ['day', 'week', 'month', 'team'] as const;
type View = (typeof views)[number];
const VIEW_KEY = 'tournee.planning.view';
const titles: Record<View, MessageKey> = { day: 'schedule.title.day', week: 'schedule.title', month: 'schedule.title.month', team: 'schedule.title.team' };
/** How far ahead "my planning" goes in the .ics file (series go on by their rule). */
const MY_WEEKS = 8;
/** Days loaded past the period, to propose a free slot for a double booking. */
const LOOKAHEAD_DAYS = 22;

function storedView(): View {
  try {
    const v = localStorage.getItem(VIEW_KEY);
    return (views as readonly string[]).includes(v ?? '') ? (v as View) : 'week';
  } catch {
    return 'week';
  }
}

function range(view: View, date: string): { first: string; days: number } {
  if (view === 'day') return { first: date, days: 1 };
  if (view === 'month') {
    const grid = monthGrid(date);
    return { first: grid.first, days: grid.weeks * 7 };
  }
  return { first: startOfWeek(date), days: 7 };
}

function shiftMonth(date: string, n: number): string {
  const [y, m] = date.split('-').map(Number);
  const total = y! * 12 + (m! - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/** The planning on a tablet: the day, the week, the month or every team's week, with double bookings to fix. */
export function ScheduleScreen() {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const territory = useLiveQuery(() => db.records('territory').get(territoryId), [db, territoryId]);
  const zone = territory?.timeZone ?? 'Europe/Paris';
  const today = toZoned(Date.now(), zone).localDate;
  const [view, setViewState] = useState<View>(storedView);
  const [picked, setPicked] = useState<string>();
  const date = picked ?? today;
  const [mineOnly, setMineOnly] = useState(false);
  const [grouping, setGrouping] = useState<TeamGrouping>('staff');
  const [editing, setEditing] = useState<Editing>();
  const [addingSeries, setAddingSeries] = useState(false);
  const [icsError, setIcsError] = useState<string>();
  const manager = session.user.role === 'coordinator' || session.user.role === 'admin';
  const me = session.user.id;

  const { first, days: length } = range(view, date);
  const days = Array.from({ length }, (_, i) => addDays(first, i));
  const fromMs = toInstantMs(first, '00:00', zone);
  const toMs = toInstantMs(addDays(first, length), '00:00', zone);
  const planning = usePlanning(new Date(fromMs).toISOString(), new Date(toInstantMs(addDays(first, length + LOOKAHEAD_DAYS), '00:00', zone)).toISOString());

  const sites = useLiveQuery(() => db.records('site').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const staff = useLiveQuery(() => db.records('staffUser').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const siteById = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites]);
  const names: Names = useMemo(() => {
    const staffName = new Map(staff.map((s) => [s.id, s.name]));
    return { site: (id) => (id ? (siteById.get(id)?.name ?? '') : ''), staff: (id) => staffName.get(id) ?? '' };
  }, [siteById, staff]);
  const activeStaff = staff.filter((s) => !s.deleted && s.active);

  const inPeriod = (i: AgendaItem) => Date.parse(i.start) < toMs;
  const shown = planning.items.filter((i) => inPeriod(i) && (!mineOnly || i.staffIds.includes(me)));
  const byDay = new Map<string, AgendaItem[]>();
  for (const item of shown) {
    const day = toZoned(item.start, item.timeZone).localDate;
    byDay.set(day, [...(byDay.get(day) ?? []), item]);
  }
  const clashes: ShownClash[] = useMemo(() => {
    // Those of the period shown, and any coming one among the days loaded past it.
    const local = findClashes(planning.items).filter((c) => inPeriod(c.a) || inPeriod(c.b) || Date.parse(c.b.end) > Date.now());
    const server = planning.flagged.filter((f) => Date.parse(f.item.end) > Date.now() || (Date.parse(f.item.start) >= fromMs && inPeriod(f.item)));
    return [...server.map((f): ShownClash => ({ source: 'server', item: f.item, kept: f.kept })), ...local.map((clash): ShownClash => ({ source: 'local', clash }))];
  }, [planning, fromMs, toMs]);
  const clashing = new Set(clashes.flatMap((c) => (c.source === 'local' ? [c.clash.a.key, c.clash.b.key] : [c.item.key])));

  function setView(v: View) {
    setViewState(v);
    setEditing(undefined);
    try {
      localStorage.setItem(VIEW_KEY, v);
    } catch {
      // Private browsing: the view is simply not remembered.
    }
  }
  function openDay(d: string) {
    setPicked(d);
    setView('day');
  }
  const step = (n: number) => setPicked(view === 'day' ? addDays(date, n) : view === 'month' ? shiftMonth(date, n) : addDays(date, 7 * n));

  async function downloadMine() {
    setIcsError(undefined);
    const from = new Date(toInstantMs(today, '00:00', zone)).toISOString();
    const to = new Date(toInstantMs(addDays(today, MY_WEEKS * 7), '00:00', zone)).toISOString();
    try {
      const [series, records, appointments] = await Promise.all([
        db.records('scheduleSeries').where('territoryId').equals(territoryId).toArray(),
        db.records('scheduledSession').where('territoryId').equals(territoryId).toArray(),
        db.records('appointment').where('territoryId').equals(territoryId).toArray(),
      ]);
      const sessions = sessionsBetween(series, records, from, to);
      const mine = appointments.filter((a) => !a.deleted && a.staffId === me && Date.parse(a.start) >= Date.parse(from) && Date.parse(a.start) < Date.parse(to));
      if (!sessions.some((s) => s.staffIds.includes(me) || s.series?.staffIds.includes(me)) && mine.length === 0) return setIcsError(t('schedule.myIcsEmpty', { weeks: MY_WEEKS }));
      downloadFile('mon-planning.ics', staffCalendar(me, sessions, mine, siteById, { calendarName: t('schedule.myCalendarName', { name: session.user.name }) }), 'text/calendar;charset=utf-8');
    } catch (err) {
      setIcsError(describeSaveError(err).message);
    }
  }

  const compact = (item: AgendaItem) => (item.type === 'session' ? t(`sessionKind.${item.session.kind}`) : t(`schedule.appointmentKind.${item.appointment.kind}`)) + (item.siteId ? ` · ${names.site(item.siteId)}` : '');
  const periodLabel = view === 'day' ? dayLabel(date) : view === 'month' ? monthLabel(date) : t('schedule.weekOf', { day: dayLabel(first) });
  const nav: Record<View, [MessageKey, MessageKey]> = {
    day: ['schedule.previousDay', 'schedule.nextDay'],
    week: ['schedule.previous', 'schedule.next'],
    team: ['schedule.previous', 'schedule.next'],
    month: ['schedule.previousMonth', 'schedule.nextMonth'],
  };
  const sessionsShown = shown.flatMap((i) => (i.type === 'session' ? [i.session] : []));
  const rows = grouping === 'staff' ? activeStaff.map((s) => ({ id: s.id, name: s.name })) : sites.filter((s) => !s.deleted).map((s) => ({ id: s.id, name: s.name }));

  return (
    <section aria-labelledby="schedule-title">
      <div class="screen-head">
        <h1 id="schedule-title">{t(titles[view])}</h1>
        <div class="screen-head__actions">
          <button type="button" class="btn" onClick={() => downloadFile('tournee-planning.ics', sessionsCalendar(sessionsShown, siteById, t('schedule.calendarName')), 'text/calendar;charset=utf-8')} disabled={sessionsShown.length === 0}>
            {t('schedule.ics')}
          </button>
          <button type="button" class="btn" onClick={() => void downloadMine()}>
            {t('schedule.myIcs')}
          </button>
        </div>
      </div>
      {icsError ? (
        <p class="form-error" role="alert">
          {icsError}
        </p>
      ) : null}
      <UpcomingReminders />
      <ClashPanel shown={clashes} items={planning.items} staff={activeStaff} names={names} />
      {manager && !addingSeries ? (
        <button type="button" class="btn" onClick={() => setAddingSeries(true)}>
          {t('series.add')}
        </button>
      ) : null}
      {addingSeries ? <SeriesForm sites={sites.filter((s) => !s.deleted)} staff={activeStaff} zone={zone} onDone={() => setAddingSeries(false)} /> : null}
      <div class="view-switch" role="group" aria-label={t('schedule.views')}>
        {views.map((v) => (
          <button key={v} type="button" class={v === view ? 'btn btn--small btn--primary' : 'btn btn--small'} aria-pressed={v === view} onClick={() => setView(v)}>
            {t(`schedule.view.${v}`)}
          </button>
        ))}
      </div>
      <div class="week-nav" role="group" aria-label={t('schedule.periodNav')}>
        <button type="button" class="btn btn--small" onClick={() => step(-1)}>
          {t(nav[view][0])}
        </button>
        <p class="week-nav__label" aria-live="polite">
          {periodLabel}
        </p>
        <button type="button" class="btn btn--small" onClick={() => step(1)}>
          {t(nav[view][1])}
        </button>
        {date !== today ? (
          <button type="button" class="btn btn--small" onClick={() => setPicked(undefined)}>
            {t('schedule.today')}
          </button>
        ) : null}
      </div>
      <div class="planning-options">
        <label class="check">
          <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.currentTarget.checked)} />
          {t('schedule.mineOnly')}
        </label>
        {view === 'team' ? (
          <div class="field field--inline">
            <label for="team-grouping">{t('schedule.team.grouping')}</label>
            <select id="team-grouping" value={grouping} onChange={(e) => setGrouping(e.currentTarget.value as TeamGrouping)}>
              <option value="staff">{t('schedule.team.byStaff')}</option>
              <option value="site">{t('schedule.team.bySite')}</option>
            </select>
          </div>
        ) : null}
      </div>
      {view === 'month' ? <MonthView selected={date} today={today} byDay={byDay} label={compact} onSelect={setPicked} onOpen={openDay} /> : null}
      {view === 'team' ? (
        <TeamWeek days={days} rows={mineOnly ? rows.filter((r) => grouping !== 'staff' || r.id === me) : rows} grouping={grouping} items={shown} label={(i) => (grouping === 'staff' ? compact(i) : `${t(i.type === 'session' ? `sessionKind.${i.session.kind}` : `schedule.appointmentKind.${i.appointment.kind}`)}${i.staffIds.length ? ` · ${i.staffIds.map(names.staff).join(', ')}` : ''}`)} clashing={clashing} />
      ) : null}
      {view === 'day' || view === 'week'
        ? days.map((day) => {
            const list = byDay.get(day) ?? [];
            return (
              <div key={day} class="visits-day">
                <h2 class="visits-day__title">{view === 'day' ? t('schedule.agendaOf', { day: dayLabel(day) }) : dayLabel(day)}</h2>
                {list.length === 0 ? (
                  <p class="muted">{planning.loaded ? t('schedule.free') : t('common.loading')}</p>
                ) : (
                  <ul class="cards cards--wide" data-testid={`day-${day}`}>
                    {list.map((item) => (
                      <ItemCard key={item.key} item={item} names={names} editing={editing} setEditing={setEditing} clashing={clashing.has(item.key)} />
                    ))}
                  </ul>
                )}
              </div>
            );
          })
        : null}
    </section>
  );
}
