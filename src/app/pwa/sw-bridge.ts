/**
 * Page side of the service worker: registration and updates. The new version is activated only
 * when the person asks for it (and the UI refuses while changes are unsent or a form is open).
 */
import type { Workbox } from 'workbox-window';

export interface PwaState {
  offlineReady: boolean;
  updateWaiting: boolean;
}

type Listener = (s: PwaState) => void;

let state: PwaState = { offlineReady: false, updateWaiting: false };
const listeners = new Set<Listener>();
let wb: Workbox | undefined;

function set(patch: Partial<PwaState>) {
  state = { ...state, ...patch };
  listeners.forEach((fn) => fn(state));
}

export function subscribePwa(fn: Listener): () => void {
  listeners.add(fn);
  fn(state);
  return () => listeners.delete(fn);
}

/** Registers once the first screen is drawn: workbox-window is fetched then, not before. */
export function registerServiceWorker(url = '/sw.js'): void {
  if (!('serviceWorker' in navigator)) return;
  void import('workbox-window').then(({ Workbox }) => {
    const w = new Workbox(url, { type: import.meta.env.DEV ? 'module' : 'classic' });
    w.addEventListener('installed', (e) => {
      if (!e.isUpdate) set({ offlineReady: true });
    });
    w.addEventListener('waiting', () => set({ updateWaiting: true }));
    wb = w;
    return w.register();
  });
}

/** Activate the waiting version, then reload once it controls the page. */
export function applyUpdate(): void {
  if (!wb) return;
  wb.addEventListener('controlling', () => window.location.reload());
  wb.messageSkipWaiting();
}

/** Look for a new version now (the browser also checks on navigation). */
export async function checkForUpdate(): Promise<void> {
  await wb?.update();
}
