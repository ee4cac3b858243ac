/**
 * The simulated world of the convergence test: the real server (Hono app over SQLite on a temp
 * file, so a restart really closes and reopens the database) and a few devices, each with its own
 * Dexie database (fake-indexeddb) and a fetch that injects network faults chosen by the test.
 *
 * Everything runs on one thread and every delay is an explicit hold released by a later command,
 * never a timer: a case replays identically from its seed.
 */
import { accessSync, constants, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { LocalSession } from '../../../src/app/auth/session';
import { TourneeDB } from '../../../src/app/db/database';
import { getClientId, setMeta } from '../../../src/app/db/meta';
import { NetworkError, type ApiOptions } from '../../../src/app/sync/api';
import { pullChanges } from '../../../src/app/sync/pull';
import { pushOutbox } from '../../../src/app/sync/push';
import { syncTables } from '../../../src/app/sync/apply';
import { SyncClient } from '../../../src/app/sync/sync-client';
import type { EntityName, RecordOf } from '../../../src/domain/registry';
import { mutationSchema, pushResultSchema, type Mutation, type PushResult } from '../../../src/domain/sync/protocol';
import { createApp, type AppEnv } from '../../../src/server/app';
import { seedIfEmpty, type SeedData } from '../../../src/server/seed/seed';
import { openSqliteStore } from '../../../src/server/storage/sqlite';
import type { Store, StoreTx, StoredMutation } from '../../../src/server/storage/store';
import { toFullRecord } from '../../../src/server/sync/records';

/** The one territory every simulated device works in. */
export const TERRITORY = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
export const COMMUNE = '42224';
export const MAX_DEVICES = 6;
const SEED_TIME = '2026-01-01T00:00:00.000Z';
const SCRYPT_COST = 1024;

export const staff = Array.from({ length: MAX_DEVICES }, (_, i) => ({
  userId: `0b5d1d0e-1111-4aaa-8bbb-00000000000${i + 1}`,
  email: `staff${i + 1}@test.fr`,
  password: `pw-staff${i + 1}`,
  name: `Staff ${i + 1}`,
  role: 'animator' as const,
  territoryIds: [TERRITORY],
}));

function fixtures(): SeedData {
  const territory = {
    entity: 'territory' as const,
    record: { id: TERRITORY, version: 0, updatedAt: SEED_TIME, deleted: false, territoryId: TERRITORY, name: 'Pilat', timeZone: 'Europe/Paris' },
  };
  const users = staff.map((a) => ({
    entity: 'staffUser' as const,
    record: { id: a.userId, version: 0, updatedAt: SEED_TIME, deleted: false, territoryId: TERRITORY, name: a.name, email: a.email, role: a.role, territoryIds: a.territoryIds, active: true },
  }));
  const shared = sharedRecords.map(({ entity, id, fields }) => ({
    entity,
    record: { id, version: 0, updatedAt: SEED_TIME, deleted: false, territoryId: TERRITORY, ...fields },
  }));
  return { records: [territory, ...users, ...shared], accounts: staff };
}

/**
 * Records every device already holds when a case starts (as after a first sync), so that edits
 * of the same record on several devices, and hence conflicts, are frequent.
 */
const sharedRecords: { entity: EntityName; id: string; fields: Record<string, unknown> }[] = [
  { entity: 'directoryEntry', id: '5eed0000-0000-4000-8000-000000000001', fields: { kind: 'mam', name: 'Les Lutins', communeCode: COMMUNE, placesAvailable: 2 } },
  { entity: 'directoryEntry', id: '5eed0000-0000-4000-8000-000000000002', fields: { kind: 'eaje', name: 'Pirouette', communeCode: COMMUNE, phone: '04 77 51 20 30' } },
  { entity: 'family', id: '5eed0000-0000-4000-8000-000000000003', fields: { guardians: [], children: [], needs: ['childcare'], notes: 'Première visite' } },
];

/**
 * What the network does to one request of a device:
 * - `dropRequest`: lost before reaching the server;
 * - `dropResponse`: the server handles it, the answer is lost;
 * - `duplicate`: the server receives it twice, the device gets the second answer;
 * - `timeout`: the device gives up at once, the request stays in the network and reaches the
 *   server later (a `deliver` command), after other requests: a delayed, reordered request;
 * - `crash`: the server process dies while handling it: the store throws after `afterWrites`
 *   writes of the transaction (rolled back; if the push has fewer writes it commits and the
 *   process dies before answering), the database is closed and reopened, a new app is built;
 * - `holdRequest` / `holdResponse`: the request (or its answer) is held until a `release`
 *   command, while other devices sync and this device keeps editing.
 */
export type Fault =
  | { kind: 'dropRequest' }
  | { kind: 'dropResponse' }
  | { kind: 'duplicate' }
  | { kind: 'timeout' }
  | { kind: 'crash'; afterWrites: number }
  | { kind: 'holdRequest' }
  | { kind: 'holdResponse' };

export type SyncMode = 'full' | 'push' | 'pull';

/** A mutation the server committed, with what the device sent and what the server answered. */
export interface AcceptedWrite {
  mutation: Mutation;
  clientId: string;
  userId: string;
  device: number;
  result: PushResult;
}

export interface SimDevice {
  index: number;
  db: TourneeDB;
  api: ApiOptions;
  sync: SyncClient;
  clientId: string;
  userId: string;
  /** Faults for the next requests of this device, in order; `null` lets a request through. */
  plan: (Fault | null)[];
  /** Set while a request or answer of this device is held. */
  release: (() => void) | undefined;
  /** The sync work in progress (blocked on a hold), if any. */
  activity: { promise: Promise<void>; viaClient: boolean } | undefined;
  onHeld: (() => void) | undefined;
}

/** Thrown by the store wrapper to simulate the server process dying inside a transaction. */
export class SimulatedCrash extends Error {
  constructor() {
    super('simulated server crash');
    this.name = 'SimulatedCrash';
  }
}

export interface WorldStats {
  restarts: number;
  crashes: number;
  rolledBack: number;
  faults: number;
}

export class World {
  readonly dir: string;
  readonly path: string;
  private inner: Store;
  app: Hono<AppEnv>;
  /** The store the app uses: the real one, plus crash injection and a log of commits. */
  readonly store: Store;
  readonly devices: SimDevice[] = [];
  /** Every mutation the server committed, in commit order. */
  readonly accepted: AcceptedWrite[] = [];
  /** Every mutation id a device put in its outbox, in the order they were made. */
  readonly local: { mutationId: string; device: number }[] = [];
  /** Records created by devices, in creation order (ids are deterministic). */
  readonly created: { entity: EntityName; id: string }[] = [];
  /** Requests the devices gave up on that are still on their way to the server. */
  readonly inNetwork: Request[] = [];
  /** Anything that must not happen in a valid run (an error a device reported, a refusal…). */
  readonly unexpected: string[] = [];
  readonly stats: WorldStats = { restarts: 0, crashes: 0, rolledBack: 0, faults: 0 };
  private sent = new Map<string, { clientId: string; mutation: Mutation }>();
  private crashAfter: number | undefined;
  private tick = 0;
  private ids = 0;
  private readonly clientOf = new Map<string, number>();

  /** Server records as seeded (version 1), by `entity/id`: the start of each shared record's history. */
  readonly seeded: ReadonlyMap<string, Record<string, unknown>>;

  private constructor(template: Template) {
    this.seeded = new Map(template.records.map((r) => [`${r.entity}/${String(r.record.id)}`, r.record]));
    for (const r of sharedRecords) this.created.push({ entity: r.entity, id: r.id });
    this.dir = mkdtempSync(join(tempRoot(), 'tournee-convergence-'));
    this.path = join(this.dir, 'server.sqlite');
    copyFileSync(template.path, this.path);
    this.inner = openSqliteStore(this.path);
    this.store = this.wrapStore();
    this.app = this.makeApp();
  }

  static async create(deviceCount: number): Promise<World> {
    template ??= makeTemplate();
    const t = await template;
    const world = new World(t);
    for (let i = 0; i < deviceCount; i++) world.devices.push(await world.makeDevice(i, t.sessions[i]!, t));
    return world;
  }

  /** Deterministic record ids, so a replay picks the same records. */
  newId(entity: EntityName): string {
    this.ids += 1;
    const id = `00000000-0000-4000-8000-${this.ids.toString(16).padStart(12, '0')}`;
    this.created.push({ entity, id });
    return id;
  }

  private makeApp(): Hono<AppEnv> {
    // A clock that moves one millisecond per reading: every server time is distinct and replayable.
    const start = Date.parse('2026-02-01T08:00:00.000Z');
    return createApp({ store: this.store, scryptCost: SCRYPT_COST, now: () => new Date(start + this.tick++) });
  }

  /** Close the database and open it again from its file, with a new app: a process restart. */
  async restart(): Promise<void> {
    await this.inner.close();
    this.inner = openSqliteStore(this.path);
    this.app = this.makeApp();
    this.stats.restarts += 1;
  }

  async dispose(): Promise<void> {
    for (const d of this.devices) dbPool.push(d.db);
    await this.inner.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private wrapStore(): Store {
    return {
      withTransaction: async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
        const committed: StoredMutation[] = [];
        let writes = 0;
        const limit = this.crashAfter;
        const write = () => {
          if (limit !== undefined && writes >= limit) {
            this.stats.rolledBack += 1;
            throw new SimulatedCrash();
          }
          writes += 1;
        };
        const result = await this.inner.withTransaction((tx) => {
          // Every call goes to the real transaction; writes are counted (and may crash) first.
          const wrapped = new Proxy(tx, {
            get(target, prop) {
              if (prop === 'putRecord') {
                return async (record: Parameters<StoreTx['putRecord']>[0]) => {
                  write();
                  return target.putRecord(record);
                };
              }
              if (prop === 'putMutation') {
                return async (m: StoredMutation) => {
                  write();
                  await target.putMutation(m);
                  committed.push(m);
                };
              }
              const value: unknown = Reflect.get(target, prop, target);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          });
          return fn(wrapped);
        });
        // Only now is the transaction committed: log what it applied.
        for (const m of committed) this.logAccepted(m);
        return result;
      },
      close: () => this.inner.close(),
    };
  }

  private logAccepted(m: StoredMutation): void {
    const sent = this.sent.get(m.mutationId);
    const result = pushResultSchema.safeParse(m.result);
    if (!sent || !result.success) {
      this.unexpected.push(`server committed mutation ${m.mutationId} that no device sent, or with a malformed result`);
      return;
    }
    this.accepted.push({ ...sent, userId: m.userId, device: this.clientOf.get(sent.clientId) ?? -1, result: result.data });
  }

  private async logPush(req: Request): Promise<void> {
    const body = (await req.json()) as { clientId?: unknown; mutations?: unknown };
    if (typeof body.clientId !== 'string' || !Array.isArray(body.mutations)) return;
    for (const raw of body.mutations) {
      const m = mutationSchema.safeParse(raw);
      if (m.success && !this.sent.has(m.data.mutationId)) this.sent.set(m.data.mutationId, { clientId: body.clientId, mutation: m.data });
    }
  }

  private async makeDevice(index: number, session: LocalSession, t: Template): Promise<SimDevice> {
    const db = await cleanDb();
    const dev: SimDevice = {
      index,
      db,
      api: undefined as unknown as ApiOptions,
      sync: undefined as unknown as SyncClient,
      clientId: '',
      userId: session.user.id,
      plan: [],
      release: undefined,
      activity: undefined,
      onHeld: undefined,
    };
    const fetchImpl: typeof fetch = async (input, init) => {
      const req = new Request(input, init);
      if (new URL(req.url).pathname === '/api/sync/push') await this.logPush(req.clone());
      const forward = async () => this.app.fetch(req.clone());
      const fault = dev.plan.shift() ?? null;
      if (fault) this.stats.faults += 1;
      switch (fault?.kind) {
        case undefined:
          return forward();
        case 'dropRequest':
          throw new TypeError('Failed to fetch');
        case 'dropResponse':
          await forward();
          throw new TypeError('connection reset');
        case 'duplicate':
          await forward();
          return forward();
        case 'timeout':
          this.inNetwork.push(req.clone());
          throw new TypeError('timeout');
        case 'crash':
          this.crashAfter = fault.afterWrites;
          this.stats.crashes += 1;
          try {
            await forward();
          } finally {
            this.crashAfter = undefined;
            await this.restart();
          }
          throw new TypeError('connection reset');
        case 'holdRequest':
          await this.hold(dev);
          return forward();
        case 'holdResponse': {
          const res = await forward();
          await this.hold(dev);
          return res;
        }
      }
    };
    const base = { baseUrl: 'http://tournee.test', fetch: fetchImpl };
    // What a successful login leaves on the device (see src/app/auth/session.ts), then a first
    // pull of everything the server holds.
    await db.transaction('rw', syncTables(db), async () => {
      await setMeta(db, 'session', session);
      await db.records('staffUser').put(session.user);
      for (const r of t.records) await db.records(r.entity).put(r.record as RecordOf<typeof r.entity>);
      await setMeta(db, 'pullSince', t.since);
    });
    dev.api = { ...base, getToken: async () => session.token };
    dev.sync = new SyncClient(db, dev.api);
    dev.clientId = await getClientId(db);
    this.clientOf.set(dev.clientId, index);
    return dev;
  }

  /** Blocks the device's request until a `release` command; tells the driver it is blocked. */
  private hold(dev: SimDevice): Promise<void> {
    const notify = dev.onHeld;
    if (!notify) return Promise.resolve();
    return new Promise((resolve) => {
      dev.release = resolve;
      notify();
    });
  }

  /** Runs the device's activity until it ends or blocks on a hold. */
  private async drive(dev: SimDevice, kick: () => void): Promise<void> {
    let held!: () => void;
    const blocked = new Promise<'held'>((resolve) => {
      held = () => resolve('held');
    });
    dev.onHeld = held;
    kick();
    const activity = dev.activity;
    if (!activity) return;
    const outcome = await Promise.race([activity.promise.then(() => 'done' as const), blocked]);
    dev.onHeld = undefined;
    if (outcome === 'done') dev.activity = undefined;
  }

  /** Starts a sync of one device (full run, push only or pull only) and drives it. */
  async sync(dev: SimDevice, mode: SyncMode): Promise<void> {
    const tag = `device ${dev.index} ${mode}`;
    const run = async (): Promise<void> => {
      try {
        if (mode === 'full') {
          await dev.sync.syncNow();
          const state = dev.sync.getState();
          if (state.phase === 'error') this.unexpected.push(`${tag}: sync ended in error (${state.error ?? '?'})`);
          if (state.lastRejected > 0) this.unexpected.push(`${tag}: ${state.lastRejected} mutation(s) refused`);
        } else if (mode === 'push') {
          const report = await pushOutbox(dev.db, dev.api, dev.clientId);
          if (report.rejected > 0) this.unexpected.push(`${tag}: ${report.rejected} mutation(s) refused`);
        } else {
          await pullChanges(dev.db, dev.api);
        }
      } catch (e) {
        if (!(e instanceof NetworkError)) this.unexpected.push(`${tag}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    };
    await this.drive(dev, () => {
      dev.activity = { promise: run(), viaClient: mode === 'full' };
    });
  }

  /** Lets a held request (or answer) of the device go on, and drives its sync again. */
  async releaseHold(dev: SimDevice): Promise<void> {
    const release = dev.release;
    if (!release) return;
    dev.release = undefined;
    await this.drive(dev, release);
  }

  /** A request a device gave up on finally reaches the server; nobody reads the answer. */
  async deliver(index: number): Promise<void> {
    const [req] = this.inNetwork.splice(index, 1);
    if (req) await this.app.fetch(req);
  }
}

/**
 * Seeding hashes passwords and login checks them (scrypt): done once, in a template database
 * that each case copies. The sessions are real ones, made by the login route.
 */
interface Template {
  path: string;
  sessions: LocalSession[];
  /** Every record of the territory after seeding, as a pull returns them, and the last seq. */
  records: { entity: EntityName; record: Record<string, unknown> }[];
  since: number;
}
let template: Promise<Template> | undefined;

async function makeTemplate(): Promise<Template> {
  const dir = mkdtempSync(join(tempRoot(), 'tournee-convergence-template-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'template.sqlite');
  const store = openSqliteStore(path);
  await seedIfEmpty(store, fixtures(), SCRYPT_COST);
  const app = createApp({ store, scryptCost: SCRYPT_COST, now: () => new Date('2026-01-31T00:00:00.000Z') });
  const sessions: LocalSession[] = [];
  for (const a of staff) {
    const res = await app.fetch(
      new Request('http://tournee.test/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: a.email, password: a.password }),
      }),
    );
    if (res.status !== 200) throw new Error(`template login of ${a.email}: HTTP ${res.status}`);
    sessions.push((await res.json()) as LocalSession);
  }
  const stored = await store.withTransaction((tx) => tx.listChanges(0, 1000, [TERRITORY]));
  await store.close();
  const records = stored.map((r) => ({ entity: r.entity, record: toFullRecord(r) }));
  return { path, sessions, records, since: Math.max(...stored.map((r) => r.seq)) };
}

/** Opening and deleting a fake-indexeddb database is slow: devices reuse emptied ones. */
const dbPool: TourneeDB[] = [];

async function cleanDb(): Promise<TourneeDB> {
  const db = dbPool.pop() ?? new TourneeDB(`convergence-${crypto.randomUUID()}`);
  await db.open();
  // Straight through IndexedDB: one transaction clearing every store is much faster than Dexie's.
  const idb = db.backendDB();
  const names = [...idb.objectStoreNames];
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction(names, 'readwrite');
    for (const name of names) tx.objectStore(name).clear();
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('clear failed'));
  });
  return db;
}

/** A RAM-backed folder when there is one: the database is a real file, restarts reopen it, but fast. */
function tempRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}
