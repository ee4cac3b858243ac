/**
 * Satisfaction survey figures for a period: how many answered, and how many were satisfied.
 * Definitions are in docs/indicators.md.
 */
import type { z } from 'zod';
import { SATISFIED_FROM, type surveyResponseFields } from '../entities/survey-response';
import { familyOfEvent, identitiesOf, inPeriod, localDate, sessionsHeldIn, type IndicatorInput, type Period } from './indicators';

export type SurveyResponseInput = Pick<z.infer<typeof surveyResponseFields>, 'sessionId' | 'found' | 'wouldReturn' | 'overall' | 'answeredAt'> & {
  id: string;
  deleted?: boolean;
};

export interface SurveyInput extends Pick<IndicatorInput, 'sessions' | 'logs' | 'attendance' | 'families'> {
  responses: readonly SurveyResponseInput[];
}

export interface SurveyRates {
  /** Answers in the period, after a session or an event. */
  responses: number;
  /** Answers with one of the top two faces. */
  satisfied: number;
  satisfactionRate: number | null;
  /** « Oui » among those who answered « Avez-vous trouvé ce que vous cherchiez ? ». */
  foundRate: number | null;
  /** « Oui » among those who answered « Reviendriez-vous ? ». */
  wouldReturnRate: number | null;
  sessionsHeld: number;
  /** Sessions held with at least one answer: where the survey was handed out. */
  sessionsSurveyed: number;
  /** People met at the surveyed sessions (logged contacts, plus families whose child came). */
  participants: number;
  /** Answers linked to a surveyed session. */
  linkedResponses: number;
  /** linkedResponses ÷ participants. */
  responseRate: number | null;
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * Survey figures of a period. An answer belongs to the local date of its session; an answer
 * without a known session to the local date it was given, read in `zone`.
 */
export function surveyRates(input: SurveyInput, period: Period, zone = 'Europe/Paris'): SurveyRates {
  const sessions = new Map(input.sessions.filter((s) => !s.deleted).map((s) => [s.id, s]));
  const seen = new Set<string>();
  const perSession = new Map<string, number>();
  let responses = 0;
  let satisfied = 0;
  let found = 0;
  let foundAnswered = 0;
  let wouldReturn = 0;
  let wouldReturnAnswered = 0;
  for (const r of input.responses) {
    if (r.deleted === true || seen.has(r.id)) continue;
    seen.add(r.id);
    const session = r.sessionId === undefined ? undefined : sessions.get(r.sessionId);
    const date = session === undefined ? localDate(r.answeredAt, zone) : localDate(session.start, session.timeZone);
    if (!inPeriod(date, period)) continue;
    responses++;
    if (r.overall >= SATISFIED_FROM) satisfied++;
    if (r.found !== undefined) {
      foundAnswered++;
      if (r.found === 'yes') found++;
    }
    if (r.wouldReturn !== undefined) {
      wouldReturnAnswered++;
      if (r.wouldReturn === 'yes') wouldReturn++;
    }
    if (session !== undefined) perSession.set(session.id, (perSession.get(session.id) ?? 0) + 1);
  }

  const ids = identitiesOf(input.families);
  const held = sessionsHeldIn(input, period);
  let sessionsSurveyed = 0;
  let participants = 0;
  let linkedResponses = 0;
  for (const h of held) {
    const answers = perSession.get(h.session.id);
    if (answers === undefined) continue;
    sessionsSurveyed++;
    linkedResponses += answers;
    const met = new Set<string>();
    for (const log of h.logs) {
      participants += log.contacts.length;
      for (const c of log.contacts) if (c.personId !== undefined) met.add(c.personId);
    }
    // A family whose child came was there too, unless already logged as a contact.
    const households = new Set<string>();
    for (const e of h.attendance) {
      const household = familyOfEvent(e, ids) ?? `child ${e.childId}`;
      if (!met.has(household)) households.add(household);
    }
    participants += households.size;
  }

  return {
    responses,
    satisfied,
    satisfactionRate: rate(satisfied, responses),
    foundRate: rate(found, foundAnswered),
    wouldReturnRate: rate(wouldReturn, wouldReturnAnswered),
    sessionsHeld: held.length,
    sessionsSurveyed,
    participants,
    linkedResponses,
    responseRate: rate(linkedResponses, participants),
  };
}
