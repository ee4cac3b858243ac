/**
 * PostgreSQL storage (node-postgres), for several server instances sharing one database.
 *
 * Same tables and meaning as sqlite.ts. SQLite gets its guarantees from a single writer; here
 * several processes write at once, so record writes take a global lock: the row of the `seq`
 * counter, locked (`FOR UPDATE`) until the transaction ends.
 *
 * - Sequence numbers commit in order: a writer holds seq N until it commits, and the next writer
 *   can only take N+1 after that, so a pull (one statement, one snapshot) never sees N+1 without N.
 * - No lost update: a transaction takes the lock before it reads anything it may write from
 *   (mutation ids, lists and counts of records) and before its first write; a record read with
 *   `getRecord` earlier (the user's rights, at the start of a push) is checked again once the lock
 *   is held. If it changed meanwhile, the transaction is rolled back and run once more, with the
 *   lock taken at BEGIN. So `fn` may run twice: it must act only through `tx`, as every caller does.
 * - A replayed mutation sent to two instances at once: the second waits for the lock, then finds
 *   the first one's mutation id and answers with its stored result.
 *
 * The trade-off: writes to records are serialized across all instances, as with SQLite; reads
 * (authentication, pulls) and session writes do not take the lock and never wait for writers.
 * That suits a CAF network (many pulls, small pushes); write throughput is that of one lock holder.
 */
import pg from 'pg';
import type { EntityName } from '../../domain/registry';
import { emailKey, rowMapping, type TableRows } from './rows';
import type { AuditEventWrite, AuditQuery, Credential, RecordWrite, RevokeReason, Session, Store, StoreTx, StoredFile, StoredMutation } from './store';

const schema = `
CREATE TABLE IF NOT EXISTS records (
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  seq BIGINT NOT NULL UNIQUE,
  updated_at TEXT NOT NULL,
  territory_id TEXT NOT NULL,
  data JSONB NOT NULL,
  fields JSONB NOT NULL,
  PRIMARY KEY (entity, id)
);
CREATE INDEX IF NOT EXISTS records_territory_seq ON records (territory_id, seq);
CREATE INDEX IF NOT EXISTS records_entity_territory ON records (entity, territory_id);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO counters (name, value) VALUES ('seq', 0) ON CONFLICT (name) DO NOTHING;
CREATE TABLE IF NOT EXISTS mutations (
  mutation_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  result JSONB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS credentials (
  user_id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
CREATE TABLE IF NOT EXISTS files (
  key TEXT PRIMARY KEY,
  bytes BYTEA NOT NULL,
  sha256 TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS device_name TEXT;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS last_seen_at TEXT;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS revoked_at TEXT;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS revoked_reason TEXT;
CREATE TABLE IF NOT EXISTS audit_events (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  action TEXT NOT NULL,
  at TEXT NOT NULL,
  claimed_at TEXT,
  actor_id TEXT,
  actor_email TEXT,
  target_user_id TEXT,
  family_id TEXT,
  territory_ids TEXT[] NOT NULL,
  address TEXT,
  device_name TEXT,
  detail JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_at ON audit_events (at);
`;

/** Advisory lock key held while creating the tables: instances starting together take turns. */
const SCHEMA_LOCK = 0x546f7572; // "Tour"

function toSeq(value: string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`sequence number out of range: ${value}`);
  return n;
}

/** PostgreSQL's column types as node-postgres returns them: BIGINT as a string, JSONB parsed, real booleans and arrays. */
interface PostgresColumns {
  seq: string;
  json: unknown;
  bool: boolean;
  ids: string[];
}

const mapper = rowMapping<PostgresColumns>({
  seq: toSeq,
  json: (value) => value,
  bool: (value) => value,
  ids: (ids) => ids,
  boolParam: (value) => value,
  idsParam: (ids) => ids,
});

type Row = TableRows<PostgresColumns>;

/** A record read before the lock changed before the lock was taken: run the transaction again. */
class StaleRead extends Error {
  constructor() {
    super('a record read before the write lock changed meanwhile');
  }
}

export interface PostgresStoreOptions {
  /** Connections per instance (default 10). */
  max?: number;
  /** Idle connections are closed after this many milliseconds (default 10 s). */
  idleTimeoutMillis?: number;
}

/**
 * Opens a PostgreSQL store, creating the tables if needed. The URL may choose a schema with
 * `?options=-c%20search_path%3Dname` (the schema must exist).
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 10_000,
    // An unreachable database fails the request instead of leaving it waiting forever.
    connectionTimeoutMillis: 10_000,
    application_name: 'tournee',
  });
  // An idle connection dropped by the server must not crash the process: the pool replaces it.
  pool.on('error', (err) => console.error(`PostgreSQL : connexion perdue (${err.message})`));

  try {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query(schema);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end();
    throw err;
  }

  async function attempt<T>(fn: (tx: StoreTx) => Promise<T>, lockAtBegin: boolean): Promise<T> {
    const client = await pool.connect();
    let active = true;
    let broken: Error | undefined;
    // Records read before the lock, with the seq seen (null: absent), checked again under the lock.
    const readsBeforeLock = new Map<string, { entity: string; id: string; seq: number | null }>();
    let unverifiableRead = false;
    let locked: Promise<void> | undefined;
    // Set when the lock found a stale read: the transaction must not commit even if fn went on.
    let stale = false;

    const check = () => {
      if (!active) throw new Error('transaction is no longer active');
    };
    const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
      check();
      return (await client.query<R>(text, values)).rows;
    };

    const takeLock = async (): Promise<void> => {
      await query("SELECT value FROM counters WHERE name = 'seq' FOR UPDATE");
      // A list read before the lock cannot be checked cheaply: treat it as stale.
      stale = unverifiableRead;
      if (!stale && readsBeforeLock.size > 0) {
        const seen = [...readsBeforeLock.values()];
        const rows = await query<{ entity: string; id: string; seq: string }>(
          `SELECT r.entity, r.id, r.seq FROM records r
           JOIN unnest($1::text[], $2::text[]) AS k(entity, id) ON r.entity = k.entity AND r.id = k.id`,
          [seen.map((r) => r.entity), seen.map((r) => r.id)],
        );
        const current = new Map(rows.map((r) => [`${r.entity}/${r.id}`, toSeq(r.seq)]));
        stale = seen.some((r) => (current.get(`${r.entity}/${r.id}`) ?? null) !== r.seq);
      }
      if (stale) throw new StaleRead();
    };
    // One lock per transaction, even when tx calls run concurrently.
    const lock = (): Promise<void> => (locked ??= takeLock());

    const tx: StoreTx = {
      async getRecord(entity: EntityName, id: string) {
        // Decided before the query: a read sent before the lock query is not covered by it.
        const beforeLock = !locked;
        const rows = await query<Row['record']>('SELECT * FROM records WHERE entity = $1 AND id = $2', [entity, id]);
        const row = rows[0];
        const record = row ? mapper.toRecord(row) : undefined;
        if (beforeLock) readsBeforeLock.set(`${entity}/${id}`, { entity, id, seq: record?.seq ?? null });
        return record;
      },
      async putRecord(record: RecordWrite) {
        check();
        const params = mapper.recordParams(record);
        await lock();
        const rows = await query<{ seq: string }>(
          `WITH next AS (UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value)
           INSERT INTO records (entity, id, version, seq, updated_at, territory_id, data, fields)
           SELECT $1, $2, $3, next.value, $4, $5, $6::jsonb, $7::jsonb FROM next
           ON CONFLICT (entity, id) DO UPDATE SET version = excluded.version, seq = excluded.seq,
             updated_at = excluded.updated_at, territory_id = excluded.territory_id,
             data = excluded.data, fields = excluded.fields
           RETURNING seq`,
          params,
        );
        const row = rows[0];
        if (!row) throw new Error('sequence counter missing');
        return { ...record, seq: toSeq(row.seq) };
      },
      async listChanges(since: number, limit: number, territoryIds: readonly string[]) {
        if (!locked) unverifiableRead = true;
        const rows = await query<Row['record']>(
          'SELECT * FROM records WHERE seq > $1 AND territory_id = ANY($2::text[]) ORDER BY seq LIMIT $3',
          [since, [...territoryIds], limit],
        );
        return rows.map(mapper.toRecord);
      },
      async countRecords() {
        check();
        await lock();
        const rows = await query<{ n: string }>('SELECT COUNT(*) AS n FROM records');
        return Number(rows[0]?.n ?? 0);
      },
      async listRecords(entity: EntityName, territoryId: string) {
        check();
        await lock();
        const rows = await query<Row['record']>('SELECT * FROM records WHERE entity = $1 AND territory_id = $2', [entity, territoryId]);
        return rows.map(mapper.toRecord);
      },
      async listAllRecords(entity: EntityName) {
        check();
        await lock();
        const rows = await query<Row['record']>('SELECT * FROM records WHERE entity = $1', [entity]);
        return rows.map(mapper.toRecord);
      },
      async getMutation(mutationId: string) {
        check();
        await lock();
        const rows = await query<Row['mutation']>('SELECT * FROM mutations WHERE mutation_id = $1', [mutationId]);
        const row = rows[0];
        return row ? mapper.toMutation(row) : undefined;
      },
      async putMutation(m: StoredMutation) {
        check();
        await lock();
        await query('INSERT INTO mutations (mutation_id, user_id, hash, result, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)', mapper.mutationParams(m));
      },
      async getCredentialByEmail(email: string) {
        const rows = await query<Row['credential']>('SELECT * FROM credentials WHERE email = $1', [emailKey(email)]);
        const row = rows[0];
        return row ? mapper.toCredential(row) : undefined;
      },
      async putCredential(c: Credential) {
        check();
        // Only seeding writes credentials, together with records: same lock, same order.
        await lock();
        await query(
          `INSERT INTO credentials (user_id, email, password_hash) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, password_hash = excluded.password_hash`,
          mapper.credentialParams(c),
        );
      },
      async getFile(key: string) {
        check();
        const rows = await query<Row['file']>('SELECT * FROM files WHERE key = $1', [key]);
        const row = rows[0];
        return row ? mapper.toFile(row) : undefined;
      },
      async putFile(file: StoredFile) {
        check();
        await lock();
        await query(
          `INSERT INTO files (key, bytes, sha256, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (key) DO UPDATE SET bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
          mapper.fileParams(file),
        );
      },
      async getSession(tokenHash: string) {
        const rows = await query<Row['session']>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]);
        const row = rows[0];
        return row ? mapper.toSession(row) : undefined;
      },
      // Sessions have no sequence number and are never read-modify-written: no lock.
      async putSession(s: Session) {
        await query(
          `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked, device_name, last_seen_at, revoked_at, revoked_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          mapper.sessionParams(s),
        );
      },
      async revokeSession(tokenHash: string, how?: { reason: RevokeReason; at: string }) {
        await query(
          'UPDATE sessions SET revoked = TRUE, revoked_at = COALESCE(revoked_at, $1), revoked_reason = COALESCE(revoked_reason, $2) WHERE token_hash = $3',
          [how?.at ?? null, how?.reason ?? 'logout', tokenHash],
        );
      },
      async listSessions(userId: string) {
        const rows = await query<Row['session']>('SELECT * FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, token_hash', [userId]);
        return rows.map(mapper.toSession);
      },
      async touchSession(tokenHash: string, at: string) {
        await query('UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2', [at, tokenHash]);
      },
      // The log has its own sequence and is append-only: no record lock.
      async putAuditEvent(e: AuditEventWrite) {
        const rows = await query<{ seq: string }>(
          `INSERT INTO audit_events (id, action, at, claimed_at, actor_id, actor_email, target_user_id, family_id, territory_ids, address, device_name, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10, $11, $12::jsonb) ON CONFLICT (id) DO NOTHING RETURNING seq`,
          mapper.auditEventParams(e),
        );
        return rows.length === 1;
      },
      async listAuditEvents(q: AuditQuery) {
        const where: string[] = [];
        const values: unknown[] = [];
        const param = (v: unknown) => {
          values.push(v);
          return `$${values.length}`;
        };
        if (q.territoryIds) where.push(`(cardinality(territory_ids) = 0 OR territory_ids && ${param([...q.territoryIds])}::text[])`);
        if (q.actions) where.push(`action = ANY(${param([...q.actions])}::text[])`);
        if (q.userId !== undefined) {
          const p = param(q.userId);
          where.push(`(actor_id = ${p} OR target_user_id = ${p})`);
        }
        if (q.familyId !== undefined) where.push(`family_id = ${param(q.familyId)}`);
        if (q.from !== undefined) where.push(`at >= ${param(q.from)}`);
        if (q.to !== undefined) where.push(`at <= ${param(q.to)}`);
        if (q.before !== undefined) where.push(`seq < ${param(q.before)}`);
        const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${param(q.limit)}`;
        return (await query<Row['audit']>(sql, values)).map(mapper.toAuditEvent);
      },
    };

    try {
      // READ COMMITTED: each statement sees what committed before it, which the lock relies on.
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      if (lockAtBegin) await lock();
      const result = await fn(tx);
      if (stale) throw new StaleRead();
      active = false;
      await client.query('COMMIT');
      return result;
    } catch (err) {
      active = false;
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is in an unknown state: drop it instead of returning it to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw err;
    } finally {
      active = false;
      client.release(broken);
    }
  }

  let closed = false;
  return {
    async withTransaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (closed) throw new Error('store is closed');
      try {
        return await attempt(fn, false);
      } catch (err) {
        if (!(err instanceof StaleRead)) throw err;
        return attempt(fn, true);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Waits for the connections in use to be released.
      await pool.end();
    },
  };
}
