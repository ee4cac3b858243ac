/**
 * A lost tablet in Chromium: the demo animator signs in, chooses a PIN and sees a family's
 * request; offline, a reload asks the PIN, which opens the app again without a network. The
 * IndexedDB content, read in the page with the bare API, holds no sensitive value; wrong PINs
 * get a wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_PIN, apiLogin, axeViolations, demo, launchBrowser, logIn, pullAll, screenshot, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let tablet: BrowserContext;
let page: Page;

const request = {
  phone: '06 48 27 19 35',
  name: 'Yasmina Ferrandon-Quillet',
  message: 'Mon fils a 8 mois, je reprends le travail de nuit en janvier.',
  childBirthDate: '2026-03-17',
};

/** Secrets the animator's device receives: the request above and the demo families' phones. */
let secrets: string[] = [];

beforeAll(async () => {
  server = await startServer();
  const { token, user } = await apiLogin(server.url, demo.animator);
  const territoryId = (user.territoryIds as string[])[0]!;
  const id = crypto.randomUUID();
  const at = new Date().toISOString();
  const res = await fetch(`${server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      clientId: crypto.randomUUID(),
      mutations: [
        {
          mutationId: crypto.randomUUID(),
          entity: 'intakeRequest',
          recordId: id,
          baseVersion: 0,
          territoryId,
          at,
          changes: { ...request, needs: ['childcare'], status: 'received', receiptCode: 'LOCK7Q2', consent: { textVersion: '2026-01', givenAt: at }, deleted: false, territoryId },
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  const families = (await pullAll(server.url, token)).filter((c) => c.entity === 'family').map((c) => c.record as { guardians?: { phone?: string }[] });
  secrets = [request.phone, request.name, request.message, request.childBirthDate, ...families.flatMap((f) => (f.guardians ?? []).flatMap((g) => (g.phone ? [g.phone] : [])))];
  browser = await launchBrowser();
  tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  page = await tablet.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every object store of the app's database, read in the page with the bare IndexedDB API. */
function rawIndexedDb(p: Page): Promise<string> {
  return p.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('tournee');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const names = [...idb.objectStoreNames];
          const tx = idb.transaction(names, 'readonly');
          const out: Record<string, unknown> = {};
          for (const name of names) {
            const req = tx.objectStore(name).getAll();
            req.onsuccess = () => {
              // Blobs and buffers (basemaps, road graphs) hold no family data.
              out[name] = (req.result as unknown[]).map((v) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Blob || x instanceof ArrayBuffer ? '[binary]' : x))) as unknown);
            };
          }
          tx.oncomplete = () => {
            idb.close();
            resolve(JSON.stringify(out));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function openRequests(p: Page): Promise<void> {
  await p.getByRole('link', { name: /^Demandes des familles/ }).click();
  await p.getByRole('link', { name: request.phone }).waitFor({ timeout: 20_000 });
}

describe('lost tablet', () => {
  it('signs in, chooses a PIN and sees a family’s request; the database holds no sensitive value in clear', async () => {
    await page.goto(server.url);
    await logIn(page, demo.animator, { unlockAfterReload: false });
    await openRequests(page);
    expect(secrets.length).toBeGreaterThan(4);
    const raw = await rawIndexedDb(page);
    expect(raw).toContain('LOCK7Q2'); // the request is there, its receipt code in clear
    expect(raw).toContain('"$enc":1');
    for (const secret of secrets) expect(raw, secret).not.toContain(secret);
    // The offline shell is installed: a reload without network is served by the worker.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('offline, a reload asks the PIN, which opens the app again without a network', async () => {
    await tablet.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Tournée est verrouillée' }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain(request.phone);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'lock-pin-tablet');
    await page.getByLabel(/^Code PIN[\s*]*$/).fill(TEST_PIN);
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
    await openRequests(page);
    const raw = await rawIndexedDb(page);
    for (const secret of secrets) expect(raw, secret).not.toContain(secret);
  });

  it('locks on demand, and wrong PINs get a wait', async () => {
    await page.getByRole('button', { name: 'Verrouiller' }).click();
    await page.getByRole('heading', { name: 'Tournée est verrouillée' }).waitFor();
    for (let i = 0; i < 5; i++) {
      await page.getByLabel(/^Code PIN[\s*]*$/).fill('135792');
      await page.getByRole('button', { name: 'Déverrouiller' }).click();
      await page.getByText(`Code PIN incorrect (encore ${9 - i} essais`).waitFor();
    }
    await page.getByText('Trop d’essais : réessayez dans 30 s.').waitFor();
    expect(await page.getByRole('button', { name: 'Déverrouiller' }).isDisabled()).toBe(true);
    await screenshot(page, 'lock-wait-tablet');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'lock-wait-phone');
  });
});
