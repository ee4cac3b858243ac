/**
 * Account and device management and the audit log, end to end through the API: what each action
 * changes, what it leaves in the log, and that a refused action changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/password';
import { serverFieldMeta } from '../../src/server/sync/push';
import { ANIM_A, ANIM_B, COORD_A, INACTIVE, PASSWORD, TA, TB, TEST_COST, error, harness, mutation, type Harness, type Json } from './helpers';

const ADMIN = '9a9a9a9a-1b1b-4c2c-8d3d-4e4e4e4e4e4e';
const ADMIN_EMAIL = 'admin.a@example.fr';
const NEW_PASSWORD = 'un tout nouveau mot de passe';

/** The fixtures have no admin: one of territory A, written as seeding would. */
async function withAdmin(): Promise<Harness> {
  const h = await harness();
  const at = '2026-01-05T08:00:00.000Z';
  const data = { deleted: false, territoryId: TA, name: 'Adèle Admin', email: ADMIN_EMAIL, role: 'admin', territoryIds: [TA], active: true };
  const hash = await hashPassword(PASSWORD, TEST_COST);
  await h.store.withTransaction(async (tx) => {
    await tx.putRecord({ entity: 'staffUser', id: ADMIN, version: 1, updatedAt: at, data, fields: serverFieldMeta(data, 1, at) });
    await tx.putCredential({ userId: ADMIN, email: ADMIN_EMAIL, passwordHash: hash });
  });
  return h;
}

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

interface EventJson {
  seq: number;
  action: string;
  actorId?: string;
  actorName?: string | null;
  actorEmail?: string;
  targetUserId?: string;
  familyId?: string;
  claimedAt?: string;
  at: string;
  deviceName?: string;
  address?: string;
  territoryIds: string[];
  detail: Json;
}

async function events(h: Harness, token: string, query = ''): Promise<EventJson[]> {
  const res = await h.request('GET', `/api/admin/audit${query}`, token);
  expect(res.status).toBe(200);
  return ((await json(res)).events as EventJson[]) ?? [];
}

/** Everything a refused request must leave as it was. */
async function state(h: Harness): Promise<string> {
  return h.store.withTransaction(async (tx) => {
    const sessions = [];
    const credentials = [];
    for (const [id, email] of [[ANIM_A, 'anim.a@example.fr'], [ANIM_B, 'anim.b@example.fr'], [COORD_A, 'coord.a@example.fr'], [ADMIN, ADMIN_EMAIL]] as const) {
      sessions.push(await tx.listSessions(id));
      credentials.push(await tx.getCredentialByEmail(email));
    }
    const log = await tx.listAuditEvents({ limit: 100_000 });
    return JSON.stringify({ records: await tx.listChanges(0, 1_000_000, [TA, TB]), sessions, credentials, log });
  });
}

function login(h: Harness, email: string, password: string, extra: Json = {}, headers: Record<string, string> = {}) {
  return h.request('POST', '/api/auth/login', undefined, { email, password, ...extra }, headers);
}

const newAccount = (extra: Json = {}) => ({
  name: 'Nina Nouvelle',
  email: `nina-${randomUUID().slice(0, 8)}@example.fr`,
  role: 'animator',
  territoryIds: [TA],
  password: NEW_PASSWORD,
  ...extra,
});

describe('sign-in audit', () => {
  it('logs sign-ins, failures and sign-outs with the device and address, never the password', async () => {
    const h = await withAdmin();
    const chrome = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' };
    expect((await login(h, 'anim.a@example.fr', 'mauvais mot de passe 1')).status).toBe(401);
    expect((await login(h, 'personne@example.fr', 'mauvais mot de passe 2')).status).toBe(401);
    // A password typed in the e-mail field is not kept.
    expect((await login(h, 'mon-secret-tape-ici', 'mauvais mot de passe 3')).status).toBe(401);
    expect((await login(h, 'inactive@example.fr', PASSWORD)).status).toBe(403);
    const signedIn = await login(h, 'anim.a@example.fr', PASSWORD, {}, chrome);
    expect(signedIn.status).toBe(200);
    const token = (await json(signedIn)).token as string;
    const named = await login(h, 'anim.a@example.fr', PASSWORD, { deviceName: '  Tablette\u202E du bus  ' });
    expect(named.status).toBe(200);
    expect((await h.request('POST', '/api/auth/logout', token)).status).toBe(204);

    const admin = await h.login(ADMIN_EMAIL);
    const log = (await events(h, admin)).filter((e) => e.action !== 'sign_in' || e.actorId !== ADMIN).reverse();
    expect(log.map((e) => [e.action, e.actorId ?? null, e.actorEmail ?? null, e.detail.reason ?? null])).toEqual([
      ['sign_in_failed', ANIM_A, 'anim.a@example.fr', 'wrong_password'],
      ['sign_in_failed', null, 'personne@example.fr', 'unknown_account'],
      ['sign_in_failed', null, '(saisie qui n’est pas une adresse e-mail)', 'unknown_account'],
      ['sign_in_failed', INACTIVE, 'inactive@example.fr', 'account_disabled'],
      ['sign_in', ANIM_A, null, null],
      ['sign_in', ANIM_A, null, null],
      ['sign_out', ANIM_A, null, null],
    ]);
    expect(log[4]?.deviceName).toBe('Chrome sur Android');
    expect(log[5]?.deviceName).toBe('Tablette du bus');
    expect(log[4]?.actorName).toBe('Alice Anim');
    expect(log[1]?.territoryIds).toEqual([]);
    const text = JSON.stringify(log);
    expect(text).not.toMatch(/mauvais mot de passe|correct horse|mon-secret/);
  });
});

describe('staff accounts', () => {
  it('a coordinator creates an account with a first password; it signs in; the creation is logged', async () => {
    const h = await withAdmin();
    const coord = await h.login('coord.a@example.fr');
    const input = newAccount();
    const res = await h.request('POST', '/api/admin/users', coord, input);
    expect(res.status).toBe(201);
    const user = (await json(res)).user as Json;
    expect(user).toMatchObject({ name: 'Nina Nouvelle', email: input.email, role: 'animator', territoryIds: [TA], territoryId: TA, active: true, version: 1 });
    expect(JSON.stringify(user)).not.toMatch(/password|scrypt/i);
    expect((await login(h, input.email, NEW_PASSWORD)).status).toBe(200);
    // Devices of the territory get the new staff record by pull.
    const pulled = await h.pull(coord);
    expect(JSON.stringify(pulled.body)).toContain(input.email);
    const log = await events(h, await h.login(ADMIN_EMAIL), '?action=account_created');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actorId: COORD_A, targetUserId: user.id, detail: { role: 'animator', territoryIds: [TA] } });
  });

  it('refuses, changing nothing: a taken e-mail, a short password, an admin made by a coordinator, a territory not held', async () => {
    const h = await withAdmin();
    const coord = await h.login('coord.a@example.fr');
    const before = await state(h);
    const cases: Array<[Json, number, string]> = [
      [newAccount({ email: 'ANIM.A@example.fr' }), 409, 'email_taken'],
      [newAccount({ password: 'court' }), 400, 'invalid'],
      [newAccount({ password: `   ${'x'.repeat(5)}      ` }), 400, 'invalid'],
      [newAccount({ role: 'admin' }), 403, 'forbidden'],
      [newAccount({ territoryIds: [TA, TB] }), 403, 'forbidden'],
      [newAccount({ active: false }), 400, 'invalid'],
      [newAccount({ email: 'pas une adresse' }), 400, 'invalid'],
    ];
    for (const [body, status, code] of cases) {
      const res = await h.request('POST', '/api/admin/users', coord, body);
      const err = error(await json(res));
      expect({ status: res.status, code: err.code }, JSON.stringify(body)).toEqual({ status, code });
      expect(err.message.length).toBeGreaterThan(10);
    }
    expect(await state(h)).toBe(before);
    const animator = await h.login('anim.a@example.fr');
    expect((await h.request('POST', '/api/admin/users', animator, newAccount())).status).toBe(403);
  });

  it('resetting a password replaces the old one and is logged without it', async () => {
    const h = await withAdmin();
    const coord = await h.login('coord.a@example.fr');
    expect((await h.request('POST', `/api/admin/users/${ANIM_A}/password`, coord, { password: NEW_PASSWORD })).status).toBe(204);
    expect((await login(h, 'anim.a@example.fr', PASSWORD)).status).toBe(401);
    expect((await login(h, 'anim.a@example.fr', NEW_PASSWORD)).status).toBe(200);
    const log = await events(h, await h.login(ADMIN_EMAIL), '?action=password_reset');
    expect(log.map((e) => [e.actorId, e.targetUserId])).toEqual([[COORD_A, ANIM_A]]);
    expect(JSON.stringify(log)).not.toContain(NEW_PASSWORD);
    // Of another territory: answered as unknown, nothing changed.
    const before = await state(h);
    const res = await h.request('POST', `/api/admin/users/${ANIM_B}/password`, coord, { password: NEW_PASSWORD });
    expect(res.status).toBe(404);
    expect(await state(h)).toBe(before);
  });

  it('deactivating an account revokes its devices (session_revoked) and refuses its sign-in; reactivating lets it back', async () => {
    const h = await withAdmin();
    const coord = await h.login('coord.a@example.fr');
    const tablet = await h.login('anim.a@example.fr');
    const phone = await h.login('anim.a@example.fr');
    const res = await h.request('POST', `/api/admin/users/${ANIM_A}/deactivate`, coord);
    expect(res.status).toBe(200);
    expect(((await json(res)).user as Json).active).toBe(false);
    for (const token of [tablet, phone]) {
      const refused = await h.pull(token);
      expect({ status: refused.status, code: error(refused.body).code }).toEqual({ status: 401, code: 'session_revoked' });
    }
    expect((await login(h, 'anim.a@example.fr', PASSWORD)).status).toBe(403);
    const log = await events(h, await h.login(ADMIN_EMAIL), `?userId=${ANIM_A}&action=account_deactivated,account_reactivated`);
    expect(log.map((e) => [e.action, e.detail.devicesRevoked])).toEqual([['account_deactivated', 2]]);
    expect((await h.request('POST', `/api/admin/users/${ANIM_A}/reactivate`, coord)).status).toBe(200);
    expect((await login(h, 'anim.a@example.fr', PASSWORD)).status).toBe(200);
    // Deactivating oneself would lock the last manager out: refused.
    const self = await h.request('POST', `/api/admin/users/${COORD_A}/deactivate`, coord);
    expect({ status: self.status, code: error(await json(self)).code }).toEqual({ status: 422, code: 'invalid' });
  });

  it('a coordinator cannot change an admin’s account; lists only accounts of their territories', async () => {
    const h = await withAdmin();
    const coord = await h.login('coord.a@example.fr');
    const before = await state(h);
    for (const path of ['password', 'deactivate', 'devices']) {
      const method = path === 'devices' ? 'GET' : 'POST';
      const res = await h.request(method, `/api/admin/users/${ADMIN}/${path}`, coord, path === 'password' ? { password: NEW_PASSWORD } : undefined);
      expect(res.status, path).toBe(403);
    }
    expect(await state(h)).toBe(before);
    const list = await h.request('GET', '/api/admin/users', coord);
    const users = (await json(list)).users as Array<{ id: string; manageable: boolean; hasPassword: boolean }>;
    expect(users.map((u) => u.id).sort()).toEqual([ADMIN, ANIM_A, COORD_A, INACTIVE].sort());
    expect(users.find((u) => u.id === ADMIN)?.manageable).toBe(false);
    expect(users.find((u) => u.id === ANIM_A)).toMatchObject({ manageable: true, hasPassword: true });
  });

  it('account changes pushed from a device are logged; a pushed deactivation revokes the devices', async () => {
    const h = await withAdmin();
    const coord = await h.login('coord.a@example.fr');
    const tablet = await h.login('anim.a@example.fr');
    const pushed = await h.push(coord, 'device-coord', [
      mutation({ entity: 'staffUser', recordId: ANIM_A, baseVersion: 1, changes: { role: 'coordinator' } }),
      mutation({ entity: 'staffUser', recordId: ANIM_A, baseVersion: 2, changes: { active: false } }),
    ]);
    expect(pushed.status).toBe(200);
    const refused = await h.request('GET', '/api/auth/me', tablet);
    expect(error(await json(refused)).code).toBe('session_revoked');
    const log = await events(h, await h.login(ADMIN_EMAIL), `?userId=${ANIM_A}`);
    expect(log.map((e) => [e.action, e.detail])).toEqual([
      ['account_deactivated', { devicesRevoked: 1 }],
      ['role_changed', { from: 'animator', to: 'coordinator' }],
      ['sign_in', {}],
    ]);
    // A refused push leaves no line.
    const before = await state(h);
    const denied = await h.push(coord, 'device-coord', [mutation({ entity: 'staffUser', recordId: ADMIN, baseVersion: 1, changes: { role: 'animator' } })]);
    expect(denied.status).toBe(403);
    expect(await state(h)).toBe(before);
  });
});

describe('devices', () => {
  it('lists the devices of an account with their times; revoking one locks it alone', async () => {
    const h = await withAdmin();
    const coord = await h.login('coord.a@example.fr');
    const res1 = await login(h, 'anim.a@example.fr', PASSWORD, { deviceName: 'Tablette du relais' });
    const tablet = (await json(res1)).token as string;
    h.advance(60_000);
    const phone = await h.login('anim.a@example.fr');
    h.advance(10 * 60_000);
    expect((await h.pull(tablet)).status).toBe(200);

    const listed = await h.request('GET', `/api/admin/users/${ANIM_A}/devices`, coord);
    const devices = (await json(listed)).devices as Array<{ id: string; name: string | null; createdAt: string; lastSeenAt: string; status: string }>;
    expect(devices).toHaveLength(2);
    const [newer, older] = devices;
    expect(older).toMatchObject({ name: 'Tablette du relais', createdAt: '2026-01-05T08:00:00.000Z', lastSeenAt: '2026-01-05T08:11:00.000Z', status: 'active' });
    expect(newer).toMatchObject({ createdAt: '2026-01-05T08:01:00.000Z', lastSeenAt: '2026-01-05T08:01:00.000Z' });
    expect(JSON.stringify(devices)).not.toMatch(/[0-9a-f]{64}/);

    expect((await h.request('POST', `/api/admin/users/${ANIM_A}/devices/${older?.id}/revoke`, coord)).status).toBe(204);
    const locked = await h.pull(tablet);
    expect({ status: locked.status, code: error(locked.body).code }).toEqual({ status: 401, code: 'session_revoked' });
    expect(error(locked.body).message).toMatch(/administrateur/);
    expect((await h.pull(phone)).status).toBe(200);
    // A logout stays a plain 401.
    await h.request('POST', '/api/auth/logout', phone);
    expect(error(await json(await h.request('GET', '/api/auth/me', phone))).code).toBe('unauthorized');

    const after = await h.request('GET', `/api/admin/users/${ANIM_A}/devices`, coord);
    expect(((await json(after)).devices as Array<{ status: string }>).map((d) => d.status)).toEqual(['signed_out', 'revoked']);
    const log = await events(h, await h.login(ADMIN_EMAIL), '?action=device_revoked');
    expect(log[0]).toMatchObject({ actorId: COORD_A, targetUserId: ANIM_A, deviceName: 'Tablette du relais' });
    expect((await h.request('POST', `/api/admin/users/${ANIM_A}/devices/${'0'.repeat(32)}/revoke`, coord)).status).toBe(404);
  });

  it('limits account writes per manager', async () => {
    const h = await withAdmin();
    const coord = await h.login('coord.a@example.fr');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await h.request('POST', `/api/admin/users/${ANIM_A}/reactivate`, coord)).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    const limited = await h.request('POST', `/api/admin/users/${ANIM_A}/reactivate`, coord);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('events sent by devices', () => {
  const familyOf = async (h: Harness, token: string, territoryId: string) => {
    const id = randomUUID();
    const res = await h.push(token, 'device-family', [mutation({ entity: 'family', recordId: id, territoryId, changes: { guardians: [], children: [], needs: ['childcare'] } })]);
    expect(res.status).toBe(200);
    return id;
  };

  it('are stamped with the author and time of receipt, keep the device time as a claim, and are not doubled when resent', async () => {
    const h = await withAdmin();
    const token = await h.login('anim.a@example.fr');
    const family = await familyOf(h, token, TA);
    const read = { id: randomUUID(), action: 'family_file_read', at: '2026-01-04T17:30:00.000Z', territoryId: TA, familyId: family };
    const exported = { id: randomUUID(), action: 'export', at: '2026-01-04T18:00:00.000Z', territoryId: TA, detail: { kind: 'directory_csv', rows: 12 } };
    h.advance(3_600_000);
    const first = await h.request('POST', '/api/audit/events', token, { events: [read, exported] });
    expect(await json(first)).toEqual({ accepted: 2, duplicates: 0 });
    const again = await h.request('POST', '/api/audit/events', token, { events: [read] });
    expect(await json(again)).toEqual({ accepted: 0, duplicates: 1 });
    const log = await events(h, await h.login(ADMIN_EMAIL), `?familyId=${family}`);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'family_file_read', actorId: ANIM_A, claimedAt: read.at, at: '2026-01-05T09:00:00.000Z', territoryIds: [TA] });
  });

  it('refuses, writing nothing: another territory, a family of another territory, actions only the server writes, bad shapes', async () => {
    const h = await withAdmin();
    const token = await h.login('anim.a@example.fr');
    const familyB = await familyOf(h, await h.login('anim.b@example.fr'), TB);
    const ok = { id: randomUUID(), action: 'family_file_read', at: '2026-01-04T17:30:00.000Z', territoryId: TA };
    const before = await state(h);
    const cases: Array<[unknown, number]> = [
      [{ events: [ok, { ...ok, id: randomUUID(), territoryId: TB }] }, 403],
      [{ events: [ok, { ...ok, id: randomUUID(), familyId: familyB }] }, 403],
      [{ events: [{ ...ok, action: 'sign_in' }] }, 400],
      [{ events: [{ ...ok, action: 'role_changed' }] }, 400],
      [{ events: [{ ...ok, actorId: ANIM_B }] }, 400],
      [{ events: [{ ...ok, at: 'hier' }] }, 400],
      [{ events: [] }, 400],
      [{ events: [{ ...ok, detail: { deep: { x: 1 } } }] }, 400],
      [{ events: Array.from({ length: 201 }, () => ({ ...ok, id: randomUUID() })) }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await h.request('POST', '/api/audit/events', token, body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(status);
    }
    expect(await state(h)).toBe(before);
  });
});

describe('audit log for admins', () => {
  it('pages with a cursor, filters, and exports a CSV whose formulas are neutralised; the export is logged', async () => {
    const h = await withAdmin();
    for (let i = 0; i < 3; i++) await login(h, 'anim.a@example.fr', PASSWORD, { deviceName: `=HYPERLINK("http://evil.example/${i}","x")` });
    const admin = await h.login(ADMIN_EMAIL);
    const page1 = await json(await h.request('GET', '/api/admin/audit?limit=2', admin));
    const page2 = await json(await h.request('GET', `/api/admin/audit?limit=2&before=${String(page1.next)}`, admin));
    expect((page1.events as EventJson[]).length).toBe(2);
    expect((page2.events as EventJson[]).length).toBe(2);
    expect(page2.next).toBeNull();
    const seqs = [...(page1.events as EventJson[]), ...(page2.events as EventJson[])].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

    const csv = await h.request('GET', `/api/admin/audit.csv?from=2026-01-05&to=2026-01-05&userId=${ANIM_A}`, admin);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="journal-audit-2026-01-05\.csv"/);
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^n°;reçu le;/);
    for (const line of lines.slice(1)) {
      expect(line).toContain(';sign_in;');
      expect(line).toContain(`"'=HYPERLINK(""http://evil.example/`);
      expect(line).not.toMatch(/;=/);
    }
    const exports = await events(h, admin, '?action=export');
    expect(exports[0]).toMatchObject({ actorId: ADMIN, detail: { kind: 'audit_csv', rows: 3 } });
  });

  it('shows an admin of A nothing of B only, and refuses bad filters', async () => {
    const h = await withAdmin();
    await h.login('anim.b@example.fr');
    await h.login('anim.a@example.fr');
    const admin = await h.login(ADMIN_EMAIL);
    const log = await events(h, admin);
    expect(log.some((e) => e.actorId === ANIM_B)).toBe(false);
    expect(log.some((e) => e.actorId === ANIM_A)).toBe(true);
    for (const q of ['?limit=0', '?limit=500', '?from=hier', '?action=pirater', '?userId=1', '?before=-1']) {
      expect((await h.request('GET', `/api/admin/audit${q}`, admin)).status, q).toBe(400);
    }
    expect((await h.request('GET', `/api/admin/audit?territoryId=${TB}`, admin)).status).toBe(403);
    // Coordinators manage accounts but do not read the log.
    expect((await h.request('GET', '/api/admin/audit', await h.login('coord.a@example.fr'))).status).toBe(403);
  });
});
