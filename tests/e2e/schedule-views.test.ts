/**
 * The planning on a tablet: the demo animator switches from the week to the day agenda and the
 * month, with the keyboard too; axe finds nothing; with no network a reload still shows them.
 * The page's clock is set to Wednesday 2 December 2026, a day of the demo rounds.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, demo, launchBrowser, logIn, screenshot, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let tablet: BrowserContext;
let page: Page;
const NOW = new Date('2026-12-02T07:00:00Z');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  page = await tablet.newPage();
  await page.clock.setFixedTime(NOW);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function checkDay(p: Page) {
  await p.getByRole('heading', { name: 'Planning du jour', level: 1 }).waitFor();
  const day = p.getByTestId('day-2026-12-02');
  await day.waitFor();
  const text = await day.textContent();
  expect(text).toMatch(/09:00 – 10:30 · Permanence.*Mairie de Marlhes/);
  expect(text).toMatch(/11:15 – 12:15 · Temps collectif.*Bourg-Argental/);
  expect(text).toMatch(/14:00 – 16:00 · Permanence.*France Services des Monts du Pilat/);
}

async function checkMonth(p: Page) {
  await p.getByRole('heading', { name: 'Planning du mois', level: 1 }).waitFor();
  const table = p.getByRole('table', { name: /Séances et rendez-vous de décembre 2026/ });
  await table.waitFor();
  expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Lun', 'Mar', 'Mer', 'Jeu', 'Ven', 'Sam', 'Dim']);
  await expect.poll(() => table.locator('[data-date="2026-12-02"]').textContent()).toMatch(/^2 décembre \(mercredi\) : [3-9] séance/);
}

describe('planning views', () => {
  it('day agenda and month view, accessible, keyboard-navigable, and still there offline after a reload', async () => {
    await page.goto(server.url);
    await logIn(page, demo.animator);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.getByRole('link', { name: 'Planning', exact: true }).click();
    await page.getByRole('heading', { name: 'Planning de la semaine', level: 1 }).waitFor();
    await page.getByTestId('day-2026-12-02').waitFor();

    await page.getByRole('button', { name: 'Jour', exact: true }).click();
    await checkDay(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'schedule-day-tablet', true);

    await page.getByRole('button', { name: 'Mois', exact: true }).click();
    await checkMonth(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'schedule-month-tablet', true);

    // Keyboard: the selected day is the one tab stop; arrows move it, Enter opens the day.
    const wednesday = page.locator('[data-date="2026-12-02"]');
    await wednesday.focus();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement).dataset.date);
    await page.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe('2026-12-03');
    await page.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe('2026-12-04');
    // Only that day is in the tab order.
    expect(await page.locator('table.month button[tabindex="0"]').evaluateAll((b) => b.map((x) => (x as HTMLElement).dataset.date))).toEqual(['2026-12-04']);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Planning du jour', level: 1 }).waitFor();
    expect(await page.getByTestId('day-2026-12-04').textContent()).toMatch(/14:00 – 17:00 · Permanence.*Mairie de Marlhes/);

    await page.getByRole('button', { name: 'Équipes', exact: true }).click();
    await page.getByRole('table', { name: 'La semaine de chaque membre de l’équipe' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'schedule-team-tablet', true);

    // No network: the reload comes from the service worker, the data from this device.
    await page.getByRole('button', { name: 'Mois', exact: true }).click();
    await checkMonth(page);
    await tablet.setOffline(true);
    // The app locks at start: logIn's watcher types the PIN back after the reload.
    await page.reload();
    await page.getByRole('heading', { name: 'Planning du mois', level: 1 }).waitFor();
    await checkMonth(page);
    await page.getByRole('button', { name: 'Jour', exact: true }).click();
    await checkDay(page);
    expect(await axeViolations(page)).toEqual([]);
    await tablet.setOffline(false);
  });

  it('on a phone the month keeps seven columns, and no view scrolls sideways down to 320 pixels', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const p = await phone.newPage();
    await p.clock.setFixedTime(NOW);
    await p.goto(server.url);
    await logIn(p, demo.animator);
    await p.getByRole('link', { name: 'Planning', exact: true }).click();
    await p.getByRole('button', { name: 'Mois', exact: true }).click();
    await checkMonth(p);
    expect(await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await axeViolations(p)).toEqual([]);
    await screenshot(p, 'schedule-month-phone', true);
    await p.getByRole('button', { name: 'Jour', exact: true }).click();
    await checkDay(p);
    await screenshot(p, 'schedule-day-phone', true);
    // At 320 CSS pixels every view reflows; the team table scrolls inside its own focusable region.
    await p.setViewportSize({ width: 320, height: 640 });
    for (const [view, heading] of [['Semaine', 'Planning de la semaine'], ['Mois', 'Planning du mois'], ['Équipes', 'Planning des équipes'], ['Jour', 'Planning du jour']] as const) {
      await p.getByRole('button', { name: view, exact: true }).click();
      await p.getByRole('heading', { name: heading, level: 1 }).waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), view).toBeLessThanOrEqual(0);
      expect(await axeViolations(p), view).toEqual([]);
    }
    await phone.close();
  });
});
