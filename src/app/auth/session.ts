/**
 * The signed-in person on this device. The session (token and user) is kept in the local
 * database so the app opens and works offline after a reload; only login itself needs a network.
 */
import type { RecordOf } from '../../domain/registry';
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

export function loadSession(db: TourneeDB): Promise<LocalSession | undefined> {
  return getMeta<LocalSession>(db, 'session');
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
  await db.transaction('rw', db.meta, db.records('staffUser'), async () => {
    await setMeta(db, 'session', session);
    await db.records('staffUser').put(session.user);
  });
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
  await db.delete();
  await db.open();
}
