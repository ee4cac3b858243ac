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

// After the page has loaded: installing the offline copy (a few megabytes) must not compete with
// the first screen for the network and the processor.
if (import.meta.env.PROD) {
  if (document.readyState === 'complete') registerServiceWorker();
  else window.addEventListener('load', () => registerServiceWorker(), { once: true });
}

render(<App services={{ db, publicDb, api, sync }} />, document.getElementById('app')!);
