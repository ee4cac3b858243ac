/**
 * The data key of one device database and the values it decrypted, while unlocked
 * (docs/encryption.md, "Wiring"). WebCrypto is asynchronous and an IndexedDB transaction cannot
 * wait for it, so reads are served synchronously from memory: at unlock every stored envelope is
 * decrypted once (`open`), each value sealed afterwards is remembered, and the database
 * middleware (middleware.ts) swaps envelopes for these values as records are read. Locking
 * drops them all. Writers seal before they open their transaction (`seal`).
 *
 * A database whose vault was never enabled (tests of other parts, benchmarks, the parents'
 * public copy) is read and written as it is.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { entities, type EntityName } from '../../domain/registry';
import { collect, isEnvelope, openEnvelopeJson, sealValue, sensitiveFields, type FieldEnvelope, type Slot } from './field-crypto';
import { LockedError } from './pin-lock';

/** Where values live, for the cache and for the associated data of each ciphertext. */
export interface SealTarget {
  /** Names the owner in memory: a table and record id, the outbox and a mutation id, a meta key. */
  place: string;
  /** Bound into each ciphertext with the path (field-crypto's associated data). */
  recordId: string;
  paths: readonly string[];
}

/** Where the data key comes from: the PIN lock in the app, a fixed key in tests. */
export interface KeySource {
  /** The data key while unlocked; null when locked. */
  current(): CryptoKey | null;
}

interface Known {
  slot: string;
  ct: string;
  json: string;
}

interface Sealed {
  iv: string;
  ct: string;
  json: string;
}

interface Miss {
  target: SealTarget;
  path: string;
  envelope: FieldEnvelope;
}

const SEP = '\u0001';

/** Tables holding records with sensitive fields, and the entity of each. */
export const sealedTables: ReadonlyMap<string, EntityName> = new Map(
  (Object.keys(entities) as EntityName[]).filter((e) => sensitiveFields[e].length > 0).map((e) => [entities[e].table, e]),
);

export function recordTarget(entity: EntityName, id: string): SealTarget {
  return { place: `${entities[entity].table}${SEP}${id}`, recordId: id, paths: sensitiveFields[entity] };
}

/** An outbox entry's changes: bound to the record they change, remembered under the mutation. */
export function outboxTarget(entry: { entity: EntityName; recordId: string; mutationId: string }): SealTarget {
  return { place: `outbox${SEP}${entry.mutationId}`, recordId: entry.recordId, paths: sensitiveFields[entry.entity] ?? [] };
}

/** A value kept in the meta table under `key` (a draft, the session token), sealed as a whole. */
export function metaTarget(key: string, paths: readonly string[] = ['value']): SealTarget {
  return { place: `meta${SEP}${key}`, recordId: `meta:${key}`, paths };
}

let misses = 0;

/**
 * How many envelopes reads have met that were not known yet (written by another tab): a live
 * query that met one shows its previous result and runs again once they are decrypted.
 */
export function revealMisses(): number {
  return misses;
}

function setSlot(slot: Slot, value: unknown): void {
  (slot.target as Record<string | number, unknown>)[slot.key] = value;
}

function dropSlot(slot: Slot): void {
  if (Array.isArray(slot.target)) slot.target[slot.key as number] = undefined;
  else delete slot.target[slot.key as string];
}

export class Vault {
  private source: KeySource | null = null;
  private ready: Promise<unknown> = Promise.resolve();
  private required = false;
  private state: 'closed' | 'opening' | 'open' = 'closed';
  private opening: Promise<void> | null = null;
  /** The key the memory below was filled with: another key (a new keyring) empties it. */
  private filledWith: CryptoKey | null = null;
  private byIv = new Map<string, Known>();
  private bySlot = new Map<string, Sealed>();
  private pending = new Map<string, Miss>();
  private broken = new Set<string>();
  private flushing = false;

  constructor(private readonly db: Dexie) {}

  /** Sealing is on: writes refuse to store a sensitive value in clear, even before a key exists. */
  get enabled(): boolean {
    return this.required;
  }

  /** Turns sealing on before any key is known (the app's database, from its creation). */
  require(): void {
    this.required = true;
  }

  /** Takes keys from `source` from now on; `ready` settles when its first key can be asked. */
  attach(source: KeySource, ready: Promise<unknown> = Promise.resolve()): void {
    this.close();
    this.source = source;
    this.ready = ready;
    this.required = true;
  }

  /**
   * For a write that meets an unlock in progress: the key, once the source has one. Does not
   * wait for the fill (which reads the tables the write may be holding).
   */
  unlockingKey(): Promise<CryptoKey | null> | null {
    if (!this.opening) return null;
    return this.ready.then(() => (this.opening || this.state === 'open' ? (this.source?.current() ?? null) : null));
  }

  get isOpen(): boolean {
    return this.key() !== null;
  }

  /** The data key while unlocked and filled; null otherwise (and the memory is dropped). */
  key(): CryptoKey | null {
    if (this.state !== 'open' || !this.source) return null;
    const key = this.source.current();
    if (!key || key !== this.filledWith) {
      this.close();
      return null;
    }
    return key;
  }

  /** The key once an unlock in progress is over; null when locked. */
  async settledKey(): Promise<CryptoKey | null> {
    if (this.opening) await this.opening;
    return this.key();
  }

  /**
   * The key for a write: null when sealing is off; LockedError when it is on and locked. Waits
   * for an unlock in progress.
   */
  async requireKey(): Promise<CryptoKey | null> {
    if (!this.required) return null;
    if (this.opening) await this.opening;
    const key = this.key();
    if (!key) throw new LockedError();
    return key;
  }

  /**
   * After the PIN: decrypts every sensitive value stored (records and outbox) into memory, then
   * serves them. Nothing is served while this runs: reads see the envelopes.
   */
  open(): Promise<void> {
    const run = (async () => {
      await this.ready;
      const key = this.source?.current();
      if (!key) throw new LockedError();
      this.clear();
      this.state = 'opening';
      try {
        await this.fill(key);
      } finally {
        this.state = this.source?.current() === key ? 'open' : 'closed';
      }
      if (this.state !== 'open') throw new LockedError();
      this.filledWith = key;
    })();
    const opening = run.catch(() => undefined);
    this.opening = opening;
    void opening.then(() => {
      if (this.opening === opening) this.opening = null;
    });
    return run;
  }

  /** Forgets every decrypted value; the key itself is the lock's to drop. */
  close(): void {
    this.state = 'closed';
    this.filledWith = null;
    this.clear();
  }

  private clear(): void {
    this.byIv.clear();
    this.bySlot.clear();
    this.pending.clear();
    this.broken.clear();
  }

  private remember(target: SealTarget, path: string, envelope: FieldEnvelope, json: string): void {
    const slot = target.place + SEP + path;
    this.byIv.set(envelope.iv, { slot, ct: envelope.ct, json });
    this.bySlot.set(slot, { iv: envelope.iv, ct: envelope.ct, json });
  }

  private async fill(key: CryptoKey): Promise<void> {
    const jobs: Promise<void>[] = [];
    const learn = (target: SealTarget, value: Record<string, unknown>) => {
      for (const slot of collect({ ...value }, target.paths)) {
        if (!isEnvelope(slot.value)) continue;
        const envelope = slot.value;
        jobs.push(
          openEnvelopeJson(envelope, target.recordId, slot.path, key).then(
            (json) => this.remember(target, slot.path, envelope, json),
            () => void this.broken.add(envelope.iv),
          ),
        );
      }
    };
    for (const [table, entity] of sealedTables) {
      for (const record of (await this.db.table(table).toArray()) as { id: string }[]) learn(recordTarget(entity, record.id), record);
    }
    for (const entry of (await this.db.table('outbox').toArray()) as { entity: EntityName; recordId: string; mutationId: string; changes: Record<string, unknown> }[]) {
      learn(outboxTarget(entry), entry.changes);
    }
    await Promise.all(jobs);
  }

  /**
   * `value` with the envelopes at the target's paths replaced by what they hold, synchronously.
   * While locked, or for an envelope not seen yet (another tab wrote it), the envelope stays and
   * is decrypted in the background; live queries then run again.
   */
  reveal<T>(target: SealTarget, value: T, quiet = false): T {
    if (this.state !== 'open' || typeof value !== 'object' || value === null) return value;
    const copy = { ...(value as Record<string, unknown>) };
    const slots = collect(copy, target.paths);
    let changed = false;
    for (const slot of slots) {
      if (!isEnvelope(slot.value)) continue;
      changed = true;
      const envelope = slot.value;
      const known = this.byIv.get(envelope.iv);
      if (known && known.slot === target.place + SEP + slot.path && known.ct === envelope.ct) setSlot(slot, JSON.parse(known.json));
      else if (this.broken.has(envelope.iv)) dropSlot(slot);
      else if (!quiet) this.miss({ target, path: slot.path, envelope });
    }
    return changed ? (copy as T) : value;
  }

  /**
   * `value` with its plain sensitive values put back in the envelopes they were read from, when
   * unchanged (a Dexie `modify` writes back what it read). `plain` counts the values left in clear.
   */
  reseal<T>(target: SealTarget, value: T): { value: T; plain: number } {
    if (typeof value !== 'object' || value === null) return { value, plain: 0 };
    const copy = { ...(value as Record<string, unknown>) };
    let plain = 0;
    for (const slot of collect(copy, target.paths)) {
      if (isEnvelope(slot.value)) continue;
      const sealed = this.state === 'open' ? this.bySlot.get(target.place + SEP + slot.path) : undefined;
      if (sealed && sealed.json === JSON.stringify(slot.value)) setSlot(slot, { $enc: 1, iv: sealed.iv, ct: sealed.ct });
      else plain += 1;
    }
    return { value: copy as T, plain };
  }

  /**
   * A copy of `value` with every sensitive value in clear sealed under `key`. Envelopes already
   * there stay; a value unchanged since it was last sealed keeps its ciphertext (no WebCrypto call).
   */
  async seal<T>(target: SealTarget, value: T, key: CryptoKey): Promise<T> {
    if (typeof value !== 'object' || value === null) return value;
    const copy = { ...(value as Record<string, unknown>) };
    await Promise.all(
      collect(copy, target.paths).map(async (slot) => {
        if (isEnvelope(slot.value)) return;
        const json = JSON.stringify(slot.value);
        const known = this.state === 'open' ? this.bySlot.get(target.place + SEP + slot.path) : undefined;
        if (known && known.json === json) {
          setSlot(slot, { $enc: 1, iv: known.iv, ct: known.ct });
          return;
        }
        const envelope = await sealValue(slot.value, target.recordId, slot.path, key);
        if (this.state === 'open' && this.filledWith === key) this.remember(target, slot.path, envelope, json);
        setSlot(slot, envelope);
      }),
    );
    return copy as T;
  }

  /** `reveal`, then the envelopes it did not know decrypted now (a value that cannot be is left out). */
  async complete<T>(target: SealTarget, value: T, key: CryptoKey): Promise<T> {
    // Quiet: what is not known yet is decrypted right here, no live query needs to run again.
    const shown = this.reveal(target, value, true);
    if (typeof shown !== 'object' || shown === null) return shown;
    const copy = { ...(shown as Record<string, unknown>) };
    await Promise.all(
      collect(copy, target.paths).map(async (slot) => {
        if (!isEnvelope(slot.value)) return;
        const envelope = slot.value;
        try {
          const json = await openEnvelopeJson(envelope, target.recordId, slot.path, key);
          if (this.state === 'open' && this.filledWith === key) this.remember(target, slot.path, envelope, json);
          setSlot(slot, JSON.parse(json));
        } catch {
          this.broken.add(envelope.iv);
          dropSlot(slot);
        }
      }),
    );
    return copy as T;
  }

  /**
   * Seals, in place, what was stored in clear before this device had a keyring (an install of
   * an earlier version): records and outbox. Runs right after the keyring is made.
   */
  async sealStoredPlaintext(): Promise<number> {
    const key = await this.requireKey();
    if (!key) return 0;
    let sealed = 0;
    for (const [table, entity] of sealedTables) {
      sealed += await this.resealTable(table, key, (row) => recordTarget(entity, row.id as string), (row) => row, (_row, inner) => inner);
    }
    type Entry = Record<string, unknown> & { entity: EntityName; recordId: string; mutationId: string; changes: Record<string, unknown> };
    sealed += await this.resealTable(
      'outbox',
      key,
      (row) => outboxTarget(row as Entry),
      (row) => (row as Entry).changes,
      (row, inner) => ({ ...row, changes: inner }),
    );
    return sealed;
  }

  private async resealTable(
    table: string,
    key: CryptoKey,
    targetOf: (row: Record<string, unknown>) => SealTarget,
    inner: (row: Record<string, unknown>) => Record<string, unknown>,
    outer: (row: Record<string, unknown>, inner: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<number> {
    const rows = (await this.db.table(table).toArray()) as Record<string, unknown>[];
    const redo: Record<string, unknown>[] = [];
    for (const row of rows) {
      const target = targetOf(row);
      // Rows come back through the middleware: a value still in clear after reseal was stored in clear.
      if (this.reseal(target, inner(row)).plain > 0) redo.push(outer(row, await this.seal(target, inner(row), key)));
    }
    if (redo.length > 0) await this.db.table(table).bulkPut(redo);
    return redo.length;
  }

  private miss(m: Miss): void {
    misses += 1;
    this.pending.set(m.envelope.iv, m);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    // Outside whatever transaction or live query met the envelope.
    setTimeout(() => void this.flush(), 0);
  }

  private async flush(): Promise<void> {
    try {
      const key = this.key();
      const batch = [...this.pending.values()];
      this.pending.clear();
      if (!key || batch.length === 0) return;
      await Promise.all(
        batch.map(({ target, path, envelope }) =>
          openEnvelopeJson(envelope, target.recordId, path, key).then(
            (json) => this.remember(target, path, envelope, json),
            () => void this.broken.add(envelope.iv),
          ),
        ),
      );
      this.signalAll();
    } finally {
      this.flushing = false;
      if (this.pending.size > 0) this.scheduleFlush();
    }
  }

  /** Tells every live query to run again: rare (values another tab sealed), so all of them. */
  private signalAll(): void {
    Dexie.on.storagemutated.fire({ all: true } as unknown as ObservabilitySet);
  }
}
