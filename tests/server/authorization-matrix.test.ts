/**
 * Authorization matrix: every API route × every role × {valid token, no token, another user's
 * revoked token}, and for push every entity × create/edit/delete × own territory / other territory
 * / other territory while claiming the own one / moving from own to other. The expected outcome of
 * each case comes from the small policy table below, written from docs/security.md and
 * docs/sync-protocol.md, not from the server code. Also checked: pull pages never hold a record of
 * a territory outside the user's, over every page; a refused request writes nothing; staffUser
 * edits grant no admin role (unless admin) and no territory the author does not hold.
 *
 * Account management, device revocation and the audit log (routes/admin.ts, audit/routes.ts) are
 * in the same matrix: every route × role × token, and for the routes that name an account, a
 * target in A, in B, an admin of A, and an account of A and B. A fourth kind of token, revoked by
 * a manager, must get `session_revoked` everywhere a session is needed. A refused request changes
 * no record, credential, session nor audit line.
 *
 * The outcome of each case is listed in docs/security.md ("Authorization matrix").
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/common';
import { entityNames as allEntityNames, type EntityName } from '../../src/domain/registry';
import { buildRoadGraph, serializeGraph } from '../../src/domain/routing/road-graph';
import { createApp } from '../../src/server/app';
import { hashToken } from '../../src/server/auth/tokens';
import { deviceId } from '../../src/server/routes/admin';
import { seedIfEmpty, type SeedAccount, type SeedData } from '../../src/server/seed/seed';
import type { Store } from '../../src/server/storage/store';
import { openTestStore } from './backends';

// ───────────────────────────── policy (the rules, stated independently) ─────────────────────────

const STAFF: readonly Role[] = ['animator', 'bus_team', 'coordinator', 'admin'];
const MANAGERS: readonly Role[] = ['coordinator', 'admin'];

/** Who may write each entity (docs/security.md: territories, communes, sites and staff are for managers). */
const MAY_WRITE: Record<EntityName, readonly Role[]> = {
  territory: MANAGERS,
  commune: MANAGERS,
  site: MANAGERS,
  staffUser: MANAGERS,
  directoryEntry: STAFF,
  family: STAFF,
  intakeRequest: STAFF,
  appointment: STAFF,
  scheduledSession: STAFF,
  scheduleSeries: MANAGERS,
  busEnrollment: STAFF,
  surveyResponse: STAFF,
  sessionLog: STAFF,
  attendanceEvent: STAFF,
  conflictRecord: STAFF,
  // Also limited to the note's author and the family's referent: tests/server/support-note.test.ts.
  supportNote: STAFF,
};
/** Created once, never edited nor deleted. */
const APPEND_ONLY: ReadonlySet<EntityName> = new Set<EntityName>(['sessionLog', 'attendanceEvent', 'surveyResponse']);
/** Who may pull: staff only (parents have no API in this version). */
const MAY_PULL: readonly Role[] = STAFF;

/**
 * supportNote has rules per person (author and family referent), not per role and territory:
 * they are tested with that entity, not in this table.
 */
const entityNames = allEntityNames.filter((e) => e !== 'supportNote');

const ROLES: readonly Role[] = ['parent', 'animator', 'bus_team', 'coordinator', 'admin'];
/** `revoked`: ended by its own logout. `revokedByAdmin`: revoked by a manager (lost device). */
const TOKENS = ['valid', 'none', 'revoked', 'revokedByAdmin'] as const;
type TokenKind = (typeof TOKENS)[number];
const OPS = ['create', 'edit', 'delete'] as const;
type Op = (typeof OPS)[number];
/** own: in A. other: in B, said to be in B. claimed: in B, said to be in A. move: from A to B. */
const SCOPES = ['own', 'other', 'claimed', 'move'] as const;
type Scope = (typeof SCOPES)[number];

type Outcome = { allowed: true } | { allowed: false; status: number; code: string };
const ALLOWED: Outcome = { allowed: true };
const refused = (status: number, code: string): Outcome => ({ allowed: false, status, code });

/** Accounts an account route names: of A (one per role), of B, an admin of A, of A and B. */
const TARGETS = ['own', 'other', 'admin', 'wide'] as const;
type Target = (typeof TARGETS)[number];
const TARGET_ROUTES = ['adminPassword', 'adminDeactivate', 'adminDevices', 'adminRevoke'] as const;
type TargetRoute = (typeof TARGET_ROUTES)[number];

type Case =
  | { route: 'login' | 'logout' | 'me' | 'pull' | 'publicTerritories' | 'publicSnapshot' | 'roadNetworkGet' | 'roadNetworkPut' }
  | { route: 'push'; entity: EntityName; op: Op; scope: Scope }
  | { route: 'adminUsers' | 'adminReactivate' | 'auditList' | 'auditListOther' | 'auditCsv' }
  | { route: 'adminCreate' | 'auditEvents'; scope: 'own' | 'other' }
  /** Parents' requests, no account: own = with the request's secret, other = another request's secret. */
  | { route: 'publicRequestCreate' }
  | { route: 'publicRequestStatus' | 'publicRequestAppointment'; scope: 'own' | 'other' }
  | { route: TargetRoute; target: Target };

/** Status of an allowed case. */
function allowedStatus(c: Case): number {
  if (c.route === 'logout' || c.route === 'adminPassword' || c.route === 'adminRevoke') return 204;
  return c.route === 'adminCreate' || c.route === 'publicRequestCreate' ? 201 : 200;
}

/** The expected outcome of one case, from the rules above only. */
function expected(role: Role, token: TokenKind, c: Case): Outcome {
  // Public: a token sent along changes nothing.
  if (c.route === 'login' || c.route === 'publicTerritories' || c.route === 'publicSnapshot') return ALLOWED;
  // A parent's request: the secret of its private link opens it, a token neither helps nor hurts.
  if (c.route === 'publicRequestCreate') return ALLOWED;
  if (c.route === 'publicRequestStatus' || c.route === 'publicRequestAppointment') return c.scope === 'own' && c.route === 'publicRequestStatus' ? ALLOWED : refused(404, 'not_found');
  // A device revoked by a manager is told so, to lock itself (docs/security.md).
  if (token === 'revokedByAdmin') return refused(401, 'session_revoked');
  if (token !== 'valid') return refused(401, 'unauthorized');
  // Devices report reads and exports of their own territories.
  if (c.route === 'auditEvents') return STAFF.includes(role) && c.scope === 'own' ? ALLOWED : refused(403, 'forbidden');
  // The audit log is for admins, of their territories.
  if (c.route === 'auditList' || c.route === 'auditCsv') return role === 'admin' ? ALLOWED : refused(403, 'forbidden');
  if (c.route === 'auditListOther') return refused(403, 'forbidden');
  if (c.route === 'adminUsers' || c.route === 'adminCreate' || c.route === 'adminReactivate' || c.route === 'adminPassword' || c.route === 'adminDeactivate' || c.route === 'adminDevices' || c.route === 'adminRevoke') {
    if (!MANAGERS.includes(role)) return refused(403, 'forbidden');
    if (c.route === 'adminUsers' || c.route === 'adminReactivate') return ALLOWED;
    if (c.route === 'adminCreate') return c.scope === 'own' ? ALLOWED : refused(403, 'forbidden');
    if (!('target' in c)) throw new Error(`no rule for ${c.route}`);
    // An account of another territory is answered as unknown; a manager changes only accounts
    // whose every territory they hold, and only an admin changes an admin's account.
    if (c.target === 'other') return refused(404, 'not_found');
    if (c.target === 'wide') return refused(403, 'forbidden');
    if (c.target === 'admin') return role === 'admin' ? ALLOWED : refused(403, 'forbidden');
    return ALLOWED;
  }
  if (c.route === 'pull') return MAY_PULL.includes(role) ? ALLOWED : refused(403, 'forbidden');
  // The road network of a territory: its staff read it, its managers share it (docs/routing.md).
  if (c.route === 'roadNetworkGet') return STAFF.includes(role) ? ALLOWED : refused(403, 'forbidden');
  if (c.route === 'roadNetworkPut') return MANAGERS.includes(role) ? ALLOWED : refused(403, 'forbidden');
  if (c.route !== 'push') return ALLOWED; // me, logout: any signed-in account
  // Rights first, then scope (the record's territory, the one claimed, the one moved to), then
  // the append-only rule.
  if (!MAY_WRITE[c.entity].includes(role)) return refused(403, 'forbidden');
  if (c.scope !== 'own') return refused(403, 'forbidden');
  if (c.op !== 'create' && APPEND_ONLY.has(c.entity)) return refused(422, 'append_only');
  return ALLOWED;
}

function allCases(): Case[] {
  const out: Case[] = [
    { route: 'login' },
    { route: 'me' },
    { route: 'pull' },
    { route: 'publicTerritories' },
    { route: 'publicSnapshot' },
    { route: 'roadNetworkGet' },
    { route: 'roadNetworkPut' },
  ];
  for (const entity of entityNames) {
    for (const op of OPS) for (const scope of SCOPES) out.push({ route: 'push', entity, op, scope });
  }
  out.push({ route: 'adminUsers' }, { route: 'adminCreate', scope: 'own' }, { route: 'adminCreate', scope: 'other' });
  for (const route of TARGET_ROUTES) for (const target of TARGETS) out.push({ route, target });
  out.push({ route: 'adminReactivate' }, { route: 'auditEvents', scope: 'own' }, { route: 'auditEvents', scope: 'other' });
  out.push({ route: 'auditList' }, { route: 'auditListOther' }, { route: 'auditCsv' });
  out.push({ route: 'publicRequestCreate' }, { route: 'publicRequestStatus', scope: 'own' }, { route: 'publicRequestStatus', scope: 'other' }, { route: 'publicRequestAppointment', scope: 'other' });
  out.push({ route: 'logout' });
  return out;
}

function label(c: Case): string {
  if (c.route === 'push') return `push ${c.entity} ${c.op} ${c.scope}`;
  if ('target' in c) return `${c.route} ${c.target}`;
  if ('scope' in c) return `${c.route} ${c.scope}`;
  return c.route;
}

// ───────────────────────────── fixtures ─────────────────────────────────────────────────────────

const T0 = '2026-01-05T08:00:00.000Z';
const PASSWORD = 'correct horse battery';
const COST = 1024;
let counter = 0;
/** Deterministic readable UUIDs for fixtures. */
const fid = () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;

const TA = fid();
const TB = fid();
const USER: Record<Role, string> = { parent: fid(), animator: fid(), bus_team: fid(), coordinator: fid(), admin: fid() };
const ANIM_B = fid();
const COORD_B = fid();
/** Admin of both territories: moves records between them in the set-up of the leak tests. */
const ADMIN_AB = fid();
/** Targets of the account routes: an animator of A per role (so each is changed once), an admin of A, an animator of A and B. */
const TARGET_OF: Record<Role, string> = { parent: fid(), animator: fid(), bus_team: fid(), coordinator: fid(), admin: fid() };
const ADMIN_A2 = fid();
const WIDE_AB = fid();
const emailOf = (id: string) => `u-${id.slice(-4)}@example.fr`;

type Fields = Record<string, unknown>;

/** Valid data fields of a new record of each entity in `territoryId`. */
function fieldsOf(entity: EntityName, territoryId: string, tag: string): Fields {
  const at = T0;
  switch (entity) {
    case 'territory':
      return { name: `Territoire ${tag}`, timeZone: 'Europe/Paris' };
    case 'commune':
      return { code: '42224', name: `Commune ${tag}`, postcodes: ['42660'], lat: 45.3, lon: 4.4 };
    case 'site':
      return { name: `Site ${tag}`, kind: 'mairie', communeCode: '42224', timeZone: 'Europe/Paris' };
    case 'directoryEntry':
      return { kind: 'rpe', name: `Relais ${tag}`, communeCode: '42224' };
    case 'family':
      return { guardians: [], children: [], needs: ['childcare'], notes: `Famille ${tag}` };
    case 'intakeRequest':
      return { phone: '04 77 00 00 00', needs: [], status: 'received', receiptCode: 'ABC123', consent: { textVersion: 'v1', givenAt: at } };
    case 'appointment':
      return { kind: 'permanence', status: 'requested', start: '2026-02-02T09:00:00.000Z', end: '2026-02-02T10:00:00.000Z', timeZone: 'Europe/Paris' };
    case 'scheduledSession':
      return {
        kind: 'permanence',
        siteId: randomUUID(),
        start: '2026-02-02T09:00:00.000Z',
        end: '2026-02-02T12:00:00.000Z',
        timeZone: 'Europe/Paris',
        staffIds: [],
        status: 'planned',
      };
    case 'scheduleSeries':
      return {
        kind: 'permanence',
        siteId: randomUUID(),
        title: `Série ${tag}`,
        rule: { freq: 'monthly', byDay: 'tue', nth: 2, startDate: '2026-01-01', startTime: '09:00', endTime: '12:00', timeZone: 'Europe/Paris' },
        staffIds: [],
        active: true,
      };
    case 'busEnrollment':
      return { childId: randomUUID(), familyId: randomUUID(), siteId: randomUUID(), from: '2026-01-01', to: '2026-06-30', hoursPerMonth: 40, days: ['mon'] };
    case 'surveyResponse':
      return { overall: 3, answeredAt: at, channel: 'tablet', eventName: `Fête ${tag}` };
    case 'sessionLog':
      return { sessionId: randomUUID(), authorId: randomUUID(), loggedAt: at, contacts: [], notes: `Journal ${tag}` };
    case 'attendanceEvent':
      return { sessionId: randomUUID(), childId: randomUUID(), type: 'check_in', at, recordedBy: randomUUID() };
    case 'staffUser':
      return { name: `Agent ${tag}`, email: `agent-${randomUUID()}@example.fr`, role: 'animator', territoryIds: [territoryId], active: true };
    case 'conflictRecord':
      return { entity: 'directoryEntry', recordId: randomUUID(), field: 'name', keptValue: 'a', keptAt: at, otherValue: 'b', otherAt: at, status: 'open' };
    case 'supportNote':
      throw new Error('supportNote is not in this matrix');
  }
}

/** A valid partial edit of each entity. */
function editOf(entity: EntityName, by: string): Fields {
  switch (entity) {
    case 'territory':
    case 'commune':
    case 'site':
    case 'directoryEntry':
    case 'staffUser':
      return { name: `Modifié ${randomUUID().slice(0, 8)}` };
    case 'family':
    case 'appointment':
    case 'sessionLog':
      return { notes: 'modifié' };
    case 'intakeRequest':
      return { status: 'in_progress' };
    case 'scheduledSession':
      return { cancelReason: 'modifié' };
    case 'scheduleSeries':
      return { title: 'modifié', active: false };
    case 'busEnrollment':
      return { hoursPerMonth: 60 };
    case 'surveyResponse':
      return { overall: 1 };
    case 'attendanceEvent':
      return { type: 'check_out' };
    case 'conflictRecord':
      return { status: 'resolved', resolution: 'kept', resolvedBy: by, resolvedAt: T0 };
    case 'supportNote':
      throw new Error('supportNote is not in this matrix');
  }
}

interface SeedRecord {
  entity: EntityName;
  record: Record<string, unknown>;
}

function seedRecord(entity: EntityName, territoryId: string, tag: string, id: string = fid()): SeedRecord {
  const ownId = entity === 'territory' ? territoryId : id;
  return { entity, record: { id: ownId, version: 0, updatedAt: T0, deleted: false, territoryId, ...fieldsOf(entity, territoryId, tag) } };
}

function staffSeed(id: string, name: string, role: Role, territoryIds: string[]): { record: SeedRecord; account: SeedAccount } {
  const email = emailOf(id);
  return {
    record: { entity: 'staffUser', record: { id, version: 0, updatedAt: T0, deleted: false, territoryId: territoryIds[0], name, email, role, territoryIds, active: true } },
    account: { userId: id, email, password: PASSWORD, name, role, territoryIds },
  };
}

/** Targets of the push cases: one record per role, entity and op in A (so each is written once). */
type TargetKey = `${Role}:${EntityName}:${Op}`;

interface Fixtures {
  seed: SeedData;
  own: Map<TargetKey, string>;
  /** Per entity, a record in A never written by the matrix (moves of it are refused). */
  ownShared: Map<EntityName, string>;
  /** Per entity, a record in B. */
  other: Map<EntityName, string>;
}

function buildFixtures(): Fixtures {
  const records: SeedRecord[] = [seedRecord('territory', TA, 'A'), seedRecord('territory', TB, 'B')];
  const accounts: SeedAccount[] = [];
  const staffRows = [
    ...ROLES.map((role) => staffSeed(USER[role], `Agent ${role} A`, role, [TA])),
    staffSeed(ANIM_B, 'Bruno Anim B', 'animator', [TB]),
    staffSeed(COORD_B, 'Chloé Coord B', 'coordinator', [TB]),
    staffSeed(ADMIN_AB, 'Adèle Admin AB', 'admin', [TA, TB]),
    ...ROLES.map((role) => staffSeed(TARGET_OF[role], `Cible ${role} A`, 'animator', [TA])),
    staffSeed(ADMIN_A2, 'Arnaud Admin A', 'admin', [TA]),
    staffSeed(WIDE_AB, 'Wanda Anim AB', 'animator', [TA, TB]),
  ];
  for (const row of staffRows) {
    records.push(row.record);
    accounts.push(row.account);
  }
  const own = new Map<TargetKey, string>();
  const ownShared = new Map<EntityName, string>();
  const other = new Map<EntityName, string>();
  for (const entity of entityNames) {
    if (entity === 'territory') {
      ownShared.set(entity, TA);
      other.set(entity, TB);
      for (const role of ROLES) for (const op of OPS) own.set(`${role}:${entity}:${op}`, TA);
      continue;
    }
    const shared = seedRecord(entity, TA, 'A partagé');
    const inB = seedRecord(entity, TB, 'B');
    records.push(shared, inB);
    ownShared.set(entity, String(shared.record.id));
    other.set(entity, String(inB.record.id));
    for (const role of ROLES) {
      for (const op of OPS) {
        const target = seedRecord(entity, TA, `${role} ${op}`);
        records.push(target);
        own.set(`${role}:${entity}:${op}`, String(target.record.id));
      }
    }
  }
  return { seed: { records, accounts }, own, ownShared, other };
}

// ───────────────────────────── in-process server ────────────────────────────────────────────────

interface Json {
  [key: string]: unknown;
}
interface Reply {
  status: number;
  body: Json | undefined;
  /** Raw bytes, for binary answers (a road network). */
  bytes?: Uint8Array;
}
interface MutationErrorJson {
  mutationId: string;
  code: string;
}
interface ErrorJson {
  code: string;
  mutations?: MutationErrorJson[];
}
interface ChangeJson {
  entity: string;
  record: Json;
}
interface PushResultJson {
  mutationId: string;
  status: string;
  record: Json;
  conflictIds: string[];
}

interface World {
  store: Store;
  fx: Fixtures;
  request(method: string, path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Parents' requests made at set-up, in A and in B, with the secrets of their private links. */
  parentRequests: Record<'A' | 'B', { id: string; secret: string }>;
  binary(method: 'GET' | 'PUT', path: string, token: string | undefined, body?: Uint8Array<ArrayBuffer>): Promise<Reply>;
  login(userId: string): Promise<string>;
  push(token: string | undefined, clientId: string, mutations: unknown[]): Promise<Reply>;
  /** Every page of the feed with a small limit; fails on a non-200 page. */
  pullAll(token: string, limit?: number): Promise<{ pages: number; changes: ChangeJson[] }>;
  dump(): Promise<string>;
  /** Highest seq of a record written after `since` (or `since`): every committed write raises it. */
  seqAfter(since: number): Promise<number>;
  /** Tokens: one per role of A (kept valid), and a revoked one of another user. */
  tokens: Record<Role, string>;
  revoked: string;
  /** A token of another user, revoked by a manager through the admin route. */
  revokedByAdmin: string;
  /** Device id of one session of each target account, as the admin route lists it. */
  deviceOf: Map<string, string>;
  /** Records, credentials, sessions and audit lines: what a refused request must leave as it was. */
  state(): Promise<string>;
}

async function openWorld(): Promise<World> {
  const fx = buildFixtures();
  const store = await openTestStore();
  await seedIfEmpty(store, fx.seed, COST);
  // Behind a trusted proxy: each public case comes from its own address, so per-address limits
  // (parents' sends) never decide a case.
  const app = createApp({ store, scryptCost: COST, now: () => new Date(T0), trustProxy: true });

  async function request(method: string, path: string, token: string | undefined, body?: unknown, extra: Record<string, string> = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await app.request(path, init);
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : undefined };
  }

  async function binary(method: 'GET' | 'PUT', path: string, token: string | undefined, body?: Uint8Array<ArrayBuffer>): Promise<Reply> {
    const headers: Record<string, string> = body ? { 'content-type': 'application/octet-stream' } : {};
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await app.request(path, { method, headers, ...(body ? { body } : {}) });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: isJson ? (JSON.parse(new TextDecoder().decode(bytes)) as Json) : undefined, bytes };
  }

  async function login(userId: string): Promise<string> {
    const res = await request('POST', '/api/auth/login', undefined, { email: emailOf(userId), password: PASSWORD });
    if (res.status !== 200 || typeof res.body?.token !== 'string') throw new Error(`login of ${userId} failed: ${res.status}`);
    return res.body.token;
  }

  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = await login(USER[role]);
  // Another user's token, revoked by logout.
  const revoked = await login(ANIM_B);
  const out = await request('POST', '/api/auth/logout', revoked);
  if (out.status !== 204) throw new Error('logout failed');

  // One session for each target account, and their device ids as an admin of A and B sees them.
  const adminAB = await login(ADMIN_AB);
  const deviceOf = new Map<string, string>();
  for (const userId of [...Object.values(TARGET_OF), ADMIN_A2, WIDE_AB, ANIM_B]) {
    await login(userId);
    const listed = await request('GET', `/api/admin/users/${userId}/devices`, adminAB);
    const devices = (listed.body?.devices as Array<{ id: string; status: string }> | undefined) ?? [];
    const live = devices.find((d) => d.status === 'active');
    if (!live) throw new Error(`no device listed for ${userId}: ${listed.status}`);
    deviceOf.set(userId, live.id);
  }
  // Another user's token revoked by a coordinator of their territory.
  const revokedByAdmin = await login(ANIM_B);
  const coordB = await login(COORD_B);
  // The server clock stands still here, so sessions are told apart by the device id of this token.
  const device = deviceId({ tokenHash: hashToken(revokedByAdmin), userId: ANIM_B, createdAt: T0, expiresAt: T0, revoked: false });
  const revokedNow = await request('POST', `/api/admin/users/${ANIM_B}/devices/${device}/revoke`, coordB);
  if (revokedNow.status !== 204) throw new Error(`revoking a device answered ${revokedNow.status}`);

  const everyone = fx.seed.accounts;

  const parentRequests = { A: { id: randomUUID(), secret: 'secretAAAAAAAAAAAAAAAAAAAAA' }, B: { id: randomUUID(), secret: 'secretBBBBBBBBBBBBBBBBBBBBB' } };
  for (const [key, territoryId] of [['A', TA], ['B', TB]] as const) {
    const made = await request('POST', '/api/public/requests', undefined, parentRequest(parentRequests[key].id, territoryId, parentRequests[key].secret), { 'x-forwarded-for': `198.51.100.${key === 'A' ? 1 : 2}` });
    if (made.status !== 201) throw new Error(`parent request answered ${made.status} ${JSON.stringify(made.body)}`);
  }
  return {
    store,
    fx,
    request,
    binary,
    login,
    tokens,
    revoked,
    revokedByAdmin,
    deviceOf,
    parentRequests,
    async state() {
      return store.withTransaction(async (tx) => {
        const records = await tx.listChanges(0, 1_000_000, [TA, TB]);
        const credentials = [];
        const sessions = [];
        for (const a of everyone) {
          credentials.push(await tx.getCredentialByEmail(a.email));
          sessions.push(await tx.listSessions(a.userId));
        }
        const events = await tx.listAuditEvents({ limit: 1_000_000 });
        return JSON.stringify({ records, credentials, sessions, events: events.map((e) => e.id) });
      });
    },
    push: (token, clientId, mutations) => request('POST', '/api/sync/push', token, { clientId, mutations }),
    async pullAll(token, limit = 3) {
      const changes: ChangeJson[] = [];
      let since = 0;
      let pages = 0;
      for (;;) {
        const page = await request('GET', `/api/sync/pull?since=${since}&limit=${limit}`, token);
        if (page.status !== 200 || !page.body) throw new Error(`pull answered ${page.status}`);
        const got = page.body.changes as ChangeJson[];
        if (got.length > limit) throw new Error('page larger than limit');
        changes.push(...got);
        since = page.body.since as number;
        pages++;
        if (page.body.hasMore !== true) return { pages, changes };
      }
    },
    async seqAfter(since) {
      const rows = await store.withTransaction((tx) => tx.listChanges(since, 1_000_000, [TA, TB]));
      return rows.at(-1)?.seq ?? since;
    },
    async dump() {
      const rows = await store.withTransaction((tx) => tx.listChanges(0, 1_000_000, [TA, TB]));
      return JSON.stringify(rows);
    },
  };
}

/** What a parent's phone sends (no account): a request with the secret of its private link. */
function parentRequest(id: string, territoryId: string, secret: string) {
  return {
    id,
    territoryId,
    secret,
    receiptCode: 'K7PQ2M9X',
    phone: '06 12 34 56 78',
    childBirthDate: '2025-09-14',
    needs: ['childcare'],
    consent: { textVersion: 'fr-2026-11', givenAt: '2026-01-05T07:30:00.000Z' },
  };
}

let parentCase = 0;
/** Requests parents sent during the matrix: the only records a run without a valid token may add. */
const parentMade = new Set<string>();

function mutation(entity: EntityName, recordId: string, territoryId: string, changes: Fields, baseVersion = 1) {
  return { mutationId: randomUUID(), entity, recordId, baseVersion, territoryId, changes, at: T0 };
}

/** The push of one case, for a user of A. */
function pushCase(w: World, role: Role, entity: EntityName, op: Op, scope: Scope) {
  const change = (territoryId: string): Fields =>
    op === 'create' ? fieldsOf(entity, territoryId, 'nouveau') : op === 'edit' ? editOf(entity, USER[role]) : { deleted: true };
  const base = op === 'create' ? 0 : 1;
  switch (scope) {
    case 'own':
      return op === 'create'
        ? mutation(entity, randomUUID(), TA, change(TA), 0)
        : mutation(entity, at(w.fx.own, `${role}:${entity}:${op}`), TA, change(TA));
    case 'other':
      return mutation(entity, op === 'create' ? randomUUID() : at(w.fx.other, entity), TB, change(TB), base);
    case 'claimed':
      // A record of B sent as if it were in A (a create reuses the id of the record of B).
      return mutation(entity, at(w.fx.other, entity), TA, change(TA), base);
    case 'move':
      return mutation(entity, op === 'create' ? randomUUID() : at(w.fx.ownShared, entity), TA, { ...change(TA), territoryId: TB }, base);
  }
}

function at<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`no fixture for ${String(key)}`);
  return value;
}

function errorOf(reply: Reply): ErrorJson | undefined {
  return reply.body?.error as ErrorJson | undefined;
}

/** Records that differ between two dumps, by entity and id: small enough to read in a failure. */
function changedRows(before: string, after: string, territoryId?: string): string[] {
  const index = (dump: string) => {
    const rows = JSON.parse(dump) as Array<{ entity: string; id: string; data: Json }>;
    return new Map(rows.filter((r) => !territoryId || r.data.territoryId === territoryId).map((r) => [`${r.entity}/${r.id}`, JSON.stringify(r)]));
  };
  const a = index(before);
  const b = index(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key)).sort();
}

function territoriesOf(changes: ChangeJson[]): Set<unknown> {
  return new Set(changes.map((c) => c.record.territoryId));
}

// ───────────────────────────── tests ────────────────────────────────────────────────────────────

let w: World;
const CASES = allCases();

/** A small road network shared for territory A before the matrix runs. */
const ROAD_NETWORK: Uint8Array<ArrayBuffer> = new Uint8Array(
  serializeGraph(
    buildRoadGraph({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { highway: 'tertiary' }, geometry: { type: 'LineString', coordinates: [[4.42, 45.34], [4.45, 45.35]] } }],
    }).graph,
  ),
);

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

beforeAll(async () => {
  w = await openWorld();
  const shared = await w.binary('PUT', `/api/road-networks/${TA}`, w.tokens.coordinator, ROAD_NETWORK);
  if (shared.status !== 200) throw new Error(`sharing the road network answered ${shared.status}`);
  // Tombstones in both territories and a real same-field conflict in each (two devices of two
  // people edit the name of the same record from version 1).
  const anB = await w.login(ANIM_B);
  const coB = await w.login(COORD_B);
  const inB = conflictTarget(w, TB);
  const inA = conflictTarget(w, TA);
  const steps: Array<[string, string, unknown[]]> = [
    [anB, 'device-anim-b', [inB.create, mutation('family', at(w.fx.other, 'family'), TB, { deleted: true })]],
    [anB, 'device-anim-b', [mutation('directoryEntry', inB.id, TB, { name: 'Nom Bruno' })]],
    [coB, 'device-coord-b', [mutation('directoryEntry', inB.id, TB, { name: 'Nom Chloé' })]],
    [w.tokens.animator, 'device-anim-a', [inA.create, mutation('appointment', at(w.fx.ownShared, 'appointment'), TA, { notes: 'vu' })]],
    [w.tokens.animator, 'device-anim-a', [mutation('directoryEntry', inA.id, TA, { name: 'Nom Alice' }), mutation('family', inA.familyId, TA, { deleted: true })]],
    [w.tokens.bus_team, 'device-bus-a', [mutation('directoryEntry', inA.id, TA, { name: 'Nom Bus' })]],
  ];
  for (const [token, clientId, mutations] of steps) {
    const res = await w.push(token, clientId, mutations);
    if (res.status !== 200) throw new Error(`set-up push refused: ${JSON.stringify(res.body)}`);
  }
}, 60_000);

/** A directory entry created by push (so later edits conflict for real), and a family to delete. */
function conflictTarget(world: World, territoryId: string) {
  const id = randomUUID();
  const familyId = territoryId === TA ? at(world.fx.ownShared, 'family') : at(world.fx.other, 'family');
  return { id, familyId, create: mutation('directoryEntry', id, territoryId, fieldsOf('directoryEntry', territoryId, 'conflit'), 0) };
}

describe('authorization matrix', () => {
  it('has every entity in both territories, with conflict records and tombstones in each', async () => {
    const rows = JSON.parse(await w.dump()) as Array<{ entity: string; data: Json }>;
    for (const territory of [TA, TB]) {
      const here = rows.filter((r) => r.data.territoryId === territory);
      expect(new Set(here.map((r) => r.entity))).toEqual(new Set(entityNames));
      // Besides the seeded ones, one from a real same-field conflict of two people.
      const real = here.filter((r) => r.entity === 'conflictRecord' && r.data.field === 'name' && r.data.keptValue === (territory === TA ? 'Nom Bus' : 'Nom Chloé'));
      expect(real).toHaveLength(1);
      expect(here.some((r) => r.data.deleted === true)).toBe(true);
    }
  });

  describe.each(ROLES)('%s of territory A', (role) => {
    it.each(TOKENS)('%s token: each route answers as the policy says', async (kind) => {
      const token = kind === 'valid' ? w.tokens[role] : kind === 'revoked' ? w.revoked : kind === 'revokedByAdmin' ? w.revokedByAdmin : undefined;
      const mismatches: string[] = [];
      const start = await w.dump();
      let before = start;
      let watermark = await w.seqAfter(0);

      for (const c of CASES) {
        const want = expected(role, kind, c);
        const name = `${role}/${kind}/${label(c)}`;
        let reply: Reply;
        let check: () => string | undefined = () => undefined;
        // Account routes touch more than records: the whole state is compared around a refusal.
        const accountRoute = c.route.startsWith('admin') || c.route.startsWith('audit') || c.route.startsWith('publicRequest');
        const stateBefore = accountRoute && !want.allowed ? await w.state() : undefined;
        switch (c.route) {
          case 'login': {
            reply = await w.request('POST', '/api/auth/login', token, { email: emailOf(USER[role]), password: PASSWORD });
            check = () => ((reply.body?.user as Json | undefined)?.id === USER[role] ? undefined : 'login answered another user');
            break;
          }
          case 'publicTerritories':
            reply = await w.request('GET', '/api/public/territories', token);
            check = () => {
              // Territory A may have been deleted by an allowed push of this run: B never is.
              const ids = ((reply.body?.territories as Json[] | undefined) ?? []).map((x) => x.id);
              return ids.includes(TB) ? undefined : 'public territories incomplete';
            };
            break;
          case 'publicSnapshot':
            // Whoever asks, the public copy of a territory holds its directory and nothing personal.
            reply = await w.request('GET', `/api/public/territories/${TB}`, token);
            check = () => {
              const text = JSON.stringify(reply.body ?? {});
              const entries = (reply.body?.directoryEntries as Json[] | undefined) ?? [];
              if (entries.some((e) => e.territoryId !== TB || 'notes' in e || e.deleted === true)) return 'public snapshot leaks notes, tombstones or another territory';
              const rest = text.replace(/"directoryEntries":\[.*?\](?=,"sites")/s, '');
              if (/"(phone|guardians|consent|receiptCode|notice)"/.test(rest) || /"staffIds":\[[^\]]/.test(rest)) return 'public snapshot holds personal fields';
              return (reply.body?.scheduledSessions as Json[] | undefined)?.length ? undefined : 'public snapshot without its sessions';
            };
            break;
          case 'roadNetworkGet':
            reply = await w.binary('GET', `/api/road-networks/${TA}`, token);
            check = () => (sameBytes(reply.bytes, ROAD_NETWORK) ? undefined : 'road network bytes differ from the shared ones');
            break;
          case 'roadNetworkPut': {
            reply = await w.binary('PUT', `/api/road-networks/${TA}`, token, ROAD_NETWORK);
            // Whoever was refused, the shared network is still the one published.
            const after = await w.binary('GET', `/api/road-networks/${TA}`, w.tokens.coordinator);
            check = () => (sameBytes(after.bytes, ROAD_NETWORK) ? undefined : 'shared road network changed');
            if (!want.allowed) {
              const problem = check();
              if (problem) mismatches.push(`${name}: refused, yet ${problem}`);
            }
            break;
          }
          case 'me':
            reply = await w.request('GET', '/api/auth/me', token);
            check = () => (reply.body?.id === USER[role] && reply.body.role === role ? undefined : 'me answered another user');
            break;
          case 'pull':
            reply = await w.request('GET', '/api/sync/pull?since=0&limit=3', token);
            check = () => {
              const got = (reply.body?.changes as ChangeJson[] | undefined) ?? [];
              return got.length === 3 && got.every((ch) => ch.record.territoryId === TA) ? undefined : 'pull page outside A';
            };
            break;
          case 'logout': {
            // A fresh session, so the matrix token stays usable; the other sessions survive it.
            const own = kind === 'valid' ? await w.login(USER[role]) : token;
            reply = await w.request('POST', '/api/auth/logout', own);
            if (kind === 'valid') {
              const after = (await w.request('GET', '/api/auth/me', own)).status;
              const main = (await w.request('GET', '/api/auth/me', w.tokens[role])).status;
              check = () => (after === 401 && main === 200 ? undefined : `after logout: that token ${after}, other session ${main}`);
            }
            break;
          }
          case 'adminUsers':
            reply = await w.request('GET', '/api/admin/users', token);
            check = () => {
              const users = (reply.body?.users as Json[] | undefined) ?? [];
              if (users.some((u) => !(u.territoryIds as string[]).includes(TA))) return 'account list holds an account of B only';
              return users.some((u) => u.id === TARGET_OF[role]) && !users.some((u) => u.id === ANIM_B) ? undefined : 'account list incomplete or leaking';
            };
            break;
          case 'adminCreate': {
            const territoryId = c.scope === 'own' ? TA : TB;
            const email = `nouveau-${randomUUID()}@example.fr`;
            reply = await w.request('POST', '/api/admin/users', token, { name: `Nouveau ${role}`, email, role: 'animator', territoryIds: [territoryId], password: 'un mot de passe assez long' });
            check = () => {
              const user = reply.body?.user as Json | undefined;
              return user?.territoryId === TA && user.active === true && user.email === email && !('password' in user) ? undefined : 'created account not as asked';
            };
            break;
          }
          case 'adminPassword':
          case 'adminDeactivate':
          case 'adminDevices':
          case 'adminRevoke': {
            const targetId = { own: TARGET_OF[role], other: ANIM_B, admin: ADMIN_A2, wide: WIDE_AB }[c.target];
            const base = `/api/admin/users/${targetId}`;
            const device = at(w.deviceOf, targetId);
            if (c.route === 'adminPassword') {
              reply = await w.request('POST', `${base}/password`, token, { password: `nouveau mot de passe ${role}` });
            } else if (c.route === 'adminDeactivate') {
              reply = await w.request('POST', `${base}/deactivate`, token);
              check = () => ((reply.body?.user as Json | undefined)?.active === false ? undefined : 'account still active');
            } else if (c.route === 'adminDevices') {
              reply = await w.request('GET', `${base}/devices`, token);
              check = () => (((reply.body?.devices as Json[] | undefined) ?? []).some((d) => d.id === device) ? undefined : 'device not listed');
            } else {
              reply = await w.request('POST', `${base}/devices/${device}/revoke`, token);
            }
            break;
          }
          case 'adminReactivate':
            reply = await w.request('POST', `/api/admin/users/${TARGET_OF[role]}/reactivate`, token);
            check = () => ((reply.body?.user as Json | undefined)?.active === true ? undefined : 'account not active again');
            break;
          case 'auditEvents': {
            const territoryId = c.scope === 'own' ? TA : TB;
            const familyId = at(c.scope === 'own' ? w.fx.ownShared : w.fx.other, 'family');
            reply = await w.request('POST', '/api/audit/events', token, { events: [{ id: randomUUID(), action: 'family_file_read', at: T0, territoryId, familyId }] });
            check = () => (reply.body?.accepted === 1 ? undefined : 'event not accepted');
            break;
          }
          case 'auditList':
            reply = await w.request('GET', '/api/admin/audit?limit=200', token);
            check = () => {
              const events = (reply.body?.events as Json[] | undefined) ?? [];
              if (events.length === 0) return 'empty audit log';
              const outside = events.filter((e) => (e.territoryIds as string[]).length > 0 && !(e.territoryIds as string[]).includes(TA));
              return outside.length === 0 ? undefined : 'audit log shows events of B only';
            };
            break;
          case 'auditListOther':
            reply = await w.request('GET', `/api/admin/audit?territoryId=${TB}`, token);
            break;
          case 'auditCsv':
            reply = await w.binary('GET', '/api/admin/audit.csv', token);
            check = () => (new TextDecoder('utf-8', { ignoreBOM: true }).decode(reply.bytes).startsWith('\uFEFFn°;reçu le;') ? undefined : 'not the audit CSV');
            break;
          case 'publicRequestCreate':
          case 'publicRequestStatus':
          case 'publicRequestAppointment': {
            parentCase += 1;
            const from = { 'x-forwarded-for': `203.0.113.${parentCase % 250}`, 'x-request-secret': w.parentRequests.A.secret };
            const target = 'scope' in c && c.scope === 'other' ? w.parentRequests.B : w.parentRequests.A;
            if (c.route === 'publicRequestCreate') {
              // Filed in B: territory A may have been deleted by an allowed push of this run.
              const id = randomUUID();
              parentMade.add(`intakeRequest/${id}`);
              reply = await w.request('POST', '/api/public/requests', token, parentRequest(id, TB, `secret${randomUUID().replaceAll('-', '')}`), from);
            } else if (c.route === 'publicRequestStatus') {
              reply = await w.request('GET', `/api/public/requests/${target.id}`, token, undefined, from);
            } else {
              const slot = { id: randomUUID(), kind: 'permanence', siteId: randomUUID(), start: '2026-02-02T09:00:00.000Z', end: '2026-02-02T10:00:00.000Z', timeZone: 'Europe/Paris' };
              reply = await w.request('POST', `/api/public/requests/${target.id}/appointment`, token, slot, from);
            }
            // What a parent sees never holds the access hash, nor anything of another request.
            check = () => (/accessHash|secretB/.test(JSON.stringify(reply.body ?? {})) ? 'answer leaks a secret or another request' : undefined);
            break;
          }
          case 'push': {
            const m = pushCase(w, role, c.entity, c.op, c.scope);
            reply = await w.push(token, `matrix-${role}`, [m]);
            if (want.allowed) {
              check = () => {
                const result = (reply.body?.results as PushResultJson[] | undefined)?.[0];
                if (!result || result.record.territoryId !== TA) return 'allowed push answered a record outside A';
                if (c.op === 'delete' && result.record.deleted !== true) return 'delete not applied';
                return undefined;
              };
            } else {
              check = () => {
                const codes = errorOf(reply)?.mutations?.map((e) => e.code) ?? [];
                return reply.status === 401 || (codes.length === 1 && codes[0] === want.code) ? undefined : `mutation codes ${codes.join(',')}`;
              };
            }
            break;
          }
        }

        const status = want.allowed ? allowedStatus(c) : want.status;
        const code = want.allowed ? undefined : want.code;
        const gotCode = errorOf(reply)?.code;
        if (reply.status !== status || gotCode !== code) {
          mismatches.push(`${name}: expected ${status} ${code ?? ''}, got ${reply.status} ${gotCode ?? ''}`);
          continue;
        }
        // Allowed cases check what they answered; refused pushes check each mutation's code.
        const problem = want.allowed || c.route === 'push' ? check() : undefined;
        if (problem) mismatches.push(`${name}: ${problem}`);
        if (stateBefore !== undefined && (await w.state()) !== stateBefore) mismatches.push(`${name}: refused, yet records, credentials, sessions or the audit log changed`);

        // A refused request writes nothing; an allowed one may (and moves the reference on). With
        // a valid token every case compares the whole dump; without one, where everything but
        // login is refused, a write would show as a record above the last seq, and the whole
        // dump is compared once at the end.
        if (kind === 'valid' && c.route === 'push') {
          const now = await w.dump();
          if (!want.allowed && now !== before) mismatches.push(`${name}: refused, yet the stored records changed`);
          before = now;
        } else if (!want.allowed) {
          const seq = await w.seqAfter(watermark);
          if (seq !== watermark) mismatches.push(`${name}: refused, yet a record was written`);
          watermark = seq;
        }
        if (want.allowed) watermark = await w.seqAfter(watermark);
      }
      expect(mismatches).toEqual([]);
      if (kind !== 'valid') expect(changedRows(start, await w.dump()).filter((key) => !parentMade.has(key))).toEqual([]);
    }, 120_000);
  });

  it('pull pages of every user hold only records of their territories, across all pages', async () => {
    const rows = JSON.parse(await w.dump()) as Array<{ entity: string; id: string; data: Json }>;
    const users: Array<[string, string, string[]]> = [
      ...STAFF.map((role): [string, string, string[]] => [role, USER[role], [TA]]),
      ['animator B', ANIM_B, [TB]],
      ['coordinator B', COORD_B, [TB]],
      ['admin A+B', ADMIN_AB, [TA, TB]],
    ];
    for (const [name, userId, scope] of users) {
      const token = await w.login(userId);
      const { pages, changes } = await w.pullAll(token, 3);
      expect(pages, name).toBeGreaterThan(3);
      for (const change of changes) {
        expect(scope, `${name} pulled ${change.entity} ${String(change.record.id)}`).toContain(change.record.territoryId);
      }
      // Complete, once each: every record of the scope, conflict records, tombstones and staff included.
      const want = rows.filter((r) => scope.includes(String(r.data.territoryId))).map((r) => `${r.entity}/${r.id}`);
      expect(changes.map((c) => `${c.entity}/${String(c.record.id)}`).sort(), name).toEqual(want.sort());
      const entitiesSeen = new Set(changes.map((c) => c.entity));
      expect(entitiesSeen.has('conflictRecord') && entitiesSeen.has('staffUser'), name).toBe(true);
      expect(changes.some((c) => c.record.deleted === true), name).toBe(true);
      expect(territoriesOf(changes), name).toEqual(new Set(scope));
    }
  }, 60_000);

  it('a parent account signs in but reads and writes nothing', async () => {
    const token = w.tokens.parent;
    const me = await w.request('GET', '/api/auth/me', token);
    expect(me.status).toBe(200);
    const pull = await w.request('GET', '/api/sync/pull?since=0', token);
    expect(pull.status).toBe(403);
    expect(errorOf(pull)?.code).toBe('forbidden');
    expect(pull.body?.changes).toBeUndefined();
    const before = await w.dump();
    const push = await w.push(token, 'device-parent', [mutation('family', randomUUID(), TA, fieldsOf('family', TA, 'parent'), 0)]);
    expect({ status: push.status, code: errorOf(push)?.code }).toEqual({ status: 403, code: 'forbidden' });
    expect(changedRows(before, await w.dump())).toEqual([]);
  });

  describe('staffUser edits: no admin role unless admin, no territory the author does not hold', () => {
    type Actor = 'coordinator' | 'admin' | 'adminAB';
    interface GrantCase {
      name: string;
      actor: Actor;
      /** Record to edit (undefined: create a new one in A). */
      target?: () => string;
      changes: () => Fields;
      outcome: Outcome;
    }
    const animatorA = () => at(w.fx.ownShared, 'staffUser');
    const newStaff = (extra: Fields): Fields => ({ ...fieldsOf('staffUser', TA, 'nouvel agent'), ...extra });
    const forbidden = refused(403, 'forbidden');
    const grantCases: GrantCase[] = [
      { name: 'coordinator creates an admin', actor: 'coordinator', changes: () => newStaff({ role: 'admin' }), outcome: forbidden },
      { name: 'admin creates an admin', actor: 'admin', changes: () => newStaff({ role: 'admin' }), outcome: ALLOWED },
      { name: 'coordinator creates a coordinator', actor: 'coordinator', changes: () => newStaff({ role: 'coordinator' }), outcome: ALLOWED },
      { name: 'coordinator creates staff of A and B', actor: 'coordinator', changes: () => newStaff({ territoryIds: [TA, TB] }), outcome: forbidden },
      { name: 'admin of A creates staff of A and B', actor: 'admin', changes: () => newStaff({ territoryIds: [TA, TB] }), outcome: forbidden },
      { name: 'admin of A and B creates staff of A and B', actor: 'adminAB', changes: () => newStaff({ territoryIds: [TA, TB] }), outcome: ALLOWED },
      { name: 'coordinator makes an animator admin', actor: 'coordinator', target: animatorA, changes: () => ({ role: 'admin' }), outcome: forbidden },
      { name: 'coordinator gives an animator territory B', actor: 'coordinator', target: animatorA, changes: () => ({ territoryIds: [TA, TB] }), outcome: forbidden },
      { name: 'coordinator gives only territory B', actor: 'coordinator', target: animatorA, changes: () => ({ territoryIds: [TB] }), outcome: forbidden },
      { name: 'admin of A gives an animator territory B', actor: 'admin', target: animatorA, changes: () => ({ territoryIds: [TA, TB] }), outcome: forbidden },
      { name: 'coordinator makes themself admin', actor: 'coordinator', target: () => USER.coordinator, changes: () => ({ role: 'admin' }), outcome: forbidden },
      { name: 'coordinator gives themself territory B', actor: 'coordinator', target: () => USER.coordinator, changes: () => ({ territoryIds: [TA, TB] }), outcome: forbidden },
      { name: 'coordinator moves a staff record to B', actor: 'coordinator', target: animatorA, changes: () => ({ territoryId: TB }), outcome: forbidden },
      { name: 'coordinator edits the staff record of B', actor: 'coordinator', target: () => ANIM_B, changes: () => ({ active: false }), outcome: forbidden },
      { name: 'coordinator makes an animator coordinator', actor: 'coordinator', target: animatorA, changes: () => ({ role: 'coordinator' }), outcome: ALLOWED },
      { name: 'admin makes an animator admin', actor: 'admin', target: animatorA, changes: () => ({ role: 'admin' }), outcome: ALLOWED },
      { name: 'admin of A and B gives territory B', actor: 'adminAB', target: animatorA, changes: () => ({ territoryIds: [TA, TB] }), outcome: ALLOWED },
      // Only an admin changes an admin's account; a manager changes only accounts whose every territory they hold.
      { name: 'coordinator demotes an admin of A', actor: 'coordinator', target: () => ADMIN_A2, changes: () => ({ role: 'animator' }), outcome: forbidden },
      { name: 'coordinator deactivates an admin of A', actor: 'coordinator', target: () => ADMIN_A2, changes: () => ({ active: false }), outcome: forbidden },
      { name: 'coordinator renames an admin of A', actor: 'coordinator', target: () => ADMIN_A2, changes: () => ({ name: 'Autre nom' }), outcome: forbidden },
      { name: 'coordinator takes territory B from staff of A and B', actor: 'coordinator', target: () => WIDE_AB, changes: () => ({ territoryIds: [TA] }), outcome: forbidden },
      { name: 'coordinator deactivates staff of A and B', actor: 'coordinator', target: () => WIDE_AB, changes: () => ({ active: false }), outcome: forbidden },
      { name: 'admin of A takes territory B from staff of A and B', actor: 'admin', target: () => WIDE_AB, changes: () => ({ territoryIds: [TA] }), outcome: forbidden },
      { name: 'admin renames an admin of A', actor: 'admin', target: () => ADMIN_A2, changes: () => ({ name: 'Arnaud Admin' }), outcome: ALLOWED },
      { name: 'admin of A and B takes territory B from staff of A and B', actor: 'adminAB', target: () => WIDE_AB, changes: () => ({ territoryIds: [TA] }), outcome: ALLOWED },
    ];

    it.each(grantCases)('$name', async (g) => {
      const token = g.actor === 'adminAB' ? await w.login(ADMIN_AB) : w.tokens[g.actor];
      const authorId = g.actor === 'adminAB' ? ADMIN_AB : USER[g.actor];
      const existing = g.target?.();
      const record = existing
        ? (await w.store.withTransaction((tx) => tx.getRecord('staffUser', existing)))
        : undefined;
      const changes = g.changes();
      const m = existing
        ? mutation('staffUser', existing, String(record?.data.territoryId), changes, record?.version ?? 1)
        : mutation('staffUser', randomUUID(), TA, changes, 0);
      const before = await w.dump();
      const reply = await w.push(token, `grants-${authorId}`, [m]);
      if (g.outcome.allowed) {
        expect(reply.status).toBe(200);
        const result = (reply.body?.results as PushResultJson[])[0];
        expect(result?.record).toMatchObject(changes);
      } else {
        expect({ status: reply.status, code: errorOf(reply)?.code }).toEqual({ status: g.outcome.status, code: g.outcome.code });
        expect(changedRows(before, await w.dump())).toEqual([]);
      }
    });
  });

  it('replaying an applied mutation does not show the record once it was moved out of scope', async () => {
    const id = randomUUID();
    const create = mutation('directoryEntry', id, TA, fieldsOf('directoryEntry', TA, 'rejoué'), 0);
    const first = await w.push(w.tokens.animator, 'device-replay', [create]);
    expect(first.status).toBe(200);
    // Someone holding both territories moves it to B and writes there.
    const adminAB = await w.login(ADMIN_AB);
    const moved = await w.push(adminAB, 'device-admin-ab', [mutation('directoryEntry', id, TA, { territoryId: TB, notes: 'secret de B' })]);
    expect(moved.status).toBe(200);
    // The first device sends its push again (its answer had been lost).
    const again = await w.push(w.tokens.animator, 'device-replay', [create]);
    expect(again.status).toBe(200);
    const result = (again.body?.results as PushResultJson[])[0];
    expect(result?.record.territoryId).toBe(TA);
    expect(result?.record.notes).toBeUndefined();
  });

  it('attendance in A does not write to a session of B', async () => {
    // A Baby Bus day of B with one place; an animator of A records two children against its id.
    const sessionB = randomUUID();
    const coB = await w.login(COORD_B);
    const created = await w.push(coB, 'device-coord-b', [
      mutation('scheduledSession', sessionB, TB, { ...fieldsOf('scheduledSession', TB, 'bus'), kind: 'bus_day', capacity: 1 }, 0),
    ]);
    expect(created.status).toBe(200);
    const before = await w.dump();
    const event = (childId: string) => mutation('attendanceEvent', randomUUID(), TA, { ...fieldsOf('attendanceEvent', TA, 'x'), sessionId: sessionB, childId }, 0);
    const pushed = await w.push(w.tokens.animator, 'device-anim-a', [event(randomUUID()), event(randomUUID())]);
    expect(pushed.status).toBe(200);
    expect(changedRows(before, await w.dump(), TB)).toEqual([]);
  });
});
