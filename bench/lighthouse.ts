/**
 * Lighthouse (mobile profile, its default simulated slow 4G and 4× CPU slowdown) on the parent
 * home and the staff day view, in Debian's Chromium; then the repeat load offline, under 4× CPU
 * throttling, once the service worker has cached the app. Figures are printed, never asserted;
 * see bench/README.md.
 *
 *   npx tsx bench/lighthouse.ts [--runs 3] [--reloads 7] [--save 1]
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, cleanupOnSignal, ensureBuild, fmt, freePort, launchBrowser, load, machine, median, parseArgs, root, startTourneeServer, table, tempDir } from './lib/harness';
import { demo } from '../tests/e2e/harness';

// `--save 1` keeps each report's JSON in test-results/lighthouse/ for reading the details.
const opts = parseArgs({ runs: 3, reloads: 7, save: 0 });
const save = opts.save > 0;
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const PIN = '482913';

const dist = ensureBuild();
const work = tempDir('tournee-lighthouse-');
const staticDir = join(work.path, 'dist');
cpSync(dist, staticDir, { recursive: true });
const server = await startTourneeServer({ DATA_DIR: join(work.path, 'data') }, staticDir);
const cleanups: (() => Promise<void> | void)[] = [() => server.stop(), () => work.remove()];
cleanupOnSignal(cleanups);

async function logInStaff(page: Page): Promise<void> {
  await page.goto(`${server.url}/#/connexion`);
  await page.getByLabel('Adresse e-mail').fill(demo.animator.email);
  await page.getByLabel('Mot de passe').fill(demo.animator.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  // Generous: password hashing and the first sync are slow on a busy 2-core machine.
  const directory = page.getByRole('heading', { name: 'Annuaire', level: 1 });
  const newPin = page.getByLabel('Code PIN ou phrase de passe');
  await directory.or(newPin).first().waitFor({ timeout: 120_000 });
  // Devices that keep family files ask for a PIN once signed in.
  if (await newPin.isVisible()) {
    await newPin.fill(PIN);
    await page.getByLabel('Le même code, une deuxième fois').fill(PIN);
    await page.getByRole('button', { name: 'Enregistrer le code PIN' }).click();
    await directory.waitFor({ timeout: 120_000 });
  }
  // The first sync has brought the day's sessions once the button is enabled again.
  await page.locator('[data-testid="sync-now"]:enabled').waitFor({ timeout: 120_000 });
}

// --- Lighthouse ---------------------------------------------------------------------------------

interface Scores {
  performance: number;
  accessibility: number;
  'best-practices': number;
  lcp: number;
  tbt: number;
  cls: number;
}

/**
 * One Chromium for all Lighthouse runs: started by Playwright on a profile folder with a
 * debugging port, so that Playwright can sign the animator in (the session is in the profile's
 * IndexedDB) and Lighthouse then audits tabs of the same profile.
 */
const profile = join(work.path, 'profile');
const port = await freePort();
const persistent: BrowserContext = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`, '--lang=fr-FR'],
  locale: 'fr-FR',
});
cleanups.unshift(() => persistent.close());

async function audit(url: string, keepStorage: boolean): Promise<Scores> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    // The staff run needs the signed-in session kept in IndexedDB; the parent home is a first visit.
    disableStorageReset: keepStorage,
  });
  if (!result) throw new Error(`lighthouse gave no result for ${url}`);
  if (save) {
    mkdirSync(join(root, 'test-results/lighthouse'), { recursive: true });
    writeFileSync(join(root, 'test-results/lighthouse', `${keepStorage ? 'staff' : 'parent'}-${Date.now()}.json`), JSON.stringify(result.lhr));
  }
  const { categories, audits } = result.lhr;
  const score = (id: string) => Math.round((categories[id]?.score ?? Number.NaN) * 100);
  const failed = Object.values(audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable');
  const worth = failed.filter((a) => ['accessibility', 'best-practices'].some((c) => categories[c]?.auditRefs.some((r) => r.id === a.id && r.weight > 0)));
  for (const a of worth) {
    const items = a.details && 'items' in a.details ? (a.details.items as unknown[]) : [];
    console.log(`    ${url}: ${a.id} ${JSON.stringify(items).slice(0, 400)}`);
  }
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best-practices': score('best-practices'),
    lcp: audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
    tbt: audits['total-blocking-time']?.numericValue ?? Number.NaN,
    cls: audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
  };
}

async function auditRuns(name: string, url: string, keepStorage: boolean): Promise<string[]> {
  const runs: Scores[] = [];
  for (let i = 0; i < opts.runs; i++) runs.push(await audit(url, keepStorage));
  const med = (k: keyof Scores) => median(runs.map((r) => r[k]));
  return [name, med('performance'), med('accessibility'), med('best-practices'), fmt.ms(med('lcp')), fmt.ms(med('tbt')), med('cls').toFixed(3)].map(String);
}

async function main(): Promise<void> {
  const lighthouseVersion = (JSON.parse(readFileSync(join(root, 'node_modules/lighthouse/package.json'), 'utf8')) as { version: string }).version;
  console.log(`Lighthouse ${lighthouseVersion}, mobile profile; ${machine()}; ${load()}`);
  const rows: string[][] = [['screen', 'performance', 'accessibility', 'best practices', 'LCP', 'TBT', 'CLS']];
  rows.push(await auditRuns('parent home (first visit)', `${server.url}/`, false));
  const staffPage = await persistent.newPage();
  await logInStaff(staffPage);
  await staffPage.close();
  rows.push(await auditRuns('staff day view (signed in)', `${server.url}/#/tournee`, true));
  console.log(`medians of ${opts.runs} runs:`);
  console.log(table(rows));

  // --- Repeat load offline, 4× CPU throttling ------------------------------------------------------

  /**
   * In the page from its first script on: the time (ms from navigation start) at which `selector`
   * is on screen and the main thread has then run one more task, i.e. a tap would be handled.
   */
  const INTERACTIVE = (selector: string) => `
    globalThis.__name = globalThis.__name || ((f) => f);
    (() => {
      const check = () => {
        const found = document.querySelector(${JSON.stringify(selector)});
        if (found) {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => { window.__interactive = performance.now(); window.__screen = found.matches('input[type=password]') ? 'PIN unlock' : 'content'; };
          ch.port2.postMessage(0);
          return;
        }
        requestAnimationFrame(check);
      };
      check();
    })();
  `;

  async function repeatOffline(name: string, context: BrowserContext, path: string, selector: string): Promise<string[]> {
    await context.addInitScript({ content: INTERACTIVE(selector) });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/${path}`);
    // A new document, so that the script above runs (going to a hash of the same page would not).
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __interactive?: number }).__interactive !== undefined, undefined, { timeout: 60_000 });
    // Controlled by the service worker and its precache complete before the network goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
    await context.setOffline(true);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const times: number[] = [];
    const screens = new Set<string>();
    for (let i = 0; i < opts.reloads; i++) {
      await page.reload();
      const t = await page.waitForFunction(() => (window as unknown as { __interactive?: number }).__interactive, undefined, { timeout: 60_000 });
      times.push((await t.jsonValue()) as number);
      screens.add(await page.evaluate(() => String((window as unknown as { __screen?: string }).__screen)));
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    times.sort((a, b) => a - b);
    return [name, [...screens].join(', '), fmt.ms(times[Math.floor(times.length / 2)]!), fmt.ms(times[0]!), fmt.ms(times[times.length - 1]!)];
  }

  /**
   * A staff device always opens on its PIN (docs/encryption.md): from the PIN typed to the day's
   * tour on screen and ready for a tap, offline, under the same throttling.
   */
  async function pinToDayView(context: BrowserContext): Promise<string[]> {
    const page = context.pages()[0]!;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const times: number[] = [];
    for (let i = 0; i < opts.reloads; i++) {
      await page.reload();
      await page.locator('input[type=password]').fill(PIN);
      const start = await page.evaluate(() => performance.now());
      await page.getByRole('button', { name: 'Déverrouiller' }).click();
      await page.locator('[data-testid="tour-stops"]').waitFor({ state: 'attached', timeout: 60_000 });
      times.push((await page.evaluate(() => new Promise<number>((done) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => done(performance.now());
        ch.port2.postMessage(0);
      }))) - start);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    times.sort((a, b) => a - b);
    return ['staff day view, from the PIN', 'day view', fmt.ms(times[Math.floor(times.length / 2)]!), fmt.ms(times[0]!), fmt.ms(times[times.length - 1]!)];
  }

  const browser = await launchBrowser();
  cleanups.unshift(() => browser.close());
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  // The parent keeps a territory on the phone: the home then shows its directory.
  const setup = await phone.newPage();
  await setup.goto(server.url);
  await setup.getByLabel('Territoire').selectOption({ label: 'Monts du Pilat (42)' });
  await setup.getByRole('button', { name: 'Enregistrer l’annuaire sur ce téléphone' }).click();
  await setup.locator('[data-testid="directory-list"] > li').first().waitFor();
  const offlineRows: string[][] = [['screen', 'first screen shown', 'p50', 'min', 'max']];
  offlineRows.push(await repeatOffline('parent home (directory)', phone, '#/trouver', '[data-testid="directory-list"] > li'));
  const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  await logInStaff(await tablet.newPage());
  offlineRows.push(await repeatOffline('staff day view', tablet, '#/tournee', '[data-testid="tour-stops"], input[type=password]'));
  offlineRows.push(await pinToDayView(tablet));
  console.log(`repeat load offline until interactive, 4× CPU throttling, ${opts.reloads} reloads:`);
  console.log(table(offlineRows));
}

try {
  await main();
} finally {
  for (const c of cleanups) await Promise.resolve(c()).catch(() => undefined);
}
