import { z } from 'zod';
import { isoDate, uuid, weekdays } from '../common';

/**
 * A child enrolled on a Baby Bus site under a PSU contract (contrat d'accueil, CAF).
 * Hours are contracted per month, as the PSU bills them: a weekly contract is "mensualised" when
 * it is signed (hours per week × weeks of care in the year ÷ 12) and the result entered here.
 * `from` and `to` are inclusive calendar dates; a month only partly covered counts its share of
 * days (see docs/indicators.md). A record with `to` before `from` is refused (enrollmentRangeIssue);
 * one arriving anyway covers nothing.
 */
export const busEnrollmentFields = z.object({
  childId: uuid,
  familyId: uuid,
  siteId: uuid,
  from: isoDate,
  to: isoDate,
  hoursPerMonth: z.number().min(0).max(250),
  /** Days the child is expected on the bus, Monday first. */
  days: z.array(z.enum(weekdays)).min(1).max(7),
});

/**
 * The contract must end on or after the day it starts. Checked on the whole record (the
 * registry's record rules) because an edit may change one date only.
 */
export function enrollmentRangeIssue(e: { from: string; to: string }): { path: 'to'; message: string } | undefined {
  return e.to < e.from ? { path: 'to', message: 'la fin du contrat précède son début' } : undefined;
}
