import Database from 'better-sqlite3';
import { isEntityName, type EntityName } from '../../domain/registry';
import type { FieldMeta } from '../../domain/sync/merge';
import type { AuditEvent, AuditEventWrite, AuditQuery, Credential, JsonObject, RecordWrite, RevokeReason, Session, Store, StoreTx, StoredFile, StoredMutation, StoredRecord } from './store';

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

interface AuditRow {
  seq: number;
  id: string;
  action: string;
  at: string;
  claimed_at: string | null;
  actor_id: string | null;
  actor_email: string | null;
  target_user_id: string | null;
  family_id: string | null;
  territory_ids: string;
  address: string | null;
  device_name: string | null;
  detail: string;
}

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
  device_name: string | null;
  last_seen_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}

function toSession(row: SessionRow): Session {
  const session: Session = {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revoked: row.revoked !== 0,
  };
  if (row.device_name !== null) session.deviceName = row.device_name;
  if (row.last_seen_at !== null) session.lastSeenAt = row.last_seen_at;
  if (row.revoked_at !== null) session.revokedAt = row.revoked_at;
  if (row.revoked_reason === 'admin' || row.revoked_reason === 'logout') session.revokedReason = row.revoked_reason;
  return session;
}

function toAuditEvent(row: AuditRow): AuditEvent {
  const territoryIds: unknown = JSON.parse(row.territory_ids);
  const event: AuditEvent = {
    seq: row.seq,
    id: row.id,
    action: row.action,
    at: row.at,
    territoryIds: Array.isArray(territoryIds) ? territoryIds.map(String) : [],
    detail: parseObject(row.detail, 'audit detail'),
  };
  if (row.claimed_at !== null) event.claimedAt = row.claimed_at;
  if (row.actor_id !== null) event.actorId = row.actor_id;
  if (row.actor_email !== null) event.actorEmail = row.actor_email;
  if (row.target_user_id !== null) event.targetUserId = row.target_user_id;
  if (row.family_id !== null) event.familyId = row.family_id;
  if (row.address !== null) event.address = row.address;
  if (row.device_name !== null) event.deviceName = row.device_name;
  return event;
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
  const present = new Set(db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('sessions')").all().map((c) => c.name));
  for (const column of sessionColumns) if (!present.has(column)) db.exec(`ALTER TABLE sessions ADD COLUMN ${column} TEXT`);

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
    putSession: db.prepare<[string, string, string, string, number, string | null, string | null, string | null, string | null]>(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked, device_name, last_seen_at, revoked_at, revoked_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    revokeSession: db.prepare<[string | null, string, string]>(
      'UPDATE sessions SET revoked = 1, revoked_at = COALESCE(revoked_at, ?), revoked_reason = COALESCE(revoked_reason, ?) WHERE token_hash = ?',
    ),
    listSessions: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC, token_hash'),
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
    return db.prepare<Array<string | number>, AuditRow>(sql).all(...params).map(toAuditEvent);
  }

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
        return row ? toSession(row) : undefined;
      },
      async putSession(s: Session) {
        check();
        q.putSession.run(s.tokenHash, s.userId, s.createdAt, s.expiresAt, s.revoked ? 1 : 0, s.deviceName ?? null, s.lastSeenAt ?? null, s.revokedAt ?? null, s.revokedReason ?? null);
      },
      async revokeSession(tokenHash: string, how?: { reason: RevokeReason; at: string }) {
        check();
        q.revokeSession.run(how?.at ?? null, how?.reason ?? 'logout', tokenHash);
      },
      async listSessions(userId: string) {
        check();
        return q.listSessions.all(userId).map(toSession);
      },
      async touchSession(tokenHash: string, at: string) {
        check();
        q.touchSession.run(at, tokenHash);
      },
      async putAuditEvent(e: AuditEventWrite) {
        check();
        const info = q.putAuditEvent.run(
          e.id,
          e.action,
          e.at,
          e.claimedAt ?? null,
          e.actorId ?? null,
          e.actorEmail ?? null,
          e.targetUserId ?? null,
          e.familyId ?? null,
          JSON.stringify(e.territoryIds),
          e.address ?? null,
          e.deviceName ?? null,
          JSON.stringify(e.detail),
        );
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
