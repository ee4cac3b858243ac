import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** Preact binding of Dexie's liveQuery: re-renders when the queried tables change. */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({
      next: (v) => setValue(() => v),
      error: (e: unknown) => console.error('live query failed', e),
    });
    return () => sub.unsubscribe();
  }, deps);
  return value;
}
