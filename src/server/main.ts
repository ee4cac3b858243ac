import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { DEMO_PARENT_REQUEST, buildDemoData } from './seed/demo-data';
import { seedIfEmpty } from './seed/seed';
import { openStore, type OpenedStore } from './storage/open';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const staticDir = resolve(process.env.STATIC_DIR ?? './dist');

if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT invalide : ${process.env.PORT}`);
  process.exit(1);
}

let opened: OpenedStore;
try {
  opened = await openStore(process.env);
} catch (err) {
  console.error(`Base de données inaccessible : ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const { store, backend, location } = opened;
const demo = buildDemoData();
const seeded = await seedIfEmpty(store, demo);

const hasStatic = existsSync(join(staticDir, 'index.html'));
if (!hasStatic) console.warn(`Pas d’application construite dans ${staticDir} (lancez « npm run build ») : API seule.`);

const app = createApp({ store, staticDir: hasStatic ? staticDir : undefined, trustProxy: process.env.TRUST_PROXY === '1' });

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(`Tournée écoute sur http://${shownHost}:${info.port}/`);
  const where = backend === 'postgres' ? `PostgreSQL ${location}` : `SQLite dans ${location}`;
  console.log(`Données : ${where}${seeded ? ' (données de démonstration créées)' : ''}`);
  console.log('Comptes de démonstration (e-mail / mot de passe / rôle) :');
  for (const a of demo.accounts) console.log(`  ${a.email} / ${a.password} / ${a.role}`);
  console.log(`Demande d’un parent (page de suivi, sans compte) : http://${shownHost}:${info.port}/#/suivi/${DEMO_PARENT_REQUEST.id}.${DEMO_PARENT_REQUEST.secret}`);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} reçu : arrêt…`);
  // Stop accepting connections, let running requests finish, then close the database.
  server.close(() => {
    void store.close().then(() => process.exit(0));
  });
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
