/**
 * The floor: the same objects written with bare IndexedDB calls into a store shaped like the
 * app's directory table (key `id`, the same four indexes), in the same page.
 */
import type { Page } from 'playwright-core';

export interface RawResult {
  objects: number;
  /** One transaction for everything. */
  oneTxMs: number;
  /** One transaction per `pageSize` objects, in sequence, like a paged pull. */
  pagedMs: number;
  pageSize: number;
}

export function rawBulkPut(page: Page, pageSize: number): Promise<RawResult> {
  return page.evaluate(async (size) => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((ok, fail) => {
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    const open = (name: string, upgrade?: (db: IDBDatabase) => void) =>
      new Promise<IDBDatabase>((ok, fail) => {
        const r = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
        if (upgrade) r.onupgradeneeded = () => upgrade(r.result);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    const done = (tx: IDBTransaction) =>
      new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
        tx.onabort = () => fail(tx.error);
      });
    const shape = (db: IDBDatabase) => {
      const store = db.createObjectStore('directoryEntries', { keyPath: 'id' });
      for (const index of ['territoryId', 'kind', 'communeCode', 'updatedAt']) store.createIndex(index, index);
    };

    const app = await open('tournee');
    const objects = await req(app.transaction('directoryEntries', 'readonly').objectStore('directoryEntries').getAll());
    app.close();

    const one = await open('bench-raw-one', shape);
    let t0 = performance.now();
    const tx = one.transaction('directoryEntries', 'readwrite');
    const store = tx.objectStore('directoryEntries');
    for (const o of objects) store.put(o);
    await done(tx);
    const oneTxMs = performance.now() - t0;
    one.close();

    const paged = await open('bench-raw-paged', shape);
    t0 = performance.now();
    for (let i = 0; i < objects.length; i += size) {
      const ptx = paged.transaction('directoryEntries', 'readwrite');
      const pstore = ptx.objectStore('directoryEntries');
      for (const o of objects.slice(i, i + size)) pstore.put(o);
      await done(ptx);
    }
    const pagedMs = performance.now() - t0;
    paged.close();
    return { objects: objects.length, oneTxMs, pagedMs, pageSize: size };
  }, pageSize);
}
