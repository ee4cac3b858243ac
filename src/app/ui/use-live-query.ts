import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { revealMisses } from '../crypto/vault';

const stale = Symbol('stale');

/**
 * Preact binding of Dexie's liveQuery: re-renders when the queried tables change. A result that
 * met an envelope the vault did not know yet (sealed by another tab) is not shown: the vault
 * decrypts it in the background and the query runs again (src/app/crypto/vault.ts).
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const sub = liveQuery(async () => {
      const before = revealMisses();
      const result = await query();
      return revealMisses() === before ? result : stale;
    }).subscribe({
      next: (v) => {
        if (v !== stale) setValue(() => v as T);
      },
      error: (e: unknown) => console.error('live query failed', e),
    });
    return () => sub.unsubscribe();
  }, deps);
  return value;
}
