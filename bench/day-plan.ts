/**
 * Day planner ("Ma tournée"): time to plan random rural days, the method used and the reported
 * gap; the exact method against the heuristic at 12 stops; how far the exact method goes.
 * Instances come from a seed: points in a 40 km square around Pélussin, straight-line matrix
 * (what a device without a road graph uses), departure 8:00. Times are CPU time of this process
 * (the machine may be shared); figures are printed, not asserted.
 *
 *   npx tsx bench/day-plan.ts [--instances 20] [--seed 1]
 */
import { cpus, loadavg } from 'node:os';
import { planDay, planDayExact, planDayHeuristic, type DayPlan, type DayPlanInput, type DayStop } from '../src/domain/routing/day-plan';
import { straightLineMatrix } from '../src/domain/routing/straight-line';
import type { TravelMatrix } from '../src/domain/routing/travel-matrix';
import { seededRandom as mulberry32 } from '../src/domain/random';

const args = new Map<string, number>([
  ['instances', 20],
  ['seed', 1],
]);
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i]!.replace(/^--/, '');
  const value = Number(process.argv[i + 1]);
  if (!args.has(key) || !Number.isFinite(value)) throw new Error(`options: --instances N --seed N (got ${process.argv[i]})`);
  args.set(key, value);
}
const INSTANCES = args.get('instances')!;
const SEED = args.get('seed')!;

const MINUTE = 60_000;
/** Monday 10 March 2025, 0:00 in Paris (UTC+1). */
const DAY = Date.UTC(2025, 2, 9, 23);
const at = (hour: number, minute = 0) => DAY + (hour * 60 + minute) * MINUTE;

type Family = 'sessions' | 'visits' | 'no-windows';

/**
 * - sessions: every stop a session of 45–120 min whose start window opens on a half hour between
 *   8:30 and 16:30 (minus its length) and stays open 0–2 h. A dozen such sessions do not fit in a
 *   day: the planner minimises lateness, its hardest case.
 * - visits: short stops of 10–30 min; half have a 2 h window between 8:30 and 16:30, the others
 *   only the opening hours 8:30–16:30. Most 12-stop days fit.
 * - no-windows: 10–30 min stops, no window at all: a plain shortest tour, the exact method's worst
 *   case for pruning.
 */
function instance(n: number, family: Family, seed: number): { input: DayPlanInput; matrix: TravelMatrix } {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  // 40 km square: 0.36° of latitude, 0.51° of longitude at 45° N.
  const points = Array.from({ length: n + 1 }, (_, i) => ({ id: `p${i}`, lat: 45.24 + random() * 0.36, lon: 4.43 + random() * 0.51 }));
  const stops: DayStop[] = points.slice(1).map((p, i) => {
    if (family === 'sessions') {
      const minutes = int(3, 8) * 15;
      const open = at(8, 30) + int(0, (16 * 60 + 30 - 8 * 60 - 30 - minutes) / 30) * 30 * MINUTE;
      return { id: `s${i}`, pointId: p.id, serviceSeconds: minutes * 60, window: { earliest: open, latest: open + int(0, 4) * 30 * MINUTE } };
    }
    const minutes = int(2, 6) * 5;
    if (family === 'no-windows') return { id: `s${i}`, pointId: p.id, serviceSeconds: minutes * 60 };
    const window =
      random() < 0.5
        ? { earliest: at(8, 30), latest: at(16, 30) }
        : (() => {
            const open = at(8, 30) + int(0, 12) * 30 * MINUTE;
            return { earliest: open, latest: open + 120 * MINUTE };
          })();
    return { id: `s${i}`, pointId: p.id, serviceSeconds: minutes * 60, window };
  });
  return { input: { start: { pointId: 'p0', departAt: at(8) }, stops }, matrix: straightLineMatrix(points) };
}

/** Runs `f`; returns its result and the CPU time it took (ms), which other work on the machine barely changes. */
function timed<T>(f: () => T): [T, number] {
  const before = process.cpuUsage();
  const out = f();
  const used = process.cpuUsage(before);
  return [out, (used.user + used.system) / 1000];
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const ms = (v: number) => `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const same = (a: DayPlan, b: DayPlan) => a.totals.lateSeconds === b.totals.lateSeconds && a.totals.finishAt === b.totals.finishAt && a.totals.driveSeconds === b.totals.driveSeconds;

function printTable(rows: (string | number)[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]!) : String(cell).padStart(widths[c]!))).join('  '));
}

console.log(`day-plan: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`${INSTANCES} instances per line, seed ${SEED}\n`);

// Warm the JIT up so the first instances are not charged for compilation.
for (let k = 0; k < 5; k++) {
  const { input, matrix } = instance(12, 'sessions', 9_000 + k);
  planDayExact(input, matrix);
  planDayHeuristic(input, matrix);
}

console.log('planDay (exact up to 12 stops, heuristic above)');
const rows: (string | number)[][] = [['stops', 'family', 'method', 'p50', 'p95', 'max', 'gap p50', 'gap p95', 'gap max', 'feasible']];
for (const n of [12, 25, 40]) {
  for (const family of ['sessions', 'visits'] as const) {
    if (n === 40 && family === 'sessions') continue;
    const times: number[] = [];
    const gaps: number[] = [];
    const methods = new Set<string>();
    let feasible = 0;
    for (let k = 0; k < INSTANCES; k++) {
      const { input, matrix } = instance(n, family, SEED * 1000 + n * 100 + k);
      const [plan, t] = timed(() => planDay(input, matrix));
      times.push(t);
      gaps.push(plan.gap);
      methods.add(plan.method);
      if (plan.feasible) feasible++;
    }
    rows.push([n, family, [...methods].join('+'), ms(percentile(times, 50)), ms(percentile(times, 95)), ms(Math.max(...times)), pct(percentile(gaps, 50)), pct(percentile(gaps, 95)), pct(Math.max(...gaps)), `${feasible}/${INSTANCES}`]);
  }
}
printTable(rows);

console.log('\n12 stops: exact against heuristic on the same days');
const versus: (string | number)[][] = [['family', 'exact p50', 'exact p95', 'heuristic p50', 'heuristic p95', 'heuristic = optimum', 'heuristic LB gap p50']];
for (const family of ['sessions', 'visits', 'no-windows'] as const) {
  const te: number[] = [];
  const th: number[] = [];
  const gaps: number[] = [];
  let equal = 0;
  for (let k = 0; k < INSTANCES; k++) {
    const { input, matrix } = instance(12, family, SEED * 1000 + 1200 + k);
    const [exact, a] = timed(() => planDayExact(input, matrix));
    const [heuristic, b] = timed(() => planDayHeuristic(input, matrix));
    te.push(a);
    th.push(b);
    gaps.push(heuristic.gap);
    if (same(exact, heuristic)) equal++;
  }
  versus.push([family, ms(percentile(te, 50)), ms(percentile(te, 95)), ms(percentile(th, 50)), ms(percentile(th, 95)), `${equal}/${INSTANCES}`, pct(percentile(gaps, 50))]);
}
printTable(versus);

console.log('\nHow far the exact method goes');
const reach: (string | number)[][] = [['stops', 'family', 'instances', 'p50', 'p95', 'max']];
for (const n of [12, 13, 14, 15, 16]) {
  for (const family of ['sessions', 'visits', 'no-windows'] as const) {
    const count = n <= 13 ? INSTANCES : 5;
    const times: number[] = [];
    for (let k = 0; k < count; k++) {
      const { input, matrix } = instance(n, family, SEED * 1000 + n * 100 + 50 + k);
      times.push(timed(() => planDayExact(input, matrix))[1]);
    }
    reach.push([n, family, count, ms(percentile(times, 50)), ms(percentile(times, 95)), ms(Math.max(...times))]);
  }
}
printTable(reach);
