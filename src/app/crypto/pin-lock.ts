/**
 * The app lock (docs/encryption.md). Owns when the data key is in memory: after the PIN, until
 * LOCK_AFTER_MS_DEFAULT of inactivity or an explicit lock. Owns the wrong-PIN counter and the
 * wipe: the counter is saved before each PIN is checked, so closing the tab mid-check still
 * counts the attempt, and it survives a reload. No timers here: time comes from the injected
 * clock, and the screen asks `lockDeadline()` when to look again.
 */
import type { TourneeDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { assertPinAllowed, changePin, createKeyring, strengthenKeyring, unlockKeyring, WrongPinError, type KeyringOptions, type StoredKeyring } from './keys';

/** Minutes of inactivity before the lock, unless configured. */
export const LOCK_AFTER_MS_DEFAULT = 5 * 60_000;
/** Wrong PINs accepted without waiting: typos and a borrowed tablet. */
export const FREE_ATTEMPTS = 5;
/** The wait after the FREE_ATTEMPTS-th wrong PIN; it doubles with each further one (30 s, 1, 2, 4, 8 min). */
export const FIRST_DELAY_MS = 30_000;
/**
 * Consecutive wrong PINs that wipe the keyring: a guesser gets 10 tries in about 16 minutes
 * against a million 6-digit PINs. The person signs in again online to get the data back.
 */
export const WIPE_AFTER_ATTEMPTS = 10;

export type WipeReason = 'attempts' | 'revoked';

/** What is saved on the device; the data key never is. */
export interface LockRecord {
  keyring: StoredKeyring | null;
  failedAttempts: number;
  /** Epoch ms before which no PIN is checked; 0 when none is due. */
  retryAt: number;
  /** Why the keyring was removed, for the sign-in screen. */
  wiped: WipeReason | null;
}

export interface LockStore {
  load(): Promise<LockRecord | undefined>;
  save(record: LockRecord): Promise<void>;
}

export interface Clock {
  now(): number;
}

export type LockStatus =
  | { state: 'unlocked' }
  | { state: 'locked'; failedAttempts: number; retryAt: number; attemptsBeforeWipe: number }
  /** No keyring on this device: sign in online and choose a PIN. */
  | { state: 'no-keyring'; wiped: WipeReason | null };

export type UnlockResult =
  | { ok: true }
  | { ok: false; reason: 'wrong-pin'; attemptsBeforeWipe: number; retryAt: number }
  | { ok: false; reason: 'wait'; retryAt: number }
  | { ok: false; reason: 'wiped' | 'no-keyring' };

export interface PinLockOptions {
  store: LockStore;
  clock?: Clock;
  lockAfterMs?: number;
  /** Runs once the keyring is gone: the wiring deletes the local database there. */
  onWipe?: (reason: WipeReason) => Promise<void> | void;
  keyring?: KeyringOptions;
}

/** Locked because of inactivity, or never unlocked. */
export class LockedError extends Error {
  constructor() {
    super('Application verrouillée : saisissez votre code PIN.');
    this.name = 'LockedError';
  }
}

const empty: LockRecord = { keyring: null, failedAttempts: 0, retryAt: 0, wiped: null };

/** The wait imposed after the `failed`-th consecutive wrong PIN. */
export function delayAfter(failed: number): number {
  return failed < FREE_ATTEMPTS ? 0 : FIRST_DELAY_MS * 2 ** (failed - FREE_ATTEMPTS);
}

export class PinLock {
  private record: LockRecord;
  private key: CryptoKey | null = null;
  private lastActivity = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;
  private readonly lockAfterMs: number;

  private constructor(
    private readonly options: PinLockOptions,
    record: LockRecord,
  ) {
    this.record = record;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.lockAfterMs = options.lockAfterMs ?? LOCK_AFTER_MS_DEFAULT;
  }

  /** The lock as saved on this device; it always starts locked. */
  static async open(options: PinLockOptions): Promise<PinLock> {
    return new PinLock(options, { ...empty, ...(await options.store.load()) });
  }

  status(): LockStatus {
    this.expire();
    const r = this.record;
    if (!r.keyring) return { state: 'no-keyring', wiped: r.wiped };
    if (this.key) return { state: 'unlocked' };
    const retryAt = r.retryAt > 0 ? Math.min(r.retryAt, this.clock.now() + delayAfter(r.failedAttempts)) : 0;
    return { state: 'locked', failedAttempts: r.failedAttempts, retryAt, attemptsBeforeWipe: WIPE_AFTER_ATTEMPTS - r.failedAttempts };
  }

  /** The data key while unlocked; LockedError otherwise. */
  dataKey(): CryptoKey {
    this.expire();
    if (!this.key) throw new LockedError();
    return this.key;
  }

  /** The person did something: the inactivity delay starts again (unless it has already run out). */
  touch(): void {
    this.expire();
    if (this.key) this.lastActivity = this.clock.now();
  }

  /** When the lock falls if nothing happens; null when locked. */
  lockDeadline(): number | null {
    this.expire();
    return this.key ? this.lastActivity + this.lockAfterMs : null;
  }

  lock(): void {
    // Dropping the only reference: a non-extractable key cannot be read out, and is collected.
    this.key = null;
  }

  /** Checks a PIN unless a wait is due; too many wrong ones wipe the keyring. */
  unlock(pin: string): Promise<UnlockResult> {
    return this.serial(() => this.attempt(pin));
  }

  /**
   * After an online sign-in: a new data key under `pin`, unlocked. A keyring already here is
   * replaced only with `replace`: data encrypted under it could no longer be read.
   */
  setUp(pin: string, options: { replace?: boolean } = {}): Promise<CryptoKey> {
    return this.serial(async () => {
      this.record = { ...empty, ...(await this.options.store.load()) };
      if (this.record.keyring && !options.replace) throw new Error('a keyring already exists on this device');
      const { stored, dataKey } = await createKeyring(pin, this.options.keyring);
      await this.save({ keyring: stored, failedAttempts: 0, retryAt: 0, wiped: null });
      this.key = dataKey;
      this.lastActivity = this.clock.now();
      return dataKey;
    });
  }

  /**
   * Rewraps the data key under `newPin` (PinRuleError before anything if it breaks a rule); a
   * wrong old PIN counts like any wrong PIN.
   */
  changePin(oldPin: string, newPin: string): Promise<UnlockResult> {
    assertPinAllowed(newPin);
    return this.serial(async () => {
      const result = await this.attempt(oldPin);
      if (!result.ok || !this.record.keyring) return result;
      const keyring = await changePin(this.record.keyring, oldPin, newPin, this.options.keyring);
      await this.save({ ...this.record, keyring });
      return result;
    });
  }

  /** The server says this device is revoked: the keyring goes at once, whatever the state. */
  revoke(): Promise<void> {
    return this.serial(() => this.wipe('revoked'));
  }

  private async attempt(pin: string): Promise<UnlockResult> {
    // The store is the truth: another tab may have counted attempts since.
    this.record = { ...empty, ...(await this.options.store.load()) };
    const r = this.record;
    if (!r.keyring) return { ok: false, reason: r.wiped ? 'wiped' : 'no-keyring' };
    const now = this.clock.now();
    if (r.retryAt > now) {
      // A clock set back must not stretch the wait beyond what the count allows.
      const retryAt = Math.min(r.retryAt, now + delayAfter(r.failedAttempts));
      if (retryAt !== r.retryAt) await this.save({ ...r, retryAt });
      return { ok: false, reason: 'wait', retryAt };
    }
    // Counted as wrong before checking: closing the tab during the check gives no free try.
    const failed = r.failedAttempts + 1;
    const retryAt = delayAfter(failed) > 0 ? now + delayAfter(failed) : 0;
    await this.save({ ...r, failedAttempts: failed, retryAt });
    let key: CryptoKey;
    try {
      key = await unlockKeyring(r.keyring, pin);
    } catch (e) {
      if (!(e instanceof WrongPinError)) throw e;
      if (failed >= WIPE_AFTER_ATTEMPTS) {
        await this.wipe('attempts');
        return { ok: false, reason: 'wiped' };
      }
      return { ok: false, reason: 'wrong-pin', attemptsBeforeWipe: WIPE_AFTER_ATTEMPTS - failed, retryAt };
    }
    const stronger = await strengthenKeyring(r.keyring, pin, this.options.keyring?.iterations);
    await this.save({ ...r, keyring: stronger ?? r.keyring, failedAttempts: 0, retryAt: 0, wiped: null });
    this.key = key;
    this.lastActivity = this.clock.now();
    return { ok: true };
  }

  private expire(): void {
    if (this.key && this.clock.now() - this.lastActivity >= this.lockAfterMs) this.lock();
  }

  private async wipe(reason: WipeReason): Promise<void> {
    this.lock();
    await this.save({ ...empty, wiped: reason });
    await this.options.onWipe?.(reason);
  }

  private async save(record: LockRecord): Promise<void> {
    this.record = record;
    await this.options.store.save(record);
  }

  /** One PIN check at a time: two quick taps must not share one count. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** French text for a refused unlock, for the PIN screen. */
export function unlockMessage(result: Exclude<UnlockResult, { ok: true }>, now: number): string {
  switch (result.reason) {
    case 'wrong-pin': {
      const tries = result.attemptsBeforeWipe === 1 ? 'dernier essai' : `encore ${result.attemptsBeforeWipe} essais`;
      return `Code PIN incorrect (${tries} avant l’effacement des données de cet appareil).`;
    }
    case 'wait':
      return `Trop d’essais : réessayez dans ${waitText(result.retryAt - now)}.`;
    case 'wiped':
      return 'Trop de codes PIN incorrects : les données de cet appareil ont été effacées. Reconnectez-vous en ligne pour les retrouver.';
    case 'no-keyring':
      return 'Aucun code PIN sur cet appareil : connectez-vous en ligne pour en choisir un.';
  }
}

function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.ceil(s / 60);
  return `${m} min`;
}

/** The lock saved in the meta table, next to the session it protects. */
export function metaLockStore(db: TourneeDB, key = 'lock'): LockStore {
  return {
    load: () => getMeta<LockRecord>(db, key),
    save: (record) => setMeta(db, key, record),
  };
}
