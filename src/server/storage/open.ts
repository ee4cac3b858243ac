import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './store';

export interface OpenedStore {
  store: Store;
  backend: 'sqlite' | 'postgres';
  /** Where the data is, for the console: a folder, or the database URL without its password. */
  location: string;
}

/** The URL as it may be printed: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * `DATABASE_URL=postgres://…` (or `postgresql://…`) selects PostgreSQL; without it, SQLite in
 * `DATA_DIR` (default `./data`, created if missing). Any other DATABASE_URL is refused rather
 * than silently ignored.
 */
export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<OpenedStore> {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//i.test(url)) {
      throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${redactUrl(url)})`);
    }
    return { store: await openPostgresStore(url), backend: 'postgres', location: redactUrl(url) };
  }
  const dataDir = resolve(env.DATA_DIR ?? './data');
  mkdirSync(dataDir, { recursive: true });
  return { store: openSqliteStore(join(dataDir, 'tournee.sqlite')), backend: 'sqlite', location: dataDir };
}
