import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_MUTATIONS_PER_PUSH } from '../../src/domain/sync/protocol';
import { ANIM_A, ENTRY_B, TA, TB, changes, error, harness, mutation, newEntry, results, type Json } from './helpers';

async function refused(status: number, mutations: unknown[], who = 'anim.a@example.fr') {
  const h = await harness();
  const token = await h.login(who);
  const before = await h.dump();
  const res = await h.push(token, 'device-aaaa', mutations);
  expect(res.status).toBe(status);
  expect(await h.dump()).toBe(before);
  return { h, token, body: res.body, err: error(res.body) };
}

describe('territory scope', () => {
  it('pull returns only the caller’s territories', async () => {
    const h = await harness();
    const a = changes((await h.pull(await h.login('anim.a@example.fr'))).body);
    const b = changes((await h.pull(await h.login('anim.b@example.fr'))).body);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.every((c) => c.record.territoryId === TA)).toBe(true);
    expect(b.every((c) => c.record.territoryId === TB)).toBe(true);
    expect(a.some((c) => c.record.id === ENTRY_B)).toBe(false);
    expect(b.some((c) => c.record.id === ENTRY_B)).toBe(true);
  });

  it('creating a record in another territory is forbidden (403) and changes nothing', async () => {
    const { err } = await refused(403, [mutation({ territoryId: TB, changes: newEntry() })]);
    expect(err.code).toBe('forbidden');
    expect(err.mutations?.[0]?.code).toBe('forbidden');
  });

  it('editing another territory’s record is forbidden even when claiming one’s own territory', async () => {
    const { h } = await refused(403, [mutation({ recordId: ENTRY_B, baseVersion: 1, territoryId: TA, changes: { name: 'Pris' } })]);
    const b = changes((await h.pull(await h.login('anim.b@example.fr'))).body);
    expect(b.find((c) => c.record.id === ENTRY_B)?.record).toMatchObject({ name: 'Relais Est', version: 1 });
  });

  it('moving a record into another territory is forbidden', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const id = randomUUID();
    await h.push(token, 'device-aaaa', [mutation({ recordId: id, changes: newEntry() })]);
    const before = await h.dump();
    const res = await h.push(token, 'device-aaaa', [mutation({ recordId: id, baseVersion: 1, changes: { territoryId: TB } })]);
    expect(res.status).toBe(403);
    expect(await h.dump()).toBe(before);
  });

  it('a role not listed as writer is forbidden', async () => {
    const { err } = await refused(403, [mutation({ entity: 'site', changes: { name: 'Mairie', kind: 'mairie', communeCode: '42224', timeZone: 'Europe/Paris' } })]);
    expect(err.mutations?.[0]?.message).toMatch(/rôle/);
  });

  it('a coordinator cannot grant the admin role or a territory they do not hold', async () => {
    const admin = await refused(403, [mutation({ entity: 'staffUser', recordId: ANIM_A, baseVersion: 1, changes: { role: 'admin' } })], 'coord.a@example.fr');
    expect(admin.err.code).toBe('forbidden');
    const wider = await refused(403, [mutation({ entity: 'staffUser', recordId: ANIM_A, baseVersion: 1, changes: { territoryIds: [TA, TB] } })], 'coord.a@example.fr');
    expect(wider.err.code).toBe('forbidden');
  });

  it('a coordinator can edit staff of their territory', async () => {
    const h = await harness();
    const token = await h.login('coord.a@example.fr');
    const res = await h.push(token, 'device-coord', [mutation({ entity: 'staffUser', recordId: ANIM_A, baseVersion: 1, changes: { role: 'bus_team' } })]);
    expect(res.status).toBe(200);
    const me = await h.request('GET', '/api/auth/me', await h.login('anim.a@example.fr'));
    expect(((await me.json()) as Json).role).toBe('bus_team');
  });
});

describe('validation: nothing of a refused push is applied', () => {
  it('unknown entity', async () => {
    const { err } = await refused(422, [mutation({ entity: 'payroll', changes: { amount: 1 } })]);
    expect(err.code).toBe('invalid');
    expect(err.mutations?.[0]?.message).toBe('entité inconnue « payroll »');
  });

  it('wrong type, named in French', async () => {
    const { err } = await refused(422, [mutation({ changes: newEntry({ name: 3 }) })]);
    expect(err.mutations?.[0]?.message).toMatch(/^champ « name » : .*attendu/);
  });

  it('invalid phone', async () => {
    const { err } = await refused(422, [mutation({ changes: newEntry({ phone: 'appelez-moi' }) })]);
    expect(err.mutations?.[0]?.message).toBe('champ « phone » : numéro de téléphone invalide');
  });

  it('unknown field, on create and on edit', async () => {
    const created = await refused(422, [mutation({ changes: newEntry({ salary: 1 }) })]);
    expect(created.err.mutations?.[0]?.message).toBe('champ « salary » : champ inconnu');
    const edited = await refused(422, [mutation({ recordId: ENTRY_B, territoryId: TB, baseVersion: 1, changes: { salary: 1 } })], 'anim.b@example.fr');
    expect(edited.err.mutations?.[0]?.message).toBe('champ « salary » : champ inconnu');
  });

  it('envelope fields cannot be edited as data', async () => {
    const { err } = await refused(422, [mutation({ recordId: ENTRY_B, territoryId: TB, baseVersion: 1, changes: { version: 99 } })], 'anim.b@example.fr');
    expect(err.mutations?.[0]?.message).toMatch(/« version »/);
  });

  it('missing required field on create', async () => {
    const { err } = await refused(422, [mutation({ changes: { kind: 'rpe', communeCode: '42224' } })]);
    expect(err.mutations?.[0]?.message).toMatch(/« name »/);
  });

  it('one bad mutation among good ones: the good ones are not applied either, every refusal is listed', async () => {
    const good = mutation({ changes: newEntry() });
    const bad1 = mutation({ changes: newEntry({ phone: 'x' }) });
    const bad2 = mutation({ territoryId: TB, changes: newEntry() });
    const { err } = await refused(422, [good, bad1, bad2]);
    expect(err.code).toBe('rejected');
    expect(err.mutations?.map((m) => [m.mutationId, m.code])).toEqual([
      [bad1.mutationId, 'invalid'],
      [bad2.mutationId, 'forbidden'],
    ]);
  });

  it('malformed mutation shape is reported against its id', async () => {
    const m = { ...mutation({ changes: newEntry() }), baseVersion: -1 };
    const { err } = await refused(422, [m]);
    expect(err.mutations?.[0]).toMatchObject({ mutationId: m.mutationId, code: 'invalid' });
    expect(err.mutations?.[0]?.message).toMatch(/« baseVersion »/);
  });

  it('append-only records cannot be edited', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const id = randomUUID();
    const log = { sessionId: randomUUID(), authorId: ANIM_A, loggedAt: '2026-01-05T07:00:00.000Z', contacts: [], childrenCount: 4 };
    const created = await h.push(token, 'device-aaaa', [mutation({ entity: 'sessionLog', recordId: id, changes: log })]);
    expect(created.status).toBe(200);
    const before = await h.dump();
    const res = await h.push(token, 'device-aaaa', [mutation({ entity: 'sessionLog', recordId: id, baseVersion: 1, changes: { childrenCount: 5 } })]);
    expect(res.status).toBe(422);
    expect(error(res.body)).toMatchObject({ code: 'append_only', mutations: [{ code: 'append_only' }] });
    expect(await h.dump()).toBe(before);
    expect(results(created.body)[0]?.record.childrenCount).toBe(4);
  });
});

describe('request-level errors', () => {
  it('malformed JSON is a 400', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const before = await h.dump();
    const res = await h.request('POST', '/api/sync/push', token, '{"clientId": "device-aaaa", "mutations": [');
    expect(res.status).toBe(400);
    expect(error((await res.json()) as Json).code).toBe('invalid_json');
    expect(await h.dump()).toBe(before);
  });

  it('a body without clientId or mutations is a 400', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    for (const body of [{ mutations: [mutation({ changes: newEntry() })] }, { clientId: 'device-aaaa', mutations: [] }, [1, 2]]) {
      const res = await h.request('POST', '/api/sync/push', token, body);
      expect(res.status).toBe(400);
      expect(typeof error((await res.json()) as Json).message).toBe('string');
    }
  });

  it('a body over 1 MiB is a 413, with or without Content-Length', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const before = await h.dump();
    const big = JSON.stringify({ clientId: 'device-aaaa', mutations: [mutation({ changes: newEntry({ notes: 'x'.repeat(1024 * 1024) }) })] });
    const withLength = await h.request('POST', '/api/sync/push', token, big, { 'content-length': String(Buffer.byteLength(big)) });
    expect(withLength.status).toBe(413);
    expect(error((await withLength.json()) as Json).code).toBe('payload_too_large');
    const streamed = await h.request('POST', '/api/sync/push', token, big);
    expect(streamed.status).toBe(413);
    expect(await h.dump()).toBe(before);
  });

  it(`more than ${MAX_MUTATIONS_PER_PUSH} mutations is refused`, async () => {
    const many = Array.from({ length: MAX_MUTATIONS_PER_PUSH + 1 }, () => mutation({ changes: newEntry() }));
    const { err } = await refused(413, many);
    expect(err.code).toBe('too_many_mutations');
  });

  it('exactly the maximum is accepted', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const many = Array.from({ length: MAX_MUTATIONS_PER_PUSH }, () => mutation({ changes: newEntry() }));
    const res = await h.push(token, 'device-aaaa', many);
    expect(res.status).toBe(200);
    expect(results(res.body)).toHaveLength(MAX_MUTATIONS_PER_PUSH);
  });

  it('push and pull need a session', async () => {
    const h = await harness();
    expect((await h.push('', 'device-aaaa', [mutation({ changes: newEntry() })])).status).toBe(401);
    expect((await h.request('GET', '/api/sync/pull?since=0')).status).toBe(401);
  });

  it('a bad pull query is a 400; a large limit is capped', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    for (const q of ['since=-1', 'since=abc', 'limit=0', 'limit=1.5', 'since=1e3']) {
      const res = await h.request('GET', `/api/sync/pull?${q}`, token);
      expect(res.status, q).toBe(400);
      expect(error((await res.json()) as Json).code).toBe('invalid');
    }
    const capped = await h.request('GET', '/api/sync/pull?limit=999999', token);
    expect(capped.status).toBe(200);
  });

  it('an unknown API route is a JSON 404', async () => {
    const h = await harness();
    for (const [method, path] of [
      ['GET', '/api/nothing'],
      ['GET', '/api'],
      ['DELETE', '/api/sync/push'],
    ] as const) {
      const res = await h.request(method, path);
      expect(res.status).toBe(404);
      expect(error((await res.json()) as Json)).toEqual({ code: 'not_found', message: expect.stringMatching(/inconnue/) });
    }
  });
});
