/**
 * What a thief copying the browser's files would read: every object store of a database, opened
 * with the bare IndexedDB API, never through Dexie and its decrypting middleware.
 */
export function rawDatabase(dbName: string): Promise<Record<string, unknown[]>> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const idb = open.result;
      const names = [...idb.objectStoreNames];
      const tx = idb.transaction(names, 'readonly');
      const out: Record<string, unknown[]> = {};
      for (const name of names) {
        const req = tx.objectStore(name).getAll();
        req.onsuccess = () => {
          out[name] = req.result as unknown[];
        };
      }
      tx.oncomplete = () => {
        idb.close();
        resolve(out);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** The raw content as one text, and the secrets found in it (expected: none). */
export async function leakedSecrets(dbName: string, secrets: readonly string[]): Promise<{ raw: string; leaked: string[] }> {
  const raw = JSON.stringify(await rawDatabase(dbName));
  return { raw, leaked: secrets.filter((s) => raw.includes(s) || raw.includes(JSON.stringify(s).slice(1, -1))) };
}
