/**
 * Devices for sync tests: each has its own Dexie database (fake-indexeddb) and talks to the real
 * server app in-process, through a fetch that tests can cut or tamper with.
 */
import { loadSession, login } from '../../src/app/auth/session';
import { TourneeDB } from '../../src/app/db/database';
import type { ApiOptions } from '../../src/app/sync/api';
import { SyncClient } from '../../src/app/sync/sync-client';
import { createApp } from '../../src/server/app';
import { seedIfEmpty, type SeedData } from '../../src/server/seed/seed';
import { openTestStore } from '../server/backends';

export const T1 = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
export const T2 = '7a2d3e4f-5b6c-4d7e-8f90-a1b2c3d4e5f6';
export const COMMUNE = '42224';
const now = '2026-01-01T00:00:00.000Z';

const user = (id: string, email: string, territoryIds: string[]) => ({
  userId: id,
  email,
  password: `pw-${email}`,
  name: email.split('@')[0]!,
  role: 'animator' as const,
  territoryIds,
});

export const accounts = {
  alice: user('0b5d1d0e-1111-4aaa-8bbb-000000000001', 'alice@test.fr', [T1]),
  bob: user('0b5d1d0e-1111-4aaa-8bbb-000000000002', 'bob@test.fr', [T1]),
  carol: user('0b5d1d0e-1111-4aaa-8bbb-000000000003', 'carol@test.fr', [T2]),
};

export function fixtures(): SeedData {
  const territory = (id: string, name: string) => ({
    entity: 'territory' as const,
    record: { id, version: 0, updatedAt: now, deleted: false, territoryId: id, name, timeZone: 'Europe/Paris' },
  });
  const staff = Object.values(accounts).map((a) => ({
    entity: 'staffUser' as const,
    record: { id: a.userId, version: 0, updatedAt: now, deleted: false, territoryId: a.territoryIds[0]!, name: a.name, email: a.email, role: a.role, territoryIds: a.territoryIds, active: true },
  }));
  return { records: [territory(T1, 'Pilat'), territory(T2, 'Réunion'), ...staff], accounts: Object.values(accounts) };
}

export type FetchHook = (req: Request, forward: () => Promise<Response>) => Promise<Response>;

export async function startServer() {
  const store = await openTestStore();
  await seedIfEmpty(store, fixtures(), 1024);
  const app = createApp({ store, scryptCost: 1024 });
  return { store, app };
}

export type Server = Awaited<ReturnType<typeof startServer>>;

export interface Device {
  db: TourneeDB;
  api: ApiOptions;
  sync: SyncClient;
  /** Replace to simulate faults; `undefined` forwards to the server. */
  hook: FetchHook | undefined;
  online: boolean;
}

export async function device(server: Server, account: keyof typeof accounts): Promise<Device> {
  const db = new TourneeDB(`device-${crypto.randomUUID()}`);
  const dev = { db, hook: undefined, online: true } as Device;
  const fetchImpl: typeof fetch = async (input, init) => {
    if (!dev.online) throw new TypeError('Failed to fetch');
    const req = new Request(input, init);
    const forward = () => Promise.resolve(server.app.fetch(req.clone()));
    return dev.hook ? dev.hook(req, forward) : forward();
  };
  const base = { baseUrl: 'http://tournee.test', fetch: fetchImpl };
  const a = accounts[account];
  await login(db, base, a.email, a.password);
  const api: ApiOptions = { ...base, getToken: async () => ((await db.meta.get('session'))?.value as { token: string }).token };
  dev.api = api;
  dev.sync = new SyncClient(db, api);
  return dev;
}

export { lockVault, unlockWithNewKey } from '../app/crypto/vault-keys';
import { unlockWithNewKey } from '../app/crypto/vault-keys';

/**
 * A device whose database seals sensitive fields, unlocked: signed in after the vault opened, so
 * the session token is stored sealed too.
 */
export async function sealedDevice(server: Server, account: keyof typeof accounts): Promise<Device & { key: CryptoKey }> {
  const db = new TourneeDB(`sealed-${crypto.randomUUID()}`);
  const key = await unlockWithNewKey(db);
  const dev = { db, hook: undefined, online: true, key } as Device & { key: CryptoKey };
  const fetchImpl: typeof fetch = async (input, init) => {
    if (!dev.online) throw new TypeError('Failed to fetch');
    const req = new Request(input, init);
    const forward = () => Promise.resolve(server.app.fetch(req.clone()));
    return dev.hook ? dev.hook(req, forward) : forward();
  };
  const base = { baseUrl: 'http://tournee.test', fetch: fetchImpl };
  const a = accounts[account];
  await login(db, base, a.email, a.password);
  dev.api = { ...base, getToken: async () => (await loadSession(db))?.token || undefined };
  dev.sync = new SyncClient(db, dev.api);
  return dev;
}
