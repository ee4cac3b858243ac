/**
 * Incremental sync: a tablet already holds the whole directory; another device pushes 100 edits;
 * the tablet's "Synchroniser" brings them in. Several repetitions, figures printed, not asserted.
 *
 *   npx tsx bench/incremental-sync.ts [--records 50000] [--changes 100] [--reps 7] [--screen reglages]
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumVersion, cleanupOnSignal, ensureBuild, fmt, launchBrowser, load, machine, median, parseArgs, percentile, startTourneeServer, table, tempDir } from './lib/harness';
import { edit, login, pull, push } from './lib/device';
import { animator, communeCodes, demo, makeDirectoryEntries, openTarget, putRecords, rng, seedDemo, serverEnv, type StoreTarget } from './lib/seed';
import { counters, localState, logIn, openApp, waitSynced } from './lib/tournee-page';

const opts = parseArgs({ records: 50_000, changes: 100, reps: 7, screen: 'reglages', timeout: 600 });
const coordinator = demo.accounts.find((a) => a.role === 'coordinator')!;

console.log(`incremental sync of ${opts.changes} edits into a tablet holding ${fmt.int(opts.records)} entries — ${machine()}, ${load()}`);
const dist = ensureBuild();
const work = tempDir('tournee-bench-incremental-');
const cleanups: (() => Promise<void> | void)[] = [() => work.remove()];
cleanupOnSignal(cleanups);

/** Clicks "Synchroniser" and returns the page's clock at the click. */
function clickSync(page: Page): Promise<number> {
  return page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid="sync-now"]');
    if (!button || button.disabled) return -1;
    const t0 = performance.now();
    button.click();
    return t0;
  });
}

try {
  const target: StoreTarget = { kind: 'sqlite', dataDir: join(work.path, 'data') };
  const entries = makeDirectoryEntries(opts.records, animator.territoryId, communeCodes(animator.territoryId));
  const store = await openTarget(target);
  await seedDemo(store);
  const lastSeq = await putRecords(store, 'directoryEntry', entries);
  await store.close();

  const server = await startTourneeServer(serverEnv(target), dist);
  cleanups.unshift(() => server.stop());
  const browser = await launchBrowser();
  cleanups.unshift(() => browser.close());
  console.log(`${chromiumVersion(browser)}, app screen: #/${opts.screen}`);

  // The tablet: the real app, fully synced first.
  const app = await openApp(browser, server.url, opts.screen);
  await logIn(app.page, animator.email, animator.password);
  await waitSynced(app.page, lastSeq, opts.timeout * 1000);
  const initial = await counters(app.page);
  console.log(`tablet synced (${fmt.int(opts.records)} entries, initial sync ${fmt.s(initial.lastWrite - initial.pulls[0]!.start)})`);

  // The other device: the coordinator, signed in over HTTP with its own client id.
  const token = await login(server.url, coordinator.email, coordinator.password);
  const clientId = `bench-other-device-${process.pid}`;
  const versions = new Map(entries.map((e) => [e.id, e.version]));
  let checkpoint = lastSeq;
  const pick = rng(7);

  const samples: { clickMs: number; pullMs: number }[] = [];
  let discarded = 0;
  for (let rep = 0; samples.length < opts.reps && rep < opts.reps * 3; rep++) {
    // 100 distinct entries edited by the other device, one push.
    const chosen = new Set<number>();
    while (chosen.size < opts.changes) chosen.add(Math.floor(pick() * entries.length));
    const mutations = [...chosen].map((i) => {
      const e = entries[i]!;
      return edit('directoryEntry', { id: e.id, version: versions.get(e.id)!, territoryId: e.territoryId }, { placesAvailable: Math.floor(pick() * 5), notes: `Mise à jour ${rep + 1}` });
    });
    for (let i = 0; i < mutations.length; i += 200) {
      const { results } = await push(server.url, token, clientId, mutations.slice(i, i + 200));
      for (const r of results) versions.set(String(r.record.id), Number(r.record.version));
    }
    // Where the tablet must get to: the server's last sequence number after those edits.
    for (;;) {
      const page = await pull(server.url, token, checkpoint, 1000);
      checkpoint = page.since;
      if (!page.hasMore) break;
    }

    const before = await localState(app.page, 'directoryEntries');
    const pullsBefore = (await counters(app.page)).pulls.length;
    if (before.syncing || before.since >= checkpoint) {
      // A background sync of the app (every 60 s) got there first: not a measurement.
      await waitSynced(app.page, checkpoint, opts.timeout * 1000);
      discarded += 1;
      continue;
    }
    const t0 = await clickSync(app.page);
    if (t0 < 0) {
      discarded += 1;
      await waitSynced(app.page, checkpoint, opts.timeout * 1000);
      continue;
    }
    await waitSynced(app.page, checkpoint, opts.timeout * 1000, 50);
    const c = await counters(app.page);
    const firstPull = c.pulls[pullsBefore];
    if (!firstPull || firstPull.start < t0) {
      discarded += 1;
      continue;
    }
    samples.push({ clickMs: c.lastWrite - t0, pullMs: c.lastWrite - firstPull.start });
    console.log(`  rep ${samples.length}: ${fmt.ms(c.lastWrite - t0)} (${c.pulls.length - pullsBefore} pull)`);
  }

  const click = samples.map((s) => s.clickMs).sort((a, b) => a - b);
  const fromPull = samples.map((s) => s.pullMs).sort((a, b) => a - b);
  console.log('');
  console.log(
    table([
      ['', 'p50', 'min', 'max', 'reps'],
      [`click "Synchroniser" → ${opts.changes} edits stored`, fmt.ms(median(click)), fmt.ms(click[0]!), fmt.ms(click.at(-1)!), click.length],
      ['first pull request → last page stored', fmt.ms(median(fromPull)), fmt.ms(fromPull[0]!), fmt.ms(percentile(fromPull, 100)), fromPull.length],
    ]),
  );
  console.log(`(${load()} at the end${discarded ? `; ${discarded} repetitions discarded: a background sync came first` : ''})`);
  console.log(
    `notes: each repetition, the coordinator's device pushes ${opts.changes} edits of distinct entries (one push of ${opts.changes} mutations); ` +
      `the tablet (real app in Chromium, ${fmt.int(opts.records)} entries stored) pulls them in one page and writes them with Dexie.`,
  );
} finally {
  for (const c of cleanups) await c();
}
