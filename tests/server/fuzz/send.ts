/**
 * Sends a hostile request to the in-process app and checks what must hold for every answer: never
 * a 5xx, the documented error shape with a French message, the security headers, 401 for anything
 * but a live session, and a refusal for every hostile write.
 */
import { ANIM_A, COORD_A, TA } from '../helpers';
import { apiErrorSchema, pullResponseSchema } from '../../../src/domain/sync/protocol';
import { authIsLive, type AuthSpec, type HostileRequest, type Route } from './requests';
import type { TokenName, World } from './world';

/** Every error code the API may answer with (500 `internal` is a failure in itself). */
export const ERROR_CODES = new Set([
  'invalid_json',
  'invalid',
  'invalid_character',
  'invalid_credentials',
  'unauthorized',
  'forbidden',
  'account_disabled',
  'not_found',
  'payload_too_large',
  'too_many_mutations',
  'append_only',
  'replay_mismatch',
  'rejected',
  'rate_limited',
  'session_revoked',
  'email_taken',
  'id_taken',
  'erased',
]);

/** Framework defaults that would mean an error escaped the app's own French answers. */
const ENGLISH_DEFAULTS = /^(not found|internal server error|bad request|unauthorized|forbidden|payload too large|method not allowed|error)\b/i;

export interface Stats {
  requests: number;
  byRoute: Record<Route, number>;
  byStatus: Map<number, number>;
}

export function newStats(): Stats {
  return { requests: 0, byRoute: { login: 0, logout: 0, me: 0, push: 0, pull: 0, admin: 0, audit: 0, public: 0, unknown: 0 }, byStatus: new Map() };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function otherChar(c: string, wanted: string): string {
  if (wanted !== c) return wanted;
  return ALPHABET[(ALPHABET.indexOf(c) + 1) % ALPHABET.length] ?? 'A';
}

function garble(token: string, op: 'replace' | 'cut' | 'add' | 'case', index: number, char: string): string {
  const i = index % token.length;
  const c = token[i] ?? 'A';
  const swapped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  switch (op) {
    case 'replace':
      return token.slice(0, i) + otherChar(c, char) + token.slice(i + 1);
    case 'cut':
      return token.slice(0, i) + token.slice(i + 1);
    case 'add':
      return token.slice(0, i) + char + token.slice(i);
    case 'case':
      return token.slice(0, i) + (swapped === c ? otherChar(c, char) : swapped) + token.slice(i);
  }
}

/** Authorization header values for a spec (several when the header is sent twice). */
function authorization(auth: AuthSpec, tokens: Record<TokenName, string>): string[] {
  switch (auth.kind) {
    case 'none':
      return [];
    case 'bearer':
      return [`${auth.scheme} ${tokens[auth.token]}`];
    case 'garbled':
      return [`Bearer ${garble(tokens[auth.token], auth.op, auth.index, auth.char)}`];
    case 'forged':
      return [`Bearer ${auth.token}`];
    case 'raw':
      return [auth.value];
    case 'twice':
      return [`Bearer ${tokens[auth.first]}`, `Bearer ${tokens[auth.second]}`];
    case 'malformed': {
      const t = tokens[auth.token];
      switch (auth.form) {
        case 'no-scheme':
          return [t];
        case 'basic':
          return [`Basic ${Buffer.from(`anim.a@example.fr:${t}`).toString('base64')}`];
        case 'token-scheme':
          return [`Token ${t}`];
        case 'glued':
          return [`Bearer${t}`];
        case 'two-spaces':
          return [`Bearer  ${t}`];
        case 'tab':
          return [`Bearer\t${t}`];
        case 'trailing-word':
          return [`Bearer ${t} admin`];
        case 'two-tokens':
          return [`Bearer ${t},${t}`];
        case 'padded':
          return [`Bearer ${t}=`];
        case 'quoted':
          return [`Bearer "${t}"`];
        case 'nbsp':
          return [`Bearer\u00A0${t}`];
      }
    }
  }
}

/** Routes that need a session, by method and path. */
function needsSession(req: HostileRequest): boolean {
  const path = req.path.split('?')[0];
  const method = req.method.toUpperCase();
  if (path === '/api/auth/logout' || path === '/api/sync/push') return method === 'POST';
  if (path === '/api/auth/me' || path === '/api/sync/pull') return method === 'GET' || method === 'HEAD';
  if (path === '/api/audit/events') return method === 'POST';
  // Account routes, once the URL parser resolved dots and escapes.
  const resolved = new URL(`http://localhost${path}`).pathname;
  if (/^\/api\/admin\/(users|audit|audit\.csv|users\/[^/]+\/devices)$/.test(resolved) && method === 'GET') return true;
  if (/^\/api\/admin\/(users|users\/[^/]+\/(password|deactivate|reactivate|devices\/[^/]+\/revoke))$/.test(resolved)) return method === 'POST';
  return false;
}

/** Whether the path, once the URL parser resolved dots, is under /api. */
function isApiPath(path: string): boolean {
  const p = new URL(`http://localhost${path}`).pathname;
  return p === '/api' || p.startsWith('/api/');
}

function build(req: HostileRequest, world: World): Request {
  const headers = new Headers();
  for (const [name, value] of req.headers) headers.append(name, value);
  for (const value of authorization(req.auth, world.tokens)) headers.append('authorization', value);
  const method = req.method.toUpperCase();
  const canHaveBody = method !== 'GET' && method !== 'HEAD';
  const body = !canHaveBody || req.body === undefined ? undefined : req.body.kind === 'text' ? req.body.text : req.body.bytes;
  return new Request(`http://localhost${req.path}`, { method: req.method, headers, body });
}

function describe(req: HostileRequest, status: number, text: string): string {
  const body = req.body === undefined ? '' : req.body.kind === 'text' ? req.body.text : `<${req.body.bytes.length} bytes>`;
  return `${req.label} — ${req.method} ${req.path.slice(0, 200)} (auth ${req.auth.kind}${'token' in req.auth ? ` ${String(req.auth.token).slice(0, 12)}` : ''}; body ${body.length} chars: ${JSON.stringify(body.slice(0, 200))}) → ${status} ${text.slice(0, 300)}`;
}

/** The French message check: non-empty and not a framework's English default. */
function frenchMessage(message: string): boolean {
  return message.trim().length > 0 && !ENGLISH_DEFAULTS.test(message.trim());
}

/** Checks the shape of an error body; returns a reason or undefined. */
export function errorBodyProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'error body is not JSON';
  }
  const body = apiErrorSchema.safeParse(parsed);
  if (!body.success) return 'error body is not { error: { code, message } }';
  const { code, message, mutations } = body.data.error;
  if (!ERROR_CODES.has(code)) return `unknown error code ${code}`;
  if (!frenchMessage(message)) return 'error message empty or not French';
  if (mutations?.some((m) => !frenchMessage(m.message) || m.mutationId.length === 0)) return 'mutation error without a message or id';
  return undefined;
}

/** Sends one hostile request and checks the answer; throws with a readable report when something is wrong. */
export async function sendHostile(world: World, req: HostileRequest, stats: Stats): Promise<number> {
  const res = await world.h.app.request(build(req, world));
  const text = await res.text();
  stats.requests += 1;
  stats.byRoute[req.route] += 1;
  stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
  const fail = (why: string): never => {
    throw new Error(`${why}: ${describe(req, res.status, text)}`);
  };

  if (res.status >= 500) fail('server error');
  if (res.status < 200) fail('unexpected status');
  const session = needsSession(req);
  const live = authIsLive(req.auth);
  if (session && !live && res.status !== 401) fail('a request without a live session was not answered 401');
  // A device revoked by a manager is told so, whatever it asks; any other dead token is not.
  const code = res.status === 401 && text !== '' ? (JSON.parse(text) as { error?: { code?: string } }).error?.code : undefined;
  if (session && text !== '' && req.auth.kind === 'bearer' && req.auth.token === 'kicked' && code !== 'session_revoked') fail('a revoked device was not answered session_revoked');
  if (code === 'session_revoked' && !(req.auth.kind === 'bearer' && req.auth.token === 'kicked') && req.auth.kind !== 'twice') fail('session_revoked for a token not revoked by a manager');
  else if (req.status !== undefined && (!session || live) && res.status !== req.status) fail(`expected ${req.status}`);
  const write = req.route === 'push' || req.route === 'login' || req.route === 'logout' || req.route === 'audit' || req.route === 'public' || (req.route === 'admin' && req.method !== 'GET');
  if (write && res.status < 400) fail('a hostile write was accepted');

  if (res.headers.get('x-content-type-options') !== 'nosniff') fail('no nosniff header');
  if (isApiPath(req.path) && res.headers.get('cache-control') !== 'no-store') fail('API answer without Cache-Control: no-store');

  if (req.method.toUpperCase() === 'HEAD') {
    if (text !== '') fail('HEAD answer with a body');
    return res.status;
  }
  if (res.status >= 400) {
    const problem = errorBodyProblem(text);
    if (problem) fail(problem);
    if (res.status === 429 && !/^\d+$/.test(res.headers.get('retry-after') ?? '')) fail('429 without Retry-After');
  } else if (res.status === 200 && req.route === 'admin') {
    // Account lists, devices and the audit log: never a password hash nor a token digest.
    if (/scrypt|passwordHash|token_?hash|\b[0-9a-f]{64}\b/i.test(text)) fail('credentials in an answer');
    if (!(res.headers.get('content-type') ?? '').startsWith('text/csv')) JSON.parse(text);
  } else if (res.status === 200) {
    const body: unknown = JSON.parse(text);
    if (/password|credential|token_?hash/i.test(text)) fail('credentials in an answer');
    if (req.route === 'pull') {
      const page = pullResponseSchema.safeParse(body);
      if (!page.success) fail('pull answer of the wrong shape');
      else if (page.data.changes.some((c) => c.record.territoryId !== TA)) fail('pull answered records of another territory');
    } else if (req.route === 'me') {
      const id = (body as { id?: unknown }).id;
      if (id !== ANIM_A && id !== COORD_A) fail('me answered another user');
    } else {
      fail('unexpected 200');
    }
  } else {
    fail('unexpected status');
  }
  return res.status;
}
