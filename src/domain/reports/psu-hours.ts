/**
 * Hours of attendance of a Baby Bus under the PSU (prestation de service unique, CAF): check-ins
 * and check-outs paired into presence intervals, realised hours per child, month and site, and
 * the contracted hours beside them. Events come from several tablets, in any order, sometimes
 * twice, sometimes without a check-out: the pairing rule below is the one docs/indicators.md gives.
 */
import type { z } from 'zod';
import type { busEnrollmentFields } from '../entities/bus-enrollment';
import { daysInMonth, inPeriod, localDate, type AttendanceInput, type Period, type SessionInput } from './indicators';

export type PsuSessionInput = Pick<SessionInput, 'id' | 'deleted' | 'siteId' | 'start' | 'end' | 'timeZone' | 'status'>;
export type PsuEventInput = Pick<AttendanceInput, 'id' | 'deleted' | 'sessionId' | 'childId' | 'familyId' | 'type' | 'at'>;
export type EnrollmentInput = Pick<z.infer<typeof busEnrollmentFields>, 'childId' | 'siteId' | 'from' | 'to' | 'hoursPerMonth'> & {
  deleted?: boolean;
};

/** Why an interval was closed by the rule rather than by a tap: the team should check it. */
export type PresenceFlag = 'missing_check_in' | 'missing_check_out';

export interface PresenceInterval {
  sessionId: string;
  childId: string;
  familyId: string | undefined;
  /** Epoch milliseconds, within the session's opening. */
  start: number;
  end: number;
  flag: PresenceFlag | undefined;
}

interface Tap {
  ms: number;
  type: 'check_in' | 'check_out';
  id: string;
}

// Total order, so that the arrival order of events never matters. At the same instant a
// check-out comes first (it frees the place, as in peakPresence).
function byTime(a: Tap, b: Tap): number {
  return a.ms - b.ms || (a.type === b.type ? 0 : a.type === 'check_out' ? -1 : 1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * One child's taps at one session, sorted, paired. The earliest tap wins: a check-in of a child
 * already present, or a check-out of a child already gone, is a duplicate from another device.
 * A check-out before any check-in starts at the session start; a check-in never closed ends at
 * the session end; both are flagged. Intervals are cut to the session's opening.
 */
function pairTaps(taps: readonly Tap[], open: number, close: number): { start: number; end: number; flag: PresenceFlag | undefined }[] {
  const out: { start: number; end: number; flag: PresenceFlag | undefined }[] = [];
  let since: number | undefined;
  for (const t of taps) {
    if (t.type === 'check_in') since ??= t.ms;
    else if (since !== undefined) {
      out.push({ start: since, end: t.ms, flag: undefined });
      since = undefined;
    } else if (out.length === 0) out.push({ start: open, end: t.ms, flag: 'missing_check_in' });
  }
  if (since !== undefined) out.push({ start: since, end: close, flag: 'missing_check_out' });
  return out.map((i) => {
    const start = Math.min(Math.max(i.start, open), close);
    return { start, end: Math.max(start, Math.min(i.end, close)), flag: i.flag };
  });
}

/**
 * Taps grouped by session and child. A record received twice needs no special case: pairing
 * ignores a tap equal to one already seen.
 */
function tapsBySessionChild(events: readonly PsuEventInput[], keep: (e: PsuEventInput) => boolean) {
  type Group = { sessionId: string; childId: string; familyId: string | undefined; taps: Tap[] };
  // Nested maps rather than a joined key: 100,000 events make no garbage strings.
  const bySession = new Map<string, Map<string, Group>>();
  const groups: Group[] = [];
  for (const e of events) {
    if (e.deleted || !keep(e)) continue;
    let children = bySession.get(e.sessionId);
    if (children === undefined) {
      children = new Map();
      bySession.set(e.sessionId, children);
    }
    let g = children.get(e.childId);
    if (g === undefined) {
      g = { sessionId: e.sessionId, childId: e.childId, familyId: undefined, taps: [] };
      children.set(e.childId, g);
      groups.push(g);
    }
    g.familyId ??= e.familyId;
    g.taps.push({ ms: Date.parse(e.at), type: e.type, id: e.id });
  }
  for (const g of groups) if (g.taps.length > 1) g.taps.sort(byTime);
  return groups;
}

/** Presence intervals of every child at the given sessions (cancelled or deleted ones excluded). */
export function presenceIntervals(events: readonly PsuEventInput[], sessions: readonly PsuSessionInput[]): PresenceInterval[] {
  const byId = new Map(sessions.filter((s) => !s.deleted && s.status !== 'cancelled').map((s) => [s.id, s]));
  const out: PresenceInterval[] = [];
  for (const g of tapsBySessionChild(events, (e) => byId.has(e.sessionId))) {
    const s = byId.get(g.sessionId) as PsuSessionInput;
    for (const i of pairTaps(g.taps, Date.parse(s.start), Date.parse(s.end))) {
      out.push({ sessionId: g.sessionId, childId: g.childId, familyId: g.familyId, ...i });
    }
  }
  return out;
}

/** Children present at instant `at` (events of one bus day, from every device). */
export function presentChildren(events: readonly PsuEventInput[], at: string): string[] {
  const now = Date.parse(at);
  const present = new Set<string>();
  for (const g of tapsBySessionChild(events, (e) => Date.parse(e.at) <= now)) {
    let inside = false;
    for (const t of g.taps) inside = t.type === 'check_in';
    if (inside) present.add(g.childId);
  }
  return [...present];
}

/** How many children are on the bus at instant `at`. */
export function liveCount(events: readonly PsuEventInput[], at: string): number {
  return presentChildren(events, at).length;
}

export interface RealisedRow {
  childId: string;
  familyId: string | undefined;
  siteId: string;
  /** YYYY-MM, the local month of the session. */
  month: string;
  hours: number;
  /** Sessions the child came to. */
  sessions: number;
  /** Intervals closed by the rule (missing check-in or check-out). */
  incomplete: number;
}

export interface RealisedHours {
  rows: RealisedRow[];
  /** Intervals to check with the team, oldest first. */
  flagged: PresenceInterval[];
  /** Events whose session is unknown here: not counted. */
  unmatchedEvents: number;
}

/** Realised hours per child, month and site, for sessions whose local date is in the period. */
export function realisedHours(events: readonly PsuEventInput[], sessions: readonly PsuSessionInput[], period?: Period): RealisedHours {
  const known = new Set(sessions.map((s) => s.id));
  type Row = RealisedRow & { ms: number };
  // One bucket of rows per site and month, reached from each session without building keys.
  const buckets = new Map<string, Map<string, Row>>();
  const where = new Map<string, { siteId: string; month: string; open: number; close: number; rows: Map<string, Row> }>();
  for (const s of sessions) {
    if (s.deleted || s.status === 'cancelled') continue;
    const date = localDate(s.start, s.timeZone);
    if (period !== undefined && !inPeriod(date, period)) continue;
    const month = date.slice(0, 7);
    const bucketKey = `${s.siteId} ${month}`;
    let rows = buckets.get(bucketKey);
    if (rows === undefined) {
      rows = new Map();
      buckets.set(bucketKey, rows);
    }
    where.set(s.id, { siteId: s.siteId, month, open: Date.parse(s.start), close: Date.parse(s.end), rows });
  }
  const flagged: PresenceInterval[] = [];
  for (const g of tapsBySessionChild(events, (e) => where.has(e.sessionId))) {
    const w = where.get(g.sessionId) as NonNullable<ReturnType<typeof where.get>>;
    let row = w.rows.get(g.childId);
    if (row === undefined) {
      row = { childId: g.childId, familyId: g.familyId, siteId: w.siteId, month: w.month, hours: 0, sessions: 0, incomplete: 0, ms: 0 };
      w.rows.set(g.childId, row);
    }
    row.familyId ??= g.familyId;
    // A group always yields an interval: one session more for this child.
    row.sessions++;
    for (const i of pairTaps(g.taps, w.open, w.close)) {
      row.ms += i.end - i.start;
      if (i.flag === undefined) continue;
      row.incomplete++;
      flagged.push({ sessionId: g.sessionId, childId: g.childId, familyId: g.familyId, ...i });
    }
  }
  let unmatchedEvents = 0;
  for (const e of events) if (!e.deleted && !known.has(e.sessionId)) unmatchedEvents++;
  const out: RealisedRow[] = [];
  for (const rows of buckets.values()) for (const { ms, ...r } of rows.values()) out.push({ ...r, hours: ms / 3_600_000 });
  return { rows: out, flagged: flagged.sort((a, b) => a.start - b.start), unmatchedEvents };
}

export interface PsuRow {
  childId: string;
  siteId: string;
  month: string;
  contractedHours: number;
  realisedHours: number;
  /** Realised minus contracted: positive when the child stayed longer than the contract. */
  differenceHours: number;
  sessions: number;
  incomplete: number;
  /** False for occasional care: hours realised without a contract that month. */
  enrolled: boolean;
}

const DAY = 86_400_000;

/** Inclusive number of days shared by two date ranges (YYYY-MM-DD). */
function sharedDays(aFrom: string, aTo: string, bFrom: string, bTo: string): number {
  const from = aFrom > bFrom ? aFrom : bFrom;
  const to = aTo < bTo ? aTo : bTo;
  return to < from ? 0 : Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
}

/** Months (YYYY-MM) the period touches, in order. */
export function monthsOf(period: Period): string[] {
  const out: string[] = [];
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  const last = period.to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return out;
    out.push(month);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/**
 * Contracted against realised hours per child, site and month of the period. A month partly
 * covered by a contract (or by the period) counts hoursPerMonth × covered days ÷ days in month.
 * `realised` are the rows of realisedHours over the same period.
 */
export function contractedVsRealised(enrollments: readonly EnrollmentInput[], realised: readonly RealisedRow[], period: Period): PsuRow[] {
  const rows = new Map<string, PsuRow>();
  const rowOf = (childId: string, siteId: string, month: string): PsuRow => {
    const key = `${childId} ${siteId} ${month}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { childId, siteId, month, contractedHours: 0, realisedHours: 0, differenceHours: 0, sessions: 0, incomplete: 0, enrolled: false };
      rows.set(key, row);
    }
    return row;
  };
  const months = monthsOf(period);
  for (const e of enrollments) {
    if (e.deleted === true) continue;
    for (const month of months) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const days = daysInMonth(y, m);
      const first = `${month}-01`;
      const last = `${month}-${String(days).padStart(2, '0')}`;
      const share = sharedDays(e.from, e.to, period.from > first ? period.from : first, period.to < last ? period.to : last);
      if (share === 0) continue;
      const row = rowOf(e.childId, e.siteId, month);
      row.contractedHours += (e.hoursPerMonth * share) / days;
      row.enrolled = true;
    }
  }
  const inMonths = new Set(months);
  for (const r of realised) {
    if (!inMonths.has(r.month)) continue;
    const row = rowOf(r.childId, r.siteId, r.month);
    row.realisedHours += r.hours;
    row.sessions += r.sessions;
    row.incomplete += r.incomplete;
  }
  return [...rows.values()]
    .map((r) => ({ ...r, differenceHours: r.realisedHours - r.contractedHours }))
    .sort((a, b) => compare(a.month, b.month) || compare(a.siteId, b.siteId) || compare(a.childId, b.childId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const BUS_MIN_AGE_MONTHS = 5;
export const BUS_MAX_AGE_MONTHS = 60;

export type AgeCheck = 'ok' | 'too_young' | 'too_old' | 'unknown';

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  // 30 September + 5 months is the last day of February, not 2 March.
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

/**
 * Whether a child may come on the bus on local date `on`: from the day they are 5 months old
 * to the eve of their 5th birthday. Without a birth date (expected child) the answer is unknown.
 */
export function busAgeCheck(birthDate: string | undefined, on: string): AgeCheck {
  if (birthDate === undefined) return 'unknown';
  if (on < addMonths(birthDate, BUS_MIN_AGE_MONTHS)) return 'too_young';
  if (on >= addMonths(birthDate, BUS_MAX_AGE_MONTHS)) return 'too_old';
  return 'ok';
}
