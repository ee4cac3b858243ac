/**
 * The tables' rows and their mapping to the store's types, shared by sqlite.ts and postgres.ts.
 * Both backends have the same tables and columns; only a few column types differ, and each
 * backend says how it reads and writes those in a `ColumnCodec`.
 */
import { isEntityName } from '../../domain/registry';
import type { FieldMeta } from '../../domain/sync/merge';
import type { AuditEvent, AuditEventWrite, Credential, JsonObject, RecordWrite, Session, StoredFile, StoredMutation, StoredRecord } from './store';

/** The JavaScript types a driver returns for the columns whose SQL type differs by backend. */
export interface ColumnTypes {
  /** Sequence numbers (records.seq, audit_events.seq). */
  seq: unknown;
  /** JSON objects (records.data and fields, mutations.result, audit_events.detail). */
  json: unknown;
  /** sessions.revoked. */
  bool: unknown;
  /** audit_events.territory_ids. */
  ids: unknown;
}

/** How one backend reads (and writes, where a plain value will not do) those columns. */
export interface ColumnCodec<C extends ColumnTypes> {
  seq(value: C['seq']): number;
  /** The stored JSON value, not yet checked to be an object. */
  json(value: C['json']): unknown;
  bool(value: C['bool']): boolean;
  ids(value: C['ids']): string[];
  boolParam(value: boolean): C['bool'];
  idsParam(ids: string[]): C['ids'];
}

export interface RecordRow<C extends ColumnTypes> {
  entity: string;
  id: string;
  version: number;
  seq: C['seq'];
  updated_at: string;
  data: C['json'];
  fields: C['json'];
}

export interface MutationRow<C extends ColumnTypes> {
  mutation_id: string;
  user_id: string;
  hash: string;
  result: C['json'];
  created_at: string;
}

export interface CredentialRow {
  user_id: string;
  email: string;
  password_hash: string;
}

export interface SessionRow<C extends ColumnTypes> {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked: C['bool'];
  device_name: string | null;
  last_seen_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface FileRow {
  key: string;
  bytes: Buffer;
  sha256: string;
  updated_at: string;
  updated_by: string;
}

export interface AuditRow<C extends ColumnTypes> {
  seq: C['seq'];
  id: string;
  action: string;
  at: string;
  claimed_at: string | null;
  actor_id: string | null;
  actor_email: string | null;
  target_user_id: string | null;
  family_id: string | null;
  territory_ids: C['ids'];
  address: string | null;
  device_name: string | null;
  detail: C['json'];
}

/** Each table's row, for one backend's column types: `TableRows<SqliteColumns>['record']`. */
export interface TableRows<C extends ColumnTypes> {
  record: RecordRow<C>;
  mutation: MutationRow<C>;
  credential: CredentialRow;
  session: SessionRow<C>;
  file: FileRow;
  audit: AuditRow<C>;
}

/** Credentials are looked up by their lower-cased e-mail. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

function asObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`stored ${what} is not a JSON object`);
  }
  return value as JsonObject;
}

/** A record's territory, kept in a column of its own; a record without one is refused. */
function territoryOf(record: RecordWrite): string {
  const territoryId = record.data.territoryId;
  if (typeof territoryId !== 'string') throw new Error(`record ${record.entity}/${record.id} has no territoryId`);
  return territoryId;
}

/** The mappers of one backend, from its codec. Parameter lists follow the column order of the INSERTs. */
export function rowMapping<C extends ColumnTypes>(codec: ColumnCodec<C>) {
  return {
    toRecord(row: RecordRow<C>): StoredRecord {
      if (!isEntityName(row.entity)) throw new Error(`stored record has unknown entity ${row.entity}`);
      return {
        entity: row.entity,
        id: row.id,
        version: row.version,
        seq: codec.seq(row.seq),
        updatedAt: row.updated_at,
        data: asObject(codec.json(row.data), 'record data'),
        fields: asObject(codec.json(row.fields), 'field metadata') as Record<string, FieldMeta>,
      };
    },
    /** entity, id, version, updated_at, territory_id, data, fields (the seq is the backend's). */
    recordParams(record: RecordWrite): [string, string, number, string, string, string, string] {
      const territoryId = territoryOf(record);
      return [record.entity, record.id, record.version, record.updatedAt, territoryId, JSON.stringify(record.data), JSON.stringify(record.fields)];
    },

    toMutation(row: MutationRow<C>): StoredMutation {
      return {
        mutationId: row.mutation_id,
        userId: row.user_id,
        hash: row.hash,
        result: asObject(codec.json(row.result), 'mutation result'),
        createdAt: row.created_at,
      };
    },
    mutationParams(m: StoredMutation): [string, string, string, string, string] {
      return [m.mutationId, m.userId, m.hash, JSON.stringify(m.result), m.createdAt];
    },

    toCredential(row: CredentialRow): Credential {
      return { userId: row.user_id, email: row.email, passwordHash: row.password_hash };
    },
    credentialParams(c: Credential): [string, string, string] {
      return [c.userId, emailKey(c.email), c.passwordHash];
    },

    toSession(row: SessionRow<C>): Session {
      const session: Session = {
        tokenHash: row.token_hash,
        userId: row.user_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        revoked: codec.bool(row.revoked),
      };
      if (row.device_name !== null) session.deviceName = row.device_name;
      if (row.last_seen_at !== null) session.lastSeenAt = row.last_seen_at;
      if (row.revoked_at !== null) session.revokedAt = row.revoked_at;
      if (row.revoked_reason === 'admin' || row.revoked_reason === 'logout') session.revokedReason = row.revoked_reason;
      return session;
    },
    sessionParams(s: Session): [string, string, string, string, C['bool'], string | null, string | null, string | null, string | null] {
      return [s.tokenHash, s.userId, s.createdAt, s.expiresAt, codec.boolParam(s.revoked), s.deviceName ?? null, s.lastSeenAt ?? null, s.revokedAt ?? null, s.revokedReason ?? null];
    },

    toFile(row: FileRow): StoredFile {
      return { key: row.key, bytes: new Uint8Array(row.bytes), sha256: row.sha256, updatedAt: row.updated_at, updatedBy: row.updated_by };
    },
    fileParams(file: StoredFile): [string, Buffer, string, string, string] {
      return [file.key, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), file.sha256, file.updatedAt, file.updatedBy];
    },

    toAuditEvent(row: AuditRow<C>): AuditEvent {
      const event: AuditEvent = {
        seq: codec.seq(row.seq),
        id: row.id,
        action: row.action,
        at: row.at,
        territoryIds: codec.ids(row.territory_ids),
        detail: asObject(codec.json(row.detail), 'audit detail'),
      };
      if (row.claimed_at !== null) event.claimedAt = row.claimed_at;
      if (row.actor_id !== null) event.actorId = row.actor_id;
      if (row.actor_email !== null) event.actorEmail = row.actor_email;
      if (row.target_user_id !== null) event.targetUserId = row.target_user_id;
      if (row.family_id !== null) event.familyId = row.family_id;
      if (row.address !== null) event.address = row.address;
      if (row.device_name !== null) event.deviceName = row.device_name;
      return event;
    },
    /** id, action, at, claimed_at, actor_id, actor_email, target_user_id, family_id, territory_ids, address, device_name, detail. */
    auditEventParams(
      e: AuditEventWrite,
    ): [string, string, string, string | null, string | null, string | null, string | null, string | null, C['ids'], string | null, string | null, string] {
      return [
        e.id,
        e.action,
        e.at,
        e.claimedAt ?? null,
        e.actorId ?? null,
        e.actorEmail ?? null,
        e.targetUserId ?? null,
        e.familyId ?? null,
        codec.idsParam(e.territoryIds),
        e.address ?? null,
        e.deviceName ?? null,
        JSON.stringify(e.detail),
      ];
    },
  };
}
