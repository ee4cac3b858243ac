/**
 * Offline routing at département scale, in Chromium: a synthetic rural network (~200,000
 * nodes) is built into a graph through the app's worker and on the main thread, stored and read
 * back, then 200 random routes are timed with Tournée's A* and with ngraph.path's A* on the same
 * graph in the same page. Figures are printed, never asserted; see bench/README.md.
 *
 *   npx tsx bench/routing.ts [--vertices 200000] [--queries 200] [--seed 7]
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';
import {
  benchDir,
  chromiumVersion,
  cleanupOnSignal,
  fmt,
  launchBrowser,
  load,
  machine,
  parseArgs,
  percentile,
  table,
  tempDir,
} from './lib/harness';
import type { PageOptions, PageResult } from './routing/page';

const options = parseArgs({ vertices: 200_000, queries: 200, seed: 7, timeout: 900 });

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      ok({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
    }),
  );
}

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), mean: s.reduce((a, b) => a + b, 0) / s.length };
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const out = tempDir('tournee-routing-bench-');
  const cleanups: (() => Promise<void> | void)[] = [out.remove];
  cleanupOnSignal(cleanups);
  const hardStop = setTimeout(() => {
    console.error(`no result after ${options.timeout} s: stopping`);
    process.exit(1);
  }, options.timeout * 1000);

  console.log(`${machine()}; ${load()}`);
  console.log('bundling the page and the graph worker with vite…');
  // No config file: the app's PWA plugin has nothing to do here; the worker is bundled the way
  // the app's build bundles it (new Worker(new URL(…), { type: 'module' })).
  await build({
    configFile: false,
    root: join(benchDir, 'routing'),
    logLevel: 'warn',
    build: { outDir: out.path, emptyOutDir: true, target: 'es2022', sourcemap: false },
  });
  const { server, url } = await serve(out.path);
  cleanups.unshift(() => new Promise<void>((r) => server.close(() => r())));
  const browser = await launchBrowser();
  cleanups.unshift(() => browser.close());
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    await page.waitForFunction('typeof window.routingBench === "function"');
    const pageOptions: PageOptions = { vertices: options.vertices, queries: options.queries, seed: options.seed };
    // A string, not a function: tsx's __name helpers do not exist in the page.
    const r = (await page.evaluate(`window.routingBench(${JSON.stringify(pageOptions)})`)) as PageResult;
    print(r, chromiumVersion(browser));
  } finally {
    for (const c of cleanups) await Promise.resolve(c()).catch(() => undefined);
    clearTimeout(hardStop);
  }
}

function print(r: PageResult, browser: string): void {
  const s = r.steps;
  console.log(`\n${browser}; ${load()}`);
  console.log(
    `network: ${fmt.int(r.features)} features, ${mb(r.geojsonBytes)} of GeoJSON → ${fmt.int(r.nodes)} nodes, ${fmt.int(r.edges)} edges ` +
      `(skipped: ${Object.entries(r.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')})`,
  );
  console.log(
    table([
      ['graph', 'time', ''],
      ['buildGraphInWorker (Blob → stored buffer, in the worker)', fmt.ms(s.worker!), `${r.progressMessages} progress messages`],
      ['  of which start, read and JSON.parse (to first progress)', fmt.ms(s.workerFirstProgress ?? Number.NaN), ''],
      ['  main thread: JSON.parse', fmt.ms(s.parse!), ''],
      ['  main thread: buildRoadGraph (first run)', fmt.ms(s.build!), ''],
      ['serializeGraph (median of 5)', fmt.ms(s.serialize!), `${mb(r.serializedBytes)} (${(r.serializedBytes / r.nodes).toFixed(1)} B/node)`],
      ['deserializeGraph, with checks (median of 5)', fmt.ms(s.deserialize!), r.workerMatchesMainThread ? 'worker buffer = main thread buffer' : 'WORKER BUFFER DIFFERS'],
      ['createRouter (median of 5)', fmt.ms(s.router!), ''],
      ['buildNodeIndex (median of 5)', fmt.ms(s.nodeIndex!), `nearest p50 ${(stats(r.nearestMs).p50 * 1000).toFixed(1)} µs`],
      ['ngraph.graph: addNode + addLink', fmt.ms(s.ngraphBuild!), ''],
    ]),
  );
  const q = r.queries;
  const row = (name: string, t: { ms: number[]; settled: number[] }) => {
    const x = stats(t.ms);
    const settled = t.settled.length ? fmt.int(percentile([...t.settled].sort((a, b) => a - b), 50)) : '–';
    return [name, t.ms.length, fmt.ms(x.p50), fmt.ms(x.p95), fmt.ms(x.mean), settled];
  };
  console.log(`\nqueries: random node pairs, mean route ${r.meanRouteMinutes.toFixed(0)} min; ${r.unreachable} unreachable, ${r.mismatches} duration mismatches`);
  console.log(
    table([
      ['query', 'runs', 'p50', 'p95', 'mean', 'settled p50'],
      row('Tournée A* (aStar)', q.astar),
      row('ngraph.path aStar (oriented)', q.ngraph),
      row('Tournée Dijkstra', q.dijkstra),
      row('Tournée durationsFrom, 1 → 11 stops', q.matrix),
    ]),
  );
  const a = stats(q.astar.ms);
  const n = stats(q.ngraph.ms);
  console.log(`\nngraph.path / Tournée A*: p50 ${(n.p50 / a.p50).toFixed(2)}×, p95 ${(n.p95 / a.p95).toFixed(2)}×, mean ${(n.mean / a.mean).toFixed(2)}×`);
}

await main();
