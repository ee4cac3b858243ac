/**
 * The admin screens in Chromium: the demo admin creates an account, revokes the tablet of the
 * demo animator (signed in on another browser), whose next sync is refused with
 * `session_revoked`; the log shows both actions; axe finds nothing on any admin screen; offline,
 * the screen says in plain words that it needs a connection.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, axeViolations, demo, launchBrowser, logIn, screenshot, startServer, type RunningServer } from './harness';

const admin = { email: 'admin@demo.tournee.fr', password: 'demo-admin-2026' };

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

async function tablet(who: { email: string; password: string }, viewport = { width: 1024, height: 768 }): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await ctx.newPage();
  await page.goto(server.url);
  await logIn(page, who);
  return { ctx, page };
}

async function openAdmin(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
  await page.getByTestId('accounts').waitFor();
}

describe('admin screens', () => {
  it('creates an account, revokes the animator’s tablet (its next sync gets session_revoked), and logs both', async () => {
    const anim = await tablet(demo.animator);
    const boss = await tablet(admin);
    // The animator has no admin tab.
    expect(await anim.page.getByRole('link', { name: 'Administration' }).count()).toBe(0);

    await openAdmin(boss.page);
    expect(await axeViolations(boss.page)).toEqual([]);

    await boss.page.getByText('Créer un compte', { exact: true }).click();
    await boss.page.getByLabel('Nom', { exact: true }).fill('Lou Testeuse');
    await boss.page.getByLabel('Adresse e-mail').fill('lou.testeuse@demo.tournee.fr');
    await boss.page.getByLabel('Rôle', { exact: true }).selectOption('bus_team');
    await boss.page.getByLabel(/^Mot de passe de départ/).fill('premier mot de passe de Lou');
    expect(await axeViolations(boss.page)).toEqual([]);
    await boss.page.getByRole('button', { name: 'Créer le compte' }).click();
    await boss.page.getByRole('status').filter({ hasText: 'Compte de Lou Testeuse créé' }).waitFor();
    await boss.page.getByRole('heading', { name: 'Lou Testeuse', level: 3 }).waitFor();
    const lou = await apiLogin(server.url, { email: 'lou.testeuse@demo.tournee.fr', password: 'premier mot de passe de Lou' });
    expect(lou.user).toMatchObject({ name: 'Lou Testeuse', role: 'bus_team', active: true });
    await screenshot(boss.page, 'admin-accounts', true);

    await boss.page.getByRole('button', { name: 'Appareils de Camille Bonnefoy' }).click();
    await boss.page.getByTestId('devices').waitFor();
    expect(await axeViolations(boss.page)).toEqual([]);
    await screenshot(boss.page, 'admin-devices', true);
    const revoke = boss.page.getByRole('button', { name: /^Révoquer l’appareil « Chrome sur Linux »/ });
    expect(await revoke.count()).toBe(1);
    await revoke.click();
    await boss.page.getByRole('status').filter({ hasText: 'révoqué' }).waitFor();

    const refused = anim.page.waitForResponse((r) => r.url().includes('/api/sync/') && r.status() === 401);
    await anim.page.getByTestId('sync-now').click();
    const body = (await (await refused).json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('session_revoked');

    await boss.page.getByRole('button', { name: 'Journal d’audit' }).click();
    const log = boss.page.getByTestId('audit-log');
    await log.waitFor();
    await expect.poll(() => log.textContent()).toContain('Appareil révoqué');
    const text = (await log.textContent()) ?? '';
    expect(text).toContain('Compte créé');
    expect(text).toContain('Camille Bonnefoy');
    expect(await axeViolations(boss.page)).toEqual([]);
    await screenshot(boss.page, 'admin-audit', true);

    const download = boss.page.waitForEvent('download');
    await boss.page.getByRole('button', { name: 'Exporter en tableur (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^journal-audit-\d{4}-\d{2}-\d{2}\.csv$/);

    await boss.page.getByRole('button', { name: 'Territoires', exact: true }).click();
    await boss.page.getByRole('heading', { name: 'Territoires', level: 2 }).waitFor();
    expect(await axeViolations(boss.page)).toEqual([]);
    await anim.ctx.close();
    await boss.ctx.close();
  });

  it('offline, says that accounts need a connection; on a phone the screen fits', async () => {
    const phone = await tablet(admin, { width: 390, height: 844 });
    await openAdmin(phone.page);
    await screenshot(phone.page, 'admin-phone', true);
    await phone.ctx.setOffline(true);
    const notice = phone.page.getByTestId('admin-offline');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/^Pas de connexion : les comptes, les appareils et le journal sont gérés sur le serveur/);
    await screenshot(phone.page, 'admin-phone-offline', true);
    await phone.page.getByText('Créer un compte', { exact: true }).click();
    expect(await phone.page.getByRole('button', { name: 'Créer le compte' }).isDisabled()).toBe(true);
    expect(await axeViolations(phone.page)).toEqual([]);
    await phone.ctx.close();
  });
});
