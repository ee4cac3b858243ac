/**
 * Recurring schedules as coordinators define them (weekly, every other week, nth weekday of the
 * month), with cancelled dates, moved occurrences, public and school holidays; expanded to
 * instants in the site's zone, and written as an RFC 5545 RRULE + EXDATE.
 *
 * Times are wall times of the site: a series at 08:30 stays at 08:30 local across DST changes.
 * `count` counts the sessions actually held (skipped dates do not count); the RRULE carries it
 * as an UNTIL so both say the same thing.
 */
import { z } from 'zod';
import { isoDate, localTime, timeZone, weekdays, type Weekday } from '../common';
import { holidayTerritories, holidayTerritoryOf, isFrenchPublicHoliday, type HolidayTerritory } from './french-holidays';
import { addDays, nthWeekdayOfMonth, startOfWeek, toInstantMs, toZoned } from './zoned-time';

export const monthlyRanks = [1, 2, 3, 4, -1] as const;

const dateRange = z
  .object({ from: isoDate, to: isoDate, label: z.string().max(120).optional() })
  .refine((r) => r.from <= r.to, { message: 'la fin de la période précède son début', path: ['to'] });

/** One occurrence held at another date or time; `date` is the date it was planned on. */
export const movedOccurrence = z
  .object({ date: isoDate, toDate: isoDate, startTime: localTime, endTime: localTime })
  .refine((m) => m.startTime < m.endTime, { message: 'l’heure de fin doit suivre l’heure de début', path: ['endTime'] });
export type MovedOccurrence = z.infer<typeof movedOccurrence>;

const common = {
  /** First day the series may start on (local date of the site). */
  startDate: isoDate,
  /** Last day an occurrence may fall on, inclusive. */
  until: isoDate.optional(),
  /** Number of sessions held; skipped dates do not count. */
  count: z.number().int().min(1).max(1000).optional(),
  startTime: localTime,
  endTime: localTime,
  timeZone,
  /** Cancelled dates. */
  excludedDates: z.array(isoDate).max(1000).default([]),
  movedOccurrences: z.array(movedOccurrence).max(500).default([]),
  skipPublicHolidays: z.boolean().default(true),
  /** Which list of public holidays applies; by default the one of the zone (Réunion or mainland). */
  holidayTerritory: z.enum(holidayTerritories).optional(),
  /** School-holiday periods (inclusive) with no session. */
  schoolHolidays: z.array(dateRange).max(200).default([]),
};

const weeklyRule = z.object({
  freq: z.literal('weekly'),
  /** 1 = every week, 2 = every other week (weeks start on Monday, counted from the start date's week). */
  interval: z.number().int().min(1).max(52),
  byDay: z
    .array(z.enum(weekdays))
    .min(1)
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'jour répété'),
  ...common,
});

const monthlyRule = z.object({
  freq: z.literal('monthly'),
  byDay: z.enum(weekdays),
  /** 1st…4th weekday of the month, or -1 for the last one. */
  nth: z.literal(monthlyRanks),
  ...common,
});

/** A recurring schedule of a site, as a coordinator defines it. */
export const recurrenceRule = z
  .discriminatedUnion('freq', [weeklyRule, monthlyRule])
  .superRefine((rule, ctx) => {
    if (rule.startTime >= rule.endTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'l’heure de fin doit suivre l’heure de début' });
    if (rule.until !== undefined && rule.count !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'indiquer une date de fin ou un nombre de séances, pas les deux' });
    }
    if (rule.until !== undefined && rule.until < rule.startDate) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'la date de fin précède la date de début' });
    }
    const excluded = new Set(rule.excludedDates);
    const moved = new Set<string>();
    rule.movedOccurrences.forEach((m, i) => {
      if (excluded.has(m.date) || moved.has(m.date)) {
        ctx.addIssue({ code: 'custom', path: ['movedOccurrences', i, 'date'], message: 'cette séance est déjà annulée ou déplacée' });
      }
      moved.add(m.date);
    });
  })
  .superRefine(
    (rule, ctx) => {
      const first = patternDates(rule).next().value;
      if (rule.until !== undefined && first !== undefined && first > rule.until) {
        ctx.addIssue({ code: 'custom', path: ['until'], message: 'aucune séance entre la date de début et la date de fin' });
      }
      if (rule.movedOccurrences.length === 0) return;
      const held = new Set<string>();
      for (const d of seriesDates(rule, maxDate(rule.movedOccurrences.map((m) => m.date)))) held.add(d.date);
      rule.movedOccurrences.forEach((m, i) => {
        if (!held.has(m.date)) ctx.addIssue({ code: 'custom', path: ['movedOccurrences', i, 'date'], message: 'aucune séance de la série à cette date' });
      });
    },
    // Walks the series: only on dates already known to be valid.
    { when: (payload) => payload.issues.length === 0 },
  );
export type RecurrenceRule = z.infer<typeof recurrenceRule>;
export type RecurrenceRuleInput = z.input<typeof recurrenceRule>;

export interface Occurrence {
  localDate: string;
  /** ISO 8601 UTC instants. */
  start: string;
  end: string;
  /** Date the occurrence was planned on, when it was moved. */
  movedFrom?: string;
}

interface SeriesDate {
  date: string;
  skipped: boolean;
  move?: MovedOccurrence | undefined;
}

function maxDate(dates: readonly string[]): string {
  return dates.reduce((a, b) => (b > a ? b : a), '');
}

/** Dates the pattern produces from the start date on, without end. */
function* patternDates(rule: RecurrenceRule): Generator<string> {
  if (rule.freq === 'weekly') {
    const indexes = rule.byDay.map((d) => weekdays.indexOf(d)).sort((a, b) => a - b);
    for (let week = startOfWeek(rule.startDate); ; week = addDays(week, 7 * rule.interval)) {
      for (const i of indexes) {
        const date = addDays(week, i);
        if (date >= rule.startDate) yield date;
      }
    }
  }
  let year = Number(rule.startDate.slice(0, 4));
  let month = Number(rule.startDate.slice(5, 7));
  for (;;) {
    const date = nthWeekdayOfMonth(year, month, rule.byDay, rule.nth);
    if (date !== undefined && date >= rule.startDate) yield date;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/**
 * The series' dates in order, each marked skipped or not, until the series ends (until, count)
 * or a date passes `horizon` for an open-ended series.
 */
function* seriesDates(rule: RecurrenceRule, horizon: string): Generator<SeriesDate> {
  const territory: HolidayTerritory = rule.holidayTerritory ?? holidayTerritoryOf(rule.timeZone);
  const excluded = new Set(rule.excludedDates);
  const moves = new Map(rule.movedOccurrences.map((m) => [m.date, m]));
  let held = 0;
  // Guards a count that skipped dates could never reach.
  const limit = `${String(Number(rule.startDate.slice(0, 4)) + 100).padStart(4, '0')}-12-31`;
  for (const date of patternDates(rule)) {
    if (date > limit) return;
    if (rule.until !== undefined ? date > rule.until : rule.count === undefined && date > horizon) return;
    const move = moves.get(date);
    // A move wins over a holiday: that is how a session is taken off Ascension Thursday.
    const skipped =
      excluded.has(date) ||
      (move === undefined &&
        ((rule.skipPublicHolidays && isFrenchPublicHoliday(date, territory)) ||
          rule.schoolHolidays.some((r) => r.from <= date && date <= r.to)));
    yield { date, skipped, move };
    if (!skipped) held += 1;
    if (rule.count !== undefined && held >= rule.count) return;
  }
}

/**
 * End of an occurrence: its wall end time, except when the start fell in a spring-forward gap and
 * was pushed forward; then it keeps its planned length so it never ends before it starts.
 */
function endOf(date: string, startTime: string, endTime: string, zone: string, startMs: number): number {
  if (toZoned(startMs, zone).localTime !== startTime) return startMs + (minutesOf(endTime) - minutesOf(startTime)) * 60_000;
  return toInstantMs(date, endTime, zone);
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Occurrences of a series starting in [from, to), in order of start. */
export function expand(rule: RecurrenceRule, from: string | Date, to: string | Date): Occurrence[] {
  const fromMs = new Date(from).getTime();
  const toMs = new Date(to).getTime();
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new RangeError('période invalide');
  if (fromMs >= toMs) return [];
  // A move may bring a later date into the range; past both, nothing more can start before `to`.
  const horizon = maxDate([addDays(toZoned(toMs, rule.timeZone).localDate, 1), ...rule.movedOccurrences.map((m) => m.date)]);
  const found: Array<Occurrence & { ms: number }> = [];
  for (const d of seriesDates(rule, horizon)) {
    if (d.date > horizon) break;
    if (d.skipped) continue;
    const [date, startTime, endTime] = d.move ? [d.move.toDate, d.move.startTime, d.move.endTime] : [d.date, rule.startTime, rule.endTime];
    const ms = toInstantMs(date, startTime, rule.timeZone);
    if (ms < fromMs || ms >= toMs) continue;
    const end = new Date(endOf(date, startTime, endTime, rule.timeZone, ms)).toISOString();
    found.push({ localDate: date, start: new Date(ms).toISOString(), end, ...(d.move ? { movedFrom: d.date } : {}), ms });
  }
  return found.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...o }) => o);
}

/** RFC 5545 local DATE-TIME value, e.g. "20250106T083000" (read with TZID). */
export function icsLocalDateTime(localDate: string, localTime: string): string {
  return `${localDate.replaceAll('-', '')}T${localTime.replace(':', '')}00`;
}

/** RFC 5545 UTC DATE-TIME value, e.g. "20250106T073000Z". */
export function icsUtcDateTime(instant: number | string | Date): string {
  return new Date(instant).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

export interface RRuleParts {
  /** DTSTART and DTEND of the first date of the pattern, local values for TZID=timeZone. */
  dtstart: string;
  dtend: string;
  /** The RRULE value, e.g. "FREQ=WEEKLY;BYDAY=MO,TU,TH,FR;WKST=MO". */
  rrule: string;
  /** EXDATE values (local, TZID=timeZone): cancelled dates and holidays. */
  exdates: string[];
  /** Last date of the pattern when the series ends (until, or the date of the last counted session). */
  lastDate: string | undefined;
}

const byDayCode: Record<Weekday, string> = { mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU' };

/**
 * The series as an RFC 5545 recurrence. Holidays become EXDATEs; an open-ended series lists them
 * up to `horizon` (default: end of the second year after its start), so a subscribed calendar
 * needs a fresh feed from time to time.
 */
export function toRRule(rule: RecurrenceRule, options: { horizon?: string } = {}): RRuleParts {
  const horizon = options.horizon ?? `${String(Number(rule.startDate.slice(0, 4)) + 2).padStart(4, '0')}-12-31`;
  const dates = [...seriesDates(rule, horizon)];
  const first = patternDates(rule).next().value as string;
  const parts =
    rule.freq === 'weekly'
      ? ['FREQ=WEEKLY', ...(rule.interval > 1 ? [`INTERVAL=${rule.interval}`] : []), `BYDAY=${rule.byDay.map((d) => byDayCode[d]).join(',')}`, 'WKST=MO']
      : ['FREQ=MONTHLY', `BYDAY=${rule.nth}${byDayCode[rule.byDay]}`];
  const last = rule.until ?? (rule.count !== undefined ? dates.at(-1)?.date : undefined);
  // The last second of the last local day: inclusive of that day's occurrence whatever the time.
  if (last !== undefined) parts.push(`UNTIL=${icsUtcDateTime(toInstantMs(addDays(last, 1), '00:00', rule.timeZone) - 1000)}`);
  return {
    dtstart: icsLocalDateTime(first, rule.startTime),
    dtend: icsLocalDateTime(first, rule.endTime),
    rrule: parts.join(';'),
    exdates: dates.filter((d) => d.skipped).map((d) => icsLocalDateTime(d.date, rule.startTime)),
    lastDate: last,
  };
}
