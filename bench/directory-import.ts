/**
 * Writing a large directory into the device's database, in Chromium: the app's Dexie database
 * (src/app/db/database.ts, its directory table and indexes) filled with bulkPut page by page as a
 * pull does, next to bare IndexedDB puts of the same objects into a store of the same shape
 * (bench/lib/raw-idb.ts). No server and no app build: the database module is bundled with esbuild
 * and served, with a blank page, by request interception on a made-up origin.
 *
 *   npx tsx bench/directory-import.ts [--records 50000] [--page 500] [--reps 2]
 *
 * Each repetition starts from empty databases; the best time of each way is compared.
 *
 * Figures are printed, not asserted. Needs Debian's /usr/bin/chromium.
 */
import { build } from 'esbuild';
import { PULL_PAGE } from '../src/app/sync/pull';
import { chromiumVersion, fmt, launchBrowser, load, machine, PAGE_PRELUDE, parseArgs, root, table } from './lib/harness';
import { rawBulkPut, type RawResult } from './lib/raw-idb';
import { animator, communeCodes, makeDirectoryEntries } from './lib/seed';

const opts = parseArgs({ records: 50_000, page: PULL_PAGE, reps: 2 });
const ORIGIN = 'http://directory-import.bench.invalid';

/** The app's database class and its meta helper, bundled for the page. */
async function pageBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { TourneeDB } from './src/app/db/database';
import { setMeta } from './src/app/db/meta';
globalThis.__tournee = { TourneeDB, setMeta };`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

interface DexieTimes {
  pagedMs: number;
  oneTxMs: number;
  stored: number;
}

console.log(`directory import of ${fmt.int(opts.records)} entries into IndexedDB — ${machine()}, ${load()}`);
const t = performance.now();
const records = makeDirectoryEntries(opts.records, animator.territoryId, communeCodes(animator.territoryId));
const bundle = await pageBundle();
console.log(`generated ${fmt.int(records.length)} records and bundled the database module (${Math.round(bundle.length / 1024)} KiB) in ${fmt.s(performance.now() - t)}`);

const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  await context.addInitScript({ content: PAGE_PRELUDE });
  await context.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/db.js') return route.fulfill({ contentType: 'text/javascript', body: bundle });
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>bench</title><script src="/db.js"></script>' });
  });
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/`);
  console.log(chromiumVersion(browser));

  // Hand the records to the page in slices: one message of 20 MB is slow to serialise.
  await page.evaluate(() => ((globalThis as unknown as { __records: unknown[] }).__records = []));
  for (let i = 0; i < records.length; i += 5000) {
    await page.evaluate((slice) => (globalThis as unknown as { __records: unknown[] }).__records.push(...slice), records.slice(i, i + 5000));
  }

  const runs: { dexie: DexieTimes; raw: RawResult }[] = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    // Every repetition starts from empty databases.
    await page.evaluate(async () => {
      for (const name of ['tournee', 'tournee-one-transaction', 'bench-raw-one', 'bench-raw-paged']) {
        await new Promise<void>((ok, fail) => {
          const r = indexedDB.deleteDatabase(name);
          r.onsuccess = () => ok();
          r.onerror = () => fail(r.error);
        });
      }
    });
    const dexie = await page.evaluate(async (pageSize): Promise<DexieTimes> => {
      interface Table {
        bulkPut(items: unknown[]): Promise<unknown>;
        count(): Promise<number>;
      }
      interface Db {
        open(): Promise<unknown>;
        close(): void;
        meta: unknown;
        records(entity: string): Table;
        transaction(mode: string, tables: unknown[], body: () => Promise<void>): Promise<void>;
      }
      const g = globalThis as unknown as {
        __records: unknown[];
        __tournee: { TourneeDB: new (name?: string) => Db; setMeta(db: Db, key: string, value: unknown): Promise<void> };
      };
      const { TourneeDB, setMeta } = g.__tournee;
      const all = g.__records;

      // As a pull stores a page: the records and the checkpoint in one transaction.
      const db = new TourneeDB('tournee');
      await db.open();
      const table = db.records('directoryEntry');
      let t0 = performance.now();
      for (let i = 0; i < all.length; i += pageSize) {
        await db.transaction('rw', [table, db.meta], async () => {
          await table.bulkPut(all.slice(i, i + pageSize));
          await setMeta(db, 'pullSince', i + pageSize);
        });
      }
      const pagedMs = performance.now() - t0;
      const stored = await table.count();
      db.close();

      const one = new TourneeDB('tournee-one-transaction');
      await one.open();
      const oneTable = one.records('directoryEntry');
      t0 = performance.now();
      await one.transaction('rw', [oneTable], async () => {
        await oneTable.bulkPut(all);
      });
      const oneTxMs = performance.now() - t0;
      one.close();
      return { pagedMs, oneTxMs, stored };
    }, opts.page);
    if (dexie.stored !== records.length) throw new Error(`Dexie stored ${dexie.stored} of ${records.length} records`);

    // The floor: the objects read back from the app's table, put with bare IndexedDB calls.
    const raw = await rawBulkPut(page, opts.page);

    runs.push({ dexie, raw });
    console.log(
      `run ${rep + 1}: Dexie ${fmt.s(dexie.pagedMs)} paged, ${fmt.s(dexie.oneTxMs)} one transaction; ` +
        `IndexedDB ${fmt.s(raw.pagedMs)} paged, ${fmt.s(raw.oneTxMs)} one transaction (${load()})`,
    );
  }
  await context.close();
  const bestOf = (f: (r: (typeof runs)[number]) => number) => Math.min(...runs.map(f));
  const dexie = { pagedMs: bestOf((r) => r.dexie.pagedMs), oneTxMs: bestOf((r) => r.dexie.oneTxMs), stored: runs[0]!.dexie.stored };
  const raw = { pagedMs: bestOf((r) => r.raw.pagedMs), oneTxMs: bestOf((r) => r.raw.oneTxMs), objects: runs[0]!.raw.objects, pageSize: runs[0]!.raw.pageSize };

  console.log('');
  console.log(
    table([
      [`best of ${opts.reps}`, 'records', 'time', 'records/s'],
      [`Dexie bulkPut, ${opts.page} per transaction (+ checkpoint), app database`, fmt.int(dexie.stored), fmt.s(dexie.pagedMs), fmt.rate(dexie.stored, dexie.pagedMs)],
      [`IndexedDB put, ${raw.pageSize} per transaction, same indexes`, fmt.int(raw.objects), fmt.s(raw.pagedMs), fmt.rate(raw.objects, raw.pagedMs)],
      ['Dexie bulkPut, one transaction', fmt.int(dexie.stored), fmt.s(dexie.oneTxMs), fmt.rate(dexie.stored, dexie.oneTxMs)],
      ['IndexedDB put, one transaction', fmt.int(raw.objects), fmt.s(raw.oneTxMs), fmt.rate(raw.objects, raw.oneTxMs)],
    ]),
  );
  console.log('');
  console.log(`ratio Dexie / bare IndexedDB, ${opts.page} per transaction: ${(dexie.pagedMs / raw.pagedMs).toFixed(2)}×`);
  console.log(`ratio Dexie / bare IndexedDB, one transaction: ${(dexie.oneTxMs / raw.oneTxMs).toFixed(2)}×`);
  console.log(`(${load()} at the end; stores: key id, indexes territoryId, kind, communeCode, updatedAt)`);
} finally {
  await browser.close();
}
