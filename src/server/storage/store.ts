import type { EntityName } from '../../domain/registry';
import type { FieldMeta } from '../../domain/sync/merge';

/** A JSON object as kept in storage. */
export type JsonObject = Record<string, unknown>;

/**
 * The server's copy of a record. `data` holds every field but id, version and updatedAt, so it
 * includes `deleted` and `territoryId`; `fields` says who last set each field, for the merge.
 */
export interface StoredRecord {
  entity: EntityName;
  id: string;
  version: number;
  /** Global change sequence: strictly increasing over every write, the pull checkpoint. */
  seq: number;
  updatedAt: string;
  data: JsonObject;
  fields: Record<string, FieldMeta>;
}

/** What a caller writes; the store assigns `seq`. */
export type RecordWrite = Omit<StoredRecord, 'seq'>;

/** A push mutation already applied, kept so a replay is answered without applying it twice. */
export interface StoredMutation {
  mutationId: string;
  userId: string;
  /** SHA-256 of the mutation's canonical JSON: a reused id with other content is refused. */
  hash: string;
  /** The answer given the first time, returned unchanged on replay. */
  result: JsonObject;
  createdAt: string;
}

export interface Credential {
  userId: string;
  /** Lower-cased; unique. */
  email: string;
  /** Self-describing scrypt string, see auth/password.ts. */
  passwordHash: string;
}

/** `logout`: ended by its own device. `admin`: revoked by a manager (the device must lock itself). */
export type RevokeReason = 'logout' | 'admin';

export interface Session {
  /** SHA-256 (hex) of the bearer token: the token itself is never stored. */
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  revoked: boolean;
  /** What the device called itself at sign-in, or what its browser says it is. */
  deviceName?: string;
  /** Last authenticated request (updated at most every few minutes). */
  lastSeenAt?: string;
  revokedAt?: string;
  /** Absent on sessions ended before reasons were kept: read as `logout`. */
  revokedReason?: RevokeReason;
}

/** One line of the audit log: who did what, when, to whom. Never a password or a token. */
export interface AuditEvent {
  /** Order of arrival at the server: the paging cursor. */
  seq: number;
  /** Unique: made by the server, or by the device for events it kept offline (a resend is ignored). */
  id: string;
  action: string;
  /** When the server received it. */
  at: string;
  /** When the device says it happened (events recorded offline): a claim, not a fact. */
  claimedAt?: string;
  actorId?: string;
  /** The e-mail typed at a sign-in, for failed attempts on unknown accounts. */
  actorEmail?: string;
  targetUserId?: string;
  familyId?: string;
  /** Territories the event concerns; empty for events of no territory (unknown e-mail). */
  territoryIds: string[];
  address?: string;
  deviceName?: string;
  detail: JsonObject;
}

export type AuditEventWrite = Omit<AuditEvent, 'seq'>;

export interface AuditQuery {
  /** Events touching one of these territories, or none at all; undefined: every event. */
  territoryIds?: readonly string[];
  actions?: readonly string[];
  /** Events where this user is the actor or the target. */
  userId?: string;
  familyId?: string;
  /** Bounds on `at`, inclusive, ISO strings. */
  from?: string;
  to?: string;
  /** Only events with seq below this (the next page). */
  before?: number;
  limit: number;
}

/** A file kept whole for devices to download (a territory's road network). */
export interface StoredFile {
  key: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** SHA-256 (hex) of the bytes: the ETag devices compare. */
  sha256: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * Everything the server reads and writes, inside one transaction. Async so that a network
 * database can implement it; every call of one transaction sees that transaction's own writes.
 */
export interface StoreTx {
  getRecord(entity: EntityName, id: string): Promise<StoredRecord | undefined>;
  /**
   * Inserts or replaces a record and gives it the next sequence number. Sequence numbers must
   * become visible in increasing order (a pull must never skip a lower seq committed later).
   */
  putRecord(record: RecordWrite): Promise<StoredRecord>;
  /** Records with seq > since whose territoryId is in `territoryIds`, by seq, at most `limit`. */
  listChanges(since: number, limit: number, territoryIds: readonly string[]): Promise<StoredRecord[]>;
  countRecords(): Promise<number>;
  /** Every record of one entity in one territory, tombstones included (for domain rules). */
  listRecords(entity: EntityName, territoryId: string): Promise<StoredRecord[]>;
  /** Every record of one entity in every territory (for the few public lists, e.g. territories). */
  listAllRecords(entity: EntityName): Promise<StoredRecord[]>;

  getMutation(mutationId: string): Promise<StoredMutation | undefined>;
  putMutation(mutation: StoredMutation): Promise<void>;

  getCredentialByEmail(email: string): Promise<Credential | undefined>;
  /** Inserts or replaces the credential of `userId`. */
  putCredential(credential: Credential): Promise<void>;

  getFile(key: string): Promise<StoredFile | undefined>;
  /** Inserts or replaces the file under `key`. */
  putFile(file: StoredFile): Promise<void>;

  getSession(tokenHash: string): Promise<Session | undefined>;
  putSession(session: Session): Promise<void>;
  /** Ends a session; `how` says why and when (default: a logout, time not kept). */
  revokeSession(tokenHash: string, how?: { reason: RevokeReason; at: string }): Promise<void>;
  /** Every session of a user, revoked and expired ones included, newest first. */
  listSessions(userId: string): Promise<Session[]>;
  touchSession(tokenHash: string, at: string): Promise<void>;

  /** Appends an event; false (and nothing written) when an event with its id exists. */
  putAuditEvent(event: AuditEventWrite): Promise<boolean>;
  /** Matching events, newest first, at most `limit`. */
  listAuditEvents(query: AuditQuery): Promise<AuditEvent[]>;
}

export interface Store {
  /**
   * Runs `fn` in one transaction with the effect of running alone: committed when it resolves,
   * rolled back when it throws (the error is rethrown). On PostgreSQL transactions may overlap
   * and `fn` may be run again after a retry, so it must act only through `tx`.
   */
  withTransaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
