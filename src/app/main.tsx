import { render } from 'preact';
import { App } from './App';
import { loadSession } from './auth/session';
import { db, publicDb } from './db/instance';
import { databaseMayExist } from './db/exists';
import { loadStaffMessages, setLocale } from './i18n';
import { registerServiceWorker } from './pwa/sw-bridge';
import type { ApiOptions } from './sync/api';
import { SyncClient } from './sync/sync-client';
import './styles.css';

setLocale('fr-FR');
// A staff device: its first screen (the PIN) needs the staff messages; fetch them while the
// database opens rather than after.
void databaseMayExist(db.name).then((staff) => (staff ? loadStaffMessages() : undefined)).catch(() => undefined);

const api: ApiOptions = {
  baseUrl: window.location.origin,
  fetch: (input, init) => fetch(input, init),
  getToken: async () => (await loadSession(db))?.token,
};
const sync = new SyncClient(db, { ...api, isOnline: () => navigator.onLine });

// Ask the browser not to evict the database under storage pressure; it may say no.
void navigator.storage?.persist?.();

if (import.meta.env.PROD) registerServiceWorker();

render(<App services={{ db, publicDb, api, sync }} />, document.getElementById('app')!);
