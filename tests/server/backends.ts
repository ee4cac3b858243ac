/**
 * The storage backend the server and sync tests run on. SQLite in memory by default;
 * `TEST_BACKEND=postgres` runs the same tests on PostgreSQL, in the database named by
 * DATABASE_URL (`bash scripts/postgres.sh` provides a throwaway one). `scripts/test.sh` runs the
 * suite once per backend.
 *
 * On PostgreSQL every store has a schema of its own, emptied between tests and dropped after the
 * test file, so tests never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, onTestFinished } from 'vitest';
import { openPostgresStore } from '../../src/server/storage/postgres';
import { openSqliteStore } from '../../src/server/storage/sqlite';
import type { Store, StoreTx } from '../../src/server/storage/store';

export type Backend = 'sqlite' | 'postgres';

function chooseBackend(): Backend {
  const name = process.env.TEST_BACKEND ?? 'sqlite';
  if (name === 'sqlite') return 'sqlite';
  if (name !== 'postgres') throw new Error(`TEST_BACKEND must be sqlite or postgres, not ${name}`);
  // Fail loudly: a PostgreSQL run that quietly used SQLite would prove nothing.
  if (!process.env.DATABASE_URL) throw new Error('TEST_BACKEND=postgres needs DATABASE_URL (see scripts/postgres.sh)');
  return 'postgres';
}

export const backend: Backend = chooseBackend();

let admin: pg.Pool | undefined;
const schemas = new Set<string>();
/** PostgreSQL stores of this test file, each in its own schema; `free` ones are empty, ready again. */
interface PgEntry {
  schema: string;
  store: Store;
}
const free: PgEntry[] = [];
const all = new Set<PgEntry>();

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  return admin;
}

/** A connection URL whose search_path is `schema`. */
export function schemaUrl(schema: string): string {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function newSchema(): Promise<string> {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  await adminPool().query(`CREATE SCHEMA ${schema}`);
  schemas.add(schema);
  return schema;
}

/** Creates an empty PostgreSQL schema, dropped after the test file at the latest. */
export async function createTestSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = await newSchema();
  return {
    url: schemaUrl(schema),
    async drop() {
      if (!schemas.delete(schema)) return;
      await adminPool().query(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

async function dropEntry(entry: PgEntry): Promise<void> {
  all.delete(entry);
  await entry.store.close();
  if (schemas.delete(entry.schema)) await adminPool().query(`DROP SCHEMA ${entry.schema} CASCADE`);
}

/** Empties a store's tables so the next test can use it: much faster than a new schema. */
async function recycle(entry: PgEntry): Promise<void> {
  try {
    const { rows } = await adminPool().query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'counters'",
      [entry.schema],
    );
    const tables = rows.map((r) => `${entry.schema}.${r.tablename}`).join(', ');
    await adminPool().query(`SET lock_timeout = '2s'; TRUNCATE ${tables}; UPDATE ${entry.schema}.counters SET value = 0; RESET lock_timeout`);
    free.push(entry);
  } catch {
    // Still in use by something the test left running: start afresh instead.
    await dropEntry(entry).catch(() => undefined);
  }
}

async function openPg(): Promise<PgEntry> {
  const reused = free.pop();
  if (reused) return reused;
  const schema = await newSchema();
  // Tests open many stores: few connections each, closed soon when idle.
  const entry = { schema, store: await openPostgresStore(schemaUrl(schema), { max: 4, idleTimeoutMillis: 1000 }) };
  all.add(entry);
  return entry;
}

/**
 * An empty store on the chosen backend. On PostgreSQL it is emptied for another test when the
 * test that opened it ends (or the file, for a store opened in beforeAll) or when it is closed;
 * using it after that fails like a closed store.
 */
export async function openTestStore(): Promise<Store> {
  if (backend === 'sqlite') return openSqliteStore(':memory:');
  const entry = await openPg();
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await recycle(entry);
  };
  const store: Store = {
    withTransaction<T>(fn: (tx: StoreTx) => Promise<T>) {
      if (released) return Promise.reject(new Error('store is closed'));
      return entry.store.withTransaction(fn);
    },
    close: release,
  };
  try {
    onTestFinished(release);
  } catch {
    // Opened outside a test (beforeAll): the schema is dropped after the file.
  }
  return store;
}

afterAll(async () => {
  await Promise.all([...all].map(dropEntry));
  free.length = 0;
  if (!admin) return;
  await Promise.all([...schemas].map((s) => admin?.query(`DROP SCHEMA ${s} CASCADE`)));
  schemas.clear();
  await admin.end();
  admin = undefined;
});
