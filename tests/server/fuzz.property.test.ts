/**
 * API fuzzing (security model): hostile requests against the in-process app, on the chosen
 * storage backend. For every request: never a 5xx, no unhandled rejection, every error in the
 * `{ error: { code, message } }` shape with a French message. Refused requests change nothing;
 * hostile text inside valid mutations is stored as data and comes back unchanged.
 *
 * Seeds are fixed; FUZZ_SEED overrides them all for a different exploration.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_BYTES } from '../../src/server/app';
import { backend } from './backends';
import { ANIM_A, ANIM_B, COORD_A, INACTIVE, TA, changes, error, mutation, newEntry, results, type Harness, type Json, type MutationJson } from './helpers';
import { acceptedCase, freshUuid, toMutation } from './fuzz/accepted';
import { hostileRequest, type HostileRequest } from './fuzz/requests';
import { errorBodyProblem, newStats, sendHostile, type Stats } from './fuzz/send';
import { ADMIN_ID, LIVE_TOKENS, LOG_MUTATION, REPLAYED, makeWorld, type World } from './fuzz/world';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_317);
const postgres = backend === 'postgres';
/** Runs of 16 to 32 hostile requests each: about 10,500 requests on SQLite. */
const HOSTILE_RUNS = postgres ? 200 : 440;
const LIMIT_RUNS = postgres ? 6 : 12;
const ACCEPTED_RUNS = postgres ? 12 : 40;
const MIN_HOSTILE_REQUESTS = 10_000;

const stats = newStats();

/** An unhandled rejection anywhere during a run fails it. */
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => {
  rejections.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', onRejection);
});
afterAll(() => {
  process.off('unhandledRejection', onRejection);
});

function noRejections(): void {
  if (rejections.length > 0) throw new Error(`unhandled rejection: ${String(rejections[0])}`);
}

/** Mutation ids a hostile push carried (except the ones applied at setup): none may be stored. */
function mutationIds(req: HostileRequest): string[] {
  if (req.route !== 'push' || req.body?.kind !== 'text') return [];
  let value: unknown;
  try {
    value = JSON.parse(req.body.text);
  } catch {
    return [];
  }
  const list = value !== null && typeof value === 'object' ? (value as { mutations?: unknown }).mutations : undefined;
  if (!Array.isArray(list)) return [];
  const known = new Set([REPLAYED.mutationId, LOG_MUTATION.mutationId]);
  return list.flatMap((m: unknown) => {
    const id = m !== null && typeof m === 'object' ? (m as { mutationId?: unknown }).mutationId : undefined;
    return typeof id === 'string' && !known.has(id) ? [id] : [];
  });
}

/**
 * Credentials, sessions and the audit log, as hostile requests must leave them: failed sign-ins
 * and audit exports are logged on purpose, and last-seen times move with every live request.
 */
async function accountState(h: Harness): Promise<string> {
  return h.store.withTransaction(async (tx) => {
    const accounts = [ANIM_A, ANIM_B, COORD_A, INACTIVE, ADMIN_ID];
    const emails = ['anim.a@example.fr', 'anim.b@example.fr', 'coord.a@example.fr', 'inactive@example.fr', 'admin.a@example.fr'];
    const credentials = await Promise.all(emails.map((e) => tx.getCredentialByEmail(e)));
    const sessions = [];
    for (const id of accounts) sessions.push((await tx.listSessions(id)).map(({ lastSeenAt: _seen, ...rest }) => rest));
    const log = (await tx.listAuditEvents({ limit: 1_000_000 })).filter((e) => e.action !== 'sign_in_failed' && e.action !== 'export').map((e) => e.id);
    return JSON.stringify({ credentials, sessions, log });
  });
}

async function storedMutations(h: Harness, ids: string[]): Promise<string[]> {
  return h.store.withTransaction(async (tx) => {
    const found: string[] = [];
    for (const id of ids) if (await tx.getMutation(id)) found.push(id);
    return found;
  });
}

/** Sends requests `parallel` at a time, in order. */
async function sendAll(world: World, reqs: HostileRequest[], parallel: number, into: Stats): Promise<void> {
  for (let i = 0; i < reqs.length; i += parallel) {
    await Promise.all(reqs.slice(i, i + parallel).map((r) => sendHostile(world, r, into)));
  }
}

describe('API fuzzing', () => {
  it('hostile requests on every route: never a 5xx, always the error shape, nothing written', { timeout: 240_000 }, async () => {
    const world = await makeWorld();
    await fc.assert(
      fc.asyncProperty(fc.array(hostileRequest, { minLength: 16, maxLength: 32 }), fc.integer({ min: 1, max: 4 }), async (reqs, parallel) => {
        const before = await world.h.dump();
        const accountsBefore = await accountState(world.h);
        await sendAll(world, reqs, parallel, stats);
        // Only refused writes and reads in this run: the records must be exactly as they were.
        if ((await world.h.dump()) !== before) throw new Error('refused requests changed the stored records');
        if ((await accountState(world.h)) !== accountsBefore) throw new Error('refused requests changed credentials, sessions or the audit log');
        const leaked = await storedMutations(world.h, reqs.flatMap(mutationIds));
        if (leaked.length > 0) throw new Error(`mutation ids of a refused push were stored: ${leaked.join(', ')}`);
        // Forged logouts and garbled tokens revoked nothing.
        for (const name of LIVE_TOKENS) {
          const me = await world.h.request('GET', '/api/auth/me', world.tokens[name]);
          if (me.status !== 200) throw new Error(`the ${name} session no longer works: ${me.status}`);
        }
        noRejections();
      }),
      // No shrinking: a failed run may have left the shared database changed, which would
      // mislead every shrunk replay; the first counterexample is the one to read.
      { seed: SEED, numRuns: HOSTILE_RUNS, endOnFailure: true },
    );
  });

  it('bodies around the size limits are refused with 413 above them and the usual codes below', { timeout: 120_000 }, async () => {
    const world = await makeWorld();
    const token = world.tokens.anim;
    const filler = '<script>alert(1)</script>;DROP TABLE records;--=HYPERLINK(x)';
    const padded = (n: number) => filler.repeat(Math.ceil(n / filler.length) + 1).slice(0, n);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('push', 'login', 'bytes'),
        fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -2048, max: 2048 })),
        async (kind, offset) => {
          const before = await world.h.dump();
          let path = '/api/sync/push';
          let body: string | Uint8Array<ArrayBuffer>;
          let within: number;
          let auth: string | undefined = token;
          if (kind === 'login') {
            const limit = 16 * 1024;
            const base = JSON.stringify({ email: 'anim.a@example.fr', password: '' });
            body = JSON.stringify({ email: 'anim.a@example.fr', password: padded(limit + offset - base.length) });
            path = '/api/auth/login';
            auth = undefined;
            within = 400; // password over 1024 characters
          } else if (kind === 'push') {
            const base = JSON.stringify({ clientId: 'device-fuzz-1', mutations: [mutation({ mutationId: freshUuid(), recordId: freshUuid(), changes: newEntry({ notes: '' }) })] });
            body = base.replace('"notes":""', `"notes":"${padded(MAX_PUSH_BYTES + offset - base.length)}"`);
            within = 422; // notes over 2000 characters
          } else {
            const bytes = new Uint8Array(MAX_PUSH_BYTES + offset);
            for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + offset) & 0xff;
            body = bytes;
            within = 400;
          }
          const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
          const limit = kind === 'login' ? 16 * 1024 : MAX_PUSH_BYTES;
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (auth) headers.authorization = `Bearer ${auth}`;
          const res = await world.h.app.request(path, { method: 'POST', headers, body });
          const text = await res.text();
          stats.requests += 1;
          expect(res.status, `${kind} body of ${size} bytes`).toBe(size > limit ? 413 : within);
          expect(errorBodyProblem(text)).toBeUndefined();
          expect(await world.h.dump()).toBe(before);
          noRejections();
        },
      ),
      { seed: SEED + 1, numRuns: LIMIT_RUNS },
    );
  });

  it('hostile text in valid mutations is stored as data and comes back byte-identical', { timeout: 180_000 }, async () => {
    const world = await makeWorld();
    const { h } = world;
    const token = world.tokens.anim;
    let since = 0;

    /** Every change after the last pull, following pages; moves the checkpoint. */
    async function pullNew(): Promise<Map<string, Json>> {
      const out = new Map<string, Json>();
      for (;;) {
        const res = await h.pull(token, since);
        stats.requests += 1;
        expect(res.status).toBe(200);
        for (const c of changes(res.body)) out.set(String(c.record.id), c.record);
        since = res.body.since as number;
        if (!res.body.hasMore) return out;
      }
    }

    async function push(clientId: string, mutations: MutationJson[]): Promise<{ status: number; body: Json }> {
      const res = await h.push(token, clientId, mutations);
      stats.requests += 1;
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBeLessThan(500);
      if (res.status >= 400) expect(errorBodyProblem(JSON.stringify(res.body))).toBeUndefined();
      return res;
    }

    /** A push that must be refused: the stored records stay exactly as they were. */
    async function refused(clientId: string, mutations: MutationJson[], status: number, code: string): Promise<void> {
      const before = await h.dump();
      const res = await push(clientId, mutations);
      expect(res.status).toBe(status);
      expect(error(res.body).code).toBe(code);
      expect(await h.dump()).toBe(before);
    }

    await pullNew();
    await fc.assert(
      fc.asyncProperty(acceptedCase, async (c) => {
        // 1. Hostile text in every free-text field of new records of five entities.
        const batch = c.batch.map((b) => ({ created: b, m: toMutation(b, TA) }));
        const first = await push(c.clientA, batch.map((b) => b.m));
        expect(first.status, JSON.stringify(first.body).slice(0, 500)).toBe(200);
        const answered = results(first.body);
        batch.forEach((b, i) => {
          expect(answered[i]?.status).toBe('applied');
          expect(answered[i]?.record).toMatchObject(b.created.expected);
        });
        const pulled = await pullNew();
        expect([...pulled.keys()].sort()).toEqual(batch.map((b) => b.m.recordId).sort());
        for (const b of batch) expect(pulled.get(b.m.recordId)).toMatchObject(b.created.expected);

        // 2. The same push again (a retry): same answer, nothing written.
        const stored = await h.dump();
        const again = await push(c.clientA, batch.map((b) => b.m));
        expect(again.status).toBe(200);
        expect(results(again.body).map((r) => [r.status, r.record])).toEqual(answered.map((r) => [r.status, r.record]));
        expect(await h.dump()).toBe(stored);

        // 3. A mutation id sent again with other content: refused, nothing written.
        const reused = batch[0]?.m;
        if (reused) await refused(c.clientA, [{ ...reused, changes: { ...reused.changes, notes: `${c.notesC}!` } }], 422, 'replay_mismatch');

        // 4. Out of order: the edit before the creation it depends on is refused; in order it applies.
        const entry = toMutation(c.entry, TA);
        const edit = mutation({ mutationId: freshUuid(), recordId: entry.recordId, baseVersion: 1, changes: { notes: c.notesA } });
        await refused(c.clientA, [edit, entry], 422, 'invalid');
        const inOrder = await push(c.clientA, [entry, edit]);
        expect(inOrder.status).toBe(200);
        expect(results(inOrder.body).map((r) => r.status)).toEqual(['applied', 'applied']);

        // 5. Two devices edit the same field from the same base: the later one wins, the other
        //    value is kept in a conflict record, both unchanged.
        const fromB = mutation({ mutationId: freshUuid(), recordId: entry.recordId, baseVersion: 2, changes: { notes: c.notesB } });
        const fromA = mutation({ mutationId: freshUuid(), recordId: entry.recordId, baseVersion: 2, changes: { notes: c.notesC } });
        expect((await push(c.clientB, [fromB])).status).toBe(200);
        const late = await push(c.clientA, [fromA]);
        expect(late.status).toBe(200);
        expect(results(late.body)[0]?.status).toBe('conflict');
        const after = await pullNew();
        expect(after.get(entry.recordId)).toMatchObject({ ...c.entry.expected, notes: c.notesC, version: 4 });
        const conflicts = [...after.values()].filter((r) => r.entity === 'directoryEntry' && r.recordId === entry.recordId);
        expect(conflicts).toHaveLength(1);
        expect(conflicts[0]).toMatchObject({ field: 'notes', keptValue: c.notesC, otherValue: c.notesB, status: 'open' });
        noRejections();
      }),
      { seed: SEED + 2, numRuns: ACCEPTED_RUNS },
    );
  });

  it(`sends at least ${MIN_HOSTILE_REQUESTS} hostile requests per run on SQLite`, () => {
    const hostile = Object.values(stats.byRoute).reduce((a, b) => a + b, 0);
    console.info(`hostile requests: ${hostile} (${Object.entries(stats.byRoute).map(([r, n]) => `${r} ${n}`).join(', ')})`);
    if (!postgres) expect(hostile).toBeGreaterThanOrEqual(MIN_HOSTILE_REQUESTS);
    // Every route and the main answers were reached.
    for (const count of Object.values(stats.byRoute)) expect(count).toBeGreaterThan(0);
    for (const status of [400, 401, 403, 404, 413, 422, 429]) expect(stats.byStatus.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  });
});

