/**
 * What a parent's phone sends without an account: an intake request (with, if they wish, an
 * appointment slot), then reads its status through the secret of their private link.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { uuid } from '../../domain/common';
import {
  MAX_APPOINTMENT_DAYS_AHEAD,
  REQUEST_SECRET_HEADER,
  appointmentAsk,
  publicRequestSchema,
  requestSecret,
  type AppointmentAsk,
  type PublicAppointment,
  type PublicRequestStatus,
} from '../../domain/public/request';
import { FailureLimiter, RequestLimiter } from '../auth/rate-limit';
import { apiError } from '../errors';
import { readJson } from '../json-body';
import type { AppEnv } from '../app';
import type { JsonObject, Store, StoreTx, StoredRecord } from '../storage/store';
import { applyDomainRules } from '../sync/domain-rules';
import { serverFieldMeta } from '../sync/push';

export interface PublicRequestDeps {
  store: Store;
  now: () => Date;
  clientIp: (c: Context<AppEnv>) => string;
  limitBody: (maxBytes: number) => MiddlewareHandler<AppEnv>;
}

const MAX_REQUEST_BYTES = 32 * 1024;
/** Sends per client address: a family sends one or two; a resend after a lost answer counts too. */
const SENDS_PER_HOUR = 20;
/** Status reads with a wrong or unknown secret, per client address, before waiting. */
const MAX_BAD_SECRETS = 20;
const WINDOW_MS = 60 * 60 * 1000;
/** A consent dated further ahead than this is a device clock far off, or forged. */
const CLOCK_SLACK_MS = 24 * 60 * 60 * 1000;

const fr = z.locales.fr().localeError;

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Demande invalide.';
  if (issue.code === 'unrecognized_keys') return `Champ inconnu : « ${issue.keys.join(', ').slice(0, 80)} ».`;
  const path = issue.path.map(String).join('.');
  return path ? `Champ « ${path} » : ${issue.message}.` : `${issue.message}.`;
}

function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function sameHash(stored: unknown, secret: string): boolean {
  if (typeof stored !== 'string' || stored.length !== 64) return false;
  return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(secretHash(secret), 'hex'));
}

function stripUndefined(obj: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

/** Writes a record whole, as the server's own creation. */
async function create(tx: StoreTx, entity: 'intakeRequest' | 'appointment', id: string, data: JsonObject, now: string): Promise<StoredRecord> {
  const stored = await tx.putRecord({ entity, id, version: 1, updatedAt: now, data, fields: serverFieldMeta(data, 1, now) });
  return applyDomainRules(tx, stored, now);
}

type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409 | 410; code: string; message: string };
const fail = (status: 400 | 404 | 409 | 410, code: string, message: string): Outcome<never> => ({ ok: false, status, code, message });

/** A slot is asked at a live site of the request's territory, within the months the planning covers. */
async function checkSlot(tx: StoreTx, territoryId: string, ask: AppointmentAsk, now: Date): Promise<Outcome<StoredRecord>> {
  const site = await tx.getRecord('site', ask.siteId);
  if (!site || site.data.deleted === true || site.data.territoryId !== territoryId) {
    return fail(400, 'invalid', 'Ce lieu de rendez-vous n’existe pas sur ce territoire.');
  }
  if (Date.parse(ask.start) > now.getTime() + MAX_APPOINTMENT_DAYS_AHEAD * 86_400_000) {
    return fail(400, 'invalid', `Un rendez-vous se demande au plus ${MAX_APPOINTMENT_DAYS_AHEAD} jours à l’avance.`);
  }
  const taken = await tx.getRecord('appointment', ask.id);
  if (taken) return fail(409, 'id_taken', 'Identifiant de rendez-vous déjà utilisé.');
  return { ok: true, value: site };
}

function appointmentData(ask: AppointmentAsk, territoryId: string, requestId: string): JsonObject {
  return {
    kind: ask.kind,
    status: 'requested',
    start: ask.start,
    end: ask.end,
    timeZone: ask.timeZone,
    siteId: ask.siteId,
    intakeRequestId: requestId,
    deleted: false,
    territoryId,
  };
}

/** The status a family may see: their request and its appointments, with where they take place. */
async function statusOf(tx: StoreTx, request: StoredRecord): Promise<PublicRequestStatus> {
  const territoryId = String(request.data.territoryId);
  const appointments = (await tx.listRecords('appointment', territoryId)).filter(
    (a) => a.data.intakeRequestId === request.id && a.data.deleted !== true,
  );
  const sites = new Map<string, StoredRecord | undefined>();
  const out: PublicAppointment[] = [];
  let updatedAt = request.updatedAt;
  for (const a of appointments.sort((x, y) => String(x.data.start).localeCompare(String(y.data.start)))) {
    const siteId = typeof a.data.siteId === 'string' ? a.data.siteId : undefined;
    if (siteId && !sites.has(siteId)) sites.set(siteId, await tx.getRecord('site', siteId));
    const site = siteId ? sites.get(siteId) : undefined;
    const live = site && site.data.deleted !== true ? site.data : undefined;
    if (a.updatedAt > updatedAt) updatedAt = a.updatedAt;
    out.push(
      stripUndefined({
        id: a.id,
        kind: a.data.kind,
        status: a.data.status,
        start: a.data.start,
        end: a.data.end,
        timeZone: a.data.timeZone,
        siteName: live?.name,
        address: live?.address,
      }) as PublicAppointment,
    );
  }
  const consent = request.data.consent as { givenAt?: string } | undefined;
  return {
    id: request.id,
    receiptCode: String(request.data.receiptCode),
    status: request.data.status as PublicRequestStatus['status'],
    receivedAt: consent?.givenAt ?? request.updatedAt,
    updatedAt,
    appointments: out,
  };
}

/** The request behind a private link, once its secret is checked: the same 404 for unknown and wrong. */
async function openRequest(tx: StoreTx, id: string, secret: string): Promise<Outcome<StoredRecord>> {
  const request = await tx.getRecord('intakeRequest', id);
  if (!request || !sameHash(request.data.accessHash, secret)) return fail(404, 'not_found', 'Demande introuvable : vérifiez le lien de suivi.');
  if (request.data.deleted === true) return fail(410, 'erased', 'Cette demande a été effacée à la demande de la famille ou à la fin de sa durée de conservation.');
  return { ok: true, value: request };
}

export function publicRequestRoutes(deps: PublicRequestDeps): Hono<AppEnv> {
  const { store, now, clientIp } = deps;
  const sends = new RequestLimiter(SENDS_PER_HOUR, WINDOW_MS);
  const badSecrets = new FailureLimiter(MAX_BAD_SECRETS, WINDOW_MS);
  const app = new Hono<AppEnv>();

  function limited(c: Context<AppEnv>, wait: number): Response {
    c.header('Retry-After', String(Math.ceil(wait / 1000)));
    return apiError(c, 429, 'rate_limited', `Trop de demandes depuis cette connexion. Réessayez dans ${Math.ceil(wait / 60_000)} min.`);
  }

  /** The secret from its header, or the 400 to answer; failures count against the client. */
  function secretOf(c: Context<AppEnv>): { ok: true; secret: string } | { ok: false; response: Response } {
    const wait = badSecrets.retryAfter(clientIp(c), now().getTime());
    if (wait > 0) return { ok: false, response: limited(c, wait) };
    const parsed = requestSecret.safeParse(c.req.header(REQUEST_SECRET_HEADER));
    if (!parsed.success) {
      badSecrets.fail(clientIp(c), now().getTime());
      return { ok: false, response: apiError(c, 400, 'invalid', 'Code d’accès de la demande absent ou mal formé.') };
    }
    return { ok: true, secret: parsed.data };
  }

  function answer<T>(c: Context<AppEnv>, outcome: Outcome<T>, onSuccess: (value: T) => Response): Response {
    if (!outcome.ok) {
      if (outcome.status === 404) badSecrets.fail(clientIp(c), now().getTime());
      return apiError(c, outcome.status, outcome.code, outcome.message);
    }
    return onSuccess(outcome.value);
  }

  app.post('/', deps.limitBody(MAX_REQUEST_BYTES), async (c) => {
    const wait = sends.take(clientIp(c), now().getTime());
    if (wait > 0) return limited(c, wait);
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = publicRequestSchema.safeParse(body.value, { error: fr });
    if (!parsed.success) return apiError(c, 400, 'invalid', describe(parsed.error));
    const r = parsed.data;
    const at = now();
    if (Date.parse(r.consent.givenAt) > at.getTime() + CLOCK_SLACK_MS) {
      return apiError(c, 400, 'invalid', 'La date du consentement est dans le futur : vérifiez la date du téléphone.');
    }
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<{ created: boolean; status: PublicRequestStatus }>> => {
      const existing = await tx.getRecord('intakeRequest', r.id);
      if (existing) {
        // A resend from a phone that did not get the answer: the same request, not a second one.
        if (!sameHash(existing.data.accessHash, r.secret)) return fail(409, 'id_taken', 'Identifiant de demande déjà utilisé.');
        if (existing.data.deleted === true) return fail(410, 'erased', 'Cette demande a été effacée.');
        return { ok: true, value: { created: false, status: await statusOf(tx, existing) } };
      }
      const territory = await tx.getRecord('territory', r.territoryId);
      if (!territory || territory.data.deleted === true) return fail(404, 'not_found', 'Territoire inconnu.');
      if (r.communeCode !== undefined) {
        const communes = await tx.listRecords('commune', r.territoryId);
        if (!communes.some((x) => x.data.code === r.communeCode && x.data.deleted !== true)) {
          return fail(400, 'invalid', 'Cette commune ne fait pas partie du territoire choisi.');
        }
      }
      if (r.appointment) {
        const slot = await checkSlot(tx, r.territoryId, r.appointment, at);
        if (!slot.ok) return slot;
      }
      const stamp = at.toISOString();
      const request = await create(
        tx,
        'intakeRequest',
        r.id,
        stripUndefined({
          phone: r.phone,
          childBirthDate: r.childBirthDate,
          childExpectedDate: r.childExpectedDate,
          name: r.name,
          communeCode: r.communeCode,
          needs: r.needs,
          message: r.message,
          status: 'received',
          receiptCode: r.receiptCode,
          consent: r.consent,
          accessHash: secretHash(r.secret),
          deleted: false,
          territoryId: r.territoryId,
        }),
        stamp,
      );
      if (r.appointment) await create(tx, 'appointment', r.appointment.id, appointmentData(r.appointment, r.territoryId, r.id), stamp);
      return { ok: true, value: { created: true, status: await statusOf(tx, request) } };
    });
    return answer(c, outcome, (v) => c.json(v.status, v.created ? 201 : 200));
  });

  app.get('/:id', async (c) => {
    const id = uuid.safeParse(c.req.param('id'));
    if (!id.success) return apiError(c, 400, 'invalid', 'Identifiant de demande invalide.');
    const secret = secretOf(c);
    if (!secret.ok) return secret.response;
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<PublicRequestStatus>> => {
      const opened = await openRequest(tx, id.data, secret.secret);
      return opened.ok ? { ok: true, value: await statusOf(tx, opened.value) } : opened;
    });
    return answer(c, outcome, (status) => c.json(status));
  });

  // A slot asked later, from the status page.
  app.post('/:id/appointment', deps.limitBody(MAX_REQUEST_BYTES), async (c) => {
    const id = uuid.safeParse(c.req.param('id'));
    if (!id.success) return apiError(c, 400, 'invalid', 'Identifiant de demande invalide.');
    const secret = secretOf(c);
    if (!secret.ok) return secret.response;
    const wait = sends.take(clientIp(c), now().getTime());
    if (wait > 0) return limited(c, wait);
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const ask = appointmentAsk.safeParse(body.value, { error: fr });
    if (!ask.success) return apiError(c, 400, 'invalid', describe(ask.error));
    const at = now();
    const outcome = await store.withTransaction(async (tx): Promise<Outcome<{ created: boolean; status: PublicRequestStatus }>> => {
      const opened = await openRequest(tx, id.data, secret.secret);
      if (!opened.ok) return opened;
      const request = opened.value;
      const previous = await tx.getRecord('appointment', ask.data.id);
      if (previous) {
        if (previous.data.intakeRequestId !== request.id) return fail(409, 'id_taken', 'Identifiant de rendez-vous déjà utilisé.');
        return { ok: true, value: { created: false, status: await statusOf(tx, request) } };
      }
      const territoryId = String(request.data.territoryId);
      const slot = await checkSlot(tx, territoryId, ask.data, at);
      if (!slot.ok) return slot;
      await create(tx, 'appointment', ask.data.id, appointmentData(ask.data, territoryId, request.id), at.toISOString());
      return { ok: true, value: { created: true, status: await statusOf(tx, request) } };
    });
    return answer(c, outcome, (v) => c.json(v.status, v.created ? 201 : 200));
  });

  return app;
}
