import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeIndicators,
  localDate,
  monthPeriod,
  yearPeriod,
  type AttendanceInput,
  type FamilyInput,
  type GroupBy,
  type IndicatorInput,
  type Indicators,
  type LogInput,
  type SessionInput,
  type SiteInput,
} from '../../../src/domain/reports/indicators';
import { contractedVsRealised, liveCount, presenceIntervals, realisedHours, type EnrollmentInput } from '../../../src/domain/reports/psu-hours';
import { uid } from './data';

// Fixed seed: a failure prints the shrunk counterexample and replays identically.
const runs = { seed: 8_114_203, numRuns: 300 };

const sites: SiteInput[] = [
  { id: uid(1), name: 'Salle des fêtes', communeCode: '17306' },
  { id: uid(2), name: 'Mairie', communeCode: '17197' },
  { id: uid(3), name: 'Bus Saint-Joseph', communeCode: '97412' },
];
const zoneOf = (site: number) => (site === 2 ? 'Indian/Reunion' : 'Europe/Paris');
const FAMILIES = 5;
const familyId = (f: number) => uid(100 + f);
// Two children per family, plus two children with no family file.
const childId = (c: number) => uid(200 + c);
const CHILDREN = FAMILIES * 2 + 2;
const familyOfChild = (c: number) => (c < FAMILIES * 2 ? Math.floor(c / 2) : undefined);
const personIds = [...Array.from({ length: FAMILIES }, (_, f) => familyId(f)), uid(301), uid(302), uid(303), uid(401), uid(402)];

const MIN = 60_000;
// From 20 December 2024 to 10 January 2026: both year boundaries are in reach.
const T0 = Date.parse('2024-12-20T00:00:00Z');
const SPAN_MIN = 387 * 24 * 60;

const sessionArb = fc.record({
  kind: fc.constantFrom<SessionInput['kind']>('permanence', 'temps_collectif', 'bus_day', 'atelier_parentalite', 'atelier_social'),
  site: fc.nat({ max: 2 }),
  start: fc.nat({ max: SPAN_MIN }),
  minutes: fc.integer({ min: 30, max: 600 }),
  status: fc.constantFrom<SessionInput['status']>('planned', 'done', 'done', 'cancelled', 'to_reschedule'),
  territory: fc.nat({ max: 1 }),
});
const logArb = fc.record({
  session: fc.nat(),
  author: fc.nat({ max: 2 }),
  after: fc.nat({ max: 600 }),
  childrenCount: fc.option(fc.nat({ max: 15 }), { nil: undefined }),
  contacts: fc.array(
    fc.record({
      personKind: fc.constantFrom<'family' | 'assistant_maternel' | 'garde_domicile' | 'other'>('family', 'assistant_maternel', 'garde_domicile', 'other'),
      person: fc.option(fc.nat({ max: personIds.length - 1 }), { nil: undefined }),
      social: fc.boolean(),
    }),
    { maxLength: 5 },
  ),
});
const eventArb = fc.record({
  session: fc.nat(),
  child: fc.nat({ max: CHILDREN - 1 }),
  type: fc.constantFrom<'check_in' | 'check_out'>('check_in', 'check_out'),
  // Half-hour steps, so that taps at the same instant are common.
  offset: fc.integer({ min: -2, max: 24 }).map((k) => k * 30),
  withFamily: fc.boolean(),
});

interface World extends IndicatorInput {
  sessions: SessionInput[];
  logs: LogInput[];
  attendance: AttendanceInput[];
  families: FamilyInput[];
}

const worldArb = fc
  .record({
    sessions: fc.array(sessionArb, { minLength: 1, maxLength: 14 }),
    logs: fc.array(logArb, { maxLength: 18 }),
    events: fc.array(eventArb, { maxLength: 40 }),
    erased: fc.array(fc.boolean(), { minLength: FAMILIES, maxLength: FAMILIES }),
  })
  .map(({ sessions: ss, logs: ls, events: es, erased }): World => {
    const sessions = ss.map((s, i): SessionInput => {
      const start = T0 + s.start * MIN;
      return {
        id: uid(1000 + i),
        deleted: false,
        territoryId: uid(10 + s.territory),
        kind: s.kind,
        siteId: sites[s.site]?.id ?? '',
        start: new Date(start).toISOString(),
        end: new Date(start + s.minutes * MIN).toISOString(),
        timeZone: zoneOf(s.site),
        status: s.status,
      };
    });
    const at = (session: number, minutes: number) => {
      const s = sessions[session % sessions.length] as SessionInput;
      return { s, iso: new Date(Date.parse(s.start) + minutes * MIN).toISOString() };
    };
    const logs = ls.map((l, i): LogInput => {
      const { s, iso } = at(l.session, l.after);
      return {
        id: uid(2000 + i),
        deleted: false,
        sessionId: s.id,
        authorId: uid(50 + l.author),
        loggedAt: iso,
        childrenCount: l.childrenCount,
        contacts: l.contacts.map((c) => ({
          personKind: c.personKind,
          personId: c.person === undefined ? undefined : personIds[c.person],
          questionType: c.social ? 'social' : 'contrat',
        })),
      };
    });
    const attendance = es.map((e, i): AttendanceInput => {
      const { s, iso } = at(e.session, e.offset);
      const f = familyOfChild(e.child);
      return { id: uid(3000 + i), deleted: false, sessionId: s.id, childId: childId(e.child), familyId: e.withFamily && f !== undefined ? familyId(f) : undefined, type: e.type, at: iso };
    });
    const families = erased.map((d, f): FamilyInput => ({ id: familyId(f), deleted: d, children: [{ id: childId(2 * f) }, { id: childId(2 * f + 1) }] }));
    return { sessions, logs, attendance, families, sites };
  });

/** Deterministic Fisher–Yates from a seed, so shrinking keeps a reproducible order. */
function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let a = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    a = (Math.imul(a, 1_664_525) + 1_013_904_223) >>> 0;
    const j = a % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Every event once more under a new id (another tablet), then everything shuffled. */
function duplicatedAndShuffled(events: readonly AttendanceInput[], seed: number): AttendanceInput[] {
  return shuffle([...events, ...events.map((e, i) => ({ ...e, id: uid(9000 + i) }))], seed);
}

const additive = ['sessionsHeld', 'hours', 'anonymousFamilyContacts', 'anonymousAssistantContacts', 'anonymousGardeContacts', 'otherContacts', 'childPresences', 'anonymousChildPresences', 'anonymousSocialContacts'] as const;
const distinct = ['families', 'assistantsMaternels', 'gardesADomicile', 'children', 'socialFamilies'] as const;
const groupings: GroupBy[] = ['territory', 'commune', 'site'];
const year = yearPeriod(2025);
const months = Array.from({ length: 12 }, (_, m) => monthPeriod(`2025-${String(m + 1).padStart(2, '0')}`));

describe('local dates', () => {
  // Zones with summer time, half-hour offsets and a half-hour summer shift (Lord Howe).
  const zones = ['Europe/Paris', 'Indian/Reunion', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Cayenne'];
  const formats = new Map(zones.map((z) => [z, new Intl.DateTimeFormat('en-CA', { timeZone: z, year: 'numeric', month: '2-digit', day: '2-digit' })]));
  const reference = (ms: number, zone: string) => formats.get(zone)?.format(new Date(ms));

  it('match Intl for any instant, including the days clocks change', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-12-31T23:59:59Z') }), fc.constantFrom(...zones), (ms, zone) => {
        expect(localDate(new Date(ms).toISOString(), zone)).toBe(reference(ms, zone));
      }),
      { ...runs, numRuns: 2000 },
    );
  });

  it('match Intl minute by minute around a change of clocks', () => {
    // Paris goes back from 3:00 to 2:00 on 26 October 2025 (01:00Z); Lord Howe moves by 30 minutes.
    for (const [zone, around] of [['Europe/Paris', '2025-10-26T01:00:00Z'], ['Australia/Lord_Howe', '2025-10-04T15:30:00Z'], ['Pacific/Chatham', '2025-09-27T14:00:00Z']] as const) {
      for (let m = -36 * 60; m <= 36 * 60; m += 7) {
        const ms = Date.parse(around) + m * MIN;
        expect(localDate(new Date(ms).toISOString(), zone)).toBe(reference(ms, zone));
      }
    }
  });

  it('read offsets written in the instant, not only UTC', () => {
    expect(localDate('2025-12-31T23:30:00+01:00', 'Europe/Paris')).toBe('2025-12-31');
    expect(localDate('2026-01-01T00:30:00+04:00', 'Indian/Reunion')).toBe('2026-01-01');
  });
});

describe('PSU hours, whatever the devices did', () => {
  it('duplicating and shuffling attendance events never changes realised hours', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), (w, seed) => {
        const before = realisedHours(w.attendance, w.sessions, year);
        const after = realisedHours(duplicatedAndShuffled(w.attendance, seed), shuffle(w.sessions, seed + 1), year);
        const keyed = (r: typeof before) => Object.fromEntries(r.rows.map((x) => [`${x.childId} ${x.siteId} ${x.month}`, x]));
        expect(keyed(after)).toEqual(keyed(before));
        expect(after.flagged.length).toBe(before.flagged.length);
      }),
      runs,
    );
  });

  it('presence stays inside the session and never overlaps for one child', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const byId = new Map(w.sessions.map((s) => [s.id, s]));
        const intervals = presenceIntervals(w.attendance, w.sessions);
        for (const i of intervals) {
          const s = byId.get(i.sessionId) as SessionInput;
          expect(i.start).toBeGreaterThanOrEqual(Date.parse(s.start));
          expect(i.end).toBeLessThanOrEqual(Date.parse(s.end));
          expect(i.end).toBeGreaterThanOrEqual(i.start);
        }
        const perChild = new Map<string, typeof intervals>();
        for (const i of intervals) perChild.set(`${i.sessionId} ${i.childId}`, [...(perChild.get(`${i.sessionId} ${i.childId}`) ?? []), i]);
        for (const list of perChild.values()) {
          const sorted = [...list].sort((a, b) => a.start - b.start);
          for (let k = 1; k < sorted.length; k++) expect(sorted[k]?.start).toBeGreaterThanOrEqual(sorted[k - 1]?.end ?? 0);
        }
      }),
      runs,
    );
  });

  it('months of realised hours add up to the year', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const total = (rows: { hours: number }[]) => rows.reduce((h, r) => h + r.hours, 0);
        const byMonth = months.reduce((h, m) => h + total(realisedHours(w.attendance, w.sessions, m).rows), 0);
        expect(byMonth).toBeCloseTo(total(realisedHours(w.attendance, w.sessions, year).rows), 6);
      }),
      runs,
    );
  });

  it('contracted hours of two halves of a year, cut on any day, add up to the year', () => {
    const enrollmentArb = fc.record({ child: fc.nat({ max: CHILDREN - 1 }), site: fc.nat({ max: 2 }), from: fc.nat({ max: 400 }), days: fc.nat({ max: 400 }), hours: fc.integer({ min: 0, max: 2000 }) });
    const day = (n: number) => new Date(Date.parse('2024-12-01') + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.array(enrollmentArb, { maxLength: 6 }), fc.integer({ min: 0, max: 363 }), (es, cut) => {
        const enrollments = es.map((e): EnrollmentInput => ({ childId: childId(e.child), siteId: sites[e.site]?.id ?? '', from: day(e.from), to: day(e.from + e.days), hoursPerMonth: e.hours / 10 }));
        const sum = (p: { from: string; to: string }) => contractedVsRealised(enrollments, [], p).reduce((h, r) => h + r.contractedHours, 0);
        const cutDate = new Date(Date.parse('2025-01-01') + cut * 86_400_000).toISOString().slice(0, 10);
        const next = new Date(Date.parse(cutDate) + 86_400_000).toISOString().slice(0, 10);
        expect(sum({ from: '2025-01-01', to: cutDate }) + sum({ from: next, to: '2025-12-31' })).toBeCloseTo(sum(year), 6);
        expect(months.reduce((h, m) => h + sum(m), 0)).toBeCloseTo(sum(year), 6);
      }),
      runs,
    );
  });

  it('the live count never exceeds the children seen, and ignores duplicates', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), fc.nat({ max: SPAN_MIN }), (w, seed, minute) => {
        const at = new Date(T0 + minute * MIN).toISOString();
        const count = liveCount(w.attendance, at);
        expect(count).toBeLessThanOrEqual(new Set(w.attendance.map((e) => e.childId)).size);
        expect(liveCount(duplicatedAndShuffled(w.attendance, seed), at)).toBe(count);
      }),
      runs,
    );
  });
});

describe('indicators, whatever the order of the records', () => {
  it('shuffling the records and duplicating attendance change nothing', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), fc.constantFrom(...groupings), (w, seed, groupBy) => {
        const shuffled = {
          ...w,
          sessions: shuffle(w.sessions, seed),
          logs: shuffle(w.logs, seed + 1),
          attendance: duplicatedAndShuffled(w.attendance, seed + 2),
          families: shuffle(w.families, seed + 3),
        };
        expect(computeIndicators(shuffled, year, groupBy)).toEqual(computeIndicators(w, year, groupBy));
      }),
      runs,
    );
  });

  it('months add up to the year for additive measures; distinct counts never exceed the sum of the months', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const y = computeIndicators(w, year, 'site').totals;
        const ms = months.map((m) => computeIndicators(w, m, 'site').totals);
        for (const k of additive) expect(ms.reduce((n, m) => n + m[k], 0)).toBeCloseTo(y[k], 6);
        for (const kind of Object.keys(y.sessionsByKind) as (keyof Indicators['sessionsByKind'])[]) {
          expect(ms.reduce((n, m) => n + m.sessionsByKind[kind], 0)).toBe(y.sessionsByKind[kind]);
        }
        for (const k of distinct) {
          expect(y[k]).toBeLessThanOrEqual(ms.reduce((n, m) => n + m[k], 0));
          expect(y[k]).toBeGreaterThanOrEqual(Math.max(...ms.map((m) => m[k])));
        }
      }),
      runs,
    );
  });

  it('rows add up to the totals for additive measures; distinct totals never exceed the sum of the rows', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...groupings), (w, groupBy) => {
        const r = computeIndicators(w, year, groupBy);
        for (const k of additive) expect(r.rows.reduce((n, row) => n + row[k], 0)).toBeCloseTo(r.totals[k], 6);
        for (const k of distinct) expect(r.totals[k]).toBeLessThanOrEqual(r.rows.reduce((n, row) => n + row[k], 0));
        for (const row of [...r.rows, r.totals]) {
          expect(row.children).toBeLessThanOrEqual(row.childPresences);
          expect(row.anonymousChildPresences).toBeLessThanOrEqual(row.childPresences);
          expect(row.socialFamilies).toBeLessThanOrEqual(row.families);
        }
      }),
      runs,
    );
  });

  it('erasing a family never adds a person and keeps sessions, hours and presences', () => {
    fc.assert(
      fc.property(worldArb, fc.nat({ max: FAMILIES - 1 }), (w, f) => {
        const before = computeIndicators(w, year, 'commune').totals;
        const after = computeIndicators({ ...w, families: w.families.map((x, i) => (i === f ? { ...x, deleted: true } : x)) }, year, 'commune').totals;
        for (const k of distinct) expect(after[k]).toBeLessThanOrEqual(before[k]);
        for (const k of ['sessionsHeld', 'hours', 'childPresences', 'otherContacts', 'anonymousAssistantContacts'] as const) expect(after[k]).toBe(before[k]);
        expect(after.anonymousFamilyContacts).toBeGreaterThanOrEqual(before.anonymousFamilyContacts);
        expect(after.anonymousChildPresences).toBeGreaterThanOrEqual(before.anonymousChildPresences);
      }),
      runs,
    );
  });
});
