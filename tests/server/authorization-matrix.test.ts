/**
 * Authorization matrix: every API route × every role × {valid token, no token, another user's
 * revoked token}, and for push every entity × create/edit/delete × own territory / other territory
 * / other territory while claiming the own one / moving from own to other. The expected outcome of
 * each case comes from the small policy table below, written from docs/security.md and
 * docs/sync-protocol.md, not from the server code. Also checked: pull pages never hold a record of
 * a territory outside the user's, over every page; a refused request writes nothing; staffUser
 * edits grant no admin role (unless admin) and no territory the author does not hold.
 *
 * The outcome of each case is listed in docs/security.md ("Authorization matrix").
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/common';
import { entityNames, type EntityName } from '../../src/domain/registry';
import { buildRoadGraph, serializeGraph } from '../../src/domain/routing/road-graph';
import { createApp } from '../../src/server/app';
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
};
/** Created once, never edited nor deleted. */
const APPEND_ONLY: ReadonlySet<EntityName> = new Set<EntityName>(['sessionLog', 'attendanceEvent', 'surveyResponse']);
/** Who may pull: staff only (parents have no API in this version). */
const MAY_PULL: readonly Role[] = STAFF;

const ROLES: readonly Role[] = ['parent', 'animator', 'bus_team', 'coordinator', 'admin'];
const TOKENS = ['valid', 'none', 'revoked'] as const;
type TokenKind = (typeof TOKENS)[number];
const OPS = ['create', 'edit', 'delete'] as const;
type Op = (typeof OPS)[number];
/** own: in A. other: in B, said to be in B. claimed: in B, said to be in A. move: from A to B. */
const SCOPES = ['own', 'other', 'claimed', 'move'] as const;
type Scope = (typeof SCOPES)[number];

type Outcome = { allowed: true } | { allowed: false; status: number; code: string };
const ALLOWED: Outcome = { allowed: true };
const refused = (status: number, code: string): Outcome => ({ allowed: false, status, code });

type Case =
  | { route: 'login' | 'logout' | 'me' | 'pull' | 'publicTerritories' | 'publicSnapshot' | 'roadNetworkGet' | 'roadNetworkPut' }
  | { route: 'push'; entity: EntityName; op: Op; scope: Scope };

/** The expected outcome of one case, from the rules above only. */
function expected(role: Role, token: TokenKind, c: Case): Outcome {
  // Public: a token sent along changes nothing.
  if (c.route === 'login' || c.route === 'publicTerritories' || c.route === 'publicSnapshot') return ALLOWED;
  if (token !== 'valid') return refused(401, 'unauthorized');
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
  out.push({ route: 'logout' });
  return out;
}

const label = (c: Case) => (c.route === 'push' ? `push ${c.entity} ${c.op} ${c.scope}` : c.route);

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
  request(method: string, path: string, token: string | undefined, body?: unknown): Promise<Reply>;
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
}

async function openWorld(): Promise<World> {
  const fx = buildFixtures();
  const store = await openTestStore();
  await seedIfEmpty(store, fx.seed, COST);
  const app = createApp({ store, scryptCost: COST, now: () => new Date(T0) });

  async function request(method: string, path: string, token: string | undefined, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = {};
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

  return {
    store,
    fx,
    request,
    binary,
    login,
    tokens,
    revoked,
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
      const token = kind === 'valid' ? w.tokens[role] : kind === 'revoked' ? w.revoked : undefined;
      const mismatches: string[] = [];
      const start = await w.dump();
      let before = start;
      let watermark = await w.seqAfter(0);

      for (const c of CASES) {
        const want = expected(role, kind, c);
        const name = `${role}/${kind}/${label(c)}`;
        let reply: Reply;
        let check: () => string | undefined = () => undefined;
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

        const status = want.allowed ? (c.route === 'logout' ? 204 : 200) : want.status;
        const code = want.allowed ? undefined : want.code;
        const gotCode = errorOf(reply)?.code;
        if (reply.status !== status || gotCode !== code) {
          mismatches.push(`${name}: expected ${status} ${code ?? ''}, got ${reply.status} ${gotCode ?? ''}`);
          continue;
        }
        // Allowed cases check what they answered; refused pushes check each mutation's code.
        const problem = want.allowed || c.route === 'push' ? check() : undefined;
        if (problem) mismatches.push(`${name}: ${problem}`);

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
      if (kind !== 'valid') expect(changedRows(start, await w.dump())).toEqual([]);
    });
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
  });

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
