/**
 * `POST /api/audit/events`: what a device recorded while it may have been offline (a family file
 * opened, an export). The server stamps the author from the session and the time of receipt;
 * the device's own time is kept as a claim. A resent event (same id) is acknowledged, not doubled.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { isoInstant, uuid } from '../../domain/common';
import type { AppEnv } from '../app';
import { RequestLimiter } from '../auth/rate-limit';
import { apiError } from '../errors';
import { readJson } from '../json-body';
import type { Store } from '../storage/store';
import { SYNC_ROLES, loadUser } from '../sync/records';
import { DEVICE_ACTIONS, audit } from './events';

export interface AuditRouteDeps {
  store: Store;
  now: () => Date;
  clientIp: (c: Context<AppEnv>) => string;
  limitBody: (maxBytes: number) => MiddlewareHandler<AppEnv>;
  requireUser: MiddlewareHandler<AppEnv>;
}

export const MAX_AUDIT_EVENTS_PER_REQUEST = 200;
const MAX_BODY_BYTES = 256 * 1024;
const SENDS_PER_WINDOW = 60;
const SEND_WINDOW_MS = 60 * 1000;

const fr = z.locales.fr().localeError;

const detailValue = z.union([z.string().max(200), z.number().finite(), z.boolean()]);
const deviceEvent = z
  .object({
    id: uuid,
    action: z.enum(DEVICE_ACTIONS),
    at: isoInstant,
    territoryId: uuid,
    familyId: uuid.optional(),
    detail: z
      .record(z.string().min(1).max(40), detailValue)
      .refine((d) => Object.keys(d).length <= 10, 'dix champs au plus')
      .optional(),
  })
  .strict();
const bodySchema = z.object({ events: z.array(deviceEvent).min(1).max(MAX_AUDIT_EVENTS_PER_REQUEST) }).strict();

export function auditEventRoutes(deps: AuditRouteDeps): Hono<AppEnv> {
  const { store, now } = deps;
  const limiter = new RequestLimiter(SENDS_PER_WINDOW, SEND_WINDOW_MS);
  const r = new Hono<AppEnv>();

  r.post('/events', deps.requireUser, deps.limitBody(MAX_BODY_BYTES), async (c) => {
    const user = c.get('user');
    if (!SYNC_ROLES.includes(user.role)) return apiError(c, 403, 'forbidden', 'Votre rôle n’envoie pas de journal d’accès.');
    const wait = limiter.take(user.id, now().getTime());
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return apiError(c, 429, 'rate_limited', 'Trop d’envois du journal à la suite. Réessayez dans une minute.');
    }
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = bodySchema.safeParse(body.value, { error: fr });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join('.') ?? '';
      return apiError(c, 400, 'invalid', `Journal mal formé${path ? ` (champ « ${path} »)` : ''} : ${issue?.message ?? 'invalide'}.`);
    }
    const at = now().toISOString();
    const address = deps.clientIp(c);
    const tokenHash = c.get('tokenHash');
    const outcome = await store.withTransaction(async (tx) => {
      const actor = await loadUser(tx, user.id);
      if (!actor) return { status: 401 as const };
      // A device reports only on its own territories and on family files of them: checked before any write.
      for (const e of parsed.data.events) {
        if (!actor.territoryIds.includes(e.territoryId)) return { status: 403 as const };
        if (e.familyId) {
          const family = await tx.getRecord('family', e.familyId);
          if (family && !actor.territoryIds.includes(String(family.data.territoryId))) return { status: 403 as const };
        }
      }
      const deviceName = (await tx.getSession(tokenHash))?.deviceName;
      let accepted = 0;
      for (const e of parsed.data.events) {
        const written = await audit(tx, {
          id: e.id,
          action: e.action,
          at,
          claimedAt: e.at,
          actorId: actor.id,
          territoryIds: [e.territoryId],
          address,
          ...(e.familyId ? { familyId: e.familyId } : {}),
          ...(deviceName ? { deviceName } : {}),
          detail: e.detail ?? {},
        });
        if (written) accepted += 1;
      }
      return { status: 200 as const, accepted, duplicates: parsed.data.events.length - accepted };
    });
    if (outcome.status === 401) return apiError(c, 401, 'unauthorized', 'Session absente ou expirée : reconnectez-vous.');
    if (outcome.status === 403) return apiError(c, 403, 'forbidden', 'Événement d’un territoire ou d’un dossier hors de votre périmètre : rien n’a été enregistré.');
    return c.json({ accepted: outcome.accepted, duplicates: outcome.duplicates });
  });

  return r;
}
