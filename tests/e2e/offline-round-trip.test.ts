/**
 * What a field worker does: sign in on a tablet, lose the network, create and edit records,
 * reload with no network, come back online and see the changes reach the server and another
 * browser. Also: the app is accessible (axe) and an update never reloads over unsent work.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, demo, launchBrowser, logIn, screenshot, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let tablet: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  page = await tablet.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const unsent = (p: Page) => p.getByTestId('sync-unsent');

async function serverDirectoryNames(): Promise<Map<string, Record<string, unknown>>> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demo.coordinator),
  });
  const { token } = (await login.json()) as { token: string };
  const names = new Map<string, Record<string, unknown>>();
  let since = 0;
  for (;;) {
    const res = await fetch(`${server.url}/api/sync/pull?since=${since}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { changes: { entity: string; record: Record<string, unknown> }[]; since: number; hasMore: boolean };
    for (const c of body.changes) if (c.entity === 'directoryEntry' || c.entity === 'intakeRequest') names.set(String(c.record.name ?? c.record.phone), c.record);
    since = body.since;
    if (!body.hasMore) return names;
  }
}

describe('offline round trip in Chromium', () => {
  it('prints the demo accounts on start', () => {
    expect(server.output()).toContain('animatrice@demo.tournee.fr');
  });

  it('signs in, installs the offline shell, and the login screen has no accessibility violations', async () => {
    await page.goto(`${server.url}/#/connexion`);
    await page.getByRole('heading', { name: 'Connexion des professionnels' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'login-tablet');
    await logIn(page, demo.animator);
    await page.getByRole('heading', { name: 'Martine Royer' }).waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The first visit is taken by the worker once installed, with no reload: the screens loaded
    // later (forms, the map) then come from its cache even if the network goes now.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'directory-tablet');
    // Chromium's own verdict on whether the app can be installed (manifest, icons, worker);
    // test contexts are incognito, which Chromium reports too: that one is about the harness.
    const cdp = await tablet.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  });

  it('works offline: create and edit records, reload without network, everything is still there', async () => {
    await tablet.setOffline(true);
    await page.getByTestId('sync-online').getByText('Hors ligne').waitFor();

    await page.getByRole('button', { name: 'Ajouter une fiche' }).click();
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Assistante Hors Ligne');
    await page.getByLabel('Téléphone').fill('04 77 39 00 11');
    await page.getByLabel('Places disponibles').fill('3');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: 'Assistante Hors Ligne' }).waitFor();

    await page.getByRole('button', { name: 'Modifier : Sandrine Faure' }).click();
    await page.getByLabel('Places disponibles').fill('0');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Sandrine Faure' }).getByText('0 place(s)').waitFor();

    await page.getByRole('link', { name: 'Demandes des familles' }).click();
    await page.getByRole('button', { name: 'Nouvelle demande' }).click();
    await page.getByLabel('Téléphone du parent').fill('06 11 22 33 44');
    await page.getByLabel('Date de naissance de l’enfant').fill('2025-06-02');
    await page.getByRole('checkbox', { name: /La famille accepte/ }).check();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'intake-form-tablet');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByTestId('intake-receipt').waitFor();
    await expect.poll(() => unsent(page).textContent()).toBe('3 modification(s) à envoyer');

    await page.reload();
    await page.getByRole('heading', { name: 'Demandes des familles', level: 1 }).waitFor();
    await page.getByRole('link', { name: '06 11 22 33 44' }).waitFor();
    await page.getByRole('link', { name: 'Annuaire' }).click();
    await page.getByRole('heading', { name: 'Assistante Hors Ligne' }).waitFor();
    expect(await unsent(page).textContent()).toBe('3 modification(s) à envoyer');
    await screenshot(page, 'offline-after-reload-tablet');
    const names = await serverDirectoryNames();
    expect(names.has('Assistante Hors Ligne')).toBe(false);
  });

  it('a half-typed form survives a reload with no network', async () => {
    await page.getByRole('button', { name: 'Ajouter une fiche' }).click();
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Fiche pas encore enregistrée');
    await page.waitForTimeout(600); // the draft is written 300 ms after the last keystroke
    await page.reload();
    await page.getByText('Brouillon repris').waitFor();
    expect(await page.getByRole('textbox', { name: 'Nom', exact: true }).inputValue()).toBe('Fiche pas encore enregistrée');
    await page.getByRole('button', { name: 'Annuler' }).click();
    expect(await unsent(page).textContent()).toBe('3 modification(s) à envoyer');
  });

  it('back online, the changes reach the server and a second browser (a phone)', async () => {
    // Coming back online is enough: the app syncs on reconnect without a click.
    await tablet.setOffline(false);
    await expect.poll(() => unsent(page).textContent(), { timeout: 20_000 }).toBe('Tout est envoyé');

    const names = await serverDirectoryNames();
    expect(names.get('Assistante Hors Ligne')).toMatchObject({ phone: '04 77 39 00 11', placesAvailable: 3, version: 1 });
    expect(names.get('Sandrine Faure')).toMatchObject({ placesAvailable: 0, version: 2 });
    expect(names.get('06 11 22 33 44')).toMatchObject({ childBirthDate: '2025-06-02', status: 'received' });

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const other = await phone.newPage();
    await other.goto(server.url);
    await logIn(other, demo.coordinator);
    await other.getByRole('heading', { name: 'Assistante Hors Ligne' }).waitFor({ timeout: 20_000 });
    await other.getByRole('listitem').filter({ hasText: 'Sandrine Faure' }).getByText('0 place(s)').waitFor();
    expect(await axeViolations(other)).toEqual([]);
    await screenshot(other, 'directory-phone');
    await phone.close();
  });

  it('offers a new version but never reloads while changes are unsent', async () => {
    await tablet.setOffline(true);
    await page.getByRole('button', { name: 'Modifier : Martine Royer' }).click();
    await page.getByLabel('Places disponibles').fill('2');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => unsent(page).textContent()).toBe('1 modification(s) à envoyer');
    // Hold the push so the change stays unsent while the new version arrives.
    await page.route('**/api/sync/push', (route) => route.abort());
    await tablet.setOffline(false);

    appendFileSync(join(server.staticDir, 'sw.js'), '\n// next release\n');
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg?.update();
    });
    const banner = page.getByTestId('update-banner');
    await banner.waitFor({ timeout: 20_000 });
    await banner.getByText('Elle sera proposée une fois vos modifications envoyées.').waitFor();
    expect(await banner.getByRole('button', { name: 'Recharger' }).isDisabled()).toBe(true);
    await screenshot(page, 'update-blocked-tablet');

    await page.unroute('**/api/sync/push');
    await page.getByTestId('sync-now').click();
    await expect.poll(() => unsent(page).textContent(), { timeout: 20_000 }).toBe('Tout est envoyé');
    const reload = banner.getByRole('button', { name: 'Recharger' });
    await expect.poll(() => reload.isDisabled()).toBe(false);
    await Promise.all([page.waitForEvent('load'), reload.click()]);
    await page.getByRole('heading', { name: 'Annuaire', level: 1 }).waitFor();
    expect(await page.getByTestId('update-banner').count()).toBe(0);
  });

  it('ran the whole time under the content security policy without a violation', async () => {
    const res = await fetch(server.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(cspViolations).toEqual([]);
    // The policy is in force, and a refusal would have been seen: an injected inline script is refused.
    await page.addScriptTag({ content: 'window.injected = true;' }).catch(() => undefined);
    expect(await page.evaluate(() => 'injected' in window)).toBe(false);
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  });
});
