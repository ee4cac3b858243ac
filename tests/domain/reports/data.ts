// Hand-made year of activity shared by the report tests. Every expected figure in the tests is
// worked out from the comments here.
import type { AttendanceInput, FamilyInput, IndicatorInput, LogInput, SessionInput, SiteInput } from '../../../src/domain/reports/indicators';

/** Readable fixed UUIDs: uid(12) → 00000000-0000-4000-8000-000000000012. */
export const uid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const T1 = uid(1); // Haute-Saintonge, Europe/Paris
export const T2 = uid(2); // Sud Réunion, Indian/Reunion
export const S1 = uid(11); // Montendre 17306
export const S2 = uid(12); // Montendre 17306
export const S3 = uid(13); // Jonzac 17197
export const S4 = uid(14); // Saint-Joseph 97412
export const [F1, F2, F3, F4, F6] = [21, 22, 23, 24, 26].map(uid) as [string, string, string, string, string];
export const [C1, C2, C3, C4, C5] = [31, 32, 33, 34, 35].map(uid) as [string, string, string, string, string];
export const [AM1, AM2, AM3, G1, G2] = [41, 42, 43, 44, 45].map(uid) as [string, string, string, string, string];
export const [A1, A2, A3, BT] = [51, 52, 53, 54].map(uid) as [string, string, string, string];

export const sites: SiteInput[] = [
  { id: S1, name: 'Salle des fêtes', communeCode: '17306' },
  { id: S2, name: 'France Services', communeCode: '17306' },
  { id: S3, name: 'Mairie de Jonzac', communeCode: '17197' },
  { id: S4, name: 'Bus Saint-Joseph', communeCode: '97412' },
];

// F3 was erased (tombstone); F4's child C5 is checked in without a familyId.
export const families: FamilyInput[] = [
  { id: F1, deleted: false, children: [{ id: C1 }] },
  { id: F2, deleted: false, children: [{ id: C2 }, { id: C3 }] },
  { id: F3, deleted: true, children: [{ id: C4 }] },
  { id: F4, deleted: false, children: [{ id: C5 }] },
];

const PARIS = 'Europe/Paris';
const REUNION = 'Indian/Reunion';

function session(n: number, kind: SessionInput['kind'], siteId: string, start: string, end: string, status: SessionInput['status'], zone = PARIS, territoryId = T1): SessionInput {
  return { id: uid(n), deleted: false, territoryId, kind, siteId, start, end, timeZone: zone, status };
}

// Held in 2025 (local dates): P1, P2, TC1, B1, AS1, Y1, R1 = 7 sessions, 19.5 hours.
export const P1 = session(101, 'permanence', S1, '2025-03-10T09:00:00+01:00', '2025-03-10T12:00:00+01:00', 'done'); // 3 h
export const P2 = session(102, 'permanence', S2, '2025-06-02T14:00:00+02:00', '2025-06-02T17:00:00+02:00', 'planned'); // 3 h, held: it has a log
export const TC1 = session(103, 'temps_collectif', S3, '2025-09-15T09:30:00+02:00', '2025-09-15T11:30:00+02:00', 'done'); // 2 h
export const B1 = session(104, 'bus_day', S1, '2025-10-06T08:30:00+02:00', '2025-10-06T16:00:00+02:00', 'done'); // 7.5 h
export const AS1 = session(105, 'atelier_social', S2, '2025-12-01T14:00:00+01:00', '2025-12-01T16:00:00+01:00', 'done'); // 2 h
// 23:30 on 31 December in Paris (22:30Z): 2025.
export const Y1 = session(106, 'permanence', S3, '2025-12-31T23:30:00+01:00', '2026-01-01T00:30:00+01:00', 'done'); // 1 h
// 23:30 on 31 December in Réunion (19:30Z): 2025.
export const R1 = session(107, 'atelier_parentalite', S4, '2025-12-31T23:30:00+04:00', '2026-01-01T00:30:00+04:00', 'done', REUNION, T2); // 1 h
// Not held in 2025: cancelled, planned without log, and two sessions that are still 2025 in UTC
// (23:30Z and 20:30Z on 31 December) but 1 January 2026 on the local clock.
export const X1 = session(108, 'atelier_parentalite', S1, '2025-04-01T10:00:00+02:00', '2025-04-01T12:00:00+02:00', 'cancelled');
export const X2 = session(109, 'permanence', S2, '2025-11-03T09:00:00+01:00', '2025-11-03T12:00:00+01:00', 'planned');
export const Y2 = session(110, 'permanence', S3, '2026-01-01T00:30:00+01:00', '2026-01-01T01:30:00+01:00', 'done');
export const R2 = session(111, 'permanence', S4, '2026-01-01T00:30:00+04:00', '2026-01-01T01:30:00+04:00', 'done', REUNION, T2);

export const sessions: SessionInput[] = [P1, P2, TC1, B1, AS1, Y1, R1, X1, X2, Y2, R2];

let logN = 200;
function log(s: SessionInput, authorId: string, loggedAt: string, contacts: LogInput['contacts'], childrenCount?: number, deleted = false): LogInput {
  return { id: uid(logN++), deleted, sessionId: s.id, authorId, loggedAt, contacts, childrenCount };
}

export const logs: LogInput[] = [
  // P1: families F1 and F3 (erased: anonymous, social question) and one anonymous; AM1; G1; one other.
  log(P1, A1, '2025-03-10T12:10:00+01:00', [
    { personKind: 'family', personId: F1, questionType: 'contrat' },
    { personKind: 'family', personId: F3, questionType: 'social' },
    { personKind: 'family' },
    { personKind: 'assistant_maternel', personId: AM1 },
    { personKind: 'garde_domicile', personId: G1 },
    { personKind: 'other' },
  ]),
  // A deleted log counts for nothing (F6 would be a fourth family).
  log(P1, A2, '2025-03-10T12:20:00+01:00', [{ personKind: 'family', personId: F6 }], 5, true),
  // P2: F1 again (a social sub-question), F2, one anonymous assistant maternel.
  log(P2, A1, '2025-06-02T17:05:00+02:00', [
    { personKind: 'family', personId: F1, questionType: 'Social/logement' },
    { personKind: 'family', personId: F2 },
    { personKind: 'assistant_maternel' },
  ]),
  // TC1: the same author's later log corrects the first one (8 → 9 children, anonymous AM → AM3).
  log(TC1, A1, '2025-09-15T11:40:00+02:00', [{ personKind: 'assistant_maternel', personId: AM1 }, { personKind: 'assistant_maternel', personId: AM2 }, { personKind: 'assistant_maternel' }], 8),
  log(TC1, A1, '2025-09-15T18:00:00+02:00', [
    { personKind: 'assistant_maternel', personId: AM1 },
    { personKind: 'assistant_maternel', personId: AM2 },
    { personKind: 'assistant_maternel', personId: AM3 },
  ], 9),
  // B1: the bus team noted 3 children, but 4 were checked in.
  log(B1, BT, '2025-10-06T16:10:00+02:00', [], 3),
  // AS1: two authors; F2 (social by the kind of session), an anonymous family, F4.
  log(AS1, A2, '2025-12-01T16:05:00+01:00', [{ personKind: 'family', personId: F2 }, { personKind: 'family' }]),
  log(AS1, A3, '2025-12-01T16:06:00+01:00', [{ personKind: 'family', personId: F4 }], 0),
  log(Y1, A1, '2026-01-01T00:35:00+01:00', [{ personKind: 'family', personId: F4 }]),
  log(R1, A1, '2026-01-01T00:35:00+04:00', [{ personKind: 'family', personId: F2 }, { personKind: 'family' }]),
  // Excluded: a cancelled session's log (F4 here would change nothing, F6 would), and 2026 sessions.
  log(X1, A1, '2025-04-01T12:00:00+02:00', [{ personKind: 'family', personId: F6 }], 4),
  log(Y2, A1, '2026-01-01T01:35:00+01:00', [{ personKind: 'garde_domicile', personId: G2 }]),
  log(R2, A1, '2026-01-01T01:35:00+04:00', [{ personKind: 'family', personId: F6 }]),
];

let evN = 300;
export function ev(s: SessionInput, childId: string, type: AttendanceInput['type'], at: string, familyId?: string, deleted = false): AttendanceInput {
  return { id: uid(evN++), deleted, sessionId: s.id, childId, familyId, type, at };
}

// B1: C1 (F1), C2 (F2), C4 (erased F3), C5 (F4 through the family file) — 3 identified children.
export const attendance: AttendanceInput[] = [
  ev(B1, C1, 'check_in', '2025-10-06T08:35:00+02:00', F1),
  ev(B1, C1, 'check_out', '2025-10-06T12:00:00+02:00', F1),
  ev(B1, C2, 'check_in', '2025-10-06T09:00:00+02:00', F2),
  ev(B1, C2, 'check_out', '2025-10-06T15:00:00+02:00', F2),
  ev(B1, C4, 'check_in', '2025-10-06T09:00:00+02:00', F3),
  ev(B1, C4, 'check_out', '2025-10-06T11:00:00+02:00', F3),
  ev(B1, C5, 'check_in', '2025-10-06T10:00:00+02:00'),
  // A deleted event of another child: not counted.
  ev(B1, C3, 'check_in', '2025-10-06T10:00:00+02:00', F2, true),
];

export const territories = [
  { id: T1, name: 'Haute-Saintonge' },
  { id: T2, name: 'Sud Réunion' },
];
export const communes = [
  { code: '17306', name: 'Montendre' },
  { code: '17197', name: 'Jonzac' },
  { code: '97412', name: 'Saint-Joseph' },
];

export const input: IndicatorInput = { sessions, logs, attendance, sites, families, territories, communes };
