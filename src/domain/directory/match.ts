/**
 * Matching a family's childcare need to assistants maternels with a free place, for the animator
 * who answers "who could take my child from September, Monday to Thursday?".
 *
 * Kinds matched by default: `assistant_maternel` (at home), `mam` (assistants maternels working
 * together) and `creche_familiale` (assistants maternels employed by a crèche familiale): all three
 * are care by assistants maternels with places counted per child. Micro-crèches and other crèches
 * admit through their own commission, so they are left out unless `options.kinds` asks for them.
 *
 * Hard constraints: a free place on the start date (optionally a few days later), the child's
 * age on the start date accepted, the distance limit. Soft scores make the `fit`: days covered
 * (0.4), hours covered (0.3), distance (0.2), atypical hours when needed (0.1); a component that
 * cannot apply (no hours asked, no location known) is left out and the weights rescaled.
 */
import type { Weekday } from '../common';
import type { DirectoryKind } from '../entities/directory-entry';
import { haversineMetres, type GeoPoint } from './distance';
import { acceptsAge, ageInMonths } from './search';
import { compareEntryNames, type SearchableEntry } from './search-index';

export const childcareKinds: readonly DirectoryKind[] = ['assistant_maternel', 'mam', 'creche_familiale'];

export interface ChildcareNeed {
  /** The child's birth date, or the expected date of birth. */
  childBirthDate: string;
  /** Wished first day of care (ISO date). */
  startDate: string;
  /** Days of the week care is needed. */
  days: readonly Weekday[];
  /** Hours needed on those days, local wall time "HH:MM"; `to` at or before `from` runs past midnight. */
  hours?: { from: string; to: string };
  /** Care before 7:00, after 19:00, at night or at weekends; worked out from days and hours when absent. */
  atypicalHours?: boolean;
  /** Where the family lives: their position or their commune's centre. */
  location?: GeoPoint;
  /** The family's commune (INSEE code). */
  communeCode?: string;
  /** Providers farther than this, or without coordinates, are left out (needs `location`). */
  maxDistanceMetres?: number;
}

export interface MatchOptions {
  /** Kinds of provider considered; `childcareKinds` when absent or empty. */
  kinds?: readonly DirectoryKind[];
  /** Also keep places that free up at most this many days after the start date (fit lowered). 0 by default. */
  laterStartDays?: number;
  /** Most results; all by default. */
  limit?: number;
}

export interface ChildcareMatch {
  id: string;
  /** How well the provider covers the need, from 0 to 1 (3 decimals). */
  fit: number;
  /** Metres from the family's location, rounded; absent when either is not located. */
  distanceMetres?: number;
  /** Why it fits, in French. */
  reasons: string[];
  /** What is missing or still to check, in French. */
  missing: string[];
}

const weights = { days: 0.4, hours: 0.3, distance: 0.2, atypical: 0.1 };
/** Distance at which the distance score halves. */
const HALF_SCORE_METRES = 5000;
const LATE_START_FACTOR = 0.75;

const dayNames: Record<Weekday, string> = { mon: 'lundi', tue: 'mardi', wed: 'mercredi', thu: 'jeudi', fri: 'vendredi', sat: 'samedi', sun: 'dimanche' };
const monthNames = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
// French typography: a non-breaking space keeps "8 h 30" and "2,5 km" on one line.
const NBSP = '\u00a0';

/** Providers that can take the child, best fit first (then nearer, then by name). */
export function matchChildcare(entries: Iterable<SearchableEntry>, need: ChildcareNeed, options: MatchOptions = {}): ChildcareMatch[] {
  const kinds = new Set(options.kinds?.length ? options.kinds : childcareKinds);
  const months = ageInMonths(need.childBirthDate, need.startDate);
  const latestStart = addDays(need.startDate, options.laterStartDays ?? 0);
  const atypicalNeeded = need.atypicalHours ?? needsAtypicalHours(need);
  const scored: { match: ChildcareMatch; entry: SearchableEntry; distance: number }[] = [];

  for (const entry of entries) {
    if (entry.deleted || !kinds.has(entry.kind)) continue;
    // Hard constraints.
    if ((entry.placesAvailable ?? 0) <= 0) continue;
    const freeFrom = entry.availableFrom;
    if (freeFrom !== undefined && freeFrom > latestStart) continue;
    if (!acceptsAge(entry, months)) continue;
    const located = entry.lat !== undefined && entry.lon !== undefined;
    const distance = need.location && located ? haversineMetres(need.location, { lat: entry.lat!, lon: entry.lon! }) : undefined;
    if (need.maxDistanceMetres !== undefined && (distance === undefined || distance > need.maxDistanceMetres)) continue;

    const reasons: string[] = [];
    const missing: string[] = [];
    const late = freeFrom !== undefined && freeFrom > need.startDate;
    const places = entry.placesAvailable!;
    const placeText = `${places} place${places > 1 ? 's' : ''} libre${places > 1 ? 's' : ''}`;
    if (late) missing.push(`${placeText} à partir du ${formatDate(freeFrom, need.startDate)} seulement`);
    else reasons.push(freeFrom ? `${placeText} à partir du ${formatDate(freeFrom, need.startDate)}` : placeText);
    if (entry.ageMinMonths === undefined && entry.ageMaxMonths === undefined) missing.push('âges accueillis non renseignés, à vérifier');
    else reasons.push(`accueille un enfant de ${formatAge(months)}`);

    const parts: { weight: number; score: number }[] = [];
    parts.push({ weight: weights.days, score: daysScore(entry, need.days, reasons, missing) });
    if (need.hours) parts.push({ weight: weights.hours, score: hoursScore(entry, need.hours, reasons, missing) });
    const near = distanceScore(entry, need, distance, reasons, missing);
    if (near !== null) parts.push({ weight: weights.distance, score: near });
    if (atypicalNeeded) {
      if (entry.atypicalHours === true) reasons.push('accepte les horaires atypiques');
      else missing.push(entry.atypicalHours === false ? 'ne propose pas d’horaires atypiques' : 'horaires atypiques non renseignés, à vérifier');
      parts.push({ weight: weights.atypical, score: entry.atypicalHours === true ? 1 : entry.atypicalHours === false ? 0 : 0.25 });
    }
    const total = parts.reduce((s, p) => s + p.weight, 0);
    const raw = parts.reduce((s, p) => s + p.weight * p.score, 0) / total;
    const fit = Math.round(raw * (late ? LATE_START_FACTOR : 1) * 1000) / 1000;

    const match: ChildcareMatch = { id: entry.id, fit, reasons, missing };
    if (distance !== undefined) match.distanceMetres = Math.round(distance);
    scored.push({ match, entry, distance: distance ?? Infinity });
  }

  scored.sort((a, b) => b.match.fit - a.match.fit || compareDistance(a.distance, b.distance) || compareEntryNames(a.entry, b.entry));
  return scored.slice(0, options.limit ?? scored.length).map((s) => s.match);
}

/** True when the need falls outside 7:00–19:00, runs past midnight, or includes a weekend day. */
export function needsAtypicalHours(need: Pick<ChildcareNeed, 'days' | 'hours'>): boolean {
  if (need.days.includes('sat') || need.days.includes('sun')) return true;
  if (!need.hours) return false;
  const { from, to } = need.hours;
  return from < '07:00' || to > '19:00' || to <= from;
}

function daysScore(entry: SearchableEntry, days: readonly Weekday[], reasons: string[], missing: string[]): number {
  if (days.length === 0) return 1;
  if (!entry.openDays) {
    missing.push('jours d’accueil non renseignés, à vérifier');
    return 0.5;
  }
  const open = new Set(entry.openDays);
  const uncovered = days.filter((d) => !open.has(d));
  if (uncovered.length === 0) reasons.push(`accueille ${frenchList(days.map((d) => `le ${dayNames[d]}`), 'et')}`);
  else missing.push(`ne couvre pas ${frenchList(uncovered.map((d) => `le ${dayNames[d]}`), 'ni')}`);
  return (days.length - uncovered.length) / days.length;
}

function hoursScore(entry: SearchableEntry, hours: { from: string; to: string }, reasons: string[], missing: string[]): number {
  const from = minutes(hours.from);
  let to = minutes(hours.to);
  if (to <= from) to += 1440;
  if (!entry.opensAt || !entry.closesAt) {
    missing.push('horaires non renseignés, à vérifier');
    return 0.5;
  }
  const opens = minutes(entry.opensAt);
  let closes = minutes(entry.closesAt);
  if (closes <= opens) closes += 1440;
  // Both windows may run past midnight: compare with the provider's day before and after too.
  let covered = 0;
  for (const shift of [-1440, 0, 1440]) covered += Math.max(0, Math.min(to, closes + shift) - Math.max(from, opens + shift));
  const score = Math.min(1, covered / (to - from));
  const window = `de ${formatTime(hours.from)} à ${formatTime(hours.to)}`;
  if (score >= 1) {
    reasons.push(`couvre les horaires demandés (${window})`);
  } else if (to <= 1440 && closes <= 1440) {
    if (opens > from) missing.push(`ouvre à ${formatTime(entry.opensAt)}, besoin dès ${formatTime(hours.from)}`);
    if (closes < to) missing.push(`ferme à ${formatTime(entry.closesAt)}, besoin jusqu’à ${formatTime(hours.to)}`);
  } else {
    missing.push(`ne couvre pas tous les horaires demandés (${window}), accueil de ${formatTime(entry.opensAt)} à ${formatTime(entry.closesAt)}`);
  }
  return score;
}

/** Distance score from 0 to 1, or null when the need says nowhere to measure from. */
function distanceScore(entry: SearchableEntry, need: ChildcareNeed, distance: number | undefined, reasons: string[], missing: string[]): number | null {
  const sameCommune = need.communeCode !== undefined && need.communeCode === entry.communeCode;
  if (sameCommune) reasons.push('dans votre commune');
  if (distance !== undefined) {
    reasons.push(`à ${formatDistance(distance)}`);
    return 1 / (1 + distance / HALF_SCORE_METRES);
  }
  if (need.location) {
    missing.push('adresse non localisée, distance inconnue');
    return sameCommune ? 0.8 : 0.3;
  }
  if (need.communeCode !== undefined) return sameCommune ? 1 : 0.3;
  return null;
}

function compareDistance(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** "8 h 30", "17 h". */
export function formatTime(hhmm: string): string {
  const h = Number(hhmm.slice(0, 2));
  const m = hhmm.slice(3, 5);
  return m === '00' ? `${h}${NBSP}h` : `${h}${NBSP}h${NBSP}${m}`;
}

/** "1er mars", "3 mars", with the year when it is not the year of `reference`. */
export function formatDate(iso: string, reference: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const day = d === 1 ? '1er' : String(d);
  const year = iso.slice(0, 4) === reference.slice(0, 4) ? '' : ` ${y}`;
  return `${day} ${monthNames[m - 1]}${year}`;
}

/** "600 m", "2,4 km", "12 km". */
export function formatDistance(metres: number): string {
  if (metres < 950) return `${Math.max(10, Math.round(metres / 10) * 10)}${NBSP}m`;
  const km = metres / 1000;
  return `${km < 10 ? km.toFixed(1).replace('.', ',') : Math.round(km)}${NBSP}km`;
}

/** "5 mois", "2 ans", "2 ans et 3 mois". */
export function formatAge(months: number): string {
  if (months < 24) return `${months}${NBSP}mois`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return `${years}${NBSP}ans${rest ? ` et ${rest}${NBSP}mois` : ''}`;
}

/** "a", "a et b", "a, b et c" (or with "ni" after a negation). */
function frenchList(items: readonly string[], conjunction: 'et' | 'ni'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
