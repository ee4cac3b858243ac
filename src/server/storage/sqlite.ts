import Database from 'better-sqlite3';
import { isEntityName, type EntityName } from '../../domain/registry';
import type { FieldMeta } from '../../domain/sync/merge';
import type { Credential, JsonObject, RecordWrite, Session, Store, StoreTx, StoredFile, StoredMutation, StoredRecord } from './store';

const schema = `
CREATE TABLE IF NOT EXISTS records (
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE,
  updated_at TEXT NOT NULL,
  territory_id TEXT NOT NULL,
  data TEXT NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (entity, id)
);
CREATE INDEX IF NOT EXISTS records_territory_seq ON records (territory_id, seq);
CREATE INDEX IF NOT EXISTS records_entity_territory ON records (entity, territory_id);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counters (name, value) VALUES ('seq', 0);
CREATE TABLE IF NOT EXISTS mutations (
  mutation_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  result TEXT NOT NULL,
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
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
CREATE TABLE IF NOT EXISTS files (
  key TEXT PRIMARY KEY,
  bytes BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
`;

interface FileRow {
  key: string;
  bytes: Buffer;
  sha256: string;
  updated_at: string;
  updated_by: string;
}

interface RecordRow {
  entity: string;
  id: string;
  version: number;
  seq: number;
  updated_at: string;
  data: string;
  fields: string;
}

interface MutationRow {
  mutation_id: string;
  user_id: string;
  hash: string;
  result: string;
  created_at: string;
}

interface CredentialRow {
  user_id: string;
  email: string;
  password_hash: string;
}

interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked: number;
}

function parseObject(json: string, what: string): JsonObject {
  const value: unknown = JSON.parse(json);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`stored ${what} is not a JSON object`);
  }
  return value as JsonObject;
}

function toRecord(row: RecordRow): StoredRecord {
  if (!isEntityName(row.entity)) throw new Error(`stored record has unknown entity ${row.entity}`);
  return {
    entity: row.entity,
    id: row.id,
    version: row.version,
    seq: row.seq,
    updatedAt: row.updated_at,
    data: parseObject(row.data, 'record data'),
    fields: parseObject(row.fields, 'field metadata') as Record<string, FieldMeta>,
  };
}

/** Opens (and creates if needed) a SQLite store at `path`, or an in-memory one for ':memory:'. */
export function openSqliteStore(path: string): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(schema);

  const q = {
    getRecord: db.prepare<[string, string], RecordRow>('SELECT * FROM records WHERE entity = ? AND id = ?'),
    nextSeq: db.prepare<[], { value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value"),
    putRecord: db.prepare<[string, string, number, number, string, string, string, string]>(
      `INSERT INTO records (entity, id, version, seq, updated_at, territory_id, data, fields)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity, id) DO UPDATE SET version = excluded.version, seq = excluded.seq,
         updated_at = excluded.updated_at, territory_id = excluded.territory_id,
         data = excluded.data, fields = excluded.fields`,
    ),
    listChanges: db.prepare<[number, string, number], RecordRow>(
      `SELECT * FROM records WHERE seq > ? AND territory_id IN (SELECT value FROM json_each(?))
       ORDER BY seq LIMIT ?`,
    ),
    countRecords: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM records'),
    listRecords: db.prepare<[string, string], RecordRow>('SELECT * FROM records WHERE entity = ? AND territory_id = ?'),
    listAllRecords: db.prepare<[string], RecordRow>('SELECT * FROM records WHERE entity = ?'),
    getMutation: db.prepare<[string], MutationRow>('SELECT * FROM mutations WHERE mutation_id = ?'),
    putMutation: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO mutations (mutation_id, user_id, hash, result, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getCredentialByEmail: db.prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE email = ?'),
    putCredential: db.prepare<[string, string, string]>(
      `INSERT INTO credentials (user_id, email, password_hash) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, password_hash = excluded.password_hash`,
    ),
    getSession: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    getFile: db.prepare<[string], FileRow>('SELECT * FROM files WHERE key = ?'),
    putFile: db.prepare<[string, Buffer, string, string, string]>(
      `INSERT INTO files (key, bytes, sha256, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET bytes = excluded.bytes, sha256 = excluded.sha256, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    putSession: db.prepare<[string, string, string, string, number]>(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked) VALUES (?, ?, ?, ?, ?)',
    ),
    revokeSession: db.prepare<[string]>('UPDATE sessions SET revoked = 1 WHERE token_hash = ?'),
  };

  function makeTx(isActive: () => boolean): StoreTx {
    const check = () => {
      if (!isActive()) throw new Error('transaction is no longer active');
    };
    return {
      async getRecord(entity: EntityName, id: string) {
        check();
        const row = q.getRecord.get(entity, id);
        return row ? toRecord(row) : undefined;
      },
      async putRecord(record: RecordWrite) {
        check();
        const territoryId = record.data.territoryId;
        if (typeof territoryId !== 'string') throw new Error(`record ${record.entity}/${record.id} has no territoryId`);
        const next = q.nextSeq.get();
        if (!next) throw new Error('sequence counter missing');
        q.putRecord.run(
          record.entity,
          record.id,
          record.version,
          next.value,
          record.updatedAt,
          territoryId,
          JSON.stringify(record.data),
          JSON.stringify(record.fields),
        );
        return { ...record, seq: next.value };
      },
      async listChanges(since: number, limit: number, territoryIds: readonly string[]) {
        check();
        return q.listChanges.all(since, JSON.stringify(territoryIds), limit).map(toRecord);
      },
      async countRecords() {
        check();
        return q.countRecords.get()?.n ?? 0;
      },
      async listRecords(entity: EntityName, territoryId: string) {
        check();
        return q.listRecords.all(entity, territoryId).map(toRecord);
      },
      async listAllRecords(entity: EntityName) {
        check();
        return q.listAllRecords.all(entity).map(toRecord);
      },
      async getMutation(mutationId: string) {
        check();
        const row = q.getMutation.get(mutationId);
        if (!row) return undefined;
        const stored: StoredMutation = {
          mutationId: row.mutation_id,
          userId: row.user_id,
          hash: row.hash,
          result: parseObject(row.result, 'mutation result'),
          createdAt: row.created_at,
        };
        return stored;
      },
      async putMutation(m: StoredMutation) {
        check();
        q.putMutation.run(m.mutationId, m.userId, m.hash, JSON.stringify(m.result), m.createdAt);
      },
      async getCredentialByEmail(email: string) {
        check();
        const row = q.getCredentialByEmail.get(email.trim().toLowerCase());
        if (!row) return undefined;
        const credential: Credential = { userId: row.user_id, email: row.email, passwordHash: row.password_hash };
        return credential;
      },
      async putCredential(c: Credential) {
        check();
        q.putCredential.run(c.userId, c.email.trim().toLowerCase(), c.passwordHash);
      },
      async getFile(key: string) {
        check();
        const row = q.getFile.get(key);
        if (!row) return undefined;
        const file: StoredFile = { key: row.key, bytes: new Uint8Array(row.bytes), sha256: row.sha256, updatedAt: row.updated_at, updatedBy: row.updated_by };
        return file;
      },
      async putFile(file: StoredFile) {
        check();
        q.putFile.run(file.key, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), file.sha256, file.updatedAt, file.updatedBy);
      },
      async getSession(tokenHash: string) {
        check();
        const row = q.getSession.get(tokenHash);
        if (!row) return undefined;
        const session: Session = {
          tokenHash: row.token_hash,
          userId: row.user_id,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          revoked: row.revoked !== 0,
        };
        return session;
      },
      async putSession(s: Session) {
        check();
        q.putSession.run(s.tokenHash, s.userId, s.createdAt, s.expiresAt, s.revoked ? 1 : 0);
      },
      async revokeSession(tokenHash: string) {
        check();
        q.revokeSession.run(tokenHash);
      },
    };
  }

  // better-sqlite3 has one connection: async callers take turns so their BEGIN…COMMIT never overlap.
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  return {
    withTransaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        if (closed) throw new Error('store is closed');
        let active = true;
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(makeTx(() => active));
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        } finally {
          active = false;
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      if (!closed) {
        closed = true;
        db.close();
      }
    },
  };
}
