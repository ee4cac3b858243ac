/**
 * The signed-in person on this device. The session (token and user) is kept in the local
 * database so the app opens and works offline after a reload; only login itself needs a network.
 * With the vault on, the token is stored sealed (whoever holds it pulls every family file) and
 * is only saved once the device has a keyring: right after the first sign-in it lives in memory
 * until the PIN is chosen (src/app/lock/).
 */
import { databaseMayExist } from '../db/exists';
import type { RecordOf } from '../../domain/registry';
import { isEnvelope, type FieldEnvelope } from '../crypto/field-crypto';
import { metaTarget } from '../crypto/vault';
import type { TourneeDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { apiRequest, HttpError, NetworkError, type ApiOptions } from '../sync/api';

export interface LocalSession {
  token: string;
  user: RecordOf<'staffUser'>;
}

export type LoginFailure = 'failed' | 'offline' | 'rateLimited' | 'other';

export class LoginError extends Error {
  constructor(readonly kind: LoginFailure, message: string = kind) {
    super(message);
    this.name = 'LoginError';
  }
}

export class PendingChangesError extends Error {
  constructor(readonly count: number) {
    super('pending');
    this.name = 'PendingChangesError';
  }
}

interface StoredSession {
  token: string | FieldEnvelope;
  user: RecordOf<'staffUser'>;
}

const tokenTarget = metaTarget('session', ['token']);

/** The session on this device; while locked its token reads '' (the user is known, not the token). */
export async function loadSession(db: TourneeDB): Promise<LocalSession | undefined> {
  // A device nobody signed in on has no database: a public request must not create it.
  if (!db.isOpen() && !(await databaseMayExist(db.name))) return undefined;
  const stored = await getMeta<StoredSession>(db, 'session');
  if (!stored || !isEnvelope(stored.token)) return stored as LocalSession | undefined;
  const key = await db.vault.settledKey();
  if (!key) return { ...stored, token: '' };
  const open = await db.vault.complete(tokenTarget, stored, key);
  return { user: open.user, token: typeof open.token === 'string' ? open.token : '' };
}

/** Keeps the session on the device, its token sealed when the vault is on (LockedError while locked). */
export async function saveSession(db: TourneeDB, session: LocalSession): Promise<void> {
  const key = await db.vault.requireKey();
  const stored: StoredSession = key ? await db.vault.seal(tokenTarget, session, key) : session;
  await db.transaction('rw', db.meta, db.records('staffUser'), async () => {
    await setMeta(db, 'session', stored);
    await db.records('staffUser').put(session.user);
  });
}

export async function login(db: TourneeDB, api: Omit<ApiOptions, 'getToken'>, email: string, password: string): Promise<LocalSession> {
  let body: unknown;
  try {
    body = await apiRequest({ ...api, getToken: async () => undefined }, 'POST', '/api/auth/login', { email, password });
  } catch (e) {
    if (e instanceof NetworkError) throw new LoginError('offline');
    if (e instanceof HttpError && (e.status === 401 || e.status === 400)) throw new LoginError('failed');
    if (e instanceof HttpError && e.status === 429) throw new LoginError('rateLimited');
    throw new LoginError('other', e instanceof Error ? e.message : String(e));
  }
  const session = body as LocalSession;
  // A device with no open vault keeps the session in memory until a PIN protects it.
  if (!db.vault.enabled || db.vault.isOpen) await saveSession(db, session);
  return session;
}

/**
 * Sign out and wipe this device's copy (a shared tablet must not keep family files), refusing
 * while unsent changes exist unless the person explicitly accepts to lose them.
 */
export async function logout(db: TourneeDB, api: ApiOptions, opts: { force?: boolean } = {}): Promise<void> {
  const pending = await db.outbox.count();
  if (pending > 0 && !opts.force) throw new PendingChangesError(pending);
  await apiRequest(api, 'POST', '/api/auth/logout').catch(() => undefined);
  db.vault.close();
  await db.delete();
  await db.open();
}
