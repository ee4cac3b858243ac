/**
 * Yearly indicators the teams publish (families, assistants maternels, children, sessions…),
 * computed from the schedule, the logbook and the bus attendance the device or server holds.
 * Pure: the caller passes the records. The counting rules are written for readers in
 * docs/indicators.md; keep both in step.
 */
import type { sessionKinds } from '../entities/scheduled-session';
import type { RecordOf } from '../registry';
import { resolveFamilyId } from '../families/merge';
import { normalizeText } from '../text';

export type SessionKind = (typeof sessionKinds)[number];

export type SessionInput = Pick<
  RecordOf<'scheduledSession'>,
  'id' | 'deleted' | 'territoryId' | 'kind' | 'siteId' | 'start' | 'end' | 'timeZone' | 'status'
>;
export type LogInput = Pick<RecordOf<'sessionLog'>, 'id' | 'deleted' | 'sessionId' | 'authorId' | 'loggedAt' | 'contacts' | 'childrenCount'>;
export type AttendanceInput = Pick<RecordOf<'attendanceEvent'>, 'id' | 'deleted' | 'sessionId' | 'childId' | 'familyId' | 'type' | 'at'>;
export type SiteInput = Pick<RecordOf<'site'>, 'id' | 'name' | 'communeCode'>;
/**
 * Only the ids matter: a tombstone (`deleted: true`) marks a family erased, unless it was merged
 * into another file (`mergedInto`): then it counts as the file it was merged into.
 */
export interface FamilyInput {
  id: string;
  deleted: boolean;
  mergedInto?: string | undefined;
  children: readonly { id: string }[];
}

export interface IndicatorInput {
  sessions: readonly SessionInput[];
  logs: readonly LogInput[];
  attendance: readonly AttendanceInput[];
  sites: readonly SiteInput[];
  families: readonly FamilyInput[];
  /** Names for the rows; a missing name shows the id or the INSEE code. */
  territories?: readonly { id: string; name: string }[];
  communes?: readonly { code: string; name: string }[];
}

/** Inclusive calendar dates (YYYY-MM-DD), read in each session's own time zone. */
export interface Period {
  from: string;
  to: string;
}

export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The period of one month, `month` as YYYY-MM. */
export function monthPeriod(month: string): Period {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: `${month}-01`, to: `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}` };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const DAY_MS = 86_400_000;
// Building a formatter costs far more than using one: one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `zone` from UTC at epoch milliseconds `ms`, in milliseconds. */
function offsetAt(zone: string, ms: number): number {
  let f = formatters.get(zone);
  if (f === undefined) {
    const o = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', ...o });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = Number(part.value);
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - whole;
}

// Offsets at both ends of each UTC day: equal on all but the days a zone changes its clocks,
// so a year of sessions costs a few hundred Intl calls instead of one per session.
const dayOffsets = new Map<string, number | undefined>();

/** Calendar date (YYYY-MM-DD) of an instant on the wall clock of `zone`. */
export function localDate(instant: string, zone: string): string {
  const ms = Date.parse(instant);
  const day = Math.floor(ms / DAY_MS);
  const key = `${zone} ${day}`;
  let offset = dayOffsets.get(key);
  if (!dayOffsets.has(key)) {
    const first = offsetAt(zone, day * DAY_MS);
    offset = first === offsetAt(zone, (day + 1) * DAY_MS - 1000) ? first : undefined;
    dayOffsets.set(key, offset);
  }
  return new Date(ms + (offset ?? offsetAt(zone, ms))).toISOString().slice(0, 10);
}

export function inPeriod(date: string, period: Period): boolean {
  return date >= period.from && date <= period.to;
}

/**
 * A question is on the social side when its type is `social` or a sub-type `social/…`
 * (`social:…` too), whatever the case and accents.
 */
export function isSocialQuestion(questionType: string | undefined): boolean {
  if (questionType === undefined) return false;
  const key = normalizeText(questionType);
  return key === 'social' || key.startsWith('social/') || key.startsWith('social:');
}

/** A session held in the period, with the logs that count and its attendance events. */
export interface HeldSession {
  session: SessionInput;
  /** Local date of the start, in the session's zone. */
  date: string;
  /** The latest log of each author: a corrected log replaces that author's earlier one. */
  logs: LogInput[];
  attendance: AttendanceInput[];
}

function isLater(a: LogInput, b: LogInput): boolean {
  const d = Date.parse(a.loggedAt) - Date.parse(b.loggedAt);
  return d > 0 || (d === 0 && a.id > b.id);
}

/**
 * Sessions held in the period: not deleted, not cancelled, and either marked done or with a log
 * or attendance (the team was there). Everything else in the reports hangs on these sessions.
 */
export function sessionsHeldIn(input: Pick<IndicatorInput, 'sessions' | 'logs' | 'attendance'>, period: Period): HeldSession[] {
  const byId = new Map<string, { held: HeldSession; latest: Map<string, LogInput> }>();
  for (const session of input.sessions) {
    if (session.deleted || session.status === 'cancelled') continue;
    const date = localDate(session.start, session.timeZone);
    if (!inPeriod(date, period)) continue;
    byId.set(session.id, { held: { session, date, logs: [], attendance: [] }, latest: new Map() });
  }
  for (const log of input.logs) {
    const entry = log.deleted ? undefined : byId.get(log.sessionId);
    if (entry === undefined) continue;
    const previous = entry.latest.get(log.authorId);
    if (previous === undefined || isLater(log, previous)) entry.latest.set(log.authorId, log);
  }
  for (const event of input.attendance) {
    if (!event.deleted) byId.get(event.sessionId)?.held.attendance.push(event);
  }
  const held: HeldSession[] = [];
  for (const { held: h, latest } of byId.values()) {
    h.logs = [...latest.values()];
    if (h.session.status === 'done' || h.logs.length > 0 || h.attendance.length > 0) held.push(h);
  }
  return held;
}

/** Who is erased, which file a merged one became, and which family each known child belongs to. */
export interface Identities {
  erasedFamilies: ReadonlySet<string>;
  erasedChildren: ReadonlySet<string>;
  familyOfChild: ReadonlyMap<string, string>;
  /** A merged-away file's id → the live file it was merged into. */
  mergedTo: ReadonlyMap<string, string>;
}

export function identitiesOf(families: readonly FamilyInput[]): Identities {
  const byId = new Map(families.map((f) => [f.id, f]));
  const erasedFamilies = new Set<string>();
  const erasedChildren = new Set<string>();
  const familyOfChild = new Map<string, string>();
  const mergedTo = new Map<string, string>();
  for (const f of families) {
    const live = f.deleted ? resolveFamilyId(f.id, byId) : f.id;
    if (live === undefined) {
      erasedFamilies.add(f.id);
      for (const c of f.children) erasedChildren.add(c.id);
      continue;
    }
    if (live !== f.id) mergedTo.set(f.id, live);
    for (const c of f.children) if (!familyOfChild.has(c.id) || live === f.id) familyOfChild.set(c.id, live);
  }
  return { erasedFamilies, erasedChildren, familyOfChild, mergedTo };
}

/** The file a family id stands for now: itself, or the file it was merged into. */
function canonical(id: string, ids: Identities): string {
  return ids.mergedTo.get(id) ?? id;
}

/** The family of an attendance event, or undefined when unknown or erased. */
export function familyOfEvent(e: Pick<AttendanceInput, 'childId' | 'familyId'>, ids: Identities): string | undefined {
  if (ids.erasedChildren.has(e.childId)) return undefined;
  const given = e.familyId ?? ids.familyOfChild.get(e.childId);
  const family = given === undefined ? undefined : canonical(given, ids);
  return family !== undefined && ids.erasedFamilies.has(family) ? undefined : family;
}

export interface Indicators {
  sessionsHeld: number;
  sessionsByKind: Record<SessionKind, number>;
  /** Sum of the planned durations of the sessions held. */
  hours: number;
  /** Distinct identified families: contacts of kind family and families whose child came. */
  families: number;
  /** Family contacts without an identity (no personId, or an erased family): a count of contacts, not of families. */
  anonymousFamilyContacts: number;
  assistantsMaternels: number;
  anonymousAssistantContacts: number;
  gardesADomicile: number;
  anonymousGardeContacts: number;
  /** Contacts of kind `other`, identified or not. */
  otherContacts: number;
  /** Distinct identified children checked in at a session. */
  children: number;
  /** One per child and per session: the headcount of each session, summed. */
  childPresences: number;
  /** The part of `childPresences` without an identity (log headcounts, erased children). */
  anonymousChildPresences: number;
  /** Distinct identified families seen at a social workshop or about a social question. */
  socialFamilies: number;
  anonymousSocialContacts: number;
}

export type GroupBy = 'territory' | 'commune' | 'site';

export interface IndicatorRow extends Indicators {
  key: string;
  label: string;
  /** INSEE code of the commune (commune and site rows). */
  communeCode?: string;
}

export interface IndicatorReport {
  period: Period;
  groupBy: GroupBy;
  rows: IndicatorRow[];
  /** Distinct counts over the whole period: a family seen in two communes counts once here. */
  totals: Indicators;
}

interface Tally {
  sessions: number;
  byKind: Record<SessionKind, number>;
  ms: number;
  families: Set<string>;
  anonFamilies: number;
  assistants: Set<string>;
  anonAssistants: number;
  gardes: Set<string>;
  anonGardes: number;
  others: number;
  children: Set<string>;
  presences: number;
  anonPresences: number;
  social: Set<string>;
  anonSocial: number;
}

function emptyTally(): Tally {
  return {
    sessions: 0,
    byKind: { permanence: 0, temps_collectif: 0, bus_day: 0, atelier_parentalite: 0, atelier_social: 0 },
    ms: 0,
    families: new Set(),
    anonFamilies: 0,
    assistants: new Set(),
    anonAssistants: 0,
    gardes: new Set(),
    anonGardes: 0,
    others: 0,
    children: new Set(),
    presences: 0,
    anonPresences: 0,
    social: new Set(),
    anonSocial: 0,
  };
}

/** Adds one held session to every tally given (its group's and the totals). */
function count(h: HeldSession, ids: Identities, tallies: readonly Tally[]): void {
  const { session } = h;
  const social = session.kind === 'atelier_social';
  const families: string[] = [];
  const socialFamilies: string[] = [];
  const assistants: string[] = [];
  const gardes: string[] = [];
  let anonFamilies = 0;
  let anonAssistants = 0;
  let anonGardes = 0;
  let others = 0;
  let anonSocial = 0;
  let headcount = 0;
  for (const log of h.logs) {
    // Several authors see the same children: the largest headcount, not the sum.
    headcount = Math.max(headcount, log.childrenCount ?? 0);
    for (const c of log.contacts) {
      const id = c.personId !== undefined && c.personKind === 'family' ? canonical(c.personId, ids) : c.personId;
      switch (c.personKind) {
        case 'family': {
          const known = id !== undefined && !ids.erasedFamilies.has(id);
          const isSocial = social || isSocialQuestion(c.questionType);
          if (known) {
            families.push(id);
            if (isSocial) socialFamilies.push(id);
          } else {
            anonFamilies++;
            if (isSocial) anonSocial++;
          }
          break;
        }
        case 'assistant_maternel':
          if (id === undefined) anonAssistants++;
          else assistants.push(id);
          break;
        case 'garde_domicile':
          if (id === undefined) anonGardes++;
          else gardes.push(id);
          break;
        case 'other':
          others++;
          break;
      }
    }
  }
  const present = new Set<string>();
  const identified = new Set<string>();
  for (const e of h.attendance) {
    present.add(e.childId);
    const family = familyOfEvent(e, ids);
    const erased = ids.erasedChildren.has(e.childId) || (e.familyId !== undefined && ids.erasedFamilies.has(e.familyId));
    if (!erased) identified.add(e.childId);
    if (family !== undefined) {
      families.push(family);
      if (social) socialFamilies.push(family);
    }
  }
  // Checked-in children are the floor of the headcount; a larger logged headcount adds anonymous children.
  const presences = Math.max(headcount, present.size);
  const ms = Math.max(0, Date.parse(session.end) - Date.parse(session.start));
  for (const t of tallies) {
    t.sessions++;
    t.byKind[session.kind]++;
    t.ms += ms;
    for (const f of families) t.families.add(f);
    for (const f of socialFamilies) t.social.add(f);
    for (const a of assistants) t.assistants.add(a);
    for (const g of gardes) t.gardes.add(g);
    for (const c of identified) t.children.add(c);
    t.anonFamilies += anonFamilies;
    t.anonAssistants += anonAssistants;
    t.anonGardes += anonGardes;
    t.others += others;
    t.anonSocial += anonSocial;
    t.presences += presences;
    t.anonPresences += presences - identified.size;
  }
}

function indicatorsOf(t: Tally): Indicators {
  return {
    sessionsHeld: t.sessions,
    sessionsByKind: { ...t.byKind },
    hours: t.ms / 3_600_000,
    families: t.families.size,
    anonymousFamilyContacts: t.anonFamilies,
    assistantsMaternels: t.assistants.size,
    anonymousAssistantContacts: t.anonAssistants,
    gardesADomicile: t.gardes.size,
    anonymousGardeContacts: t.anonGardes,
    otherContacts: t.others,
    children: t.children.size,
    childPresences: t.presences,
    anonymousChildPresences: t.anonPresences,
    socialFamilies: t.social.size,
    anonymousSocialContacts: t.anonSocial,
  };
}

/** Indicators for a period, one row per team, commune or site, and totals without double counts. */
export function computeIndicators(input: IndicatorInput, period: Period, groupBy: GroupBy): IndicatorReport {
  const ids = identitiesOf(input.families);
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const territoryNames = new Map((input.territories ?? []).map((t) => [t.id, t.name]));
  const communeNames = new Map((input.communes ?? []).map((c) => [c.code, c.name]));
  const groups = new Map<string, { row: Omit<IndicatorRow, keyof Indicators>; tally: Tally }>();
  const totals = emptyTally();

  for (const h of sessionsHeldIn(input, period)) {
    const site = sites.get(h.session.siteId);
    let row: Omit<IndicatorRow, keyof Indicators>;
    if (groupBy === 'territory') {
      const key = h.session.territoryId;
      row = { key, label: territoryNames.get(key) ?? key };
    } else if (groupBy === 'commune') {
      const key = site?.communeCode ?? '';
      row = { key, label: communeNames.get(key) ?? (key === '' ? 'Commune inconnue' : key), communeCode: key };
    } else {
      const key = h.session.siteId;
      row = { key, label: site?.name ?? 'Site inconnu', communeCode: site?.communeCode ?? '' };
    }
    let group = groups.get(row.key);
    if (group === undefined) {
      group = { row, tally: emptyTally() };
      groups.set(row.key, group);
    }
    count(h, ids, [group.tally, totals]);
  }

  const rows = [...groups.values()]
    .map(({ row, tally }) => ({ ...row, ...indicatorsOf(tally) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { period, groupBy, rows, totals: indicatorsOf(totals) };
}
