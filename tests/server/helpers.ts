import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app';
import { seedIfEmpty, type SeedData } from '../../src/server/seed/seed';
import { openTestStore } from './backends';
import type { Store } from '../../src/server/storage/store';

export const TA = '0b9a7c1e-4f3d-4a2b-9c8d-1e2f3a4b5c6d';
export const TB = '1c8b6d2f-5e4c-4b3a-8d9e-2f3a4b5c6d7e';
export const COORD_A = '2d7c5e3a-6f5d-4c4b-9e0f-3a4b5c6d7e8f';
export const ANIM_A = '3e6d4f4b-7a6e-4d5c-8f1a-4b5c6d7e8f90';
export const ANIM_B = '4f5e3a5c-8b7f-4e6d-9a2b-5c6d7e8f9a01';
export const INACTIVE = '5a4f2b6d-9c8a-4f7e-8b3c-6d7e8f9a0b12';
/** A directory entry that exists in territory B before every test. */
export const ENTRY_B = '6b3a1c7e-0d9b-4a8f-9c4d-7e8f9a0b1c23';

export const PASSWORD = 'correct horse battery';
export const TEST_COST = 1024;
const T0 = '2026-01-05T08:00:00.000Z';

function staff(id: string, name: string, email: string, role: 'coordinator' | 'animator', territoryIds: string[], active = true) {
  return {
    entity: 'staffUser' as const,
    record: { id, version: 0, updatedAt: T0, deleted: false, territoryId: territoryIds[0], name, email, role, territoryIds, active },
  };
}

export const fixtures: SeedData = {
  records: [
    { entity: 'territory', record: { id: TA, version: 0, updatedAt: T0, deleted: false, territoryId: TA, name: 'Monts du Pilat', timeZone: 'Europe/Paris' } },
    { entity: 'territory', record: { id: TB, version: 0, updatedAt: T0, deleted: false, territoryId: TB, name: 'CIREST', timeZone: 'Indian/Reunion' } },
    staff(COORD_A, 'Claire Coord', 'coord.a@example.fr', 'coordinator', [TA]),
    staff(ANIM_A, 'Alice Anim', 'anim.a@example.fr', 'animator', [TA]),
    staff(ANIM_B, 'Bruno Anim', 'anim.b@example.fr', 'animator', [TB]),
    staff(INACTIVE, 'Ina Ctive', 'inactive@example.fr', 'animator', [TA], false),
    {
      entity: 'directoryEntry',
      record: { id: ENTRY_B, version: 0, updatedAt: T0, deleted: false, territoryId: TB, kind: 'rpe', name: 'Relais Est', communeCode: '97410' },
    },
  ],
  accounts: [
    { userId: COORD_A, email: 'coord.a@example.fr', password: PASSWORD, name: 'Claire Coord', role: 'coordinator', territoryIds: [TA] },
    { userId: ANIM_A, email: 'anim.a@example.fr', password: PASSWORD, name: 'Alice Anim', role: 'animator', territoryIds: [TA] },
    { userId: ANIM_B, email: 'anim.b@example.fr', password: PASSWORD, name: 'Bruno Anim', role: 'animator', territoryIds: [TB] },
    { userId: INACTIVE, email: 'inactive@example.fr', password: PASSWORD, name: 'Ina Ctive', role: 'animator', territoryIds: [TA] },
  ],
};

export interface Json {
  [key: string]: unknown;
}

export interface MutationInput {
  entity?: string;
  recordId?: string;
  baseVersion?: number;
  territoryId?: string;
  changes: Record<string, unknown>;
  mutationId?: string;
}

export interface MutationJson {
  mutationId: string;
  entity: string;
  recordId: string;
  baseVersion: number;
  territoryId: string;
  changes: Record<string, unknown>;
  at: string;
}

export function mutation(input: MutationInput): MutationJson {
  return {
    mutationId: input.mutationId ?? randomUUID(),
    entity: input.entity ?? 'directoryEntry',
    recordId: input.recordId ?? randomUUID(),
    baseVersion: input.baseVersion ?? 0,
    territoryId: input.territoryId ?? TA,
    changes: input.changes,
    at: '2026-01-05T07:59:00.000Z',
  };
}

export const newEntry = (extra: Record<string, unknown> = {}) => ({ kind: 'rpe', name: 'Relais du Pilat', communeCode: '42224', ...extra });

export interface Harness {
  store: Store;
  app: ReturnType<typeof createApp>;
  /** Moves the server clock forward. */
  advance(ms: number): void;
  login(email: string): Promise<string>;
  request(method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  push(token: string, clientId: string, mutations: unknown[]): Promise<{ status: number; body: Json }>;
  pull(token: string, since?: number, limit?: number): Promise<{ status: number; body: Json }>;
  /** Every stored record with its seq, to assert that a refused request changed nothing. */
  dump(): Promise<string>;
}

export async function harness(opts: { staticDir?: string; trustProxy?: boolean } = {}): Promise<Harness> {
  const store = await openTestStore();
  await seedIfEmpty(store, fixtures, TEST_COST);
  let clock = Date.parse('2026-01-05T08:00:00.000Z');
  const app = createApp({ store, scryptCost: TEST_COST, now: () => new Date(clock), staticDir: opts.staticDir, trustProxy: opts.trustProxy });

  async function request(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = { method, headers: { ...headers } };
    const h = init.headers as Record<string, string>;
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      h['content-type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    return app.request(path, init);
  }

  return {
    store,
    app,
    advance(ms) {
      clock += ms;
    },
    request,
    async login(email) {
      const res = await request('POST', '/api/auth/login', undefined, { email, password: PASSWORD });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status}`);
      const body = (await res.json()) as { token: string };
      return body.token;
    },
    async push(token, clientId, mutations) {
      const res = await request('POST', '/api/sync/push', token, { clientId, mutations });
      return { status: res.status, body: (await res.json()) as Json };
    },
    async pull(token, since = 0, limit) {
      const query = limit === undefined ? `since=${since}` : `since=${since}&limit=${limit}`;
      const res = await request('GET', `/api/sync/pull?${query}`, token);
      return { status: res.status, body: (await res.json()) as Json };
    },
    async dump() {
      const rows = await store.withTransaction((tx) => tx.listChanges(0, 1_000_000, [TA, TB]));
      return JSON.stringify(rows);
    },
  };
}

export interface PushResultJson {
  mutationId: string;
  status: string;
  record: Json;
  conflictIds: string[];
}

export function results(body: Json): PushResultJson[] {
  return body.results as PushResultJson[];
}

export interface ChangeJson {
  entity: string;
  record: Json;
}

export function changes(body: Json): ChangeJson[] {
  return body.changes as ChangeJson[];
}

export interface ErrorJson {
  code: string;
  message: string;
  mutations?: Array<{ mutationId: string; code: string; message: string }>;
}

export function error(body: Json): ErrorJson {
  return body.error as ErrorJson;
}
