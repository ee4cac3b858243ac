/**
 * Wall-clock time in an IANA zone ⇄ instants, with Intl only. Local dates are "YYYY-MM-DD",
 * wall times "HH:MM"; date arithmetic runs on UTC day numbers so the zone of the device running
 * the code never leaks in.
 *
 * Disambiguation follows RFC 5545 (§3.3.5) and Temporal's "compatible" choice:
 * - a wall time skipped by a spring-forward change (02:30 on the last Sunday of March in Paris)
 *   is read with the offset in force before the change, i.e. shifted forward by the length of
 *   the gap (02:30 → 03:30 CEST);
 * - a wall time that happens twice in an autumn overlap (02:30 on the last Sunday of October)
 *   is the earlier of the two instants (02:30 CEST, 00:30 UTC).
 */
import { weekdays, type Weekday } from '../common';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    // en-US with h23 gives plain numeric parts; hour12 alone would print "24" at midnight.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Milliseconds of a UTC-based clock showing the same wall time as `ms` shows in `zone`. */
function wallClockMs(ms: number, zone: string): number {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatter(zone).formatToParts(new Date(ms))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
  const d = new Date(0);
  d.setUTCFullYear(year, (fields.month ?? 1) - 1, fields.day ?? 1);
  d.setUTCHours(fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0, 0);
  return d.getTime() + (((ms % SECOND) + SECOND) % SECOND);
}

function offsetMsAt(ms: number, zone: string): number {
  return wallClockMs(ms, zone) - ms;
}

function toMs(instant: string | number | Date): number {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`instant invalide : ${String(instant)}`);
  return ms;
}

/** Offset from UTC of `zone` at an instant, in minutes (+60 for Paris in winter, +240 in Réunion). */
export function utcOffsetMinutes(instant: string | number | Date, zone: string): number {
  return offsetMsAt(toMs(instant), zone) / MINUTE;
}

const dateShape = /^(\d{4})-(\d{2})-(\d{2})$/;
const timeShape = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Days since 1970-01-01 of a local date; throws on a date that does not exist (2025-02-30). */
export function dayNumber(localDate: string): number {
  const m = dateShape.exec(localDate);
  if (m === null) throw new RangeError(`date invalide : ${localDate}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
    throw new RangeError(`date invalide : ${localDate}`);
  }
  return Math.round(t.getTime() / DAY);
}

/** The local date `n` days after 1970-01-01. */
export function fromDayNumber(n: number): string {
  const t = new Date(n * DAY);
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function wallMs(localDate: string, localTime: string): number {
  const m = timeShape.exec(localTime);
  if (m === null) throw new RangeError(`heure invalide : ${localTime}`);
  return dayNumber(localDate) * DAY + Number(m[1]) * 3_600_000 + Number(m[2]) * MINUTE + Number(m[3] ?? 0) * SECOND;
}

/**
 * Instant (epoch milliseconds) of a wall time in a zone: the earlier instant in an autumn
 * overlap, shifted forward by the gap in a spring-forward change (see the header).
 */
export function toInstantMs(localDate: string, localTime: string, zone: string): number {
  const wall = wallMs(localDate, localTime);
  // At most one change within a day either side: the offsets a day before and after are the only candidates.
  const before = offsetMsAt(wall - DAY, zone);
  const after = offsetMsAt(wall + DAY, zone);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((ms) => wallClockMs(ms, zone) === wall)
    .sort((a, b) => a - b);
  return valid[0] ?? wall - before;
}

/** ISO 8601 UTC instant of a wall time in a zone (see `toInstantMs` for gaps and overlaps). */
export function toInstant(localDate: string, localTime: string, zone: string): string {
  return new Date(toInstantMs(localDate, localTime, zone)).toISOString();
}

export interface ZonedDateTime {
  localDate: string;
  /** "HH:MM"; seconds are dropped. */
  localTime: string;
  weekday: Weekday;
}

/** The local date, wall time and weekday an instant shows in a zone. */
export function toZoned(instant: string | number | Date, zone: string): ZonedDateTime {
  const wall = wallClockMs(toMs(instant), zone);
  const day = Math.floor(wall / DAY);
  const minutes = Math.floor((wall - day * DAY) / MINUTE);
  const localDate = fromDayNumber(day);
  return { localDate, localTime: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`, weekday: weekdayOf(localDate) };
}

/** The local date `days` after (or before, if negative) `localDate`. */
export function addDays(localDate: string, days: number): string {
  return fromDayNumber(dayNumber(localDate) + days);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** Day of the week of a local date. */
export function weekdayOf(localDate: string): Weekday {
  // 1970-01-01 was a Thursday (index 3, Monday first).
  return weekdays[(((dayNumber(localDate) + 3) % 7) + 7) % 7] as Weekday;
}

/** The Monday starting the (French, Monday-first) week of a local date. */
export function startOfWeek(localDate: string): string {
  return addDays(localDate, -weekdays.indexOf(weekdayOf(localDate)));
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/** First day of a month as a local date (month 1–12). */
export function monthStart(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-01`;
}

/**
 * The nth given weekday of a month (month 1–12): nth 1…5 counts from the start, -1…-5 from the
 * end (-1 = last). Undefined when the month has no such day (a 5th Monday in a short month).
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, nth: number): string | undefined {
  if (!Number.isInteger(nth) || nth === 0 || nth > 5 || nth < -5) throw new RangeError(`rang invalide : ${nth}`);
  const length = daysInMonth(year, month);
  const first = monthStart(year, month);
  const target = weekdays.indexOf(weekday);
  let day: number;
  if (nth > 0) {
    const firstIndex = weekdays.indexOf(weekdayOf(first));
    day = 1 + ((target - firstIndex + 7) % 7) + (nth - 1) * 7;
  } else {
    const lastIndex = weekdays.indexOf(weekdayOf(addDays(first, length - 1)));
    day = length - ((lastIndex - target + 7) % 7) + (nth + 1) * 7;
  }
  return day >= 1 && day <= length ? addDays(first, day - 1) : undefined;
}

/** The last given weekday of a month (month 1–12), e.g. the last Sunday of March. */
export function lastWeekdayOfMonth(year: number, month: number, weekday: Weekday): string {
  return nthWeekdayOfMonth(year, month, weekday, -1) as string;
}

export interface OffsetTransition {
  /** Epoch milliseconds of the first instant with the new offset. */
  at: number;
  /** Offsets in minutes before and after. */
  from: number;
  to: number;
}

/**
 * Changes of UTC offset of a zone between two instants, as Intl knows them (DST changes and
 * changes of standard time). Sampled daily (two changes within a day would be missed; no zone
 * has done so in recent decades), then narrowed to the second.
 */
export function offsetTransitions(zone: string, fromMs: number, toMs: number): OffsetTransition[] {
  const step = DAY;
  const found: OffsetTransition[] = [];
  // Whole seconds, so the narrowing below always halves.
  let t = Math.floor(fromMs / SECOND) * SECOND;
  const end = Math.ceil(toMs / SECOND) * SECOND;
  let offset = offsetMsAt(t, zone);
  while (t < end) {
    const next = Math.min(t + step, end);
    const nextOffset = offsetMsAt(next, zone);
    if (nextOffset !== offset) {
      // Invariant: offset at lo is the old one, at hi the new one.
      let lo = t;
      let hi = next;
      while (hi - lo > SECOND) {
        const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
        if (offsetMsAt(mid, zone) === offset) lo = mid;
        else hi = mid;
      }
      found.push({ at: hi, from: offset / MINUTE, to: nextOffset / MINUTE });
      offset = nextOffset;
    }
    t = next;
  }
  return found;
}
