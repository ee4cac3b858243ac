import type { TourneeDB } from '../../../src/app/db/database';

/** Unlocks a database's vault with a fresh data key, as the app does after the PIN. */
export async function unlockWithNewKey(db: TourneeDB): Promise<CryptoKey> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  let current: CryptoKey | null = key;
  db.vault.attach({ current: () => current });
  await db.vault.open();
  // Kept for tests that lock: `lockVault(db)` drops the key as the PIN lock does.
  locks.set(db, () => {
    current = null;
  });
  return key;
}

const locks = new WeakMap<TourneeDB, () => void>();

/** Locks a vault opened by unlockWithNewKey: the key is gone, reads see envelopes, writes are refused. */
export function lockVault(db: TourneeDB): void {
  locks.get(db)?.();
  db.vault.close();
}

