/**
 * Drives the built app in Chromium as a person would (log in, press "Synchroniser") and reads
 * its progress from outside: a fetch wrapper notes when pulls start, a wrapper of
 * IDBDatabase.transaction notes when each write transaction of the directory table commits.
 * The app's own code is untouched.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PAGE_PRELUDE } from './harness';

/** Injected before the app's scripts. */
const INSTRUMENT = `
${PAGE_PRELUDE}
(() => {
  const bench = { pulls: [], writes: 0, firstWrite: 0, lastWrite: 0 };
  globalThis.__bench = bench;
  const origFetch = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/api/sync/pull')) return origFetch.call(this, input, init);
    const entry = { start: performance.now(), headers: 0 };
    bench.pulls.push(entry);
    return origFetch.call(this, input, init).then((res) => { entry.headers = performance.now(); return res; });
  };
  const origTx = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    const tx = origTx.call(this, stores, mode, options);
    if (mode === 'readwrite' && this.name === 'tournee' && Array.prototype.includes.call(tx.objectStoreNames, 'directoryEntries')) {
      tx.addEventListener('complete', () => {
        const now = performance.now();
        if (bench.writes === 0) bench.firstWrite = now;
        bench.writes += 1;
        bench.lastWrite = now;
      });
    }
    return tx;
  };
})();
`;

export interface BenchCounters {
  pulls: { start: number; headers: number }[];
  writes: number;
  firstWrite: number;
  lastWrite: number;
}

export interface TourneePage {
  context: BrowserContext;
  page: Page;
}

export async function openApp(browser: Browser, url: string, screen: string): Promise<TourneePage> {
  const context = await browser.newContext();
  await context.addInitScript({ content: INSTRUMENT });
  const page = await context.newPage();
  await page.goto(`${url}/#/${screen}`);
  return { context, page };
}

/** Fills the login form; the app starts its first sync as soon as the session exists. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

export function counters(page: Page): Promise<BenchCounters> {
  return page.evaluate(() => {
    const b = (globalThis as unknown as { __bench: BenchCounters }).__bench;
    return { pulls: b.pulls.map((p) => ({ ...p })), writes: b.writes, firstWrite: b.firstWrite, lastWrite: b.lastWrite };
  });
}

/** Reads, through a second IndexedDB connection, the pull checkpoint and a table's row count. */
export function localState(page: Page, table: string): Promise<{ since: number; count: number; syncing: boolean }> {
  return page.evaluate(async (tableName) => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid="sync-now"]');
    const syncing = !button || button.disabled;
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('tournee')) return { since: -1, count: 0, syncing };
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('tournee');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    try {
      if (!db.objectStoreNames.contains(tableName)) return { since: -1, count: 0, syncing };
      const tx = db.transaction([tableName, 'meta'], 'readonly');
      const count = await new Promise<number>((ok, fail) => {
        const req = tx.objectStore(tableName).count();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const since = await new Promise<number>((ok, fail) => {
        const req = tx.objectStore('meta').get('pullSince');
        req.onsuccess = () => ok(typeof req.result?.value === 'number' ? (req.result.value as number) : -1);
        req.onerror = () => fail(req.error);
      });
      return { since, count, syncing };
    } finally {
      db.close();
    }
  }, table);
}

/**
 * Waits until the app has stored everything up to `since` (the server's last sequence number
 * for this user) and its sync run has ended. Polls every `everyMs`.
 */
export async function waitSynced(page: Page, since: number, timeoutMs: number, everyMs = 250): Promise<{ count: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await localState(page, 'directoryEntries');
    if (s.since >= since && !s.syncing) return { count: s.count };
    if (Date.now() > deadline) throw new Error(`not synced after ${timeoutMs} ms: checkpoint ${s.since} of ${since}, ${s.count} entries`);
    await page.waitForTimeout(everyMs);
  }
}

/** Storage used by the origin, as the browser reports it. */
export function storageUsage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}
