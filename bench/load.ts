/**
 * Load: many simulated devices against the real server process on loopback. Each device is
 * signed in with its own account and loops: pull since its checkpoint (every page), sometimes
 * push 1–5 creates or edits of directory entries in its territory, think. Runs on SQLite, and on
 * PostgreSQL too when DATABASE_URL is set (in a throwaway database created on that server).
 * Figures are printed, not asserted.
 *
 *   npx tsx bench/load.ts [--devices 500] [--seconds 60] [--think-ms 1000] [--push-share 0.3]
 *   DATABASE_URL=postgres://… npx tsx bench/load.ts          (SQLite, then PostgreSQL)
 *   bash scripts/postgres.sh npx tsx bench/load.ts           (with a temporary PostgreSQL cluster)
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Mutation } from '../src/domain/sync/protocol';
import { cleanupOnSignal, cpuSeconds, fmt, load, machine, parseArgs, percentile, startTourneeServer, table, tempDir } from './lib/harness';
import { edit, HttpStatusError, login, pull, push, type Change } from './lib/device';
import { createThrowawayDatabase } from './lib/postgres';
import { BENCH_PASSWORD, addAccounts, communeCodes, demo, makeDirectoryEntries, openTarget, putRecords, rng, seedDemo, serverEnv, type BenchAccount, type StoreTarget } from './lib/seed';

const opts = parseArgs({
  devices: 500,
  seconds: 60,
  'think-ms': 1000,
  'push-share': 0.3,
  'devices-per-territory': 25,
  'entries-per-territory': 200,
  'scrypt-log2': 10,
  'login-concurrency': 8,
  backend: 'auto',
});
const DEVICES = Math.max(1, Math.floor(opts.devices));
const TERRITORIES = Math.max(1, Math.ceil(DEVICES / opts['devices-per-territory']));
const SLOW_MS = 1000;
/** What to undo if the run is interrupted: the server, the throwaway database, the temporary folder. */
const pending: (() => Promise<void> | void)[] = [];
cleanupOnSignal(pending);

// Whatever happens, the run ends: the window, a grace period for requests in flight, and setup.
setTimeout(() => {
  console.error('load: hard time limit reached, exiting');
  process.exit(2);
}, (opts.seconds * 2 + 600) * 1000).unref();

type Endpoint = 'pull' | 'push';

interface Stats {
  latencies: Record<Endpoint, number[]>;
  /** Requests slower than SLOW_MS, counted by the 5-second slice of the window they started in. */
  slowBySlice: number[];
  windowStart: number;
  errors: Map<string, number>;
  mutations: number;
  changesPulled: number;
  conflicts: number;
}

interface Device {
  account: BenchAccount;
  token: string;
  clientId: string;
  since: number;
  /** Records of its territory this device knows, with the version it holds. */
  known: Map<string, number>;
  random: () => number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function errorKey(endpoint: Endpoint, e: unknown): string {
  if (e instanceof HttpStatusError) return `${endpoint} HTTP ${e.status}`;
  const err = e as { name?: string; cause?: { code?: string } };
  return `${endpoint} ${err.cause?.code ?? err.name ?? 'error'}`;
}

async function timed<T>(stats: Stats, endpoint: Endpoint, measuring: () => boolean, fn: () => Promise<T>): Promise<T | undefined> {
  const t0 = performance.now();
  try {
    const r = await fn();
    const ms = performance.now() - t0;
    if (measuring()) {
      stats.latencies[endpoint].push(ms);
      if (ms > SLOW_MS) {
        const slice = Math.max(0, Math.floor((Date.now() - ms - stats.windowStart) / 5000));
        stats.slowBySlice[slice] = (stats.slowBySlice[slice] ?? 0) + 1;
      }
    }
    return r;
  } catch (e) {
    if (measuring()) stats.errors.set(errorKey(endpoint, e), (stats.errors.get(errorKey(endpoint, e)) ?? 0) + 1);
    return undefined;
  }
}

function learn(device: Device, changes: readonly Change[]): void {
  for (const c of changes) {
    if (c.entity === 'directoryEntry' && c.record.territoryId === device.account.territoryId) {
      device.known.set(String(c.record.id), Number(c.record.version));
    }
  }
}

/** 1–5 mutations: creates of new entries and edits of entries the device knows. */
function mutationsFor(device: Device, codes: readonly string[]): Mutation[] {
  const n = 1 + Math.floor(device.random() * 5);
  const ids = [...device.known.keys()];
  const out: Mutation[] = [];
  for (let i = 0; i < n; i++) {
    const territoryId = device.account.territoryId;
    if (ids.length === 0 || device.random() < 0.4) {
      const [fresh] = makeDirectoryEntries(1, territoryId, codes, Math.floor(device.random() * 2 ** 31), new Date().toISOString());
      const { id, version: _v, updatedAt: _u, ...fields } = fresh!;
      out.push({ mutationId: randomUUID(), entity: 'directoryEntry', recordId: id, baseVersion: 0, territoryId, changes: fields, at: new Date().toISOString() });
    } else {
      const id = ids[Math.floor(device.random() * ids.length)]!;
      out.push(edit('directoryEntry', { id, version: device.known.get(id)!, territoryId }, { placesAvailable: Math.floor(device.random() * 5), notes: `Vu le ${new Date().toISOString()}` }));
    }
  }
  return out;
}

async function pullAll(url: string, device: Device, stats: Stats, measuring: () => boolean, until: number): Promise<void> {
  for (let page = 0; page < 100 && Date.now() < until; page++) {
    const r = await timed(stats, 'pull', measuring, () => pull(url, device.token, device.since, 500));
    if (!r) return;
    device.since = r.since;
    learn(device, r.changes);
    if (measuring()) stats.changesPulled += r.changes.length;
    if (!r.hasMore) return;
  }
}

interface RunResult {
  backend: string;
  stats: Stats;
  windowMs: number;
  serverCpu: number;
  generatorCpu: number;
  loginMs: number[];
  seedMs: number;
  loadStart: string;
  loadEnd: string;
}

async function run(target: StoreTarget, backend: string): Promise<RunResult> {
  const territoryIds = Array.from({ length: TERRITORIES }, () => randomUUID());
  const codes = communeCodes(demo.accounts[0]!.territoryIds[0]!);
  const accounts: BenchAccount[] = Array.from({ length: DEVICES }, (_, i) => ({
    userId: randomUUID(),
    email: `appareil-${i + 1}@bench.tournee.fr`,
    territoryId: territoryIds[i % TERRITORIES]!,
  }));

  let t = performance.now();
  const store = await openTarget(target);
  await seedDemo(store);
  await putRecords(
    store,
    'territory',
    territoryIds.map((id, i) => ({ id, version: 1, updatedAt: '2026-01-02T00:00:00.000Z', deleted: false, territoryId: id, name: `Territoire de test ${i + 1}`, timeZone: 'Europe/Paris' })),
  );
  for (const [i, territoryId] of territoryIds.entries()) {
    await putRecords(store, 'directoryEntry', makeDirectoryEntries(opts['entries-per-territory'], territoryId, codes, i + 1));
  }
  await addAccounts(store, accounts, 2 ** opts['scrypt-log2']);
  await store.close();
  const seedMs = performance.now() - t;

  const server = await startTourneeServer(serverEnv(target));
  pending.unshift(() => server.stop());
  try {
    // Sign every device in (its own session), a few at a time, before the measured window.
    const devices: Device[] = [];
    const loginMs: number[] = [];
    t = performance.now();
    for (let i = 0; i < accounts.length; i += opts['login-concurrency']) {
      const batch = accounts.slice(i, i + opts['login-concurrency']);
      const tokens = await Promise.all(
        batch.map(async (a) => {
          const t0 = performance.now();
          const token = await login(server.url, a.email, BENCH_PASSWORD);
          loginMs.push(performance.now() - t0);
          return token;
        }),
      );
      batch.forEach((account, k) => devices.push({ account, token: tokens[k]!, clientId: `bench-device-${i + k + 1}`, since: 0, known: new Map(), random: rng(1000 + i + k) }));
    }
    console.log(`  ${backend}: ${DEVICES} devices signed in in ${fmt.s(performance.now() - t)} (login p50 ${fmt.ms(percentile(loginMs.sort((a, b) => a - b), 50))})`);

    const stats: Stats = { latencies: { pull: [], push: [] }, slowBySlice: [], windowStart: 0, errors: new Map(), mutations: 0, changesPulled: 0, conflicts: 0 };
    // Catch-up pull of each device's territory before the window: the window measures steady state.
    t = performance.now();
    const never = () => false;
    for (let i = 0; i < devices.length; i += 25) await Promise.all(devices.slice(i, i + 25).map((d) => pullAll(server.url, d, stats, never, Date.now() + 60_000)));
    console.log(`  ${backend}: catch-up pulls done in ${fmt.s(performance.now() - t)}; measuring ${opts.seconds} s…`);

    const think = opts['think-ms'];
    const windowStart = Date.now();
    stats.windowStart = windowStart;
    const windowEnd = windowStart + opts.seconds * 1000;
    const measuring = () => Date.now() <= windowEnd;
    const serverCpu0 = cpuSeconds(server.pid) ?? 0;
    const genCpu0 = process.cpuUsage();
    const loadStart = load();

    await Promise.all(
      devices.map(async (d) => {
        // Spread the starts over one think period, as devices would not all wake at once.
        await sleep(d.random() * think);
        while (Date.now() < windowEnd) {
          await pullAll(server.url, d, stats, measuring, windowEnd);
          if (Date.now() < windowEnd && d.random() < opts['push-share']) {
            const mutations = mutationsFor(d, codes);
            const r = await timed(stats, 'push', measuring, () => push(server.url, d.token, d.clientId, mutations));
            if (r) {
              for (const res of r.results) {
                d.known.set(String(res.record.id), Number(res.record.version));
                if (res.status === 'conflict') stats.conflicts += 1;
              }
              if (measuring()) stats.mutations += mutations.length;
            }
          }
          await sleep(think * (0.5 + d.random()));
        }
      }),
    );
    const windowMs = Math.max(Date.now(), windowEnd) - windowStart;
    const serverCpu = (cpuSeconds(server.pid) ?? 0) - serverCpu0;
    const gen = process.cpuUsage(genCpu0);
    return { backend, stats, windowMs: Math.min(windowMs, opts.seconds * 1000), serverCpu, generatorCpu: (gen.user + gen.system) / 1e6, loginMs, seedMs, loadStart, loadEnd: load() };
  } finally {
    pending.shift();
    await server.stop();
  }
}

function report(r: RunResult): void {
  const s = r.stats;
  const secs = r.windowMs / 1000;
  const total = s.latencies.pull.length + s.latencies.push.length;
  const errors = [...s.errors.values()].reduce((a, b) => a + b, 0);
  const rows: (string | number)[][] = [['endpoint', 'requests', 'req/s', 'p50', 'p90', 'p99', 'max']];
  for (const ep of ['pull', 'push'] as const) {
    const l = [...s.latencies[ep]].sort((a, b) => a - b);
    rows.push([`GET /api/sync/${ep}`.replace('GET /api/sync/push', 'POST /api/sync/push'), fmt.int(l.length), (l.length / secs).toFixed(0), fmt.ms(percentile(l, 50)), fmt.ms(percentile(l, 90)), fmt.ms(percentile(l, 99)), fmt.ms(percentile(l, 100))]);
  }
  console.log('');
  console.log(`== ${r.backend}: ${DEVICES} devices, ${TERRITORIES} territories, ${secs.toFixed(0)} s, think ${opts['think-ms']} ms ±50 %, push share ${opts['push-share']}`);
  console.log(table(rows));
  console.log(`all: ${fmt.int(total)} requests, ${(total / secs).toFixed(0)} req/s, errors ${errors}${errors ? ` (${[...s.errors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`);
  const slow = Array.from(s.slowBySlice, (v) => v ?? 0);
  if (slow.length > 0) console.log(`requests over ${SLOW_MS} ms by 5 s slice of the window (by start time): ${slow.join(' ')}`);
  console.log(`mutations pushed ${fmt.int(s.mutations)} (${(s.mutations / secs).toFixed(0)}/s, ${s.conflicts} same-field conflicts), changes pulled ${fmt.int(s.changesPulled)}`);
  console.log(`CPU in the window: server process (Node) ${r.serverCpu.toFixed(1)} s (${((r.serverCpu / secs) * 100).toFixed(0)} % of one core), load generator ${r.generatorCpu.toFixed(1)} s; ${r.loadStart} at the start, ${r.loadEnd.replace('load average ', '')} at the end`);
}

console.log(`load: ${DEVICES} devices for ${opts.seconds} s against the real server — ${machine()}, ${load()}`);
console.log(
  `accounts: one staff account per device (own session), password hashes seeded with scrypt N=2^${opts['scrypt-log2']} ` +
    `(the server's default is 2^15) so that ${DEVICES} logins do not dominate the run; logins happen before the measured window`,
);

const results: RunResult[] = [];
const wanted = opts.backend;
if (wanted === 'auto' || wanted === 'sqlite') {
  const work = tempDir('tournee-bench-load-');
  pending.push(() => work.remove());
  try {
    results.push(await run({ kind: 'sqlite', dataDir: join(work.path, 'data') }, 'SQLite'));
  } finally {
    work.remove();
  }
  report(results.at(-1)!);
}
if (wanted === 'auto' || wanted === 'postgres') {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    console.log('\n== PostgreSQL: skipped (DATABASE_URL is not set; try `bash scripts/postgres.sh npx tsx bench/load.ts`)');
  } else {
    const db = await createThrowawayDatabase(url);
    pending.push(() => db.drop());
    console.log(`\nPostgreSQL: throwaway database ${db.name} on the server of DATABASE_URL (dropped afterwards)`);
    try {
      results.push(await run({ kind: 'postgres', url: db.url }, 'PostgreSQL'));
    } finally {
      await db.drop();
    }
    report(results.at(-1)!);
  }
}
process.exit(0);
