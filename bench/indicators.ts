/**
 * Yearly indicators and PSU hours on a département's year of synthetic data: 2,000 families,
 * 20,000 session logs, 100,000 attendance events, with the sessions, sites and contracts that go
 * with them. Runs the pure domain code in this process; figures are printed, not asserted.
 *
 *   npx tsx bench/indicators.ts [--runs 7] [--families 2000] [--logs 20000] [--events 100000]
 */
import { cpus, loadavg } from 'node:os';
import { indicatorsCsv, psuCsv } from '../src/domain/reports/activity-csv';
import { computeIndicators, yearPeriod, type AttendanceInput, type FamilyInput, type LogInput, type SessionInput, type SiteInput } from '../src/domain/reports/indicators';
import { contractedVsRealised, realisedHours, type EnrollmentInput } from '../src/domain/reports/psu-hours';
import { surveyRates, type SurveyResponseInput } from '../src/domain/reports/survey';
import { seededRandom as rng } from '../src/domain/random';

const opts = { runs: 7, families: 2000, logs: 20_000, events: 100_000 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i]?.replace(/^--/, '') as keyof typeof opts;
  const value = Number(process.argv[i + 1]);
  if (!(key in opts) || !Number.isFinite(value) || value < 1) throw new Error(`options: ${Object.keys(opts).map((k) => `--${k} <n>`).join(' ')}`);
  opts[key] = value;
}

const rand = rng(20251231);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
let counter = 0;
const id = () => `00000000-0000-4000-8000-${(counter++).toString(16).padStart(12, '0')}`;

// 10 teams (one in La Réunion), 150 communes, 2 sites each.
const territories = Array.from({ length: 10 }, (_, t) => ({ id: id(), name: `Équipe ${t + 1}`, zone: t === 9 ? 'Indian/Reunion' : 'Europe/Paris' }));
const sites: (SiteInput & { territory: (typeof territories)[number] })[] = [];
for (let c = 0; c < 150; c++) {
  const territory = territories[c % territories.length] as (typeof territories)[number];
  const communeCode = territory.zone === 'Indian/Reunion' ? `974${String(c % 24).padStart(2, '0')}` : `17${String(c).padStart(3, '0')}`;
  for (let s = 0; s < 2; s++) sites.push({ id: id(), name: `Site ${c}-${s}`, communeCode, territory });
}

const families: FamilyInput[] = Array.from({ length: opts.families }, () => ({ id: id(), deleted: rand() < 0.01, children: Array.from({ length: int(1, 3) }, () => ({ id: id() })) }));
const children = families.flatMap((f) => f.children.map((c) => ({ child: c.id, family: f.id })));
const assistants = Array.from({ length: 600 }, id);
const gardes = Array.from({ length: 100 }, id);
const authors = Array.from({ length: 40 }, id);

const YEAR_START = Date.parse('2025-01-01T00:00:00Z');
function sessionAt(kind: SessionInput['kind'], site: (typeof sites)[number], hours: number): SessionInput {
  const day = int(0, 364);
  const start = YEAR_START + day * 86_400_000 + int(6, 10) * 3_600_000;
  return {
    id: id(),
    deleted: false,
    territoryId: site.territory.id,
    kind,
    siteId: site.id,
    start: new Date(start).toISOString(),
    end: new Date(start + hours * 3_600_000).toISOString(),
    timeZone: site.territory.zone,
    status: rand() < 0.04 ? 'cancelled' : rand() < 0.9 ? 'done' : 'planned',
  };
}

// Logbook: sessions with 2.5 logs on average (several authors, some corrections).
const sessions: SessionInput[] = [];
const logs: LogInput[] = [];
const otherKinds: SessionInput['kind'][] = ['permanence', 'permanence', 'temps_collectif', 'atelier_parentalite', 'atelier_social'];
while (logs.length < opts.logs) {
  const s = sessionAt(pick(otherKinds), pick(sites), int(2, 4));
  sessions.push(s);
  for (let n = int(1, 4); n > 0 && logs.length < opts.logs; n--) {
    const contacts: LogInput['contacts'] = Array.from({ length: int(0, 6) }, () => {
      const r = rand();
      if (r < 0.5) return { personKind: 'family' as const, personId: rand() < 0.8 ? pick(families).id : undefined, questionType: rand() < 0.2 ? 'social' : 'contrat' };
      if (r < 0.8) return { personKind: 'assistant_maternel' as const, personId: rand() < 0.9 ? pick(assistants) : undefined };
      if (r < 0.9) return { personKind: 'garde_domicile' as const, personId: pick(gardes) };
      return { personKind: 'other' as const };
    });
    logs.push({ id: id(), deleted: false, sessionId: s.id, authorId: pick(authors), loggedAt: s.end, contacts, childrenCount: s.kind === 'temps_collectif' ? int(3, 15) : undefined });
  }
}

// Baby Bus days: about 11 children a day, taps from two tablets, some duplicates and forgotten check-outs.
const busSites = sites.filter((_, i) => i % 10 === 0);
const attendance: AttendanceInput[] = [];
const busDays: SessionInput[] = [];
while (attendance.length < opts.events) {
  const s = sessionAt('bus_day', pick(busSites), 7.5);
  busDays.push(s);
  const start = Date.parse(s.start);
  for (let k = int(8, 12); k > 0; k--) {
    const c = pick(children);
    const tap = (type: AttendanceInput['type'], at: number) =>
      attendance.push({ id: id(), deleted: false, sessionId: s.id, childId: c.child, familyId: c.family, type, at: new Date(at).toISOString() });
    const arrive = start + int(0, 120) * 60_000;
    tap('check_in', arrive);
    if (rand() < 0.05) tap('check_in', arrive + int(0, 3) * 60_000);
    if (rand() < 0.98) tap('check_out', arrive + int(60, 330) * 60_000);
  }
}
sessions.push(...busDays);

const enrollments: EnrollmentInput[] = busSites.flatMap((site) =>
  Array.from({ length: 30 }, () => ({ childId: pick(children).child, siteId: site.id, from: '2025-01-01', to: `2025-${String(int(6, 12)).padStart(2, '0')}-28`, hoursPerMonth: int(20, 120) })),
);
const heldIds = sessions.filter((s) => s.status !== 'cancelled').map((s) => s.id);
const responses: SurveyResponseInput[] = Array.from({ length: 3000 }, () => ({ id: id(), sessionId: pick(heldIds), overall: int(1, 4), answeredAt: '2025-06-01T10:00:00Z', found: pick(['yes', 'partly', 'no'] as const) }));

const input = { sessions, logs, attendance, sites, families, territories, responses };
const year = yearPeriod(2025);

let realised = realisedHours(attendance, busDays, year);
let psuRows = contractedVsRealised(enrollments, realised.rows, year);
const steps: [string, () => unknown][] = [
  ['indicators by team', () => computeIndicators(input, year, 'territory')],
  ['indicators by commune', () => computeIndicators(input, year, 'commune')],
  ['indicators by site', () => computeIndicators(input, year, 'site')],
  ['activity CSV (site rows)', () => indicatorsCsv(computeIndicators(input, year, 'site'))],
  ['survey rates', () => surveyRates(input, year)],
  ['PSU realised hours', () => (realised = realisedHours(attendance, busDays, year))],
  ['PSU contracted vs realised', () => (psuRows = contractedVsRealised(enrollments, realised.rows, year))],
  ['PSU CSV', () => psuCsv(psuRows)],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
const timings = new Map<string, number[]>(steps.map(([name]) => [name, []]));
const totals: number[] = [];
const cpu: number[] = [];
for (let run = 0; run < opts.runs; run++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const [name, fn] of steps) {
    const t = performance.now();
    fn();
    timings.get(name)?.push(performance.now() - t);
  }
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  totals.push(performance.now() - t0);
}

const mb = (x: unknown) => (JSON.stringify(x).length / 1_048_576).toFixed(1);
const report = computeIndicators(input, year, 'site');
const psu = realised;
console.log(`${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`);
console.log(
  `data: ${families.length} families (${children.length} children), ${sessions.length} sessions (${busDays.length} bus days), ${sites.length} sites, ` +
    `${logs.length} logs (${logs.reduce((n, l) => n + l.contacts.length, 0)} contacts), ${attendance.length} attendance events, ` +
    `${enrollments.length} enrollments, ${responses.length} survey answers; ${mb({ sessions, logs, attendance, families, sites })} MiB as JSON`,
);
console.log(`result: ${report.rows.length} site rows, ${report.totals.families} families, ${report.totals.children} children, ${psu.rows.length} PSU rows, ${psu.flagged.length} flagged stays`);
console.log(`\n${opts.runs} runs, p50 (min – max):`);
for (const [name, xs] of [...timings, ['all of the above', totals] as const, ['  CPU time of the process', cpu] as const]) {
  console.log(`  ${name.padEnd(30)} ${median(xs).toFixed(1).padStart(7)} ms  (${Math.min(...xs).toFixed(1)} – ${Math.max(...xs).toFixed(1)})`);
}
