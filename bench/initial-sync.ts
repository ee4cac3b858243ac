/**
 * Initial sync of a large directory into Chromium, end to end with the real app and server,
 * next to PouchDB replicating the same documents from a CouchDB-compatible server, and next to
 * bare IndexedDB writes of the same objects (the floor). Figures are printed, not asserted.
 *
 *   npx tsx bench/initial-sync.ts [--records 50000] [--screen reglages|annuaire] [--pouch-batch 500]
 *
 * Needs Debian's /usr/bin/chromium and `npm --prefix bench install` (PouchDB, pouchdb-server).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PULL_PAGE } from '../src/app/sync/pull';
import {
  benchDir,
  chromiumVersion,
  cleanupOnSignal,
  cpuSeconds,
  ensureBuild,
  fmt,
  launchBrowser,
  load,
  machine,
  parseArgs,
  startBenchProcess,
  startTourneeServer,
  table,
  tempDir,
} from './lib/harness';
import { COUCH_DB, loadCouch, replicateInBrowser } from './lib/pouch';
import { rawBulkPut } from './lib/raw-idb';
import { animator, communeCodes, demoCount, makeDirectoryEntries, openTarget, putRecords, seedDemo, serverEnv, type StoreTarget } from './lib/seed';
import { counters, logIn, openApp, storageUsage, waitSynced } from './lib/tournee-page';

const opts = parseArgs({ records: 50_000, screen: 'reglages', 'pouch-batch': PULL_PAGE, timeout: 600 });
const n = opts.records;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

if (!existsSync(join(benchDir, 'node_modules/pouchdb/dist/pouchdb.min.js'))) {
  console.error('PouchDB missing: run `npm --prefix bench install` first.');
  process.exit(1);
}

console.log(`initial sync of ${fmt.int(n)} directory entries into Chromium — ${machine()}, ${load()}`);
const dist = ensureBuild();
const work = tempDir('tournee-bench-initial-');
const cleanups: (() => Promise<void> | void)[] = [() => work.remove()];
cleanupOnSignal(cleanups);

try {
  // --- seed the Tournée store, then start the real server on it --------------------------------
  const target: StoreTarget = { kind: 'sqlite', dataDir: join(work.path, 'data') };
  const entries = makeDirectoryEntries(n, animator.territoryId, communeCodes(animator.territoryId));
  let t = performance.now();
  const store = await openTarget(target);
  await seedDemo(store);
  const lastSeq = await putRecords(store, 'directoryEntry', entries);
  await store.close();
  console.log(`seeded SQLite with ${fmt.int(n)} entries in ${fmt.s(performance.now() - t)}`);
  const expected = n + demoCount('directoryEntry', animator.territoryId);

  const server = await startTourneeServer(serverEnv(target), dist);
  cleanups.unshift(() => server.stop());
  const browser = await launchBrowser();
  cleanups.unshift(() => browser.close());
  console.log(`${chromiumVersion(browser)}, app screen during sync: #/${opts.screen}`);

  // --- Tournée: log in, the app pulls every page into Dexie -------------------------------------
  const app = await openApp(browser, server.url, opts.screen);
  const cpuBefore = cpuSeconds(server.pid) ?? 0;
  await logIn(app.page, animator.email, animator.password);
  const { count } = await waitSynced(app.page, lastSeq, opts.timeout * 1000);
  const serverCpu = (cpuSeconds(server.pid) ?? 0) - cpuBefore;
  const c = await counters(app.page);
  const first = c.pulls[0];
  if (!first || count < expected) throw new Error(`Tournée sync incomplete: ${count} of ${expected} entries`);
  const tourneeMs = c.lastWrite - first.start;
  const waitingMs = c.pulls.reduce((sum, p) => sum + Math.max(0, p.headers - p.start), 0);
  const tourneeUsage = await storageUsage(app.page);
  console.log(`Tournée: ${fmt.int(count)} entries stored, ${c.pulls.length} pulls`);

  // --- floor: bare IndexedDB, same objects, same page -------------------------------------------
  const raw = await rawBulkPut(app.page, PULL_PAGE);
  await app.context.close();
  await server.stop();

  // --- PouchDB: same documents, CouchDB-compatible server, replicate into IndexedDB -------------
  const couch = await startBenchProcess('lib/couch-server.ts', [join(work.path, 'couch')]);
  cleanups.unshift(() => couch.stop());
  t = performance.now();
  await loadCouch(couch.url, entries);
  console.log(`loaded ${fmt.int(n)} docs into the PouchDB server in ${fmt.s(performance.now() - t)}`);
  const couchCpuBefore = cpuSeconds(couch.pid) ?? 0;
  const pouch = await replicateInBrowser(browser, couch.url, opts['pouch-batch']);
  const couchCpu = (cpuSeconds(couch.pid) ?? 0) - couchCpuBefore;
  if (pouch.docs !== n) throw new Error(`PouchDB replicated ${pouch.docs} of ${n} docs`);

  // --- report -------------------------------------------------------------------------------
  console.log('');
  console.log(
    table([
      ['', 'docs', 'time', 'docs/s', 'requests', 'server CPU', 'origin storage'],
      [`Tournée (pull ${PULL_PAGE}/page → Dexie)`, fmt.int(count), fmt.s(tourneeMs), fmt.rate(count, tourneeMs), c.pulls.length, `${serverCpu.toFixed(1)} s`, mib(tourneeUsage)],
      [`PouchDB ${'9.0'} replicate.from (batch_size ${opts['pouch-batch']})`, fmt.int(pouch.docs), fmt.s(pouch.ms), fmt.rate(pouch.docs, pouch.ms), pouch.requests, `${couchCpu.toFixed(1)} s`, mib(pouch.usage)],
      ['IndexedDB put, one transaction (floor)', fmt.int(raw.objects), fmt.s(raw.oneTxMs), fmt.rate(raw.objects, raw.oneTxMs), '-', '-', '-'],
      [`IndexedDB put, ${raw.pageSize} per transaction`, fmt.int(raw.objects), fmt.s(raw.pagedMs), fmt.rate(raw.objects, raw.pagedMs), '-', '-', '-'],
    ]),
  );
  console.log(`(${load()} at the end)`);
  console.log('');
  console.log(`ratio PouchDB / Tournée time: ${(pouch.ms / tourneeMs).toFixed(2)} (above 1: Tournée is faster)`);
  console.log(`ratio Tournée / IndexedDB floor (one transaction): ${(tourneeMs / raw.oneTxMs).toFixed(1)}×`);
  console.log(`Tournée time waiting for pull responses (request → headers): ${fmt.s(waitingMs)} of ${fmt.s(tourneeMs)}`);
  console.log(
    `notes: Tournée time = first pull request → commit of the last page's Dexie transaction, app screen #/${opts.screen}, ` +
      `${fmt.int(expected - n)} demo entries included; PouchDB time = replicate.from() call → resolved, adapter ${pouch.adapter}; ` +
      `PouchDB server = express-pouchdb 4.2 (the app of pouchdb-server 4.2) with the LevelDB adapter, database "${COUCH_DB}".`,
  );
} finally {
  for (const c of cleanups) await c();
}
