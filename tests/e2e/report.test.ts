/**
 * The logbook and the yearly report in real Chromium, offline as in the van: the demo animator
 * logs a permanence and a temps collectif, a parent answers the survey, the bilan shows the
 * numbers those logs make, prints as the activity report, and axe finds nothing to fix.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, demo, launchBrowser, logIn, screenshot, shotsDir, startServer, type RunningServer } from './harness';

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

/** Takes the screen at tablet and phone sizes, then goes back to the tablet. */
async function shots(name: string): Promise<void> {
  await screenshot(page, `${name}-1024`, true);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`, true);
  await page.setViewportSize({ width: 1024, height: 768 });
}

const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const figure = async (key: string) => plain(await page.getByTestId(`figure-${key}`).locator('.figure__value').textContent());

describe('logbook and yearly report', () => {
  it('logs a permanence with no network: each contact with its question and orientation', async () => {
    await page.goto(server.url);
    await logIn(page, demo.animator);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The territory's sessions reach the tablet with the first sync, after the PIN is set.
    await page.getByText(/Dernière synchro/).waitFor({ timeout: 45_000 });
    await tablet.setOffline(true);
    await page.getByRole('link', { name: 'Journal de bord' }).click();
    await page.getByLabel('Jour', { exact: true }).fill('2026-12-04');
    await page.getByTestId('journal-2026-12-01').waitFor();

    await page.getByRole('button', { name: /^Consigner Permanence · France Services des Monts du Pilat · 09:00/ }).click();
    const form = page.getByRole('form', { name: /^Consigner : Permanence/ });
    await form.getByRole('button', { name: 'Famille', exact: true }).click();
    const first = form.getByRole('group', { name: 'Contact 1 : Famille, sans nom' });
    await first.getByRole('radio', { name: 'Démarches sociales (CAF, emploi, logement)' }).check();
    await first.getByLabel('Orienté(e) vers').selectOption('caf');
    await form.getByRole('button', { name: 'Famille', exact: true }).click();
    await form.getByRole('group', { name: 'Contact 2 : Famille, sans nom' }).getByRole('radio', { name: 'Trouver un mode d’accueil' }).check();
    await form.getByLabel('Chercher une personne déjà connue (nom, téléphone)').fill('royer');
    await form.getByRole('button', { name: /Martine Royer/ }).click();
    await form.getByRole('group', { name: 'Contact 3 : Assistant(e) maternel(le), Martine Royer' }).getByRole('radio', { name: 'Contrat, salaire, Pajemploi' }).check();
    expect(await axeViolations(page)).toEqual([]);
    await shots('journal-permanence-form');
    await form.getByRole('button', { name: 'Enregistrer le journal' }).click();
    await page.getByText(/Journal enregistré : Permanence/).waitFor();
    await page.getByText('3 contact(s) : 2 famille(s), 1 assistant(e)(s) maternel(le)(s)').waitFor();
  });

  it('logs a temps collectif: professionals ticked from the directory, children counted', async () => {
    await page.getByRole('button', { name: /^Consigner Temps collectif · Salle des fêtes de Bourg-Argental · 09:30/ }).click();
    const form = page.getByRole('form', { name: /^Consigner : Temps collectif/ });
    await form.getByRole('checkbox', { name: /Martine Royer/ }).check();
    await form.getByLabel('Chercher dans l’annuaire').fill('faure');
    await form.getByRole('checkbox', { name: /Sandrine Faure/ }).check();
    await form.getByLabel('Enfants présents').fill('7');
    await form.getByRole('button', { name: 'Un de plus : Enfants présents' }).click();
    await form.getByLabel('Thème').fill('Transvasement et motricité fine');
    await shots('journal-collectif-form');
    await form.getByRole('button', { name: 'Enregistrer le journal' }).click();
    await page.getByText('2 contact(s) : 2 assistant(e)(s) maternel(le)(s) · 8 enfant(s) · Thème : Transvasement et motricité fine').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shots('journal');
  });

  it('a parent answers the survey on the tablet', async () => {
    await page.getByRole('button', { name: /^Enquête de satisfaction Permanence · France Services des Monts du Pilat · 09:00/ }).click();
    await page.getByRole('heading', { name: 'Votre avis nous aide' }).waitFor();
    await page.getByRole('group', { name: '1. Avez-vous trouvé ce que vous cherchiez ?' }).getByText('Oui').click();
    await page.getByText('Très content', { exact: true }).click();
    expect(await axeViolations(page)).toEqual([]);
    await shots('survey');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('heading', { name: 'Merci !' }).waitFor();
    await page.getByRole('button', { name: 'Terminer (1 réponse(s))' }).click();
    await page.getByText('1 réponse(s) à l’enquête.').waitFor();
  });

  it('the bilan shows the numbers of those logs, computed on the device', async () => {
    await page.getByRole('link', { name: 'Bilan' }).click();
    await page.getByLabel('Année').selectOption('2026');
    await page.getByRole('heading', { name: 'Rapport d’activité 2026', level: 1 }).waitFor();
    // Two sessions held (the logged ones): 3 h and 2 h.
    expect(await figure('sessionsHeld')).toBe('2');
    expect(await figure('hours')).toBe('5');
    // No family file in the demo: the two families are anonymous contacts, one on the social side.
    expect(await figure('families')).toBe('0');
    expect(plain(await page.getByTestId('figure-families').textContent())).toContain('et 2 contact(s) non nominatif(s)');
    expect(plain(await page.getByTestId('figure-socialFamilies').textContent())).toContain('et 1 contact(s) non nominatif(s)');
    // Martine Royer came twice and counts once.
    expect(await figure('assistantsMaternels')).toBe('2');
    expect(await figure('childPresences')).toBe('8');
    expect(await figure('satisfaction')).toBe('100 %');
    const heads = (await page.getByTestId('indicator-table').locator('thead th').allTextContents()).map(plain);
    expect(heads).toEqual(['Indicateur', 'Bourg-Argental', 'Saint-Genest-Malifaux', 'Total (chaque personne comptée une fois)']);
    expect(await axeViolations(page)).toEqual([]);
    await shots('bilan');
  });

  it('prints the yearly activity report: only the report on paper, as a PDF', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.tabs').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Imprimer le rapport d’activité' }).isVisible()).toBe(false);
    expect(await page.getByText(/^Édité le /).isVisible()).toBe(true);
    const text = plain(await page.locator('main').innerText());
    for (const words of ['Rapport d’activité 2026', 'Chiffres clés', 'Assistants maternels accompagnés', 'Séances tenues par type', 'Enquête de satisfaction']) {
      expect(text).toContain(words);
    }
    await screenshot(page, 'bilan-print', true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    mkdirSync(shotsDir, { recursive: true });
    writeFileSync(join(shotsDir, 'rapport-activite-2026.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(4);
    await page.emulateMedia({ media: 'screen' });
  });
});
