import { beforeEach, describe, expect, it } from 'vitest';
import { LoginError, PendingChangesError, loadSession, login, logout } from '../../src/app/auth/session';
import { TourneeDB } from '../../src/app/db/database';
import { createRecord } from '../../src/app/db/repository';
import { COMMUNE, T1, accounts, device, startServer, type Server } from './harness';

let server: Server;
beforeEach(async () => {
  server = await startServer();
});

describe('session on the device', () => {
  it('a wrong password is refused and nothing is stored', async () => {
    const db = new TourneeDB(`s-${crypto.randomUUID()}`);
    const api = { baseUrl: 'http://tournee.test', fetch: ((i: RequestInfo | URL, init?: RequestInit) => Promise.resolve(server.app.fetch(new Request(i, init)))) as typeof fetch };
    const err = await login(db, api, accounts.alice.email, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).kind).toBe('failed');
    expect(await loadSession(db)).toBeUndefined();
  });

  it('without a network, login says so', async () => {
    const db = new TourneeDB(`s-${crypto.randomUUID()}`);
    const api = { baseUrl: 'http://tournee.test', fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch };
    await expect(login(db, api, accounts.alice.email, accounts.alice.password)).rejects.toMatchObject({ kind: 'offline' });
  });

  it('logout is refused while changes are unsent, then wipes the device and revokes the token', async () => {
    const a = await device(server, 'alice');
    const session = await loadSession(a.db);
    expect(session?.user.email).toBe(accounts.alice.email);
    await createRecord(a.db, 'directoryEntry', T1, { kind: 'mam', name: 'MAM Test', communeCode: COMMUNE });

    await expect(logout(a.db, a.api)).rejects.toBeInstanceOf(PendingChangesError);
    expect(await a.db.outbox.count()).toBe(1);

    await a.sync.syncNow();
    await logout(a.db, a.api);
    expect(await loadSession(a.db)).toBeUndefined();
    expect(await a.db.records('directoryEntry').count()).toBe(0);
    const me = await server.app.request('/api/auth/me', { headers: { authorization: `Bearer ${session!.token}` } });
    expect(me.status).toBe(401);
  });
});
