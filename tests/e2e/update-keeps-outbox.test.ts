/**
 * A tablet edits offline, then its tab is killed with the edits unsent. Meanwhile a new version
 * of the app is published. When the app is opened again online, the browser installs the new
 * service worker and, once no tab uses the old one, activates it. The unsent edits must survive
 * all of this: still counted, still shown, and sent on "Synchroniser".
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, demo, launchBrowser, logIn, pullAll, startServer, type RunningServer } from './harness';

/** The part of CDP's ServiceWorker.ServiceWorkerVersion this test reads. */
interface WorkerVersion {
  versionId: string;
  scriptURL: string;
  status: 'new' | 'installing' | 'installed' | 'activating' | 'activated' | 'redundant';
}

/** Service worker versions of the browser context, as Chromium's DevTools protocol reports them. */
async function watchWorkers(cdp: CDPSession): Promise<Map<string, WorkerVersion>> {
  const versions = new Map<string, WorkerVersion>();
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: WorkerVersion[] }) => {
    for (const v of event.versions) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  return versions;
}

const activated = (versions: Map<string, WorkerVersion>) => [...versions.values()].filter((v) => v.status === 'activated');

let server: RunningServer;
let browser: Browser;
let tablet: BrowserContext;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const unsent = (p: Page) => p.getByTestId('sync-unsent');
const NEW_ENTRY = 'Assistante Avant Mise à Jour';

describe('an app update with unsent changes and a killed tab', () => {
  it('keeps the outbox through the new service worker, then sends it', async () => {
    const first = await tablet.newPage();
    const firstWorkers = await watchWorkers(await tablet.newCDPSession(first));
    await first.goto(server.url);
    await logIn(first, demo.animator);
    await first.getByRole('heading', { name: 'Sandrine Faure' }).waitFor();
    await first.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => activated(firstWorkers).length, { timeout: 10_000 }).toBe(1);
    const oldVersion = activated(firstWorkers)[0]!;

    // Offline edits: a new entry and a change of an existing one, both waiting in the outbox.
    await tablet.setOffline(true);
    await first.getByTestId('sync-online').getByText('Hors ligne').waitFor();
    await first.getByRole('button', { name: 'Ajouter une fiche' }).click();
    await first.getByRole('textbox', { name: 'Nom', exact: true }).fill(NEW_ENTRY);
    await first.getByLabel('Places disponibles').fill('4');
    await first.getByRole('button', { name: 'Enregistrer' }).click();
    await first.getByRole('heading', { name: NEW_ENTRY }).waitFor();
    await first.getByRole('button', { name: 'Modifier : Sandrine Faure' }).click();
    await first.getByLabel('Places disponibles').fill('5');
    await first.getByRole('button', { name: 'Enregistrer' }).click();
    await first.getByRole('listitem').filter({ hasText: 'Sandrine Faure' }).getByText('5 place(s)').waitFor();
    await expect.poll(() => unsent(first).textContent(), { timeout: 10_000 }).toBe('2 modification(s) à envoyer');

    // The tab is killed with its changes unsent, and a new version is published.
    await first.close();
    appendFileSync(join(server.staticDir, 'sw.js'), '\n// release with unsent changes on a device\n');
    await tablet.setOffline(false);
    // The server must not receive the changes before the new worker has taken over.
    await tablet.route('**/api/sync/push', (route) => route.abort());

    // Reopened online: the browser finds the new worker; it waits while this tab uses the old one.
    const second = await tablet.newPage();
    const secondWorkers = await watchWorkers(await tablet.newCDPSession(second));
    await second.goto(server.url);
    await second.getByRole('heading', { name: NEW_ENTRY }).waitFor();
    const banner = second.getByTestId('update-banner');
    await banner.waitFor({ timeout: 20_000 });
    await banner.getByText('Elle sera proposée une fois vos modifications envoyées.').waitFor();
    await expect.poll(() => unsent(second).textContent(), { timeout: 10_000 }).toBe('2 modification(s) à envoyer');
    const newWaiting = () => [...secondWorkers.values()].find((v) => v.status === 'installed' && v.versionId !== oldVersion.versionId);
    await expect.poll(() => newWaiting()?.versionId, { timeout: 10_000, message: 'a new worker waits' }).toBeDefined();
    const waiting = newWaiting();

    // That tab is closed too: no tab uses the old worker, so the browser activates the new one.
    await second.close();
    const third = await tablet.newPage();
    const thirdWorkers = await watchWorkers(await tablet.newCDPSession(third));
    await expect.poll(() => activated(thirdWorkers).map((v) => v.versionId), { timeout: 20_000 }).toEqual([waiting!.versionId]);
    expect(thirdWorkers.get(oldVersion.versionId)?.status ?? 'redundant').toBe('redundant');

    await third.goto(server.url);
    await third.getByRole('heading', { name: 'Annuaire', level: 1 }).waitFor();
    const control = await third.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const script = await (await fetch('/sw.js', { cache: 'no-store' })).text();
      return {
        controller: navigator.serviceWorker.controller?.scriptURL,
        active: reg.active?.scriptURL,
        waiting: reg.waiting !== null,
        script,
      };
    });
    expect(control).toMatchObject({ controller: `${server.url}/sw.js`, active: `${server.url}/sw.js`, waiting: false });
    expect(control.script).toBe(readFileSync(join(server.staticDir, 'sw.js'), 'utf8'));
    expect(control.script.endsWith('// release with unsent changes on a device\n')).toBe(true);
    expect(await third.getByTestId('update-banner').count()).toBe(0);

    // Under the new version: the edits are still counted, shown, and flagged as not sent.
    await expect.poll(() => unsent(third).textContent(), { timeout: 10_000 }).toBe('2 modification(s) à envoyer');
    const created = third.getByRole('listitem').filter({ hasText: NEW_ENTRY });
    await created.getByText('4 place(s)').waitFor();
    await created.getByText('Non envoyé').waitFor();
    const edited = third.getByRole('listitem').filter({ hasText: 'Sandrine Faure' });
    await edited.getByText('5 place(s)').waitFor();
    await edited.getByText('Non envoyé').waitFor();

    // And they reach the server on "Synchroniser".
    await tablet.unroute('**/api/sync/push');
    await third.getByTestId('sync-now').click();
    await expect.poll(() => unsent(third).textContent(), { timeout: 20_000 }).toBe('Tout est envoyé');
    const { token } = await apiLogin(server.url, demo.coordinator);
    const byName = new Map((await pullAll(server.url, token)).filter((c) => c.entity === 'directoryEntry').map((c) => [c.record.name, c.record]));
    expect(byName.get(NEW_ENTRY)).toMatchObject({ placesAvailable: 4, version: 1, deleted: false });
    expect(byName.get('Sandrine Faure')).toMatchObject({ placesAvailable: 5, version: 2 });
    expect(await created.getByText('Non envoyé').count()).toBe(0);
  });
});
