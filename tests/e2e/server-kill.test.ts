/**
 * The server process dies (SIGKILL: no shutdown code runs) while a push of 200 mutations is in
 * flight. The device never got an answer, so it sends the same push again (same mutation ids)
 * to the restarted server. Whatever the moment of the kill, each mutation must end applied
 * exactly once: records exist once, versions count one application per mutation, nothing is
 * lost, and the SQLite file is sound.
 *
 * Kills alternate between two timings: a random delay after the request is fired, and a moment
 * when the server is seen holding SQLite's write lock for a while (read from /proc/locks), i.e.
 * inside the push transaction. The test requires at least one kill inside the transaction.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { rebase } from '../../src/domain/sync/merge';
import { MAX_MUTATIONS_PER_PUSH, type Mutation } from '../../src/domain/sync/protocol';
import { apiLogin, demo, pullAll, sqliteWriteLockHeld, startServer, type RunningServer } from './harness';
import { seededRandom as generator } from '../../src/domain/random';

/** Kills wanted (they alternate timings, starting inside the transaction), at most, and time for them. */
const MIN_ATTEMPTS = 4;
const MAX_ATTEMPTS = 10;
const TIME_BUDGET_MS = 40_000;
const EDITS_PER_BATCH = 50;
const CLIENT_ID = `kill-test-${randomUUID().slice(0, 8)}`;

const dataDir = mkdtempSync(join(tmpdir(), 'tournee-kill-'));
const dbPath = join(dataDir, 'tournee.sqlite');
let server: RunningServer | undefined;
// The embedded SQLite backend, whatever DATABASE_URL the test run has: this test reads its file.
const start = () => startServer({ dataDir, singleProcess: true, env: { DATABASE_URL: '' } });

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const seed = Number(process.env.KILL_TEST_SEED ?? Date.now() % 1_000_000);
const rand = generator(seed);
const letters = 'abcdefghijklmnopqrstuvwxyzéèàç ';
function words(length: number): string {
  let s = 'x';
  while (s.length < length) s += letters[Math.floor(rand() * letters.length)];
  return `${s.slice(0, length - 1)}.`;
}

/** What the server must hold for one record once every mutation sent so far is applied once. */
interface Expected {
  data: Record<string, unknown>;
  version: number;
}

interface Batch {
  index: number;
  body: string;
  mutations: Mutation[];
  createdIds: string[];
  /** Version each mutation's result must carry (the record's version right after it). */
  versions: Map<string, number>;
  before: Map<string, Expected>;
  after: Map<string, Expected>;
}

const model = new Map<string, Expected>();
const createdOrder: string[] = [];

/**
 * The next push the device would send: new entries with every field near its size limit (so the
 * push is slow and heavy), plus edits of entries created by earlier pushes, some of them edited
 * again and again, one of them clearing the phone number.
 */
function nextBatch(index: number, territoryId: string): Batch {
  const before = new Map([...model].map(([id, e]) => [id, { data: { ...e.data }, version: e.version }]));
  const after = new Map(before);
  const mutations: Mutation[] = [];
  const versions = new Map<string, number>();
  const at = new Date().toISOString();
  const editable = [...createdOrder];
  const edits = Math.min(EDITS_PER_BATCH, editable.length);
  const edited = new Set<string>();
  for (let k = 0; k < edits; k++) {
    // Half the edits go to the oldest entries, so some records collect many versions.
    const pool = k % 2 === 0 ? editable.slice(0, 20) : editable;
    let id = pool[Math.floor(rand() * pool.length)]!;
    for (let tries = 0; edited.has(id) && tries < 50; tries++) id = editable[Math.floor(rand() * editable.length)]!;
    if (edited.has(id)) continue;
    edited.add(id);
    const current = after.get(id)!;
    const changes: Record<string, unknown> = {
      placesAvailable: Math.floor(rand() * 6),
      notes: words(2000),
      address: words(240),
    };
    if (k === 0 && 'phone' in current.data) changes.phone = null;
    mutations.push({ mutationId: randomUUID(), entity: 'directoryEntry', recordId: id, baseVersion: current.version, territoryId, changes, at });
    const next = { data: rebase(current.data, [changes]), version: current.version + 1 };
    after.set(id, next);
    versions.set(mutations.at(-1)!.mutationId, next.version);
  }
  const createdIds: string[] = [];
  while (mutations.length < MAX_MUTATIONS_PER_PUSH) {
    const id = randomUUID();
    const changes: Record<string, unknown> = {
      kind: 'assistant_maternel',
      name: `Assistante ${index}-${createdIds.length} ${words(120)}`,
      communeCode: '42224',
      address: words(240),
      phone: '04 77 39 00 11',
      placesAvailable: 2,
      languages: Array.from({ length: 20 }, (_, i) => `langue-${i}`.slice(0, 12)),
      notes: words(2000),
      deleted: false,
      territoryId,
    };
    mutations.push({ mutationId: randomUUID(), entity: 'directoryEntry', recordId: id, baseVersion: 0, territoryId, changes, at });
    after.set(id, { data: changes, version: 1 });
    versions.set(mutations.at(-1)!.mutationId, 1);
    createdIds.push(id);
  }
  const body = JSON.stringify({ clientId: CLIENT_ID, mutations });
  expect(body.length).toBeLessThan(1024 * 1024);
  return { index, body, mutations, createdIds, versions, before, after };
}

/** The batch is acknowledged: it becomes what the device knows. */
function commit(batch: Batch): void {
  model.clear();
  for (const [id, e] of batch.after) model.set(id, e);
  createdOrder.push(...batch.createdIds);
}

type Outcome = { status: number; text: string } | { error: string };

function push(url: string, token: string, body: string): Promise<Outcome> {
  return fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  }).then(
    async (res) => ({ status: res.status, text: await res.text() }),
    (e: unknown) => ({ error: String(e) }),
  );
}

function resultsOf(outcome: Outcome): { mutationId: string; status: string; record: Record<string, unknown> }[] {
  if ('error' in outcome) throw new Error(`push failed: ${outcome.error}`);
  if (outcome.status !== 200) throw new Error(`push: HTTP ${outcome.status} ${outcome.text.slice(0, 500)}`);
  return (JSON.parse(outcome.text) as { results: { mutationId: string; status: string; record: Record<string, unknown> }[] }).results;
}

/** Our directory entries as the server holds them, failing on any record listed twice. */
async function serverState(url: string, token: string): Promise<Map<string, Expected>> {
  const state = new Map<string, Expected>();
  for (const { entity, record } of await pullAll(url, token)) {
    if (entity !== 'directoryEntry' || typeof record.name !== 'string' || !record.name.startsWith('Assistante ')) continue;
    const id = String(record.id);
    expect(state.has(id), `record ${id} listed twice`).toBe(false);
    const { id: _id, version, updatedAt: _at, ...data } = record;
    state.set(id, { data, version: Number(version) });
  }
  return state;
}

function expectState(actual: Map<string, Expected>, expected: Map<string, Expected>, what: string): void {
  expect(actual.size, `${what}: number of records`).toBe(expected.size);
  for (const [id, e] of expected) {
    const got = actual.get(id);
    expect(got, `${what}: record ${id} missing`).toBeDefined();
    expect(got!.version, `${what}: version of ${id}`).toBe(e.version);
    expect(got!.data, `${what}: fields of ${id}`).toEqual(e.data);
  }
}

/** Checks and counters read straight from the SQLite file (the server may be running: WAL readers do not block it). */
function inspectDatabase(): { integrity: string; seq: number; mutations: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const seq = (db.prepare("SELECT value FROM counters WHERE name = 'seq'").get() as { value: number }).value;
    const mutations = (db.prepare('SELECT COUNT(*) AS n FROM mutations').get() as { n: number }).n;
    return { integrity, seq, mutations };
  } finally {
    db.close();
  }
}

/**
 * Polls the server's SQLite write lock until `stop()` (at most 10 s), calling `onHeld` with how
 * long it has been held so far; `onHeld` returning true ends the watch. Returns the longest time
 * the lock was seen held.
 */
async function watchWriteLock(pid: number, stop: () => boolean, onHeld?: (heldMs: number) => boolean): Promise<number> {
  let longest = 0;
  let since: number | undefined;
  const deadline = performance.now() + 10_000;
  while (!stop() && performance.now() < deadline) {
    const now = performance.now();
    if (sqliteWriteLockHeld(pid, dbPath) === true) {
      since ??= now;
      longest = Math.max(longest, now - since);
      if (onHeld?.(now - since)) break;
    } else since = undefined;
    await nextTurn();
  }
  return longest;
}

type Timing = 'in-transaction' | 'random-delay';

interface Attempt {
  batch: number;
  timing: Timing;
  killAfterMs: number;
  lockHeldAtKill: boolean;
  answered: boolean;
  appliedBeforeKill: boolean;
}

describe('server killed while a push is in flight', () => {
  it('after a restart, the resent pushes are applied exactly once and nothing is lost', async () => {
    const started = Date.now();
    console.log(`server-kill seed ${seed} (KILL_TEST_SEED=${seed} replays the same field values and kill delays)`);
    server = await start();
    const { token, user } = await apiLogin(server.url, demo.animator);
    const territoryId = (user.territoryIds as string[])[0]!;
    const baseline = inspectDatabase();
    expect(baseline.integrity).toBe('ok');

    // Two pushes, not killed, to measure how long a push and its transaction take on a warm
    // server (as every killed push below meets one: the resends and pulls warm it up).
    let lockedMs = 0;
    let roundTripMs = 0;
    const calibration = 2;
    for (let n = 0; n < calibration; n++) {
      const batch = nextBatch(n, territoryId);
      const t0 = performance.now();
      const pending = push(server.url, token, batch.body);
      let done = false;
      void pending.then(() => (done = true));
      lockedMs = await watchWriteLock(server.pid, () => done);
      roundTripMs = performance.now() - t0;
      const results = resultsOf(await pending);
      expect(results.map((r) => r.record.version)).toEqual(batch.mutations.map((m) => batch.versions.get(m.mutationId)));
      commit(batch);
    }
    const canSeeLocks = sqliteWriteLockHeld(server.pid, dbPath) !== undefined && lockedMs > 0;
    console.log(`push of 200: ${roundTripMs.toFixed(0)} ms round trip, write transaction ${lockedMs.toFixed(1)} ms${canSeeLocks ? '' : ' (/proc/locks unavailable)'}`);

    const attempts: Attempt[] = [];
    for (let n = 1; n <= MAX_ATTEMPTS; n++) {
      const inTx = attempts.filter((a) => a.lockHeldAtKill && !a.appliedBeforeKill).length;
      if (n > MIN_ATTEMPTS && (inTx > 0 || !canSeeLocks)) break;
      if (Date.now() - started > TIME_BUDGET_MS) break;

      const batch = nextBatch(calibration + n, territoryId);
      const timing: Timing = canSeeLocks && n % 2 === 1 ? 'in-transaction' : 'random-delay';
      const fired = performance.now();
      const inflight = push(server.url, token, batch.body);
      let answered = false;
      void inflight.then((o) => (answered = 'status' in o));
      let lockHeldAtKill = false;
      if (timing === 'in-transaction') {
        // Kill once the write lock has been held for 15 % to 65 % of a push transaction: far
        // longer than the session check, which also takes it briefly.
        const holdMs = Math.max(2, lockedMs * (0.15 + rand() * 0.5));
        const pid = server.pid;
        const longest = await watchWriteLock(pid, () => answered, (heldMs) => {
          if (heldMs < holdMs || sqliteWriteLockHeld(pid, dbPath) !== true) return false;
          process.kill(pid, 'SIGKILL');
          lockHeldAtKill = true;
          return true;
        });
        // The push ended first (this machine got faster): aim earlier next time.
        if (!lockHeldAtKill && longest > 0) lockedMs = longest;
      } else {
        await new Promise((r) => setTimeout(r, rand() * roundTripMs));
        lockHeldAtKill = sqliteWriteLockHeld(server.pid, dbPath) === true;
      }
      const killAfterMs = performance.now() - fired;
      await server.kill('SIGKILL');
      const outcome = await inflight;
      await server.stop();

      server = await start();
      // Before any resend: the killed push is there entirely or not at all.
      const afterRestart = await serverState(server.url, token);
      const appliedBeforeKill = batch.createdIds.some((id) => afterRestart.has(id));
      expectState(afterRestart, appliedBeforeKill ? batch.after : batch.before, `batch ${n} after the kill`);
      attempts.push({ batch: n, timing, killAfterMs, lockHeldAtKill, answered: 'status' in outcome, appliedBeforeKill });

      // The device resends the same push, byte for byte, and then once more.
      const resent = resultsOf(await push(server.url, token, batch.body));
      expect(resent.map((r) => r.mutationId)).toEqual(batch.mutations.map((m) => m.mutationId));
      expect(resent.map((r) => r.record.version)).toEqual(batch.mutations.map((m) => batch.versions.get(m.mutationId)));
      const again = await push(server.url, token, batch.body);
      expect(resultsOf(again)).toEqual(resent);
      commit(batch);
      expectState(await serverState(server.url, token), model, `batch ${n} after the resend`);
    }

    console.table(attempts.map((a) => ({ ...a, killAfterMs: Math.round(a.killAfterMs) })));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    if (canSeeLocks) {
      // At least one kill hit the push transaction itself, and it was rolled back whole.
      expect(attempts.some((a) => a.lockHeldAtKill && !a.appliedBeforeKill)).toBe(true);
    }

    // Every mutation sent was applied exactly once: one sequence number and one stored id each.
    const sent = (attempts.length + calibration) * MAX_MUTATIONS_PER_PUSH;
    expectState(await serverState(server.url, token), model, 'end');
    const end = inspectDatabase();
    expect(end.integrity).toBe('ok');
    expect(end.mutations - baseline.mutations).toBe(sent);
    expect(end.seq - baseline.seq).toBe(sent);

    // A last crash at rest, then the file opens cleanly on its own.
    await server.kill('SIGKILL');
    expect(inspectDatabase()).toEqual(end);
  }, 120_000);
});
