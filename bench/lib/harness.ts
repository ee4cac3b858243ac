/**
 * What every benchmark shares: the real server started as its own process (src/server/main.ts
 * run by tsx) on a free loopback port, the production build, Debian's Chromium, and small
 * statistics. Nothing here is part of the app.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');
export const benchDir = resolve(import.meta.dirname, '..');

/** The browser tests' flags: without them Chromium keeps trying to reach the Internet. */
import { CHROMIUM_ARGS } from '../../tests/e2e/harness';

export { CHROMIUM_ARGS };

export function launchBrowser(): Promise<Browser> {
  // playwright-core gives every context a fresh profile (its own --user-data-dir).
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/**
 * tsx compiles with esbuild's keepNames, which wraps named functions in `__name(…)`: functions
 * handed to page.evaluate would throw in the page without this no-op.
 */
export const PAGE_PRELUDE = 'globalThis.__name = globalThis.__name || ((f) => f);';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

/** Builds the app with `npx vite build` when dist/ is missing. */
export function ensureBuild(): string {
  const dist = join(root, 'dist');
  if (existsSync(join(dist, 'index.html'))) return dist;
  console.log('dist/ missing: npx vite build…');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
  return dist;
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Cleanup steps run in order on normal exit (by the caller) and on Ctrl-C / SIGTERM (here). */
export function cleanupOnSignal(cleanups: (() => Promise<void> | void)[]): void {
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping…`);
    void (async () => {
      for (const c of cleanups) await Promise.resolve(c()).catch(() => undefined);
      process.exit(130);
    })();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

export interface RunningProcess {
  url: string;
  pid: number;
  output: () => string;
  /** SIGTERM (clean shutdown) and wait for the exit. */
  stop: () => Promise<void>;
}

async function waitReady(child: ChildProcess, probe: () => Promise<boolean>, out: () => string, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited: ${out()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start: ${out()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function track(child: ChildProcess): { output: () => string; exited: Promise<void> } {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once('exit', () => r());
  });
  return { output: () => out, exited };
}

function stopper(child: ChildProcess, exited: Promise<void>): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
}

/**
 * Starts `src/server/main.ts` in its own node process (tsx as an --import loader, so the pid is
 * the server itself). `env` selects the store: DATA_DIR for SQLite, DATABASE_URL for PostgreSQL.
 */
export async function startTourneeServer(env: Record<string, string>, staticDir?: string): Promise<RunningProcess> {
  const port = await freePort();
  const loader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', STATIC_DIR: staticDir ?? join(root, 'no-static') };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', loader, join(root, 'src/server/main.ts')], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, exited } = track(child);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(child, () => fetch(`${url}/api/auth/me`).then((r) => r.status === 401), output, 'server');
  return { url, pid: child.pid ?? -1, output, stop: stopper(child, exited) };
}

/** Starts a TypeScript file of bench/ as its own process; it must print `listening <port>`. */
export async function startBenchProcess(file: string, args: string[]): Promise<RunningProcess> {
  const loader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, join(benchDir, file), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, exited } = track(child);
  let url = '';
  await waitReady(
    child,
    async () => {
      const m = /listening (\d+)/.exec(output());
      if (m) url = `http://127.0.0.1:${m[1]}`;
      return m !== null;
    },
    output,
    file,
  );
  return { url, pid: child.pid ?? -1, output, stop: stopper(child, exited) };
}

/** CPU time (user + system, seconds) used so far by a process, from /proc. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return undefined;
  }
}

// --- statistics and printing ----------------------------------------------------------------

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const fmt = {
  ms: (v: number) => (Number.isFinite(v) ? `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms` : 'n/a'),
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  rate: (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}`,
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
};

export function machine(): string {
  const c = cpus();
  return `${c.length} cores (${c[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;
}

/** The 1-minute load average: other work on the machine shows in every figure. */
export function load(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
}

export function chromiumVersion(browser: Browser): string {
  return `Chromium ${browser.version()}`;
}

/** Parses `--name value` and `--name=value` options; unknown names are refused. */
export function parseArgs<T extends Record<string, number | string>>(defaults: T, argv = process.argv.slice(2)): T {
  const out: Record<string, number | string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !(m[1]! in defaults)) throw new Error(`unknown option ${arg}; options: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')}`);
    const key = m[1]!;
    const raw = m[2] ?? argv[++i];
    if (raw === undefined) throw new Error(`--${key} needs a value`);
    if (typeof defaults[key] === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${key}: number expected, got ${raw}`);
      out[key] = n;
    } else out[key] = raw;
  }
  return out as T;
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]!) : String(cell).padStart(widths[c]!))).join('  '))
    .join('\n');
}
