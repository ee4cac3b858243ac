import type { IncomingMessage } from 'node:http';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { MAX_MUTATIONS_PER_PUSH, type MutationError } from '../domain/sync/protocol';
import { DEFAULT_SCRYPT_COST, hashPassword, verifyPassword } from './auth/password';
import { FailureLimiter } from './auth/rate-limit';
import { SESSION_DAYS, hashToken, looksLikeToken, newToken } from './auth/tokens';
import { apiError } from './errors';
import { readJson } from './json-body';
import { staticApp } from './static';
import type { Store } from './storage/store';
import { uuid } from '../domain/common';
import { MAX_ROAD_NETWORK_BYTES, publishRoadNetwork, readRoadNetwork } from './files/road-network';
import { publicSnapshot, publicTerritories } from './public/snapshot';
import { publicCalendarRoutes } from './routes/public-calendar';
import { publicRequestRoutes } from './routes/public-requests';
import { adminRoutes } from './routes/admin';
import { auditEventRoutes } from './audit/routes';
import { audit, territoriesOf } from './audit/events';
import { cleanDeviceName, labelFromUserAgent } from './audit/device-label';
import { pullChanges, pullQuerySchema } from './sync/pull';
import { PushRejected, applyPush } from './sync/push';
import { SYNC_ROLES, loadUser, type AuthUser } from './sync/records';

export interface AppOptions {
  store: Store;
  /** Built app (dist/) to serve next to the API; API only when absent. */
  staticDir?: string;
  /** scrypt N for new password hashes; tests pass a small power of two. */
  scryptCost?: number;
  now?: () => Date;
  /** Take the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
  trustProxy?: boolean;
}

export interface AppEnv {
  Bindings: { incoming?: IncomingMessage };
  Variables: { user: AuthUser; tokenHash: string };
}

export const MAX_PUSH_BYTES = 1024 * 1024;

/**
 * Only the app's own files run: no inline script or style, no eval, no framing. Blobs are
 * allowed for images and workers (the map draws with a worker made from a blob).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
/** Sent only on HTTPS answers (a plain-HTTP answer may not set it); the proxy may set it too. */
export const HSTS = 'max-age=31536000; includeSubDomains';
const MAX_LOGIN_BYTES = 16 * 1024;
const LOGIN_MAX_FAILURES = 10;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;

const loginSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
  /** Optional label of the device ("Tablette du bus"); older apps do not send it. */
  deviceName: z.unknown().optional(),
});
/** Last-seen times are written at most this often per session, not on every request. */
const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

const pushEnvelopeSchema = z.object({
  clientId: z.string().min(8).max(64),
  mutations: z.array(z.unknown()).min(1),
});

function rejectionResponse(c: Context<AppEnv>, errors: MutationError[]): Response {
  const first = errors[0];
  const codes = new Set(errors.map((e) => e.code));
  const code = codes.size === 1 && first ? first.code : 'rejected';
  const status = code === 'forbidden' ? 403 : 422;
  const detail = first ? ` ${first.message}.` : '';
  const message =
    errors.length === 1
      ? `Modification refusée, rien n’a été appliqué :${detail}`
      : `${errors.length} modifications refusées, rien n’a été appliqué. Première :${detail}`;
  return apiError(c, status, code, message, errors);
}

export function createApp(opts: AppOptions): Hono<AppEnv> {
  const { store } = opts;
  const now = opts.now ?? (() => new Date());
  const scryptCost = opts.scryptCost ?? DEFAULT_SCRYPT_COST;
  const limiter = new FailureLimiter(LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS);
  // Unknown e-mails still cost one scrypt, so timing does not tell which accounts exist.
  let dummyHash: Promise<string> | undefined;

  const app = new Hono<AppEnv>();

  app.onError((err, c) => {
    console.error(err);
    return apiError(c, 500, 'internal', 'Erreur interne du serveur.');
  });
  app.notFound((c) => apiError(c, 404, 'not_found', 'Adresse inconnue.'));

  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    c.res.headers.set('X-Frame-Options', 'DENY');
    c.res.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    // Over HTTPS (directly, or as the trusted proxy says): browsers keep to HTTPS for a year.
    const proto = opts.trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
    if (proto === 'https' || new URL(c.req.url).protocol === 'https:') c.res.headers.set('Strict-Transport-Security', HSTS);
  });
  app.use('/api/*', async (c, next) => {
    await next();
    // Personal data: no HTTP cache, no service worker cache may keep a copy. Only a public
    // route that says so itself (the calendar feed) may be cached.
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  function clientIp(c: Context<AppEnv>): string {
    if (opts.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    return c.env?.incoming?.socket.remoteAddress ?? 'unknown';
  }

  const unauthorized = (c: Context<AppEnv>) =>
    apiError(c, 401, 'unauthorized', 'Session absente ou expirée : reconnectez-vous.');

  const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
    const match = /^Bearer ([^\s]+)$/i.exec(c.req.header('authorization') ?? '');
    const token = match?.[1];
    if (!token || !looksLikeToken(token)) return unauthorized(c);
    const tokenHash = hashToken(token);
    const at = now().getTime();
    const user = await store.withTransaction(async (tx) => {
      const session = await tx.getSession(tokenHash);
      // Revoked by a manager (lost device, deactivated account): the device must lock itself.
      if (session?.revoked && session.revokedReason === 'admin') return 'revoked' as const;
      if (!session || session.revoked || Date.parse(session.expiresAt) <= at) return undefined;
      const found = await loadUser(tx, session.userId);
      if (found && (!session.lastSeenAt || at - Date.parse(session.lastSeenAt) >= LAST_SEEN_EVERY_MS)) {
        await tx.touchSession(tokenHash, new Date(at).toISOString());
      }
      return found;
    });
    if (user === 'revoked') {
      return apiError(c, 401, 'session_revoked', 'Cet appareil a été déconnecté par un administrateur : reconnectez-vous pour continuer.');
    }
    if (!user) return unauthorized(c);
    c.set('user', user);
    c.set('tokenHash', tokenHash);
    await next();
  };

  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => apiError(c, 413, 'payload_too_large', `Requête trop volumineuse (${Math.round(maxSize / 1024)} Kio au plus).`),
    });

  app.post('/api/auth/login', limitBody(MAX_LOGIN_BYTES), async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = loginSchema.safeParse(body.value);
    if (!parsed.success) return apiError(c, 400, 'invalid', 'Adresse e-mail et mot de passe requis.');
    const email = parsed.data.email.toLowerCase();
    const key = `${email}|${clientIp(c)}`;

    const wait = limiter.retryAfter(key, now().getTime());
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60_000);
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return apiError(c, 429, 'rate_limited', `Trop de tentatives de connexion. Réessayez dans ${minutes} min.`);
    }

    const credential = await store.withTransaction((tx) => tx.getCredentialByEmail(email));
    let valid = false;
    if (credential) {
      valid = await verifyPassword(parsed.data.password, credential.passwordHash);
    } else {
      dummyHash ??= hashPassword('tournee', scryptCost);
      await verifyPassword(parsed.data.password, await dummyHash);
    }
    const address = clientIp(c);
    const deviceName = cleanDeviceName(parsed.data.deviceName) ?? labelFromUserAgent(c.req.header('user-agent'));
    // The typed e-mail is kept only when it looks like one: a password typed in the wrong field is not.
    const typed = email.includes('@') && z.email().safeParse(email).success ? email : '(saisie qui n’est pas une adresse e-mail)';
    if (!credential || !valid) {
      limiter.fail(key, now().getTime());
      await store.withTransaction(async (tx) => {
        const staff = credential ? await tx.getRecord('staffUser', credential.userId) : undefined;
        await audit(tx, {
          action: 'sign_in_failed',
          at: now().toISOString(),
          actorEmail: typed,
          ...(credential ? { actorId: credential.userId } : {}),
          territoryIds: territoriesOf(staff?.data),
          address,
          deviceName,
          detail: { reason: credential ? 'wrong_password' : 'unknown_account' },
        });
      });
      return apiError(c, 401, 'invalid_credentials', 'Adresse e-mail ou mot de passe incorrect.');
    }
    limiter.reset(key);

    const token = newToken();
    const issuedAt = now();
    const user = await store.withTransaction(async (tx) => {
      const found = await loadUser(tx, credential.userId);
      if (!found) {
        const staff = await tx.getRecord('staffUser', credential.userId);
        await audit(tx, { action: 'sign_in_failed', at: issuedAt.toISOString(), actorId: credential.userId, actorEmail: typed, territoryIds: territoriesOf(staff?.data), address, deviceName, detail: { reason: 'account_disabled' } });
        return undefined;
      }
      await tx.putSession({
        tokenHash: hashToken(token),
        userId: found.id,
        createdAt: issuedAt.toISOString(),
        expiresAt: new Date(issuedAt.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
        revoked: false,
        lastSeenAt: issuedAt.toISOString(),
        ...(deviceName ? { deviceName } : {}),
      });
      await audit(tx, { action: 'sign_in', at: issuedAt.toISOString(), actorId: found.id, territoryIds: found.territoryIds, address, deviceName });
      return found;
    });
    if (!user) return apiError(c, 403, 'account_disabled', 'Ce compte est désactivé.');
    return c.json({ token, user: user.record });
  });

  app.post('/api/auth/logout', requireUser, async (c) => {
    const tokenHash = c.get('tokenHash');
    const user = c.get('user');
    await store.withTransaction(async (tx) => {
      await tx.revokeSession(tokenHash, { reason: 'logout', at: now().toISOString() });
      await audit(tx, { action: 'sign_out', at: now().toISOString(), actorId: user.id, territoryIds: user.territoryIds, address: clientIp(c) });
    });
    return c.body(null, 204);
  });

  app.get('/api/auth/me', requireUser, (c) => c.json(c.get('user').record));

  app.post('/api/sync/push', requireUser, limitBody(MAX_PUSH_BYTES), async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const envelope = pushEnvelopeSchema.safeParse(body.value);
    if (!envelope.success) {
      return apiError(c, 400, 'invalid', 'Envoi mal formé : « clientId » (8 à 64 caractères) et « mutations » (liste non vide) attendus.');
    }
    if (envelope.data.mutations.length > MAX_MUTATIONS_PER_PUSH) {
      return apiError(c, 413, 'too_many_mutations', `Trop de modifications dans un envoi (${MAX_MUTATIONS_PER_PUSH} au plus).`);
    }
    const userId = c.get('user').id;
    try {
      const results = await store.withTransaction(async (tx) => {
        // Rights are read again inside the transaction that uses them.
        const user = await loadUser(tx, userId);
        if (!user) return undefined;
        return applyPush(tx, user, envelope.data, now().toISOString());
      });
      if (!results) return unauthorized(c);
      return c.json({ results });
    } catch (err) {
      if (err instanceof PushRejected) return rejectionResponse(c, err.errors);
      throw err;
    }
  });

  app.get('/api/sync/pull', requireUser, async (c) => {
    const query = pullQuerySchema.safeParse({ since: c.req.query('since'), limit: c.req.query('limit') });
    if (!query.success) {
      return apiError(c, 400, 'invalid', 'Paramètres « since » et « limit » : entiers positifs attendus.');
    }
    const user = c.get('user');
    if (!SYNC_ROLES.includes(user.role)) {
      return apiError(c, 403, 'forbidden', 'Votre rôle ne donne pas accès aux dossiers du territoire.');
    }
    const page = await store.withTransaction((tx) => pullChanges(tx, user, query.data.since, query.data.limit));
    return c.json(page);
  });

  // The road network a coordinator built, shared with the team's devices as one binary file.
  app.put('/api/road-networks/:territoryId', requireUser, limitBody(MAX_ROAD_NETWORK_BYTES), async (c) => {
    const territoryId = uuid.safeParse(c.req.param('territoryId'));
    if (!territoryId.success) return apiError(c, 400, 'invalid', 'Identifiant de territoire invalide.');
    if (c.req.header('content-type') !== 'application/octet-stream') return apiError(c, 415, 'unsupported_media_type', 'Corps binaire attendu (application/octet-stream).');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const userId = c.get('user').id;
    const outcome = await store.withTransaction(async (tx) => {
      const user = await loadUser(tx, userId);
      return user ? publishRoadNetwork(tx, user, territoryId.data, bytes, now().toISOString()) : undefined;
    });
    if (!outcome) return unauthorized(c);
    if (!outcome.ok) return apiError(c, outcome.status, outcome.code, outcome.message);
    return c.json({ sha256: outcome.file.sha256, updatedAt: outcome.file.updatedAt, bytes: outcome.file.bytes.byteLength });
  });

  app.get('/api/road-networks/:territoryId', requireUser, async (c) => {
    const territoryId = uuid.safeParse(c.req.param('territoryId'));
    if (!territoryId.success) return apiError(c, 400, 'invalid', 'Identifiant de territoire invalide.');
    const outcome = await store.withTransaction((tx) => readRoadNetwork(tx, c.get('user'), territoryId.data));
    if (!outcome.ok) return apiError(c, outcome.status, outcome.code, outcome.message);
    const etag = `"${outcome.file.sha256}"`;
    const headers = { ETag: etag, 'X-Updated-At': outcome.file.updatedAt };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(outcome.file.bytes, 200, { ...headers, 'Content-Type': 'application/octet-stream' });
  });

  // Public: what a parent reads without an account. No personal data, so no sign-in.
  app.get('/api/public/territories', async (c) => c.json(await store.withTransaction((tx) => publicTerritories(tx))));

  app.get('/api/public/territories/:id', async (c) => {
    const id = uuid.safeParse(c.req.param('id'));
    if (!id.success) return apiError(c, 400, 'invalid', 'Identifiant de territoire invalide.');
    const snapshot = await store.withTransaction((tx) => publicSnapshot(tx, id.data, now()));
    if (!snapshot) return apiError(c, 404, 'not_found', 'Territoire inconnu.');
    return c.json(snapshot);
  });

  app.route('/api/public/requests', publicRequestRoutes({ store, now, clientIp, limitBody }));
  app.route('/api/public/territories', publicCalendarRoutes({ store, now }));
  app.route('/api/admin', adminRoutes({ store, now, clientIp, limitBody, requireUser, scryptCost }));
  app.route('/api/audit', auditEventRoutes({ store, now, clientIp, limitBody, requireUser }));

  app.all('/api/*', (c) => apiError(c, 404, 'not_found', 'Adresse d’API inconnue.'));
  app.all('/api', (c) => apiError(c, 404, 'not_found', 'Adresse d’API inconnue.'));

  if (opts.staticDir) app.use('*', staticApp(opts.staticDir));

  return app;
}
