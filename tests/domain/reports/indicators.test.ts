import { describe, expect, it } from 'vitest';
import {
  computeIndicators,
  isSocialQuestion,
  localDate,
  monthPeriod,
  sessionsHeldIn,
  yearPeriod,
  type Indicators,
} from '../../../src/domain/reports/indicators';
import { AS1, B1, F3, P1, P2, R1, R2, S1, S4, T1, T2, TC1, Y1, Y2, families, input, uid } from './data';

const year = yearPeriod(2025);

describe('periods in the session zone', () => {
  it('reads the local calendar date, not the UTC one', () => {
    expect(localDate('2025-12-31T23:30:00Z', 'Europe/Paris')).toBe('2026-01-01');
    expect(localDate('2025-12-31T20:30:00Z', 'Indian/Reunion')).toBe('2026-01-01');
    expect(localDate('2025-12-31T19:30:00Z', 'Indian/Reunion')).toBe('2025-12-31');
    expect(localDate('2025-12-31T20:30:00Z', 'Europe/Paris')).toBe('2025-12-31');
  });

  it('puts sessions around midnight on 31 December in the right year', () => {
    const in2025 = sessionsHeldIn(input, year).map((h) => h.session.id);
    expect(in2025).toEqual(expect.arrayContaining([Y1.id, R1.id]));
    expect(in2025).not.toContain(Y2.id);
    expect(in2025).not.toContain(R2.id);
    const in2026 = sessionsHeldIn(input, yearPeriod(2026)).map((h) => h.session.id);
    expect(in2026.sort()).toEqual([Y2.id, R2.id].sort());
  });

  it('knows month lengths', () => {
    expect(monthPeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthPeriod('2025-02')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
  });
});

describe('sessions held', () => {
  it('done, or with a log or attendance; cancelled and silent planned ones excluded', () => {
    // P2 is still "planned" but has a log; X1 is cancelled with a log; X2 planned, nothing logged.
    expect(sessionsHeldIn(input, year).map((h) => h.session.id).sort()).toEqual([P1, P2, TC1, B1, AS1, Y1, R1].map((s) => s.id).sort());
  });

  it('keeps the latest log of each author', () => {
    const tc = sessionsHeldIn(input, year).find((h) => h.session.id === TC1.id);
    expect(tc?.logs).toHaveLength(1);
    expect(tc?.logs[0]?.childrenCount).toBe(9);
    const as = sessionsHeldIn(input, year).find((h) => h.session.id === AS1.id);
    expect(as?.logs).toHaveLength(2);
  });
});

describe('indicators of 2025', () => {
  const report = computeIndicators(input, year, 'commune');
  const t = report.totals;

  it('counts sessions and hours', () => {
    // P1 3 h + P2 3 h + TC1 2 h + B1 7.5 h + AS1 2 h + Y1 1 h + R1 1 h.
    expect(t.sessionsHeld).toBe(7);
    expect(t.hours).toBeCloseTo(19.5, 9);
    expect(t.sessionsByKind).toEqual({ permanence: 3, temps_collectif: 1, bus_day: 1, atelier_parentalite: 1, atelier_social: 1 });
  });

  it('counts each family once however many sessions it came to', () => {
    // F1 (P1, P2, B1 via C1), F2 (P2, B1, AS1, R1), F4 (B1 via C5's family file, AS1, Y1). F3 is
    // erased, F6 only appears in a deleted log, a cancelled session and 2026.
    expect(t.families).toBe(3);
    // P1: F3 (erased) + one without id; AS1: one; R1: one.
    expect(t.anonymousFamilyContacts).toBe(4);
  });

  it('counts assistants maternels, gardes à domicile and other contacts', () => {
    // AM1 (P1, TC1), AM2, AM3 (TC1 corrected log). The anonymous one of TC1's first log was corrected away; P2's stays.
    expect(t.assistantsMaternels).toBe(3);
    expect(t.anonymousAssistantContacts).toBe(1);
    // G1 at P1; G2 only in 2026.
    expect(t.gardesADomicile).toBe(1);
    expect(t.anonymousGardeContacts).toBe(0);
    expect(t.otherContacts).toBe(1);
  });

  it('counts children by id and headcounts apart', () => {
    // B1: C1, C2, C5 identified, C4 erased. Presences: B1 max(logged 3, checked in 4) = 4, TC1 9.
    expect(t.children).toBe(3);
    expect(t.childPresences).toBe(13);
    // C4 at B1 + the 9 of TC1.
    expect(t.anonymousChildPresences).toBe(10);
  });

  it('counts families on the social side', () => {
    // F1 (P2, "Social/logement"), F2 and F4 (AS1 is a social workshop). Anonymous: F3 at P1 (erased,
    // social question) and the unnamed family at AS1.
    expect(t.socialFamilies).toBe(3);
    expect(t.anonymousSocialContacts).toBe(2);
  });

  it('groups by commune and never sums distinct counts into the totals', () => {
    const byCode = Object.fromEntries(report.rows.map((r) => [r.communeCode, r]));
    expect(report.rows.map((r) => r.label)).toEqual(['Jonzac', 'Montendre', 'Saint-Joseph']);
    // Montendre: P1 3 h, P2 3 h, B1 7.5 h (S1, S2) and AS1 2 h → F1, F2, F4.
    expect(byCode['17306']).toMatchObject({ sessionsHeld: 4, families: 3, children: 3, hours: 15.5 });
    // Jonzac: TC1 and Y1 → F4, AM1..AM3.
    expect(byCode['17197']).toMatchObject({ sessionsHeld: 2, families: 1, assistantsMaternels: 3, hours: 3 });
    expect(byCode['97412']).toMatchObject({ sessionsHeld: 1, families: 1, anonymousFamilyContacts: 1 });
    const sum = (k: keyof Indicators) => report.rows.reduce((n, r) => n + (r[k] as number), 0);
    expect(sum('families')).toBe(5);
    expect(t.families).toBe(3);
    expect(sum('sessionsHeld')).toBe(t.sessionsHeld);
    expect(sum('anonymousFamilyContacts')).toBe(t.anonymousFamilyContacts);
  });

  it('groups by team and by site', () => {
    const byTeam = computeIndicators(input, year, 'territory');
    expect(byTeam.rows.map((r) => [r.key, r.label, r.sessionsHeld])).toEqual([
      [T1, 'Haute-Saintonge', 6],
      [T2, 'Sud Réunion', 1],
    ]);
    const bySite = computeIndicators(input, year, 'site');
    const s1 = bySite.rows.find((r) => r.key === S1);
    // P1 and B1 (F1, then F1, F2, F4 through the children); the cancelled X1 is not counted.
    expect(s1).toMatchObject({ label: 'Salle des fêtes', communeCode: '17306', sessionsHeld: 2, families: 3 });
    expect(bySite.rows.find((r) => r.key === S4)?.sessionsByKind.atelier_parentalite).toBe(1);
  });

  it('an erased family stops being counted as a person but its presence stays anonymous', () => {
    // Erase F1 too: F2 and F4 remain; P1's and P2's F1 contacts become anonymous, C1 an anonymous presence.
    const erased = computeIndicators({ ...input, families: families.map((f, i) => (i === 0 ? { ...f, deleted: true } : f)) }, year, 'commune').totals;
    expect(erased.families).toBe(2);
    expect(erased.anonymousFamilyContacts).toBe(t.anonymousFamilyContacts + 2);
    expect(erased.children).toBe(2);
    expect(erased.childPresences).toBe(t.childPresences);
    expect(erased.anonymousChildPresences).toBe(t.anonymousChildPresences + 1);
    expect(erased.socialFamilies).toBe(2);
    expect(erased.anonymousSocialContacts).toBe(t.anonymousSocialContacts + 1);
    expect(erased.sessionsHeld).toBe(t.sessionsHeld);
    expect(erased.hours).toBe(t.hours);
  });

  it('a file merged into another counts as that file: nothing anonymous, no family counted twice', () => {
    // F1 merged into F2: F1's contacts and child now stand for F2, one family fewer, none anonymous.
    const [f1, f2] = [families[0]!, families[1]!];
    const merged = computeIndicators(
      { ...input, families: families.map((f) => (f.id === f1.id ? { ...f, deleted: true, mergedInto: f2.id } : f.id === f2.id ? { ...f, children: [...f2.children, ...f1.children] } : f)) },
      year,
      'commune',
    ).totals;
    expect(merged.families).toBe(t.families - 1);
    expect(merged.anonymousFamilyContacts).toBe(t.anonymousFamilyContacts);
    expect(merged.children).toBe(t.children);
    expect(merged.anonymousChildPresences).toBe(t.anonymousChildPresences);
    // The same without the children moved (a tombstone still listing them): the same counts.
    const tombstoneOnly = computeIndicators({ ...input, families: families.map((f) => (f.id === f1.id ? { ...f, deleted: true, mergedInto: f2.id } : f)) }, year, 'commune').totals;
    expect(tombstoneOnly).toEqual(merged);
  });

  it('an erased family is anonymous even when its file is gone from the children map', () => {
    // F3's tombstone lists no children any more: C4's events still carry familyId F3.
    const stripped = computeIndicators({ ...input, families: families.map((f) => (f.id === F3 ? { ...f, children: [] } : f)) }, year, 'site').totals;
    expect(stripped.children).toBe(3);
    expect(stripped.anonymousChildPresences).toBe(10);
  });

  it('a session without a known site is kept under an unknown commune', () => {
    const lost = { ...P1, id: uid(900), siteId: uid(901) };
    const report2 = computeIndicators({ ...input, sessions: [...input.sessions, lost] }, year, 'commune');
    expect(report2.rows.find((r) => r.key === '')).toMatchObject({ label: 'Commune inconnue', sessionsHeld: 1 });
  });

  it('two authors at one session: the larger headcount, not the sum; attendance alone makes a session held', () => {
    const tc = { ...TC1, id: uid(910) };
    const bus = { ...B1, id: uid(911), status: 'planned' as const };
    const extra = {
      ...input,
      sessions: [tc, bus],
      logs: [
        { id: uid(912), deleted: false, sessionId: tc.id, authorId: uid(913), loggedAt: '2025-09-15T12:00:00Z', contacts: [], childrenCount: 6 },
        { id: uid(914), deleted: false, sessionId: tc.id, authorId: uid(915), loggedAt: '2025-09-15T12:00:00Z', contacts: [], childrenCount: 8 },
      ],
      attendance: [{ id: uid(916), deleted: false, sessionId: bus.id, childId: uid(917), familyId: undefined, type: 'check_in' as const, at: '2025-10-06T09:00:00+02:00' }],
    };
    const totals = computeIndicators(extra, year, 'site').totals;
    expect(totals.sessionsHeld).toBe(2);
    // 8 at the temps collectif, 1 identified child on the bus.
    expect(totals.childPresences).toBe(9);
    expect(totals.children).toBe(1);
  });

  it('an empty year has empty totals', () => {
    const empty = computeIndicators(input, yearPeriod(2024), 'site');
    expect(empty.rows).toEqual([]);
    expect(empty.totals.families).toBe(0);
    expect(empty.totals.hours).toBe(0);
  });
});

describe('social questions', () => {
  it.each([
    ['social', true],
    ['Social', true],
    [' SOCIAL ', true],
    ['social/logement', true],
    ['social:CAF', true],
    ['socialisation', false],
    ['contrat', false],
    [undefined, false],
  ])('%s → %s', (q, expected) => {
    expect(isSocialQuestion(q)).toBe(expected);
  });
});

describe('held sessions keep B1 attendance, deleted events aside', () => {
  it('drops deleted events', () => {
    const b = sessionsHeldIn(input, year).find((h) => h.session.id === B1.id);
    expect(b?.attendance).toHaveLength(7);
  });
});
