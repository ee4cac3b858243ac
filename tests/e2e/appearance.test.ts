/**
 * How the app looks to people: dark mode passes axe too, and at 320 CSS pixels (a small phone,
 * or 200 % zoom on a tablet held upright) nothing needs horizontal scrolling.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, demo, launchBrowser, logIn, screenshot, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('appearance', () => {
  it('dark mode has no accessibility violations on the login and directory screens', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 }, colorScheme: 'dark', locale: 'fr-FR' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/#/connexion`);
    await page.getByRole('heading', { name: 'Connexion des professionnels' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await logIn(page, demo.coordinator);
    await page.getByRole('heading', { name: 'Martine Royer' }).waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(18, 22, 24)');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'directory-dark-tablet');
    await page.getByRole('button', { name: 'Ajouter une fiche' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('at 320 CSS pixels every screen reflows without horizontal scrolling', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, locale: 'fr-FR' });
    const page = await ctx.newPage();
    await page.goto(server.url);
    await logIn(page, demo.animator);
    await page.getByRole('heading', { name: 'Martine Royer' }).waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const [link, heading] of [
      ['Annuaire', 'Annuaire'],
      ['Planning', 'Planning de la semaine'],
      ['Ma tournée', 'Ma tournée'],
      ['Demandes des familles', 'Demandes des familles'],
      ['Conflits', 'Conflits à examiner'],
      ['Réglages', 'Réglages'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      expect(await overflow(), link).toBeLessThanOrEqual(0);
      expect(await axeViolations(page), link).toEqual([]);
    }
    await page.getByRole('link', { name: 'Demandes des familles', exact: true }).click();
    await page.getByRole('button', { name: 'Nouvelle demande' }).click();
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'intake-320');
    await ctx.close();
  });
});
