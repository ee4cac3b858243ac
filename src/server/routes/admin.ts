/**
 * Account and device management, and the audit log: what is not a synced record. Staff records
 * themselves (name, role, territories) sync like any record; here a manager creates an account
 * with its first password, resets a password, deactivates or reactivates an account, lists the
 * devices signed in to it and revokes one. Admins read and export the audit log.
 *
 * Who may do what (docs/security.md, "Staff accounts"): coordinators and admins, on accounts whose
 * every territory they hold; only an admin on an admin's account; the audit log is for admins.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { isoDate, isoInstant, uuid, type Role } from '../../domain/common';
import { staffUserFields } from '../../domain/entities/staff-user';
import { mergeEdit } from '../../domain/sync/merge';
import type { AppEnv } from '../app';
import { hashPassword } from '../auth/password';
import { RequestLimiter } from '../auth/rate-limit';
import { auditCsv } from '../audit/csv';
import { AUDIT_ACTIONS, audit, territoriesOf } from '../audit/events';
import { onStaffWrite, staffEditRefusal } from '../audit/staff';
import { apiError } from '../errors';
import { readJson } from '../json-body';
import type { AuditEvent, AuditQuery, JsonObject, Session, Store, StoreTx, StoredRecord } from '../storage/store';
import { SERVER_CLIENT_ID } from '../sync/domain-rules';
import { serverFieldMeta } from '../sync/push';
import { loadUser, toFullRecord, type AuthUser } from '../sync/records';

export interface AdminDeps {
  store: Store;
  now: () => Date;
  clientIp: (c: Context<AppEnv>) => string;
  limitBody: (maxBytes: number) => MiddlewareHandler<AppEnv>;
  requireUser: MiddlewareHandler<AppEnv>;
  scryptCost: number;
}

const MANAGERS: readonly Role[] = ['coordinator', 'admin'];
const MAX_BODY_BYTES = 16 * 1024;
/** Account writes per manager: plenty for a day of set-up, not for a script resetting every password. */
const WRITES_PER_WINDOW = 30;
const WRITE_WINDOW_MS = 10 * 60 * 1000;
const MAX_CSV_ROWS = 10_000;
export const MIN_PASSWORD_LENGTH = 12;

const fr = z.locales.fr().localeError;

const password = z
  .string()
  .max(1024)
  .refine((p) => p.trim().length >= MIN_PASSWORD_LENGTH, `au moins ${MIN_PASSWORD_LENGTH} caractères`);

const createSchema = staffUserFields
  .omit({ active: true })
  .extend({ password })
  .strict();

const passwordSchema = z.object({ password }).strict();

/** Public id of a device: derived from the token digest, so the digest itself never leaves the server. */
export function deviceId(session: Session): string {
  return createHash('sha256').update(`device:${session.tokenHash}`).digest('hex').slice(0, 32);
}

function deviceStatus(session: Session, at: number): 'active' | 'revoked' | 'signed_out' | 'expired' {
  if (session.revoked) return session.revokedReason === 'admin' ? 'revoked' : 'signed_out';
  return Date.parse(session.expiresAt) <= at ? 'expired' : 'active';
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Données invalides.';
  if (issue.code === 'unrecognized_keys') return `Champ inconnu : « ${issue.keys.join(', ').slice(0, 80)} ».`;
  const path = issue.path.map(String).join('.');
  return path ? `Champ « ${path} » : ${issue.message}.` : `${issue.message}.`;
}

const day = (d: string, end: boolean) => (d.length === 10 ? `${d}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : new Date(d).toISOString());
const dateOrInstant = z.union([isoDate, isoInstant]);

const auditQuerySchema = z.object({
  action: z
    .string()
    .max(400)
    .transform((s) => s.split(',').filter((a) => a.length > 0))
    .pipe(z.array(z.enum(AUDIT_ACTIONS)).max(AUDIT_ACTIONS.length))
    .optional(),
  userId: uuid.optional(),
  familyId: uuid.optional(),
  territoryId: uuid.optional(),
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** One staff account as the admin screen lists it. */
interface AccountView {
  id: string;
  name: string;
  email: string;
  role: string;
  territoryIds: string[];
  active: boolean;
  /** A password is set: the account can sign in. */
  hasPassword: boolean;
  /** The signed-in user may change it (see staffEditRefusal). */
  manageable: boolean;
  activeDevices: number;
  lastSeenAt: string | null;
}

export function adminRoutes(deps: AdminDeps): Hono<AppEnv> {
  const { store, now, requireUser, limitBody } = deps;
  const writes = new RequestLimiter(WRITES_PER_WINDOW, WRITE_WINDOW_MS);
  const r = new Hono<AppEnv>();

  const forbidden = (c: Context<AppEnv>, message: string) => apiError(c, 403, 'forbidden', message);
  const notFound = (c: Context<AppEnv>) => apiError(c, 404, 'not_found', 'Compte inconnu ou hors de votre périmètre.');

  /** Managers only; the rights are read again inside each transaction that uses them. */
  const managers: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!MANAGERS.includes(c.get('user').role)) return forbidden(c, 'Réservé à la coordination et à l’administration.');
    await next();
  };
  const admins: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.get('user').role !== 'admin') return forbidden(c, 'Le journal d’audit est réservé à l’administration.');
    await next();
  };
  /**
   * Counts one account write; over the limit, the answer to send instead. Counted once the body
   * is valid and before any password is hashed: a malformed request costs nothing to refuse.
   */
  const overLimit = (c: Context<AppEnv>): Response | undefined => {
    const wait = writes.take(c.get('user').id, now().getTime());
    if (wait === 0) return undefined;
    c.header('Retry-After', String(Math.ceil(wait / 1000)));
    return apiError(c, 429, 'rate_limited', `Trop de modifications de comptes à la suite. Réessayez dans ${Math.ceil(wait / 60_000)} min.`);
  };
  const limited: MiddlewareHandler<AppEnv> = async (c, next) => overLimit(c) ?? next();

  type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 401 | 403 | 404 | 409 | 422; code: string; message: string };
  const fail = <T>(status: 400 | 401 | 403 | 404 | 409 | 422, code: string, message: string): Outcome<T> => ({ ok: false, status, code, message });
  const answer = <T>(c: Context<AppEnv>, o: Outcome<T>, ok: (value: T) => Response): Response =>
    o.ok ? ok(o.value) : apiError(c, o.status, o.code, o.message);

  /** The signed-in manager, re-read in `tx`, and the target account if they may change it. */
  async function target(tx: StoreTx, userId: string, targetId: string): Promise<Outcome<{ actor: AuthUser; record: StoredRecord }>> {
    const actor = await loadUser(tx, userId);
    if (!actor || !MANAGERS.includes(actor.role)) return fail(401, 'unauthorized', 'Session absente ou expirée : reconnectez-vous.');
    const record = await tx.getRecord('staffUser', targetId);
    // Out of scope answers like unknown: no probing of accounts of other territories.
    if (!record || !territoriesOf(record.data).some((t) => actor.territoryIds.includes(t))) return fail(404, 'not_found', 'Compte inconnu ou hors de votre périmètre.');
    const refusal = staffEditRefusal(actor, record.data);
    if (refusal) return fail(403, 'forbidden', `${refusal[0]?.toUpperCase()}${refusal.slice(1)}.`);
    return { ok: true, value: { actor, record } };
  }

  async function emailTaken(tx: StoreTx, email: string, exceptUserId?: string): Promise<boolean> {
    const credential = await tx.getCredentialByEmail(email);
    if (credential && credential.userId !== exceptUserId) return true;
    const staff = await tx.listAllRecords('staffUser');
    return staff.some((s) => s.id !== exceptUserId && String(s.data.email).toLowerCase() === email);
  }

  /** Sets `active` as a server edit by `actor`, audited; sessions go when the account is turned off. */
  async function setActive(c: Context<AppEnv>, active: boolean): Promise<Response> {
    const targetId = uuid.safeParse(c.req.param('id'));
    if (!targetId.success) return notFound(c);
    const at = now().toISOString();
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<JsonObject>> => {
      const found = await target(tx, c.get('user').id, targetId.data);
      if (!found.ok) return found;
      const { actor, record } = found.value;
      if (!active && record.id === actor.id) return fail(422, 'invalid', 'Vous ne pouvez pas désactiver votre propre compte.');
      if (record.data.deleted === true) return fail(404, 'not_found', 'Compte inconnu ou hors de votre périmètre.');
      if (record.data.active === active) return { ok: true, value: toFullRecord(record) };
      const { next } = mergeEdit(
        { data: record.data, version: record.version, fields: record.fields },
        { baseVersion: record.version, changes: { active }, clientId: SERVER_CLIENT_ID, userId: actor.id, at },
      );
      const stored = await tx.putRecord({ entity: 'staffUser', id: record.id, version: next.version, updatedAt: at, data: next.data, fields: next.fields });
      await onStaffWrite(tx, actor, record.id, record.data, stored.data, at, { address: deps.clientIp(c) });
      return { ok: true, value: toFullRecord(stored) };
    });
    return answer(c, outcome, (user) => c.json({ user }));
  }

  r.get('/users', requireUser, managers, async (c) => {
    const at = now().getTime();
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<AccountView[]>> => {
      const actor = await loadUser(tx, c.get('user').id);
      if (!actor) return fail(401, 'unauthorized', 'Session absente ou expirée : reconnectez-vous.');
      const staff = (await tx.listAllRecords('staffUser')).filter(
        (s) => s.data.deleted !== true && territoriesOf(s.data).some((t) => actor.territoryIds.includes(t)),
      );
      const out: AccountView[] = [];
      for (const s of staff) {
        const email = String(s.data.email ?? '');
        const credential = email ? await tx.getCredentialByEmail(email) : undefined;
        const sessions = await tx.listSessions(s.id);
        const live = sessions.filter((x) => deviceStatus(x, at) === 'active');
        const seen = sessions.map((x) => x.lastSeenAt ?? x.createdAt).sort();
        out.push({
          id: s.id,
          name: String(s.data.name ?? ''),
          email,
          role: String(s.data.role ?? ''),
          territoryIds: territoriesOf(s.data),
          active: s.data.active === true,
          hasPassword: credential?.userId === s.id,
          manageable: staffEditRefusal(actor, s.data) === undefined,
          activeDevices: live.length,
          lastSeenAt: seen[seen.length - 1] ?? null,
        });
      }
      out.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
      return { ok: true, value: out };
    });
    return answer(c, outcome, (users) => c.json({ users }));
  });

  r.post('/users', requireUser, managers, limitBody(MAX_BODY_BYTES), async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = createSchema.safeParse(body.value, { error: fr });
    if (!parsed.success) return apiError(c, 400, 'invalid', describeIssue(parsed.error));
    const limitedNow = overLimit(c);
    if (limitedNow) return limitedNow;
    const input = parsed.data;
    const email = input.email.toLowerCase();
    const hash = await hashPassword(input.password, deps.scryptCost);
    const at = now().toISOString();
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<JsonObject>> => {
      const actor = await loadUser(tx, c.get('user').id);
      if (!actor || !MANAGERS.includes(actor.role)) return fail(401, 'unauthorized', 'Session absente ou expirée : reconnectez-vous.');
      if (input.role === 'admin' && actor.role !== 'admin') return fail(403, 'forbidden', 'Seul un administrateur peut créer un compte administrateur.');
      if (input.territoryIds.some((t) => !actor.territoryIds.includes(t))) return fail(403, 'forbidden', 'Territoire hors de votre périmètre.');
      if (await emailTaken(tx, email)) return fail(409, 'email_taken', 'Un compte existe déjà avec cette adresse e-mail.');
      const id = randomUUID();
      const data: JsonObject = {
        deleted: false,
        territoryId: input.territoryIds[0],
        name: input.name,
        email,
        role: input.role,
        territoryIds: [...new Set(input.territoryIds)],
        active: true,
      };
      const stored = await tx.putRecord({ entity: 'staffUser', id, version: 1, updatedAt: at, data, fields: serverFieldMeta(data, 1, at) });
      await tx.putCredential({ userId: id, email, passwordHash: hash });
      await onStaffWrite(tx, actor, id, undefined, data, at, { address: deps.clientIp(c) });
      return { ok: true, value: toFullRecord(stored) };
    });
    return answer(c, outcome, (user) => c.json({ user }, 201));
  });

  r.post('/users/:id/password', requireUser, managers, limitBody(MAX_BODY_BYTES), async (c) => {
    const targetId = uuid.safeParse(c.req.param('id'));
    if (!targetId.success) return notFound(c);
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = passwordSchema.safeParse(body.value, { error: fr });
    if (!parsed.success) return apiError(c, 400, 'invalid', describeIssue(parsed.error));
    const limitedNow = overLimit(c);
    if (limitedNow) return limitedNow;
    const hash = await hashPassword(parsed.data.password, deps.scryptCost);
    const at = now().toISOString();
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<null>> => {
      const found = await target(tx, c.get('user').id, targetId.data);
      if (!found.ok) return found;
      const { actor, record } = found.value;
      if (record.data.deleted === true) return fail(404, 'not_found', 'Compte inconnu ou hors de votre périmètre.');
      const email = String(record.data.email ?? '').toLowerCase();
      if (await emailTaken(tx, email, record.id)) return fail(409, 'email_taken', 'Un autre compte utilise déjà cette adresse e-mail.');
      await tx.putCredential({ userId: record.id, email, passwordHash: hash });
      await audit(tx, { action: 'password_reset', at, actorId: actor.id, targetUserId: record.id, territoryIds: territoriesOf(record.data), address: deps.clientIp(c) });
      return { ok: true, value: null };
    });
    return answer(c, outcome, () => c.body(null, 204));
  });

  r.post('/users/:id/deactivate', requireUser, managers, limited, (c) => setActive(c, false));
  r.post('/users/:id/reactivate', requireUser, managers, limited, (c) => setActive(c, true));

  r.get('/users/:id/devices', requireUser, managers, async (c) => {
    const targetId = uuid.safeParse(c.req.param('id'));
    if (!targetId.success) return notFound(c);
    const at = now().getTime();
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<JsonObject[]>> => {
      const found = await target(tx, c.get('user').id, targetId.data);
      if (!found.ok) return found;
      const sessions = await tx.listSessions(found.value.record.id);
      return {
        ok: true,
        value: sessions.map((s) => ({
          id: deviceId(s),
          name: s.deviceName ?? null,
          createdAt: s.createdAt,
          lastSeenAt: s.lastSeenAt ?? null,
          expiresAt: s.expiresAt,
          status: deviceStatus(s, at),
          revokedAt: s.revokedAt ?? null,
        })),
      };
    });
    return answer(c, outcome, (devices) => c.json({ devices }));
  });

  r.post('/users/:id/devices/:deviceId/revoke', requireUser, managers, limited, async (c) => {
    const targetId = uuid.safeParse(c.req.param('id'));
    const device = c.req.param('deviceId');
    if (!targetId.success || !/^[0-9a-f]{32}$/.test(device)) return apiError(c, 404, 'not_found', 'Appareil inconnu.');
    const at = now().toISOString();
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<null>> => {
      const found = await target(tx, c.get('user').id, targetId.data);
      if (!found.ok) return found;
      const { actor, record } = found.value;
      const session = (await tx.listSessions(record.id)).find((s) => deviceId(s) === device);
      if (!session) return fail(404, 'not_found', 'Appareil inconnu.');
      if (!session.revoked) {
        await tx.revokeSession(session.tokenHash, { reason: 'admin', at });
        await audit(tx, {
          action: 'device_revoked',
          at,
          actorId: actor.id,
          targetUserId: record.id,
          territoryIds: territoriesOf(record.data),
          address: deps.clientIp(c),
          ...(session.deviceName ? { deviceName: session.deviceName } : {}),
          detail: { device },
        });
      }
      return { ok: true, value: null };
    });
    return answer(c, outcome, () => c.body(null, 204));
  });

  /** Filters of the audit routes, checked against the admin's territories. */
  function auditQuery(c: Context<AppEnv>, limit?: number): Outcome<AuditQuery> {
    const parsed = auditQuerySchema.safeParse(c.req.query(), { error: fr });
    if (!parsed.success) return fail(400, 'invalid', `Filtre invalide : ${describeIssue(parsed.error)}`);
    const q = parsed.data;
    const scope = c.get('user').territoryIds;
    if (q.territoryId !== undefined && !scope.includes(q.territoryId)) return fail(403, 'forbidden', 'Territoire hors de votre périmètre.');
    const query: AuditQuery = { territoryIds: q.territoryId ? [q.territoryId] : scope, limit: limit ?? q.limit };
    if (q.action && q.action.length > 0) query.actions = q.action;
    if (q.userId) query.userId = q.userId;
    if (q.familyId) query.familyId = q.familyId;
    if (q.from) query.from = day(q.from, false);
    if (q.to) query.to = day(q.to, true);
    if (q.before) query.before = q.before;
    return { ok: true, value: query };
  }

  /** Names of the staff the admin may see, for the log's author and target columns. */
  async function staffNames(tx: StoreTx, scope: readonly string[]): Promise<Map<string, string>> {
    const staff = await tx.listAllRecords('staffUser');
    return new Map(staff.filter((s) => territoriesOf(s.data).some((t) => scope.includes(t))).map((s) => [s.id, String(s.data.name ?? '')]));
  }

  r.get('/audit', requireUser, admins, async (c) => {
    const query = auditQuery(c);
    if (!query.ok) return apiError(c, query.status, query.code, query.message);
    const scope = c.get('user').territoryIds;
    // One more than asked tells whether there is a next page.
    const { found, names } = await store.withTransaction(async (tx) => ({
      found: await tx.listAuditEvents({ ...query.value, limit: query.value.limit + 1 }),
      names: await staffNames(tx, scope),
    }));
    const events = found.slice(0, query.value.limit);
    const last = events[events.length - 1];
    const named = events.map((e: AuditEvent) => ({
      ...e,
      actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
      targetName: e.targetUserId ? (names.get(e.targetUserId) ?? null) : null,
    }));
    return c.json({ events: named, next: found.length > events.length && last ? last.seq : null });
  });

  r.get('/audit.csv', requireUser, admins, async (c) => {
    const query = auditQuery(c, MAX_CSV_ROWS);
    if (!query.ok) return apiError(c, query.status, query.code, query.message);
    const user = c.get('user');
    const at = now().toISOString();
    const csv = await store.withTransaction(async (tx) => {
      const events = await tx.listAuditEvents(query.value);
      const names = await staffNames(tx, user.territoryIds);
      // Exporting the log is itself logged.
      await audit(tx, { action: 'export', at, actorId: user.id, territoryIds: user.territoryIds, address: deps.clientIp(c), detail: { kind: 'audit_csv', rows: events.length } });
      return auditCsv(events, names);
    });
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="journal-audit-${at.slice(0, 10)}.csv"`,
    });
  });

  return r;
}

