/**
 * Retention: a family file untouched for longer than the retention period (24 months after the
 * last activity by default, docs/rgpd.md) is to be purged. Pure: lists them, the caller erases.
 */
import { lastActivity, type FamilyBundle } from './bundle';

export const DEFAULT_RETENTION_MONTHS = 24;
export const MIN_RETENTION_MONTHS = 1;
export const MAX_RETENTION_MONTHS = 120;

/** The instant `months` calendar months before `now` (the 31st falls back to the month's end). */
export function monthsBefore(now: string, months: number): string {
  const d = new Date(now);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}

export interface StaleFile {
  familyId: string;
  lastActivity: string;
}

/**
 * Live files whose last activity is before `now` minus `months`, oldest first. A period outside
 * 1–120 months is refused: a mistyped 0 must not purge everything.
 */
export function staleFiles(bundles: readonly FamilyBundle[], now: string, months: number = DEFAULT_RETENTION_MONTHS): StaleFile[] {
  if (!Number.isInteger(months) || months < MIN_RETENTION_MONTHS || months > MAX_RETENTION_MONTHS) {
    throw new RangeError(`durée de conservation hors de ${MIN_RETENTION_MONTHS} à ${MAX_RETENTION_MONTHS} mois`);
  }
  const limit = Date.parse(monthsBefore(now, months));
  return bundles
    .filter((b) => !b.family.deleted)
    .map((b) => ({ familyId: b.family.id, lastActivity: lastActivity(b) }))
    .filter((s) => Date.parse(s.lastActivity) < limit)
    .sort((a, b) => Date.parse(a.lastActivity) - Date.parse(b.lastActivity));
}
