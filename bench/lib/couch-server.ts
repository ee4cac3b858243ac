/**
 * The CouchDB-compatible peer: the app of pouchdb-server 4.2 (express-pouchdb, with PouchDB built
 * the way pouchdb-server's CLI builds it: pouchdb-core + http + replication + mapreduce + the
 * LevelDB adapter on disk), plus two static routes so the benchmark page and PouchDB's browser
 * bundle come from the same origin as the database (no CORS preflights, like the Tournée app).
 *
 *   node --import tsx bench/lib/couch-server.ts <data dir>     prints "listening <port>"
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

interface PouchStatic {
  plugin(p: unknown): PouchStatic;
  defaults(opts: Record<string, unknown>): PouchStatic;
}
interface Express {
  (): ExpressApp;
}
interface ExpressApp {
  get(path: string, handler: (req: unknown, res: { type(t: string): { send(body: string): void } }) => void): void;
  use(handler: unknown): void;
  listen(port: number, host: string, cb: () => void): Server;
}

const dataDir = resolve(process.argv[2] ?? '');
if (!process.argv[2]) throw new Error('usage: couch-server.ts <data dir>');
mkdirSync(dataDir, { recursive: true });

const require = createRequire(join(import.meta.dirname, '..', 'package.json'));
const express = require('express') as Express;
const expressPouchDB = require('express-pouchdb') as (PouchDB: PouchStatic, opts: Record<string, unknown>) => unknown;
const PouchDB = (require('pouchdb-core') as PouchStatic)
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'))
  .plugin(require('pouchdb-mapreduce'))
  .plugin(require('pouchdb-adapter-leveldb'));
const LocalPouch = PouchDB.defaults({ prefix: `${dataDir}/` });

const bundle = readFileSync(require.resolve('pouchdb/dist/pouchdb.min.js'), 'utf8');
const page = '<!doctype html><meta charset="utf-8"><title>PouchDB bench</title><script src="/bench/pouchdb.min.js"></script>';

const app = express();
app.get('/bench/page.html', (_req, res) => res.type('html').send(page));
app.get('/bench/pouchdb.min.js', (_req, res) => res.type('application/javascript').send(bundle));
app.use(
  expressPouchDB(LocalPouch, {
    configPath: join(dataDir, 'config.json'),
    logPath: join(dataDir, 'log.txt'),
  }),
);

const server = app.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`listening ${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
