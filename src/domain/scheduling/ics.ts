/**
 * iCalendar (RFC 5545) feed of schedules, for phone and desktop calendars that subscribe to it.
 * A series becomes one VEVENT with RRULE and EXDATE (cancelled dates, holidays); a moved or
 * cancelled occurrence an extra VEVENT with the series' UID and a RECURRENCE-ID; an appointment
 * a plain VEVENT. Times are written in the site's zone (DTSTART;TZID=…) with a VTIMEZONE built
 * from Intl, so the calendar shows 08:30 at the site whatever zone the phone is in.
 */
import { foldContentLine } from '../content-line';
import { icsLocalDateTime, icsUtcDateTime, toRRule, type RecurrenceRule } from './recurrence';
import { offsetTransitions, toInstantMs, toZoned, utcOffsetMinutes, weekdayOf, daysInMonth, type OffsetTransition } from './zoned-time';

export type IcsStatus = 'confirmed' | 'tentative' | 'cancelled';

export interface IcsEventBase {
  /** Record id: the UID derives from it, so a refreshed feed updates events instead of adding copies. */
  id: string;
  summary: string;
  location?: string | undefined;
  description?: string | undefined;
  status?: IcsStatus | undefined;
  /** Revision of the record (its version), so calendars replace an older copy. */
  sequence?: number | undefined;
}

export interface IcsSeries extends IcsEventBase {
  kind: 'series';
  rule: RecurrenceRule;
}

export interface IcsSingle extends IcsEventBase {
  kind: 'single';
  /** ISO 8601 instants and the zone of the place. */
  start: string;
  end: string;
  timeZone: string;
  /** Set when this replaces one occurrence of a series: the series id and the start it had. */
  overrides?: { seriesId: string; originalStart: string } | undefined;
}

export type IcsEvent = IcsSeries | IcsSingle;

export interface IcsOptions {
  /** X-WR-CALNAME: the name the calendar app shows for the subscription. */
  calendarName: string;
  /** DTSTAMP, when the feed is produced; now by default. */
  now?: Date | string | undefined;
  /** Last date for which open-ended series list their holidays as EXDATE; default: end of the year after next. */
  horizon?: string | undefined;
}

const PRODID = '-//Tournee//Planning//FR';

/** The events as one VCALENDAR, lines folded at 75 octets and ended with CRLF. */
export function toICalendar(events: readonly IcsEvent[], options: IcsOptions): string {
  const now = options.now === undefined ? new Date() : new Date(options.now);
  const stamp = icsUtcDateTime(now);
  const horizon = options.horizon ?? `${now.getUTCFullYear() + 2}-12-31`;
  const years = new YearSpans();
  const seriesZones = new Map<string, string>();
  const body: string[] = [];

  for (const e of events) {
    if (e.kind !== 'series') continue;
    seriesZones.set(e.id, e.rule.timeZone);
  }
  for (const e of events) {
    if (e.kind === 'series') body.push(...seriesEvent(e, stamp, horizon, years));
    else body.push(...singleEvent(e, stamp, years, seriesZones));
  }

  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.calendarName)}`,
    // Hints for subscribed feeds: fetch again twice a day.
    'REFRESH-INTERVAL;VALUE=DURATION:PT12H',
    'X-PUBLISHED-TTL:PT12H',
    ...[...years.byZone].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([zone, span]) => vtimezone(zone, span.min - 1, span.max + 1)),
    ...body,
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** Years each zone is used in, to cover them in its VTIMEZONE. */
class YearSpans {
  readonly byZone = new Map<string, { min: number; max: number }>();
  add(zone: string, ...dates: string[]): void {
    for (const d of dates) {
      const y = Number(d.slice(0, 4));
      const span = this.byZone.get(zone);
      if (span === undefined) this.byZone.set(zone, { min: y, max: y });
      else [span.min, span.max] = [Math.min(span.min, y), Math.max(span.max, y)];
    }
  }
}

function common(e: IcsEventBase, uid: string, stamp: string): string[] {
  return [
    `UID:${escapeText(uid)}`,
    `DTSTAMP:${stamp}`,
    ...(e.sequence !== undefined ? [`SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`] : []),
    `SUMMARY:${escapeText(e.summary)}`,
    ...optionalText('LOCATION', e.location),
    ...optionalText('DESCRIPTION', e.description),
    `STATUS:${(e.status ?? 'confirmed').toUpperCase()}`,
  ];
}

function optionalText(name: string, value: string | undefined): string[] {
  const escaped = escapeText(value ?? '');
  return escaped === '' ? [] : [`${name}:${escaped}`];
}

function uidOf(id: string): string {
  return `${id}@tournee`;
}

function seriesEvent(e: IcsSeries, stamp: string, horizon: string, years: YearSpans): string[] {
  const { rule } = e;
  const tz = `TZID=${rule.timeZone}`;
  const parts = toRRule(rule, { horizon });
  years.add(rule.timeZone, parts.dtstart, parts.lastDate ?? horizon);
  const uid = uidOf(e.id);
  const lines = [
    'BEGIN:VEVENT',
    ...common(e, uid, stamp),
    `DTSTART;${tz}:${parts.dtstart}`,
    `DTEND;${tz}:${parts.dtend}`,
    `RRULE:${parts.rrule}`,
    ...(parts.exdates.length > 0 ? [`EXDATE;${tz}:${parts.exdates.join(',')}`] : []),
    'END:VEVENT',
  ];
  for (const m of rule.movedOccurrences) {
    years.add(rule.timeZone, m.date, m.toDate);
    lines.push(
      'BEGIN:VEVENT',
      ...common(e, uid, stamp),
      `RECURRENCE-ID;${tz}:${icsLocalDateTime(m.date, rule.startTime)}`,
      `DTSTART;${tz}:${icsLocalDateTime(m.toDate, m.startTime)}`,
      `DTEND;${tz}:${icsLocalDateTime(m.toDate, m.endTime)}`,
      'END:VEVENT',
    );
  }
  return lines;
}

/** DATE-TIME of an instant: local with TZID, or UTC when the local time would read back another instant (second pass of an autumn overlap). */
function dateTime(name: string, instant: string, zone: string, years: YearSpans): string {
  const ms = Date.parse(instant);
  const local = toZoned(ms, zone);
  if (toInstantMs(local.localDate, local.localTime, zone) !== ms) return `${name}:${icsUtcDateTime(ms)}`;
  years.add(zone, local.localDate);
  return `${name};TZID=${zone}:${icsLocalDateTime(local.localDate, local.localTime)}`;
}

function singleEvent(e: IcsSingle, stamp: string, years: YearSpans, seriesZones: ReadonlyMap<string, string>): string[] {
  const o = e.overrides;
  // RECURRENCE-ID in the series' own zone: calendars match it against the series' local times.
  const recurrence = o ? [dateTime('RECURRENCE-ID', o.originalStart, seriesZones.get(o.seriesId) ?? e.timeZone, years)] : [];
  return [
    'BEGIN:VEVENT',
    ...common(e, uidOf(o ? o.seriesId : e.id), stamp),
    ...recurrence,
    dateTime('DTSTART', e.start, e.timeZone, years),
    dateTime('DTEND', e.end, e.timeZone, years),
    'END:VEVENT',
  ];
}

/** TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped; other controls dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- controls other than tab are not allowed in TEXT
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Folds a content line at 75 octets, as vCard does. */
export const fold = foldContentLine;

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const total = Math.round(Math.abs(minutes) * 60);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${sign}${p(h)}${p(m)}${s ? p(s) : ''}`;
}

const dayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const weekdayIndex = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 } as const;

interface Change extends OffsetTransition {
  /** Local date and time of the change, read with the offset before it (as DTSTART wants). */
  date: string;
  time: string;
  daylight: boolean;
}

/** One run of yearly changes on the same rule (e.g. last Sunday of March, 02:00). */
interface Run {
  changes: Change[];
  /** Ranks that fit every change of the run: n-th weekday from the start, or -1 for the last. */
  ranks: number[];
}

function ranksOf(date: string): number[] {
  const day = Number(date.slice(8, 10));
  const length = daysInMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
  return day + 7 > length ? [Math.ceil(day / 7), -1] : [Math.ceil(day / 7)];
}

function sameRule(a: Change, b: Change): boolean {
  return (
    a.from === b.from &&
    a.to === b.to &&
    a.time === b.time &&
    a.date.slice(5, 7) === b.date.slice(5, 7) &&
    weekdayOf(a.date) === weekdayOf(b.date) &&
    Number(b.date.slice(0, 4)) === Number(a.date.slice(0, 4)) + 1
  );
}

/** VTIMEZONE from the offset changes Intl knows over the years; yearly patterns become RRULEs. */
function vtimezone(zone: string, fromYear: number, toYear: number): string[] {
  // Covered from local midnight on 1 January: calendars know no offset before the first component.
  const start = toInstantMs(`${String(fromYear).padStart(4, '0')}-01-01`, '00:00', zone);
  const transitions: OffsetTransition[] = [];
  for (let y = fromYear - 1; y <= toYear; y++) transitions.push(...transitionsOfYear(zone, y).filter((t) => t.at > start));
  const name = (ms: number) => tzName(ms, zone);
  const head = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  // A change undone within a year (after it, or before it in the southern hemisphere) is seasonal;
  // a lasting change of standard time is not.
  const seasonal = (t: OffsetTransition) => transitions.some((u) => u.from === t.to && u.to === t.from && Math.abs(u.at - t.at) < 366 * 86_400_000);
  const changes: Change[] = transitions.map((t) => {
    const local = toZoned(t.at + t.from * 60_000, 'UTC');
    const daylight = t.to > t.from && seasonal(t);
    const seconds = Math.round(((t.at + t.from * 60_000) / 1000) % 60);
    return { ...t, date: local.localDate, time: `${local.localTime.replace(':', '')}${String(seconds).padStart(2, '0')}`, daylight };
  });
  const runs: Run[] = [];
  const open = new Map<string, Run>();
  for (const c of changes) {
    const key = `${c.daylight}|${c.from}|${c.to}`;
    const run = open.get(key);
    const last = run?.changes.at(-1);
    const ranks = run ? run.ranks.filter((r) => ranksOf(c.date).includes(r)) : [];
    if (run && last && sameRule(last, c) && ranks.length > 0) {
      run.changes.push(c);
      run.ranks = ranks;
    } else {
      const fresh = { changes: [c], ranks: ranksOf(c.date) };
      runs.push(fresh);
      open.set(key, fresh);
    }
  }
  const offset = formatOffset(utcOffsetMinutes(start, zone));
  // The offset in force before the first change: summer time if that change ends it.
  const first = transitions[0];
  const initial = first !== undefined && first.to < first.from && seasonal(first) ? 'DAYLIGHT' : 'STANDARD';
  const opening = [`BEGIN:${initial}`, `DTSTART:${String(fromYear).padStart(4, '0')}0101T000000`, `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, `TZNAME:${name(start)}`, `END:${initial}`];
  const body = runs.flatMap((run) => {
    const first = run.changes[0] as Change;
    const last = run.changes.at(-1) as Change;
    const kind = first.daylight ? 'DAYLIGHT' : 'STANDARD';
    const lines = [`BEGIN:${kind}`, `DTSTART:${first.date.replaceAll('-', '')}T${first.time}`, `TZOFFSETFROM:${formatOffset(first.from)}`, `TZOFFSETTO:${formatOffset(first.to)}`, `TZNAME:${name(first.at)}`];
    if (run.changes.length > 1) {
      const rank = run.ranks.includes(-1) ? -1 : (run.ranks[0] as number);
      const byDay = `${rank}${dayCodes[weekdayIndex[weekdayOf(first.date)]]}`;
      // A run still going in the last year covered is taken to go on, as the zone's rule does.
      const until = Number(last.date.slice(0, 4)) >= toYear ? '' : `;UNTIL=${icsUtcDateTime(last.at)}`;
      lines.push(`RRULE:FREQ=YEARLY;BYMONTH=${Number(first.date.slice(5, 7))};BYDAY=${byDay}${until}`);
    }
    lines.push(`END:${kind}`);
    return lines;
  });
  return [...head, ...opening, ...body, 'END:VTIMEZONE'];
}

// Scanning a year takes a few hundred Intl calls; feeds are rebuilt often for the same zones and years.
const yearCache = new Map<string, readonly OffsetTransition[]>();

function transitionsOfYear(zone: string, year: number): readonly OffsetTransition[] {
  const key = `${zone}|${year}`;
  let found = yearCache.get(key);
  if (found === undefined) {
    found = offsetTransitions(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
    if (yearCache.size > 2000) yearCache.clear();
    yearCache.set(key, found);
  }
  return found;
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();

function tzName(ms: number, zone: string): string {
  let f = nameFormats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('fr-FR', { timeZone: zone, timeZoneName: 'short' });
    nameFormats.set(zone, f);
  }
  return escapeText(f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? zone);
}
