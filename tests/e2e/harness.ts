/**
 * Browser tests drive Debian's Chromium against the real server (built app + SQLite with demo
 * data) started on a free loopback port, from a copy of dist/ the test may change.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
export const shotsDir = join(root, 'test-results', 'screens');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _unused, ...rest } = env;
  return rest;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  staticDir: string;
  dataDir: string;
  /** Process id of the spawned node process: the server itself with `singleProcess`, else tsx's wrapper. */
  pid: number;
  output: () => string;
  /** Stops the server (SIGTERM, clean shutdown) and removes its copy of dist/ and its data, unless the data dir was given. */
  stop: () => Promise<void>;
  /**
   * Sends `signal` to the server process (e.g. SIGKILL: a crash, no shutdown code runs) and
   * resolves once it has exited; `stop()` then only cleans up. Needs `singleProcess`.
   */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

export interface StartServerOptions {
  /** Reuse this data folder (kept by `stop()`), e.g. to restart a server on the same database. */
  dataDir?: string;
  /**
   * Run src/server/main.ts in the spawned node process itself, with tsx as an `--import` loader.
   * The default (tsx's CLI) runs the server in a child of the spawned process: a SIGKILL would
   * then hit the wrapper and leave the server running.
   */
  singleProcess?: boolean;
  /** Extra environment for the server, over this process's own. */
  env?: Record<string, string>;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ missing: run `npm run build` before the browser tests');
  const work = mkdtempSync(join(tmpdir(), 'tournee-e2e-'));
  const staticDir = join(work, 'dist');
  const dataDir = options.dataDir ?? join(work, 'data');
  cpSync(dist, staticDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  let out = '';
  const mainTs = join(root, 'src/server/main.ts');
  const args = options.singleProcess
    ? ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, mainTs]
    : [join(root, 'node_modules/tsx/dist/cli.mjs'), mainTs];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    // Browser tests run on the embedded SQLite whatever the caller's environment says.
    env: { ...withoutDatabaseUrl(process.env), ...options.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: staticDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    const ok = await fetch(`${url}/api/auth/me`).then((r) => r.status === 401, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const exited = new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once('exit', () => r());
  });
  return {
    url,
    staticDir,
    dataDir,
    pid: child.pid ?? -1,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
    kill: async (signal) => {
      if (!options.singleProcess) throw new Error('kill() needs startServer({ singleProcess: true })');
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page as it is now; returns the violations, summarised. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's content security policy forbids inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  return violations;
}

/**
 * Share of an element's pixels within `tolerance` of `rgb`, and how many distinct colours it
 * shows, read by drawing its screenshot in the page (a map's WebGL canvas cannot be read back).
 */
export async function colourShare(page: Page, element: Locator, rgb: readonly [number, number, number], tolerance = 12): Promise<{ share: number; distinct: number }> {
  const png = await element.screenshot();
  return page.evaluate(
    async ({ b64, rgb: [r, g, b], tolerance: tol }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, img.width, img.height).data;
      let hits = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
        if (Math.abs(d[i]! - r) < tol && Math.abs(d[i + 1]! - g) < tol && Math.abs(d[i + 2]! - b) < tol) hits += 1;
      }
      return { share: hits / (d.length / 4), distinct: colours.size };
    },
    { b64: png.toString('base64'), rgb, tolerance },
  );
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage });
}

export const demo = {
  animator: { email: 'animatrice@demo.tournee.fr', password: 'demo-animatrice-2026' },
  coordinator: { email: 'coordination@demo.tournee.fr', password: 'demo-coordination-2026' },
  bus: { email: 'babybus@demo.tournee.fr', password: 'demo-babybus-2026' },
};

/** The PIN the browser tests choose after signing in (docs/encryption.md: 6 digits, not a run). */
export const TEST_PIN = '258036';

const unlocking = new WeakSet<object>();

/**
 * After each load of a page of this browser context, types the PIN if the app asks for it, as
 * a person does after a reload: tests of other features then find the app as they left it.
 */
function unlockAfterEachLoad(page: Page): void {
  const watch = (p: Page) =>
    p.on('load', () => {
      void (async () => {
        const field = p.getByLabel(/^Code PIN[\s*]*$/);
        await field.waitFor({ timeout: 15_000 });
        await field.fill(TEST_PIN);
        await p.getByRole('button', { name: 'Déverrouiller' }).click();
      })().catch(() => undefined);
    });
  const context = page.context();
  if (unlocking.has(context)) return;
  unlocking.add(context);
  for (const p of context.pages()) watch(p);
  context.on('page', watch);
}

/**
 * Signs in from the staff tab and chooses the test PIN, as after a first sign-in on a device.
 * Unless told otherwise, the PIN is typed again after every reload of the context's pages.
 */
export async function logIn(page: Page, who: { email: string; password: string }, options: { unlockAfterReload?: boolean } = {}): Promise<void> {
  // The app opens on the parents' directory; staff sign in from their own tab.
  if (!(await page.getByLabel('Adresse e-mail').isVisible())) await page.getByRole('link', { name: 'Espace professionnel' }).click();
  await page.getByLabel('Adresse e-mail').fill(who.email);
  await page.getByLabel('Mot de passe').fill(who.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Choisissez votre code PIN' }).waitFor();
  await page.getByLabel('Code PIN ou phrase de passe').fill(TEST_PIN);
  await page.getByLabel('Le même code, une deuxième fois').fill(TEST_PIN);
  await page.getByRole('button', { name: 'Enregistrer le code PIN' }).click();
  await page.getByRole('heading', { name: 'Annuaire', level: 1 }).waitFor();
  // The territory reaches the device with the first sync, which starts once the PIN is set:
  // tests that go offline next need it done. A test that holds the sync back goes on after the wait.
  await page
    .getByText(/Dernière synchro/)
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  if (options.unlockAfterReload !== false) unlockAfterEachLoad(page);
}

/** Signs in over HTTP, as a device would; returns the token and the staffUser record. */
export async function apiLogin(url: string, who: { email: string; password: string }): Promise<{ token: string; user: Record<string, unknown> }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (res.status !== 200) throw new Error(`login ${who.email}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; user: Record<string, unknown> };
}

export interface PulledChange {
  entity: string;
  record: Record<string, unknown>;
}

/** Every change the token's user may see, from seq 0, following `hasMore` (bounded to 1000 pages). */
export async function pullAll(url: string, token: string): Promise<PulledChange[]> {
  const changes: PulledChange[] = [];
  let since = 0;
  for (let page = 0; page < 1000; page++) {
    const res = await fetch(`${url}/api/sync/pull?since=${since}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`pull: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { changes: PulledChange[]; since: number; hasMore: boolean };
    changes.push(...body.changes);
    since = body.since;
    if (!body.hasMore) return changes;
  }
  throw new Error('pull: too many pages');
}

/**
 * Whether process `pid` holds SQLite's WAL write lock on the database at `dbPath`, read from
 * Linux's /proc/locks: an exclusive POSIX lock on byte 120 of the `-shm` file, taken from
 * BEGIN IMMEDIATE until COMMIT or ROLLBACK. `undefined` where /proc/locks or the file is missing.
 */
export function sqliteWriteLockHeld(pid: number, dbPath: string): boolean | undefined {
  let inode: number;
  let locks: string;
  try {
    inode = statSync(`${dbPath}-shm`).ino;
    locks = readFileSync('/proc/locks', 'utf8');
  } catch {
    return undefined;
  }
  const suffix = `:${inode}`;
  for (const line of locks.split('\n')) {
    // "12: POSIX  ADVISORY  WRITE 4242 08:01:1234567 120 120"; waiters are listed with "->".
    const f = line.trim().split(/\s+/);
    if (f[1] === 'POSIX' && f[3] === 'WRITE' && f[4] === String(pid) && f[5]?.endsWith(suffix) && f[6] === '120' && f[7] === '120') {
      return true;
    }
  }
  return false;
}
