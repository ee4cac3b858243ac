import Database from 'better-sqlite3';
import type { EntityName } from '../../domain/registry';
import { emailKey, rowMapping, type TableRows } from './rows';
import type { AuditEvent, AuditEventWrite, AuditQuery, Credential, RecordWrite, RevokeReason, Session, Store, StoreTx, StoredFile, StoredMutation } from './store';

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
CREATE TABLE IF NOT EXISTS audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  action TEXT NOT NULL,
  at TEXT NOT NULL,
  claimed_at TEXT,
  actor_id TEXT,
  actor_email TEXT,
  target_user_id TEXT,
  family_id TEXT,
  territory_ids TEXT NOT NULL,
  address TEXT,
  device_name TEXT,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_at ON audit_events (at);
`;

/** Session columns added after the first release, added to older databases on open. */
const sessionColumns = ['device_name', 'last_seen_at', 'revoked_at', 'revoked_reason'] as const;

/** SQLite's column types: JSON kept as TEXT, booleans as 0/1, integers as numbers. */
interface SqliteColumns {
  seq: number;
  json: string;
  bool: number;
  ids: string;
}

const mapper = rowMapping<SqliteColumns>({
  seq: (n) => n,
  json: (text) => JSON.parse(text),
  bool: (n) => n !== 0,
  // A JSON array of ids in a TEXT column.
  ids: (text) => {
    const ids: unknown = JSON.parse(text);
    return Array.isArray(ids) ? ids.map(String) : [];
  },
  boolParam: (value) => (value ? 1 : 0),
  idsParam: (ids) => JSON.stringify(ids),
});

type Row = TableRows<SqliteColumns>;

/** Opens (and creates if needed) a SQLite store at `path`, or an in-memory one for ':memory:'. */
export function openSqliteStore(path: string): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(schema);
  const present = new Set(db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('sessions')").all().map((c) => c.name));
  for (const column of sessionColumns) if (!present.has(column)) db.exec(`ALTER TABLE sessions ADD COLUMN ${column} TEXT`);

  const q = {
    getRecord: db.prepare<[string, string], Row['record']>('SELECT * FROM records WHERE entity = ? AND id = ?'),
    nextSeq: db.prepare<[], { value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value"),
    putRecord: db.prepare<[string, string, number, string, string, string, string, number]>(
      `INSERT INTO records (entity, id, version, updated_at, territory_id, data, fields, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity, id) DO UPDATE SET version = excluded.version, seq = excluded.seq,
         updated_at = excluded.updated_at, territory_id = excluded.territory_id,
         data = excluded.data, fields = excluded.fields`,
    ),
    listChanges: db.prepare<[number, string, number], Row['record']>(
      `SELECT * FROM records WHERE seq > ? AND territory_id IN (SELECT value FROM json_each(?))
       ORDER BY seq LIMIT ?`,
    ),
    countRecords: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM records'),
    listRecords: db.prepare<[string, string], Row['record']>('SELECT * FROM records WHERE entity = ? AND territory_id = ?'),
    listAllRecords: db.prepare<[string], Row['record']>('SELECT * FROM records WHERE entity = ?'),
    getMutation: db.prepare<[string], Row['mutation']>('SELECT * FROM mutations WHERE mutation_id = ?'),
    putMutation: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO mutations (mutation_id, user_id, hash, result, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getCredentialByEmail: db.prepare<[string], Row['credential']>('SELECT * FROM credentials WHERE email = ?'),
    putCredential: db.prepare<[string, string, string]>(
      `INSERT INTO credentials (user_id, email, password_hash) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, password_hash = excluded.password_hash`,
    ),
    getSession: db.prepare<[string], Row['session']>('SELECT * FROM sessions WHERE token_hash = ?'),
    getFile: db.prepare<[string], Row['file']>('SELECT * FROM files WHERE key = ?'),
    putFile: db.prepare<[string, Buffer, string, string, string]>(
      `INSERT INTO files (key, bytes, sha256, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET bytes = excluded.bytes, sha256 = excluded.sha256, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    putSession: db.prepare<[string, string, string, string, number, string | null, string | null, string | null, string | null]>(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked, device_name, last_seen_at, revoked_at, revoked_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    revokeSession: db.prepare<[string | null, string, string]>(
      'UPDATE sessions SET revoked = 1, revoked_at = COALESCE(revoked_at, ?), revoked_reason = COALESCE(revoked_reason, ?) WHERE token_hash = ?',
    ),
    listSessions: db.prepare<[string], Row['session']>('SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC, token_hash'),
    touchSession: db.prepare<[string, string]>('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
    putAuditEvent: db.prepare<[string, string, string, string | null, string | null, string | null, string | null, string | null, string, string | null, string | null, string]>(
      `INSERT INTO audit_events (id, action, at, claimed_at, actor_id, actor_email, target_user_id, family_id, territory_ids, address, device_name, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
  };

  function listAuditEvents(query: AuditQuery): AuditEvent[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.territoryIds) {
      where.push(`(territory_ids = '[]' OR EXISTS (SELECT 1 FROM json_each(audit_events.territory_ids) a WHERE a.value IN (SELECT value FROM json_each(?))))`);
      params.push(JSON.stringify(query.territoryIds));
    }
    if (query.actions) {
      where.push('action IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(query.actions));
    }
    if (query.userId !== undefined) {
      where.push('(actor_id = ? OR target_user_id = ?)');
      params.push(query.userId, query.userId);
    }
    if (query.familyId !== undefined) {
      where.push('family_id = ?');
      params.push(query.familyId);
    }
    if (query.from !== undefined) {
      where.push('at >= ?');
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push('at <= ?');
      params.push(query.to);
    }
    if (query.before !== undefined) {
      where.push('seq < ?');
      params.push(query.before);
    }
    params.push(query.limit);
    const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return db.prepare<Array<string | number>, Row['audit']>(sql).all(...params).map(mapper.toAuditEvent);
  }

  function makeTx(isActive: () => boolean): StoreTx {
    const check = () => {
      if (!isActive()) throw new Error('transaction is no longer active');
    };
    return {
      async getRecord(entity: EntityName, id: string) {
        check();
        const row = q.getRecord.get(entity, id);
        return row ? mapper.toRecord(row) : undefined;
      },
      async putRecord(record: RecordWrite) {
        check();
        const params = mapper.recordParams(record);
        const next = q.nextSeq.get();
        if (!next) throw new Error('sequence counter missing');
        q.putRecord.run(...params, next.value);
        return { ...record, seq: next.value };
      },
      async listChanges(since: number, limit: number, territoryIds: readonly string[]) {
        check();
        return q.listChanges.all(since, JSON.stringify(territoryIds), limit).map(mapper.toRecord);
      },
      async countRecords() {
        check();
        return q.countRecords.get()?.n ?? 0;
      },
      async listRecords(entity: EntityName, territoryId: string) {
        check();
        return q.listRecords.all(entity, territoryId).map(mapper.toRecord);
      },
      async listAllRecords(entity: EntityName) {
        check();
        return q.listAllRecords.all(entity).map(mapper.toRecord);
      },
      async getMutation(mutationId: string) {
        check();
        const row = q.getMutation.get(mutationId);
        return row ? mapper.toMutation(row) : undefined;
      },
      async putMutation(m: StoredMutation) {
        check();
        q.putMutation.run(...mapper.mutationParams(m));
      },
      async getCredentialByEmail(email: string) {
        check();
        const row = q.getCredentialByEmail.get(emailKey(email));
        return row ? mapper.toCredential(row) : undefined;
      },
      async putCredential(c: Credential) {
        check();
        q.putCredential.run(...mapper.credentialParams(c));
      },
      async getFile(key: string) {
        check();
        const row = q.getFile.get(key);
        return row ? mapper.toFile(row) : undefined;
      },
      async putFile(file: StoredFile) {
        check();
        q.putFile.run(...mapper.fileParams(file));
      },
      async getSession(tokenHash: string) {
        check();
        const row = q.getSession.get(tokenHash);
        return row ? mapper.toSession(row) : undefined;
      },
      async putSession(s: Session) {
        check();
        q.putSession.run(...mapper.sessionParams(s));
      },
      async revokeSession(tokenHash: string, how?: { reason: RevokeReason; at: string }) {
        check();
        q.revokeSession.run(how?.at ?? null, how?.reason ?? 'logout', tokenHash);
      },
      async listSessions(userId: string) {
        check();
        return q.listSessions.all(userId).map(mapper.toSession);
      },
      async touchSession(tokenHash: string, at: string) {
        check();
        q.touchSession.run(at, tokenHash);
      },
      async putAuditEvent(e: AuditEventWrite) {
        check();
        const info = q.putAuditEvent.run(...mapper.auditEventParams(e));
        return info.changes === 1;
      },
      async listAuditEvents(query: AuditQuery) {
        check();
        return listAuditEvents(query);
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
