/**
 * A parent's phone in Arabic, English, Turkish, French and easy-to-read French: the language
 * comes from the device, changes in one tap on every parent screen, survives an offline reload,
 * and every screen stays usable (axe, keyboard, 44 px targets, 320 px and 200 % zoom, right to
 * left for Arabic). Staff screens stay French.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../src/app/i18n/ar';
import { en } from '../../src/app/i18n/en';
import { fr } from '../../src/app/i18n/fr';
import { frEasy } from '../../src/app/i18n/fr-easy';
import type { ParentCatalogue } from '../../src/app/i18n/parent';
import { tr } from '../../src/app/i18n/tr';
import { axeViolations, demo, launchBrowser, screenshot, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;

const easy = { ...fr, ...frEasy } as ParentCatalogue;
/** Each wording, with the button that selects it (a language's name in its own script). */
const wordings = [
  { id: 'en', lang: 'en', dir: 'ltr', button: 'English', m: en },
  { id: 'tr', lang: 'tr', dir: 'ltr', button: 'Türkçe', m: tr },
  { id: 'fr', lang: 'fr', dir: 'ltr', button: 'Français', m: fr as ParentCatalogue },
  { id: 'falc', lang: 'fr', dir: 'ltr', button: undefined, m: easy },
  { id: 'ar', lang: 'ar', dir: 'rtl', button: 'العربية', m: ar },
] as const;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The device speaks Moroccan Arabic first: the app must open in Arabic with nothing chosen.
  phone = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, locale: 'ar-MA', timezoneId: 'Europe/Paris' });
  page = await phone.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function documentLanguage(): Promise<{ lang: string; dir: string }> {
  return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
}

/** Width the page would need beyond the viewport (0: no sideways scrolling). */
function overflow(): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const heading = (name: string) => page.getByRole('heading', { name, level: 1 });

async function checkScreen(name: string): Promise<void> {
  expect(await overflow(), `${name}: sideways scroll`).toBe(0);
  expect(await axeViolations(page), name).toEqual([]);
}

describe('parent screens in the family’s language', () => {
  it('open in the device’s language, right to left for Arabic, with no sideways scroll at 320 px', async () => {
    await page.goto(server.url);
    await heading(ar['find.title']).waitFor();
    await page.getByRole('heading', { name: ar['find.chooseTitle'] }).waitFor();
    expect(await documentLanguage()).toEqual({ lang: 'ar', dir: 'rtl' });
    await checkScreen('territory chooser, ar');
    await page.getByLabel(ar['find.territory']).selectOption({ label: 'Monts du Pilat (42)' });
    await page.getByRole('button', { name: ar['find.download'] }).click();
    await page.getByRole('button', { name: ar['find.refresh'] }).waitFor();
    await expect.poll(async () => page.getByTestId('directory-list').locator(':scope > li').count()).toBeGreaterThan(5);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await checkScreen('directory, ar');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'languages-ar-directory-phone');
    await page.setViewportSize({ width: 320, height: 640 });
  });

  it('switch language in one tap on each parent screen, with nothing for axe to report', async () => {
    for (const w of wordings) {
      await page.goto(`${server.url}/#/trouver`);
      if (w.button) await page.getByRole('button', { name: w.button, exact: true }).click();
      else await page.getByTestId('easy-read').click();
      await heading(w.m['find.title']).waitFor();
      expect(await documentLanguage(), w.id).toEqual({ lang: w.lang, dir: w.dir });
      await page.getByText(w.m['filters.title'], { exact: true }).click();
      await page.getByLabel(w.m['filters.distance']).waitFor();
      await checkScreen(`directory with filters, ${w.id}`);

      await page.getByRole('link', { name: w.m['nav.visits'] }).click();
      await heading(w.m['visits.title']).waitFor();
      await page.getByLabel(w.m['visits.commune']).selectOption({ label: 'Marlhes' });
      await expect.poll(async () => page.getByTestId('visits-list').locator(':scope > li').count()).toBeGreaterThan(0);
      // Times in the chosen language: "14 h 00" is French only.
      const when = await page.locator('.visit__when').first().textContent();
      expect(when?.includes(' h '), `${w.id}: ${when}`).toBe(w.lang === 'fr');
      await checkScreen(`visits, ${w.id}`);

      await page.getByRole('link', { name: w.m['request.nav.new'] }).click();
      await page.getByRole('heading', { name: w.m['request.form.title'] }).waitFor();
      await checkScreen(`call-back request, ${w.id}`);
      await page.getByRole('link', { name: w.m['request.nav.mine'] }).click();
      await page.getByText(w.m['request.mine.none']).waitFor();
      await checkScreen(`my request, ${w.id}`);

      await page.getByRole('link', { name: w.m['nav.staff'] }).click();
      await page.getByText(w.m['lang.staffArea']).waitFor();
      // The sign-in is a staff screen: French, and marked so.
      await expect.poll(async () => page.locator('[lang=fr] #login-title').textContent()).toBe(fr['login.title']);
      await checkScreen(`staff sign-in from ${w.id}`);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('link', { name: w.m['nav.find'] }).click();
      await heading(w.m['find.title']).waitFor();
      await screenshot(page, `languages-${w.id}-directory-phone`);
      await page.setViewportSize({ width: 320, height: 640 });
    }
  });

  it('keep the chosen language after an offline reload, and switch offline too', async () => {
    await page.getByRole('button', { name: 'Türkçe', exact: true }).click();
    await heading(tr['find.title']).waitFor();
    await phone.setOffline(true);
    try {
      await page.reload();
      await heading(tr['find.title']).waitFor();
      expect(await documentLanguage()).toEqual({ lang: 'tr', dir: 'ltr' });
      // Errors are announced, in the chosen language.
      await page.getByRole('button', { name: tr['find.refresh'] }).click();
      await expect.poll(async () => page.getByRole('alert').textContent()).toBe(tr['find.error.offline']);
      await page.getByRole('button', { name: 'العربية', exact: true }).click();
      await heading(ar['find.title']).waitFor();
      await page.reload();
      await heading(ar['find.title']).waitFor();
      expect(await documentLanguage()).toEqual({ lang: 'ar', dir: 'rtl' });
    } finally {
      await phone.setOffline(false);
    }
  });

  it('work with the keyboard alone, with a visible focus, and 44 px touch targets', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/#/trouver`);
    await heading(ar['find.title']).waitFor();
    await page.getByText(ar['filters.title'], { exact: true }).click();
    const tooSmall = await page.evaluate(() => {
      const small: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('a[href], button, select, input, summary, textarea')) {
        if (el.classList.contains('skip')) continue;
        // A checkbox is hit through its label.
        const target = el instanceof HTMLInputElement && el.type === 'checkbox' ? (el.closest('label') ?? el) : el;
        const r = target.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.width < 44 || r.height < 44) small.push(`${el.outerHTML.slice(0, 80)} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      return small;
    });
    expect(tooSmall).toEqual([]);

    // From the top of a freshly loaded page: the skip link first, then the language buttons, each with a visible ring.
    await page.reload();
    await heading(ar['find.title']).waitFor();
    const visited: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { text: el.textContent?.trim() || el.outerHTML.slice(0, 60), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
      });
      expect(focus.outline, `focus ring on ${focus.text}`).toBe(true);
      visited.push(focus.text);
      if (focus.text === 'English') break;
    }
    expect(visited[0], visited.join(' | ')).toBe(ar['nav.skip']);
    expect(visited).toContain('English');
    await page.keyboard.press('Enter');
    await heading(en['find.title']).waitFor();
    expect(await documentLanguage()).toEqual({ lang: 'en', dir: 'ltr' });
  });

  it('need no sideways scrolling at 200 % zoom (a 1280 px screen shows 640 CSS px)', async () => {
    for (const id of ['ar', 'falc'] as const) {
      const w = wordings.find((x) => x.id === id)!;
      await page.setViewportSize({ width: 640, height: 400 });
      if (w.button) await page.getByRole('button', { name: w.button, exact: true }).click();
      else await page.getByTestId('easy-read').click();
      await page.getByRole('link', { name: w.m['nav.find'] }).click();
      await heading(w.m['find.title']).waitFor();
      expect(await overflow(), id).toBe(0);
      await page.getByRole('link', { name: w.m['nav.visits'] }).click();
      await heading(w.m['visits.title']).waitFor();
      expect(await overflow(), id).toBe(0);
    }
  });

  it('leave the staff screens in French once a professional signs in', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByRole('button', { name: 'العربية', exact: true }).click();
    await page.getByRole('link', { name: ar['nav.staff'] }).click();
    await page.getByLabel(fr['login.email']).fill(demo.animator.email);
    await page.getByLabel(fr['login.password']).fill(demo.animator.password);
    await page.getByRole('button', { name: fr['login.submit'] }).click();
    // Whatever the first staff screen is, the parent frame and its language are gone.
    await page.locator('.languages').waitFor({ state: 'detached', timeout: 60_000 });
    expect(await documentLanguage()).toEqual({ lang: 'fr', dir: 'ltr' });
    expect(await page.evaluate(() => /[\u0600-\u06ff]/.test(document.body.innerText))).toBe(false);
  });
});
