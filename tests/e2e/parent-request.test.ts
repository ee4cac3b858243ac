/**
 * A parent on a small phone asks to be called back and for an appointment with no network; the
 * request leaves when the network comes back; an animator confirms the appointment on a tablet;
 * the parent's status page shows it, with the place, ready for the phone's calendar.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, demo, launchBrowser, logIn, screenshot, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let tablet: BrowserContext;
let parent: Page;
let staff: Page;
let receipt = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  parent = await phone.newPage();
  staff = await tablet.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const card = () => parent.getByTestId('request-card').first();

describe('a parent asks for an appointment offline and sees it confirmed', () => {
  it('fills the request with no network and gets a receipt at once', async () => {
    await parent.goto(server.url);
    await parent.getByLabel('Territoire').selectOption({ label: 'Monts du Pilat (42)' });
    await parent.getByRole('button', { name: 'Enregistrer l’annuaire sur ce téléphone' }).click();
    await parent.getByRole('heading', { name: 'Trouver un mode d’accueil ou un service' }).waitFor();
    await parent.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    await phone.setOffline(true);
    await parent.getByRole('link', { name: 'Être rappelé' }).click();
    await parent.getByRole('heading', { name: 'Votre demande' }).waitFor();
    // Sent with nothing filled: told what to fix, in plain words.
    await parent.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await parent.getByText('Écrivez un numéro de téléphone').waitFor();
    expect(await axeViolations(parent)).toEqual([]);

    await parent.getByLabel('Votre numéro de téléphone').fill('06 98 76 54 32');
    await parent.getByLabel('Date de naissance de l’enfant').fill('2025-10-03');
    await parent.getByLabel('Trouver un mode de garde').check();
    await parent.getByText('Dire plus (facultatif)').click();
    await parent.getByLabel('Un message pour nous').fill('<b>Disponible</b> le matin');
    await parent.getByLabel('Je voudrais aussi un rendez-vous').check();
    await parent.getByLabel('Le rendez-vous, c’est pour').selectOption('parent_employer');
    await parent.locator('input[name="request-slot"]').first().check();
    await parent.getByLabel('Je suis d’accord').check();
    await screenshot(parent, 'parent-request-form', true);
    await parent.getByRole('button', { name: 'Envoyer ma demande' }).click();

    await card().getByTestId('request-waiting').waitFor();
    receipt = (await card().locator('.request-card__code').textContent()) ?? '';
    expect(receipt).toMatch(/^[A-Z2-9]{8}$/);
    await expect.poll(() => card().getByRole('status').first().textContent()).toContain(receipt);
    expect(await axeViolations(parent)).toEqual([]);
  });

  it('survives a reload with no network, then leaves when the network is back', async () => {
    await parent.reload();
    await card().getByTestId('request-waiting').waitFor();
    await phone.setOffline(false);
    // No `online` event reaches a page reloaded offline: the retry timer sends it.
    await card().getByTestId('request-next').waitFor({ timeout: 45_000 });
    expect(await card().getByTestId('request-next').textContent()).toContain('Le relais va confirmer l’heure de votre rendez-vous');
    expect(await card().getByTestId('request-appointment').textContent()).toContain('Rendez-vous demandé');
  });

  it('reaches the animator, who confirms an hour on the tablet', async () => {
    await staff.goto(server.url);
    await logIn(staff, demo.animator);
    await staff.getByRole('link', { name: 'Demandes des familles' }).click();
    const request = staff.getByRole('listitem').filter({ hasText: receipt });
    await request.waitFor({ timeout: 30_000 });
    expect(await request.textContent()).toContain('<b>Disponible</b> le matin');
    await request.getByTestId('appointment-asked').waitFor();
    await request.getByRole('button', { name: `Rendez-vous ${receipt}` }).click();
    await request.getByLabel('Heure').fill('10:30');
    expect(await axeViolations(staff)).toEqual([]);
    await screenshot(staff, 'staff-appointment-reply');
    await request.getByRole('button', { name: 'Confirmer à cette heure' }).click();
    await request.getByText('Rendez-vous confirmé. La famille').waitFor();
    // Sent to the server shortly after the write.
    await expect.poll(async () => staff.evaluate(async () => {
      const open = indexedDB.open('tournee');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const count = await new Promise<number>((resolve) => {
        const req = db.transaction('outbox').objectStore('outbox').count();
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return count;
    }), { timeout: 30_000 }).toBe(0);
  });

  it('shows the parent the confirmed appointment, where and when, ready for the calendar', async () => {
    await parent.reload();
    await expect.poll(() => card().getByTestId('request-appointment').textContent(), { timeout: 30_000 }).toContain('Rendez-vous confirmé');
    const text = (await card().getByTestId('request-appointment').textContent()) ?? '';
    expect(text).toContain('10:30');
    expect(text).toContain('De l’aide pour employer une assistante maternelle');
    expect(await card().getByTestId('request-next').textContent()).toContain('Votre rendez-vous est confirmé');
    const download = parent.waitForEvent('download');
    await card().getByRole('button', { name: 'Ajouter à mon agenda' }).click();
    expect((await download).suggestedFilename()).toBe('rendez-vous.ics');
    expect(await axeViolations(parent)).toEqual([]);
    await screenshot(parent, 'parent-request-status', true);
  });
});
