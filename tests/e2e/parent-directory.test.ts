/**
 * A parent with no account on a small phone: keeps their territory's directory on the phone,
 * then, with no network at all, finds childcare by words, filters and distance, and sees the
 * results on the map (drawn offline, with markers).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, colourShare, launchBrowser, screenshot, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    // Bourg-Argental, in the Monts du Pilat.
    geolocation: { latitude: 45.299, longitude: 4.566 },
    permissions: ['geolocation'],
  });
  page = await phone.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const results = () => page.getByTestId('directory-list').locator(':scope > li h2');

/** The markers' colour, from the app's stylesheet. */
async function accent(): Promise<[number, number, number]> {
  const hex = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

describe('a parent finds childcare offline', () => {
  it('chooses a territory once and keeps its directory on the phone', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Où habitez-vous ?' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Territoire').selectOption({ label: 'Monts du Pilat (42)' });
    await page.getByRole('button', { name: 'Enregistrer l’annuaire sur ce téléphone' }).click();
    await page.getByRole('heading', { name: 'Trouver un mode d’accueil ou un service' }).waitFor();
    await expect.poll(async () => results().count()).toBeGreaterThan(5);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('with no network, after a reload, searches by words whatever the accents', async () => {
    await phone.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Trouver un mode d’accueil ou un service' }).waitFor();
    await page.getByLabel('Rechercher (nom, commune, type)').fill('micro creche st julien');
    await expect.poll(async () => results().allTextContents()).toEqual(['Micro-crèche Les Myrtilles']);
    await screenshot(page, 'parent-search-phone');
  });

  it('with no network, narrows by distance from where the parent is, nearest first', async () => {
    await page.getByLabel('Rechercher (nom, commune, type)').fill('');
    await page.getByRole('button', { name: 'Autour de moi' }).click();
    await expect.poll(async () => page.getByLabel('Près de').inputValue()).toBe('position');
    await page.getByText('Filtres').click();
    await page.getByLabel('Distance maximale').selectOption('10');
    const distances = await page.getByTestId('directory-list').locator('.entry__meta').allTextContents();
    expect(distances.length).toBeGreaterThan(0);
    const km = distances.map((d) => Number(/à ([\d,]+) km/.exec(d)?.[1]?.replace(',', '.') ?? (/à (\d+) m/.test(d) ? 0 : NaN)));
    expect(km.every((x) => x <= 10)).toBe(true);
    expect([...km].sort((a, b) => a - b)).toEqual(km);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('with no network, shows the results on a map with markers', async () => {
    await page.getByLabel('Distance maximale').selectOption('0');
    await page.getByRole('button', { name: 'Carte' }).click();
    await page.locator('[data-testid=directory-map][data-ready=true]').waitFor({ timeout: 30_000 });
    // Let the worker tile the points and the map settle.
    await page.waitForFunction(() => document.querySelectorAll('.map-label').length > 0);
    await page.waitForTimeout(1000);
    await screenshot(page, 'parent-map-phone');
    const pixels = await colourShare(page, page.getByTestId('directory-map'), await accent());
    expect(pixels.distinct).toBeGreaterThan(20);
    expect(pixels.share).toBeGreaterThan(0.0005);
    expect(await axeViolations(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
  it('with no network, shows when the relais comes to the parent’s commune, and offers it for the phone’s agenda', async () => {
    await page.getByRole('link', { name: 'Prochains passages' }).click();
    await page.getByRole('heading', { name: 'Quand passent le relais et le Baby Bus ?' }).waitFor();
    await page.getByLabel('Ma commune').selectOption({ label: 'Marlhes' });
    const visits = page.getByTestId('visits-list').locator(':scope > li');
    await expect.poll(async () => visits.count()).toBeGreaterThan(0);
    expect(await visits.first().textContent()).toContain('Mairie de Marlhes');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ajouter tous ces passages à mon agenda' }).click()]);
    const ics = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(ics).toString('utf8').replace(/\r\n[ \t]/g, '');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('Mairie de Marlhes');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'parent-visits-phone');
  });
});
