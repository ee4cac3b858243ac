/**
 * Two tablets edit the same entry offline. After both sync, the later value is current, the
 * badge shows one conflict, a person restores the other value, and the choice reaches the other
 * tablet. Also: the conflicts and settings screens pass axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, demo, launchBrowser, logIn, screenshot, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function tablet(who: { email: string; password: string }): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(server.url);
  await logIn(page, who);
  await page.getByRole('heading', { name: 'Nathalie Chapuis' }).waitFor();
  // Ready to work offline (the entry form is loaded when first opened): as the app says so.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return { ctx, page };
}

async function rename(page: Page, from: string, to: string) {
  await page.getByRole('button', { name: `Modifier : ${from}` }).click();
  await page.getByRole('textbox', { name: 'Nom', exact: true }).fill(to);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('heading', { name: to }).waitFor();
}

async function syncUntilSent(page: Page) {
  await page.getByTestId('sync-now').click();
  await expect.poll(() => page.getByTestId('sync-unsent').textContent(), { timeout: 20_000 }).toBe('Tout est envoyé');
  await expect.poll(() => page.getByTestId('sync-online').textContent(), { timeout: 20_000 }).toBe('En ligne');
}

describe('conflicts a person can see and resolve', () => {
  it('same field edited offline on two tablets: shown with both values, restored, and the choice syncs', async () => {
    const one = await tablet(demo.animator);
    const two = await tablet(demo.coordinator);

    await one.ctx.setOffline(true);
    await two.ctx.setOffline(true);
    await rename(one.page, 'Nathalie Chapuis', 'Nathalie Chapuis-Rivat');
    await rename(two.page, 'Nathalie Chapuis', 'Nathalie Rivat');
    await one.ctx.setOffline(false);
    await syncUntilSent(one.page);
    await two.ctx.setOffline(false);
    await syncUntilSent(two.page);
    await syncUntilSent(one.page);

    // The later arrival on the server wins on both tablets; the first sees a conflict badge.
    await one.page.getByRole('heading', { name: 'Nathalie Rivat' }).waitFor();
    const badge = one.page.getByRole('link', { name: /Conflits/ });
    await expect.poll(() => badge.textContent()).toBe('Conflits1');
    await badge.click();
    const list = one.page.getByTestId('conflict-list');
    await list.getByText('Nathalie Chapuis-Rivat').waitFor();
    await list.getByText(/Claire|coordination|par /).first().waitFor();
    expect(await axeViolations(one.page)).toEqual([]);
    await screenshot(one.page, 'conflicts-tablet');

    await list.getByRole('button', { name: 'Rétablir l’autre valeur' }).click();
    await one.page.getByText('Aucun conflit. Tout est cohérent.').waitFor();
    await syncUntilSent(one.page);

    await syncUntilSent(two.page);
    await two.page.getByRole('heading', { name: 'Nathalie Chapuis-Rivat' }).waitFor();
    await two.page.getByRole('link', { name: 'Conflits', exact: true }).click();
    await two.page.getByText('Aucun conflit. Tout est cohérent.').waitFor();
  });

  it('the settings screen shows storage and offers to save unsent changes, without axe violations', async () => {
    const { page } = await tablet(demo.animator);
    await page.getByRole('link', { name: 'Réglages' }).click();
    await page.getByTestId('storage-usage').getByText(/Espace utilisé/).waitFor();
    expect(await page.getByRole('button', { name: 'Enregistrer mes modifications non envoyées dans un fichier' }).isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'settings-tablet');
  });
});
