/**
 * Field-level encryption of records at rest (docs/encryption.md). Each sensitive value becomes
 * `{ $enc: 1, iv, ct }`: AES-GCM with a fresh 96-bit IV, the JSON of the value as plaintext, and
 * the record id and field path as associated data, so a ciphertext copied to another record or
 * field does not decrypt. The rest of the record stays readable for indexes, lists and sync.
 */
import type { EntityName, RecordOf } from '../../domain/registry';
import { fromBase64, toBase64 } from './keys';

export interface FieldEnvelope {
  $enc: 1;
  /** base64, 12 bytes. */
  iv: string;
  /** base64, ciphertext and 16-byte tag. */
  ct: string;
}

/** A record as stored: plain fields, and envelopes in place of the sensitive ones. */
export type StoredRecord = { id: string } & Record<string, unknown>;

/** A sensitive value could not be decrypted: wrong key, or data altered or moved. */
export class FieldDecryptError extends Error {
  constructor(readonly path: string) {
    super(`cannot decrypt ${path}`);
    this.name = 'FieldDecryptError';
  }
}

/**
 * Paths of the encrypted values of each entity: `name`, `name.sub`, `list[]` (each item),
 * `list[].sub`. Every entity is listed so that a new one must decide. Fields in a Dexie index
 * (id, territoryId, updatedAt, status, start, kind, communeCode, sessionId, siteId, recordId)
 * cannot be encrypted: IndexedDB would index the ciphertext. Why each choice: docs/encryption.md.
 */
export const sensitiveFields: { readonly [E in EntityName]: readonly string[] } = {
  family: [
    'guardians[].firstName',
    'guardians[].lastName',
    'guardians[].phone',
    'guardians[].email',
    'children[].firstName',
    // A birth date and a commune single out a child in a village of 300; an expected date tells a pregnancy.
    'children[].birthDate',
    'children[].expectedDate',
    'notes',
    'childcareProposals[].note',
    'documents[].note',
  ],
  intakeRequest: ['phone', 'name', 'message', 'childBirthDate', 'childExpectedDate'],
  appointment: ['notes'],
  sessionLog: ['notes'],
  // Confidential session notes; the orientations are categories (PMI, CAF…) that reports count.
  supportNote: ['note'],
  // Private staff notes; many providers are individuals (assistants maternels).
  directoryEntry: ['notes'],
  surveyResponse: ['comment'],
  // A conflict keeps both values of any field, a family's notes included.
  conflictRecord: ['keptValue', 'otherValue'],
  territory: [],
  commune: [],
  site: [],
  scheduleSeries: [],
  scheduledSession: [],
  attendanceEvent: [],
  busEnrollment: [],
  staffUser: [],
};

interface Segment {
  name: string;
  each: boolean;
}

const segmentPattern = /^([A-Za-z_$][\w$]*)(\[\])?$/;
const parsed = new Map<string, Segment[]>();

function parsePath(path: string): Segment[] {
  let segments = parsed.get(path);
  if (segments) return segments;
  segments = path.split('.').map((part) => {
    const m = segmentPattern.exec(part);
    if (!m || ['__proto__', 'constructor', 'prototype'].includes(m[1]!)) throw new Error(`invalid field path: ${path}`);
    return { name: m[1]!, each: m[2] !== undefined };
  });
  parsed.set(path, segments);
  return segments;
}

type Container = Record<string, unknown> | unknown[];

/** A place holding one value to encrypt or decrypt, and the path bound to it. */
export interface Slot {
  target: Container;
  key: string | number;
  path: string;
  value: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isEnvelope(v: unknown): v is FieldEnvelope {
  return isPlainObject(v) && v.$enc === 1 && typeof v.iv === 'string' && typeof v.ct === 'string' && Object.keys(v).length === 3;
}

/** Items with an id are bound to it, so reordering a list keeps them readable; others to their index. */
function itemLabel(item: unknown, index: number): string {
  return isPlainObject(item) && typeof item.id === 'string' ? JSON.stringify(item.id) : String(index);
}

/**
 * Copies the containers on the listed paths (the caller's record is never changed) and returns
 * the values found there. Absent and undefined values are skipped. Exported for the vault, which
 * swaps values in and out of records synchronously (src/app/crypto/vault.ts).
 */
export function collect(root: Record<string, unknown>, paths: readonly string[]): Slot[] {
  const copies = new WeakSet<object>([root]);
  const own = <T extends Container>(v: T): T => {
    if (copies.has(v)) return v;
    const copy = (Array.isArray(v) ? [...v] : { ...v }) as T;
    copies.add(copy);
    return copy;
  };
  const slots: Slot[] = [];
  const walk = (container: Record<string, unknown>, segments: Segment[], i: number, prefix: string): void => {
    const { name, each } = segments[i]!;
    if (!Object.hasOwn(container, name) || container[name] === undefined) return;
    const path = prefix ? `${prefix}.${name}` : name;
    const last = i === segments.length - 1;
    const value = container[name];
    if (!each) {
      if (last) slots.push({ target: container, key: name, path, value });
      else if (isPlainObject(value)) walk((container[name] = own(value)), segments, i + 1, path);
      return;
    }
    if (!Array.isArray(value)) return;
    const list = (container[name] = own(value));
    list.forEach((item, index) => {
      const itemPath = `${path}[${itemLabel(item, index)}]`;
      if (last) {
        if (item !== undefined) slots.push({ target: list, key: index, path: itemPath, value: item });
      } else if (isPlainObject(item)) walk((list[index] = own(item)), segments, i + 1, itemPath);
    });
  };
  for (const path of paths) walk(root, parsePath(path), 0, '');
  return slots;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function associatedData(recordId: string, path: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(['tournee/field/v1', recordId, path]));
}

function recordIdOf(record: { id: unknown }): string {
  if (typeof record.id !== 'string' || record.id === '') throw new Error('a record to encrypt needs a string id');
  return record.id;
}

/** One value sealed for `path` of record `recordId`. */
export async function sealValue(value: unknown, recordId: string, path: string, dataKey: CryptoKey, iv: Uint8Array<ArrayBuffer> = crypto.getRandomValues(new Uint8Array(12))): Promise<FieldEnvelope> {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError(`${path} is not a JSON value`);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(recordId, path) }, dataKey, encoder.encode(json));
  return { $enc: 1, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/** The JSON text inside an envelope sealed for `path` of `recordId`; FieldDecryptError otherwise. */
export async function openEnvelopeJson(envelope: FieldEnvelope, recordId: string, path: string, dataKey: CryptoKey): Promise<string> {
  try {
    const iv = fromBase64(envelope.iv);
    if (iv.length !== 12) throw new Error('iv length');
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: associatedData(recordId, path) }, dataKey, fromBase64(envelope.ct));
    const json = decoder.decode(plain);
    JSON.parse(json);
    return json;
  } catch {
    throw new FieldDecryptError(path);
  }
}

/** A copy of `record` with each value at `fieldPaths` replaced by its envelope. */
export async function encryptFields(record: StoredRecord, fieldPaths: readonly string[], dataKey: CryptoKey): Promise<StoredRecord> {
  const id = recordIdOf(record);
  const copy = { ...record };
  const slots = collect(copy, fieldPaths);
  // One call for every IV of the record: cheaper than one per value.
  const ivs = crypto.getRandomValues(new Uint8Array(12 * slots.length));
  await Promise.all(
    slots.map(async (slot, i) => {
      (slot.target as Record<string | number, unknown>)[slot.key] = await sealValue(slot.value, id, slot.path, dataKey, ivs.slice(12 * i, 12 * i + 12));
    }),
  );
  return copy;
}

/**
 * A copy of `record` with the envelopes at `fieldPaths` decrypted. A plain value there is left as
 * it is (a record written before encryption was on); a failed decryption throws FieldDecryptError.
 */
export async function decryptFields(record: StoredRecord, fieldPaths: readonly string[], dataKey: CryptoKey): Promise<StoredRecord> {
  const id = recordIdOf(record);
  const copy = { ...record };
  const slots = collect(copy, fieldPaths).filter((s) => isEnvelope(s.value));
  await Promise.all(
    slots.map(async (slot) => {
      (slot.target as Record<string | number, unknown>)[slot.key] = JSON.parse(await openEnvelopeJson(slot.value as FieldEnvelope, id, slot.path, dataKey));
    }),
  );
  return copy;
}

/** A record of `entity` ready to store: its sensitive fields encrypted. */
export function encryptRecord<E extends EntityName>(entity: E, record: RecordOf<E>, dataKey: CryptoKey): Promise<StoredRecord> {
  return encryptFields(record, sensitiveFields[entity], dataKey);
}

/** A stored record of `entity` with its sensitive fields readable again. */
export async function decryptRecord<E extends EntityName>(entity: E, stored: StoredRecord, dataKey: CryptoKey): Promise<RecordOf<E>> {
  return (await decryptFields(stored, sensitiveFields[entity], dataKey)) as RecordOf<E>;
}

/**
 * The changes of an outbox entry with their sensitive values encrypted: they hold the same
 * fields as the record, bound to the same record id and paths.
 */
export async function encryptChanges(entity: EntityName, recordId: string, changes: Record<string, unknown>, dataKey: CryptoKey): Promise<Record<string, unknown>> {
  const { id: _id, ...rest } = await encryptFields({ ...changes, id: recordId }, sensitiveFields[entity], dataKey);
  return rest;
}

export async function decryptChanges(entity: EntityName, recordId: string, changes: Record<string, unknown>, dataKey: CryptoKey): Promise<Record<string, unknown>> {
  const { id: _id, ...rest } = await decryptFields({ ...changes, id: recordId }, sensitiveFields[entity], dataKey);
  return rest;
}
