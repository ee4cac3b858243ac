/**
 * What the app shows before family data: sign-in, the choice of a PIN, the PIN screen, or the
 * app itself (docs/encryption.md, "Lock, wrong PINs, wipe"). Owns the order of things: the
 * vault opens after the PIN and closes with the lock; the session token is stored only once a
 * PIN protects it; a wipe (ten wrong PINs, or the server revoking the device) deletes the local
 * database and leaves only the reason, for the sign-in screen.
 *
 * A forgotten PIN cannot be recovered: the data key exists only wrapped by it. Signing in again
 * online resets the device (database deleted, unsent changes lost) and a new PIN protects a new
 * key; the next sync fetches everything again from the server.
 */
import { loadSession, saveSession, type LocalSession } from '../auth/session';
import { pinProblem, type KeyringOptions } from '../crypto/keys';
import { metaLockStore, PinLock, unlockMessage, type Clock, type LockStatus, type WipeReason } from '../crypto/pin-lock';
import type { TourneeDB } from '../db/database';
import { databaseMayExist } from '../db/exists';
import { t } from '../i18n';
import { sealStoredDrafts } from '../ui/use-draft';

export type Gate =
  | { kind: 'loading' }
  | { kind: 'signed-out'; wiped: WipeReason | null }
  | { kind: 'set-up'; session: LocalSession }
  | { kind: 'locked'; session: LocalSession }
  | { kind: 'unlocked'; session: LocalSession };

export interface AppLockOptions {
  clock?: Clock;
  lockAfterMs?: number;
  /** Tests use a small PBKDF2 count; the app keeps the default. */
  keyring?: KeyringOptions;
}

/** Why the device was wiped, for the sign-in screen. */
export function wipeMessage(reason: WipeReason): string {
  return reason === 'revoked' ? t('lock.revoked') : unlockMessage({ ok: false, reason: 'wiped' }, 0);
}

export class AppLock {
  private pin: PinLock | undefined;
  private opening: Promise<PinLock> | undefined;
  private gate: Gate = { kind: 'loading' };
  private listeners = new Set<(g: Gate) => void>();
  readonly clock: Clock;

  constructor(
    private readonly db: TourneeDB,
    private readonly options: AppLockOptions = {},
  ) {
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  get current(): Gate {
    return this.gate;
  }

  subscribe(fn: (g: Gate) => void): () => void {
    this.listeners.add(fn);
    fn(this.gate);
    return () => this.listeners.delete(fn);
  }

  private set(gate: Gate): void {
    this.gate = gate;
    for (const fn of this.listeners) fn(gate);
  }

  private get lock(): PinLock {
    if (!this.pin) throw new Error('AppLock not started');
    return this.pin;
  }

  /** Reads the device's state; the app always starts locked. */
  async start(): Promise<void> {
    // Sealing is on from now, even before a lock exists: a session got by signing in is kept in
    // memory, never stored in clear, until a PIN protects it.
    this.db.vault.attach({
      current: () => {
        try {
          return this.pin?.dataKey() ?? null;
        } catch {
          return null;
        }
      },
    });
    // No database yet: a parent's phone, or a first start. Signed out, and nothing is created
    // until someone signs in (`signedIn` opens the lock then).
    if (!(await databaseMayExist(this.db.name))) {
      this.set({ kind: 'signed-out', wiped: null });
      return;
    }
    const pin = await this.openLock();
    const session = await loadSession(this.db);
    const status = pin.status();
    if (status.state === 'no-keyring' && status.wiped) {
      // A wipe interrupted before the database was deleted: finish it.
      if (session) await this.wipeData(status.wiped);
      else this.set({ kind: 'signed-out', wiped: status.wiped });
      return;
    }
    if (!session) this.set({ kind: 'signed-out', wiped: null });
    // Signed in with an earlier version, data in clear: a PIN now, and everything gets sealed.
    else if (status.state === 'no-keyring') this.set({ kind: 'set-up', session });
    else this.set({ kind: 'locked', session });
  }

  /** The PIN lock over the device's keyring, opened once, with the vault attached to it. */
  private openLock(): Promise<PinLock> {
    this.opening ??= PinLock.open({
      store: metaLockStore(this.db),
      clock: this.clock,
      ...(this.options.lockAfterMs !== undefined ? { lockAfterMs: this.options.lockAfterMs } : {}),
      ...(this.options.keyring ? { keyring: this.options.keyring } : {}),
      onWipe: (reason) => this.wipeData(reason),
    }).then((pin) => (this.pin = pin));
    return this.opening;
  }

  /** After an online sign-in: choose a PIN. A keyring left here (PIN forgotten) goes with its data. */
  async signedIn(session: LocalSession): Promise<void> {
    if ((await this.openLock()).status().state !== 'no-keyring') await this.resetDevice();
    this.set({ kind: 'set-up', session });
  }

  /** A French reason when the PIN is refused; undefined once the app is open. */
  async setUp(pin: string, confirmation: string): Promise<string | undefined> {
    const problem = pinProblem(pin);
    if (problem) return problem;
    if (pin !== confirmation) return t('lock.mismatch');
    const gate = this.gate;
    if (gate.kind !== 'set-up') return undefined;
    await this.lock.setUp(pin, { replace: true });
    await this.db.vault.open();
    // What an earlier version stored in clear is sealed before anything is shown.
    await this.db.vault.sealStoredPlaintext();
    await sealStoredDrafts(this.db);
    await saveSession(this.db, gate.session);
    this.set({ kind: 'unlocked', session: gate.session });
    return undefined;
  }

  /** A French reason when the PIN is refused (wrong, wait, wiped); undefined once unlocked. */
  async unlock(pin: string): Promise<string | undefined> {
    const result = await this.lock.unlock(pin);
    if (!result.ok) return unlockMessage(result, this.clock.now());
    await this.db.vault.open();
    const session = await loadSession(this.db);
    if (!session) {
      this.set({ kind: 'signed-out', wiped: null });
      return undefined;
    }
    this.set({ kind: 'unlocked', session });
    return undefined;
  }

  /**
   * A new PIN for the same data key, asked while unlocked: the current PIN first (a wrong one counts
   * as a wrong unlock, waits and wipe included), then the new one twice, with the set-up's rules.
   */
  async changePin(current: string, pin: string, confirmation: string): Promise<string | undefined> {
    const problem = pinProblem(pin);
    if (problem) return problem;
    if (pin !== confirmation) return t('lock.mismatch');
    const result = await this.lock.changePin(current, pin);
    return result.ok ? undefined : unlockMessage(result, this.clock.now());
  }

  status(): LockStatus {
    return this.lock.status();
  }

  /** The person did something: the inactivity delay starts again, unless it already ran out. */
  touch(): void {
    if (!this.pin) return;
    this.pin.touch();
    this.check();
  }

  /** Locks if the inactivity delay has run out. */
  check(): void {
    if (this.gate.kind === 'unlocked' && this.lock.status().state !== 'unlocked') this.lockNow();
  }

  deadline(): number | null {
    return this.pin?.lockDeadline() ?? null;
  }

  lockNow(): void {
    const gate = this.gate;
    this.pin?.lock();
    this.db.vault.close();
    if (gate.kind === 'unlocked') this.set({ kind: 'locked', session: { ...gate.session, token: '' } });
  }

  /** Signed out (the database is already deleted): back to the sign-in screen. */
  async signedOut(): Promise<void> {
    this.pin?.lock();
    this.db.vault.close();
    await this.start();
  }

  /** The server revoked this device: the keyring goes at once, then the data. */
  async revoke(): Promise<void> {
    await this.lock.revoke();
  }

  private async resetDevice(): Promise<void> {
    this.pin?.lock();
    this.db.vault.close();
    await this.db.delete();
    await this.db.open();
  }

  private async wipeData(reason: WipeReason): Promise<void> {
    await this.resetDevice();
    // Only the reason is kept, for the sign-in screen (and across a reload).
    await metaLockStore(this.db).save({ keyring: null, failedAttempts: 0, retryAt: 0, wiped: reason });
    this.set({ kind: 'signed-out', wiped: reason });
  }
}
