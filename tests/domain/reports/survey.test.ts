import { describe, expect, it } from 'vitest';
import { yearPeriod } from '../../../src/domain/reports/indicators';
import { surveyRates, type SurveyResponseInput } from '../../../src/domain/reports/survey';
import { B1, P1, R2, X1, attendance, families, logs, sessions, uid } from './data';

let n = 700;
const answer = (overall: number, sessionId: string | undefined, extra: Partial<SurveyResponseInput> = {}): SurveyResponseInput => ({
  id: uid(n++),
  sessionId,
  overall,
  answeredAt: '2025-10-06T16:30:00+02:00',
  ...extra,
});

const p1First = answer(4, P1.id, { found: 'yes', wouldReturn: 'yes' });
const responses: SurveyResponseInput[] = [
  p1First,
  answer(3, P1.id, { found: 'partly', wouldReturn: 'yes' }),
  answer(1, P1.id, { found: 'no' }),
  answer(2, B1.id, { found: 'yes' }),
  answer(4, B1.id),
  // After an event outside the schedule, in June.
  answer(4, undefined, { answeredAt: '2025-06-01T10:00:00+02:00' }),
  // Linked to the cancelled X1: in the year's satisfaction, not in the response rate.
  answer(1, X1.id, { wouldReturn: 'no' }),
  // 21:30Z on 31 December: 22:30 in Paris (2025), 01:30 on 1 January in Réunion (2026).
  answer(3, undefined, { answeredAt: '2025-12-31T21:30:00Z' }),
  // Not counted: a 2026 session, a deleted answer, the same record received twice.
  answer(4, R2.id),
  answer(4, P1.id, { deleted: true }),
  p1First,
];

const input = { sessions, logs, attendance, families, responses };

describe('survey rates', () => {
  const r = surveyRates(input, yearPeriod(2025));

  it('satisfaction: the top two faces among the answers of the period', () => {
    // P1 4, 3, 1; B1 2, 4; June 4; X1 1; 31 December 3 → 8 answers, 5 satisfied.
    expect(r.responses).toBe(8);
    expect(r.satisfied).toBe(5);
    expect(r.satisfactionRate).toBe(5 / 8);
  });

  it('the two yes/no questions count only those who answered them', () => {
    // found: yes, partly, no, yes → 2/4. Would return: yes, yes, no → 2/3.
    expect(r.foundRate).toBe(0.5);
    expect(r.wouldReturnRate).toBe(2 / 3);
  });

  it('response rate: answers over the people met at the sessions where the survey was handed out', () => {
    // P1: 6 logged contacts (the deleted log aside). B1: no contacts, 4 households through the
    // children: F1, F2, F4 (C5's family file) and the erased family's child C4.
    expect(r.sessionsHeld).toBe(7);
    expect(r.sessionsSurveyed).toBe(2);
    expect(r.participants).toBe(10);
    expect(r.linkedResponses).toBe(5);
    expect(r.responseRate).toBe(0.5);
  });

  it('reads an answer without a session in the given zone', () => {
    const reunion = surveyRates(input, yearPeriod(2025), 'Indian/Reunion');
    expect(reunion.responses).toBe(7);
    expect(reunion.satisfied).toBe(4);
  });

  it('a family logged as a contact and whose child came counts once', () => {
    const withContact = logs.map((l) => (l.sessionId === B1.id ? { ...l, contacts: [{ personKind: 'family' as const, personId: families[0]?.id }] } : l));
    // F1 logged at B1: 1 contact + F2, F4 and C4's household.
    expect(surveyRates({ ...input, logs: withContact }, yearPeriod(2025)).participants).toBe(6 + 4);
  });

  it('gives no rate rather than a division by zero', () => {
    const empty = surveyRates({ ...input, responses: [] }, yearPeriod(2025));
    expect(empty).toMatchObject({ responses: 0, satisfactionRate: null, foundRate: null, responseRate: null, sessionsSurveyed: 0 });
  });
});
