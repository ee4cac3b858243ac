/**
 * "Ma tournée" on a tablet with no network: the day's sessions in order with times and the
 * route, first on straight-line estimates, then on a road network imported from a GeoJSON file
 * (built by the worker of the built app and kept in IndexedDB), and pinning a stop re-plans.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, colourShare, demo, launchBrowser, logIn, screenshot, startServer, type RunningServer } from './harness';
import { flatPng, rasterPmtiles } from './pmtiles';

let server: RunningServer;
let browser: Browser;
let tablet: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  page = await tablet.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * A small road network joining the demo sites of the Monts du Pilat (office and Saint-Genest,
 * Marlhes, Bourg-Argental): a grid of tertiary roads 0.01° apart over the area, as `osmium
 * export` writes it (LineStrings with OSM tags).
 */
function pilatRoads(): string {
  const features = [];
  const [minLon, maxLon, minLat, maxLat] = [4.3, 4.7, 45.2, 45.45];
  const step = 0.01;
  const round = (x: number) => Math.round(x * 1e7) / 1e7;
  for (let lat = minLat; lat <= maxLat + 1e-9; lat += step) {
    const coords = [];
    for (let lon = minLon; lon <= maxLon + 1e-9; lon += step) coords.push([round(lon), round(lat)]);
    features.push({ type: 'Feature', properties: { highway: 'tertiary' }, geometry: { type: 'LineString', coordinates: coords } });
  }
  for (let lon = minLon; lon <= maxLon + 1e-9; lon += step) {
    const coords = [];
    for (let lat = minLat; lat <= maxLat + 1e-9; lat += step) coords.push([round(lon), round(lat)]);
    features.push({ type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: coords } });
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

const legs = () => page.locator('.leg__drive').allTextContents();

describe('Ma tournée', () => {
  it('orders the day on straight-line estimates, clearly labelled, with no network', async () => {
    await page.goto(server.url);
    await logIn(page, demo.animator);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await tablet.setOffline(true);
    await page.getByRole('link', { name: 'Ma tournée' }).click();
    await page.getByLabel('Jour', { exact: true }).fill('2026-12-02');
    await page.getByTestId('tour-plan').waitFor();
    expect(await page.getByTestId('tour-estimate').textContent()).toContain('vol d’oiseau');
    const order = await legs();
    expect(order).toHaveLength(4);
    expect(order[0]).toContain('Mairie de Marlhes');
    expect(order[1]).toContain('Salle des fêtes de Bourg-Argental');
    expect(order[2]).toContain('France Services des Monts du Pilat');
    expect(order[3]).toContain('Bureau du relais itinérant');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('imports a road network, then plans on the roads and draws them on the map', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tournee-roads-'));
    const file = join(dir, 'pilat-routes.geojson');
    writeFileSync(file, pilatRoads());
    await page.getByLabel('Importer le réseau routier (GeoJSON)').setInputFiles(file);
    await page.getByText(/Réseau routier prêt/).waitFor({ timeout: 30_000 });
    await expect.poll(async () => page.getByTestId('tour-estimate').textContent()).toContain('réseau routier');
    expect(await page.getByTestId('roads-status').textContent()).toContain('pilat-routes.geojson');
    await page.locator('[data-testid=tour-map][data-ready=true]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await screenshot(page, 'tour-tablet', true);
    // The graph is kept: after a reload, still offline, the plan is on the roads at once.
    await page.reload();
    await page.getByLabel('Jour', { exact: true }).fill('2026-12-02');
    await expect.poll(async () => page.getByTestId('tour-estimate').textContent()).toContain('réseau routier');
  });

  it('a basemap pack (PMTiles) imported on the device draws under the route, offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tournee-basemap-'));
    const file = join(dir, 'fond-pilat.pmtiles');
    // Magenta, a colour nothing else on the map uses.
    writeFileSync(file, rasterPmtiles(flatPng(255, 0, 255)));
    await page.getByLabel('Importer un fond de carte (PMTiles)').setInputFiles(file);
    await page.getByText(/Fond de carte prêt/).waitFor({ timeout: 30_000 });
    await page.reload();
    await page.getByLabel('Jour', { exact: true }).fill('2026-12-02');
    await page.locator('[data-testid=tour-map][data-ready=true]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    const { share } = await colourShare(page, page.getByTestId('tour-map'), [255, 0, 255], 40);
    expect(share).toBeGreaterThan(0.5);
    // A file that is not a pack is refused and the pack stays.
    const bad = join(dir, 'pas-une-carte.pmtiles');
    writeFileSync(bad, 'bonjour');
    await page.getByLabel('Remplacer le fond de carte').setInputFiles(bad);
    await page.getByText('Ce fichier n’est pas un fond de carte PMTiles (version 3).').waitFor();
    expect(await page.getByTestId('basemap-status').textContent()).toContain('fond-pilat.pmtiles');
  });

  it('pinning a stop in first place re-plans the day and names a session that can no longer be held on time', async () => {
    await page.getByLabel('Place de l’étape Permanence — France Services des Monts du Pilat dans la journée').selectOption('0');
    await expect.poll(async () => (await legs())[0]).toContain('France Services des Monts du Pilat');
    const late = page.getByRole('alert').filter({ hasText: 'ne peut pas être tenue' });
    expect(await late.count()).toBeGreaterThan(0);
    await page.getByLabel('Place de l’étape Permanence — France Services des Monts du Pilat dans la journée').selectOption('');
    await expect.poll(async () => (await legs())[0]).toContain('Mairie de Marlhes');
  });

  it('a network the coordination imports is shared: another device of the team receives it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tournee-roads-'));
    const file = join(dir, 'reseau-pilat.geojson');
    writeFileSync(file, pilatRoads());
    const office = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const coord = await office.newPage();
    await coord.goto(server.url);
    await logIn(coord, demo.coordinator);
    await coord.getByRole('link', { name: 'Ma tournée' }).click();
    await coord.getByLabel('Importer le réseau routier (GeoJSON)').setInputFiles(file);
    await coord.getByText(/Réseau routier partagé : les appareils/).waitFor({ timeout: 30_000 });
    expect(await coord.getByTestId('roads-status').textContent()).toContain('Partagé avec l’équipe');
    await office.close();

    const second = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const other = await second.newPage();
    await other.goto(server.url);
    await logIn(other, demo.animator);
    await other.getByRole('link', { name: 'Ma tournée' }).click();
    await other.getByText('Le réseau routier partagé par la coordination a été reçu.').waitFor({ timeout: 30_000 });
    await other.getByLabel('Jour', { exact: true }).fill('2026-12-02');
    await expect.poll(async () => other.getByTestId('tour-estimate').textContent()).toContain('réseau routier');
    await second.close();
  });
});
