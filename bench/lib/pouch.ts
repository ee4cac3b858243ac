/**
 * The peer side of the initial-sync benchmark: the same records loaded into the CouchDB-compatible
 * server, then replicated by PouchDB (browser bundle, default IndexedDB adapter) into Chromium.
 */
import type { Browser } from 'playwright-core';
import { PAGE_PRELUDE } from './harness';

export const COUCH_DB = 'directory';

/** Creates the database and loads `docs` (`_id` = record id) with _bulk_docs. */
export async function loadCouch(url: string, records: readonly Record<string, unknown>[], batch = 2000): Promise<void> {
  const created = await fetch(`${url}/${COUCH_DB}`, { method: 'PUT' });
  if (created.status !== 201) throw new Error(`create ${COUCH_DB}: HTTP ${created.status} ${await created.text()}`);
  for (let i = 0; i < records.length; i += batch) {
    const docs = records.slice(i, i + batch).map(({ id, ...rest }) => ({ _id: String(id), ...rest }));
    const res = await fetch(`${url}/${COUCH_DB}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    if (res.status !== 201) throw new Error(`_bulk_docs: HTTP ${res.status} ${await res.text()}`);
  }
}

export interface PouchResult {
  ms: number;
  docs: number;
  requests: number;
  usage: number;
  adapter: string;
}

/** Replicates the whole database into a fresh PouchDB in a fresh browser context. */
export async function replicateInBrowser(browser: Browser, url: string, batchSize: number): Promise<PouchResult> {
  const context = await browser.newContext();
  try {
    await context.addInitScript({ content: PAGE_PRELUDE });
    const page = await context.newPage();
    let requests = 0;
    page.on('request', (r) => {
      if (r.url().includes(`/${COUCH_DB}`)) requests += 1;
    });
    await page.goto(`${url}/bench/page.html`);
    const r = await page.evaluate(
      async ({ source, batchSize }) => {
        interface PouchLike {
          replicate: { from(url: string, opts: object): Promise<{ ok: boolean; docs_written: number }> };
          info(): Promise<{ doc_count: number; adapter: string }>;
        }
        const P = (globalThis as unknown as { PouchDB: new (name: string) => PouchLike }).PouchDB;
        const db = new P('replica');
        const t0 = performance.now();
        const result = await db.replicate.from(source, { batch_size: batchSize });
        const ms = performance.now() - t0;
        const info = await db.info();
        const usage = (await navigator.storage.estimate()).usage ?? 0;
        return { ms, docs: info.doc_count, written: result.docs_written, ok: result.ok, usage, adapter: info.adapter };
      },
      { source: `${url}/${COUCH_DB}`, batchSize },
    );
    if (!r.ok) throw new Error('PouchDB replication did not end ok');
    return { ms: r.ms, docs: r.docs, requests, usage: r.usage, adapter: r.adapter };
  } finally {
    await context.close();
  }
}
