/**
 * Background reconciliation: push the outbox, then pull. One run at a time; a request made while
 * a run is in flight schedules exactly one more run. The UI never calls the network for data: it
 * reads the local database and this state.
 */
import { LockedError } from '../crypto/pin-lock';
import type { TourneeDB } from '../db/database';
import { getClientId, getMeta, setMeta } from '../db/meta';
import { HttpError, NetworkError, type ApiOptions } from './api';
import { pullChanges } from './pull';
import { pushOutbox } from './push';

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'error';
export type SyncErrorKind = 'network' | 'auth' | 'server' | 'storage';

export interface SyncState {
  phase: SyncPhase;
  lastSyncAt?: string | undefined;
  error?: SyncErrorKind | undefined;
  /** Conflicts and refusals found by the last run, for a notice. */
  lastConflicts: number;
  lastRejected: number;
}

/** The server's answer when an administrator revoked this device's session. */
export const SESSION_REVOKED = 'session_revoked';

export function isRevoked(e: unknown): boolean {
  return e instanceof HttpError && e.status === 401 && e.body?.error.code === SESSION_REVOKED;
}

export interface SyncClientOptions extends ApiOptions {
  /** Called when the server no longer accepts the session (revoked, expired). */
  onUnauthorized?: () => void;
  isOnline?: () => boolean;
}

/**
 * Two tabs of the app share one database and one outbox: only one of them syncs at a time
 * (Web Locks where the browser has them; a second tab waits, then finds the outbox already sent).
 */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  return locks ? locks.request('tournee-sync', fn) : fn();
}

export class SyncClient {
  private state: SyncState = { phase: 'idle', lastConflicts: 0, lastRejected: 0 };
  private listeners = new Set<(s: SyncState) => void>();
  private revokedListeners = new Set<(message: string) => void>();
  private running: Promise<void> | undefined;
  private again = false;
  private timers: ReturnType<typeof setInterval>[] = [];
  private cleanups: (() => void)[] = [];
  private started = false;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: TourneeDB,
    private readonly opts: SyncClientOptions,
  ) {}

  getState(): SyncState {
    return this.state;
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  /** Called when the server says this device was revoked (with its message); the lock wipes the device. */
  onRevoked(fn: (message: string) => void): () => void {
    this.revokedListeners.add(fn);
    return () => this.revokedListeners.delete(fn);
  }

  private set(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  async loadLastSync(): Promise<void> {
    this.set({ lastSyncAt: await getMeta<string>(this.db, 'lastSyncAt') });
  }

  /** Run a sync now, or once more after the one in flight. Resolves when that run has ended. */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.runOnce();
    } while (this.again);
  }

  private async runOnce(): Promise<void> {
    if (this.opts.isOnline && !this.opts.isOnline()) {
      this.set({ phase: 'offline' });
      return;
    }
    this.set({ phase: 'syncing' });
    try {
      const clientId = await getClientId(this.db);
      const pushed = await exclusive(async () => {
        const report = await pushOutbox(this.db, this.opts, clientId);
        await pullChanges(this.db, this.opts);
        return report;
      });
      const now = new Date().toISOString();
      await setMeta(this.db, 'lastSyncAt', now);
      this.failures = 0;
      this.set({ phase: 'idle', error: undefined, lastSyncAt: now, lastConflicts: pushed.conflicts, lastRejected: pushed.rejected });
    } catch (e) {
      if (e instanceof NetworkError) {
        this.set({ phase: 'offline', error: 'network' });
        this.retrySoon();
      } else if (e instanceof LockedError) {
        // Locked during the run: the pages left need the key; the next unlock syncs again.
        this.set({ phase: 'idle' });
      } else if (isRevoked(e)) {
        this.set({ phase: 'error', error: 'auth' });
        for (const fn of this.revokedListeners) fn((e as HttpError).message);
      } else if (e instanceof HttpError && e.status === 401) {
        this.set({ phase: 'error', error: 'auth' });
        this.opts.onUnauthorized?.();
      } else if (e instanceof HttpError) {
        this.set({ phase: 'error', error: 'server' });
      } else {
        console.error('sync failed', e);
        this.set({ phase: 'error', error: 'storage' });
      }
    }
  }

  /**
   * After a network failure, try again sooner than the interval, backing off: the browser's
   * online/offline events are unreliable (a hall's Wi-Fi without internet, a van between masts).
   */
  private retrySoon(): void {
    if (!this.started) return;
    this.failures += 1;
    const delay = Math.min(60_000, 2000 * 2 ** (this.failures - 1));
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.syncNow(), delay * (0.75 + Math.random() / 2));
  }

  /** Sync on reconnect, on an interval, and shortly after each local write (writes are batched). */
  start(intervalMs = 60_000, afterWriteMs = 1500): void {
    this.started = true;
    this.failures = 0;
    const onOnline = () => void this.syncNow();
    const onOffline = () => this.set({ phase: 'offline' });
    globalThis.addEventListener?.('online', onOnline);
    globalThis.addEventListener?.('offline', onOffline);
    this.cleanups.push(() => {
      globalThis.removeEventListener?.('online', onOnline);
      globalThis.removeEventListener?.('offline', onOffline);
    });
    this.timers.push(setInterval(() => void this.syncNow(), intervalMs));
    let debounce: ReturnType<typeof setTimeout> | undefined;
    const onWrite = () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void this.syncNow(), afterWriteMs);
    };
    this.db.outbox.hook('creating', onWrite);
    this.cleanups.push(() => {
      this.db.outbox.hook('creating').unsubscribe(onWrite);
      clearTimeout(debounce);
    });
    void this.loadLastSync().then(() => this.syncNow());
  }

  stop(): void {
    this.started = false;
    clearTimeout(this.retry);
    for (const t of this.timers) clearInterval(t);
    for (const c of this.cleanups) c();
    this.timers = [];
    this.cleanups = [];
  }
}
