/**
 * Encryption at rest in Chromium: PIN unlock (PBKDF2-SHA-256 + unwrap) and the encryption and
 * decryption of 1,000 family files with the app's own modules (src/app/crypto), stored in and
 * read from the app's Dexie database, with and without 4× CPU throttling; then the path the app
 * takes at unlock (src/app/crypto/vault.ts): every stored envelope decrypted once into memory,
 * and lists read through the Dexie middleware from that memory. Figures are printed, never
 * asserted; see bench/README.md and docs/encryption.md.
 *
 *   npx tsx bench/pin-unlock.ts [--families 1000] [--runs 7] [--seed 11]
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { decryptFields, decryptRecord, encryptFields, encryptRecord, StoredRecord } from '../src/app/crypto/field-crypto';
import type { createKeyring, StoredKeyring, unlockKeyring } from '../src/app/crypto/keys';
import { PBKDF2_ITERATIONS } from '../src/app/crypto/keys';
import type { TourneeDB } from '../src/app/db/database';
import type { RecordOf } from '../src/domain/registry';
import { chromiumVersion, cleanupOnSignal, fmt, launchBrowser, load, machine, PAGE_PRELUDE, parseArgs, percentile, root, table } from './lib/harness';
import { seededRandom as rng } from '../src/domain/random';

const opts = parseArgs({ families: 1000, runs: 7, seed: 11 });
const PIN = '482913';
const COUNTS = [100_000, PBKDF2_ITERATIONS, 600_000];

/** What the bundled page puts on globalThis: the app's modules, nothing written for the bench. */
interface PageApi {
  createKeyring: typeof createKeyring;
  unlockKeyring: typeof unlockKeyring;
  encryptRecord: typeof encryptRecord;
  decryptRecord: typeof decryptRecord;
  decryptFields: typeof decryptFields;
  encryptFields: typeof encryptFields;
  TourneeDB: typeof TourneeDB;
}

const ENTRY = `
import { createKeyring, unlockKeyring } from './src/app/crypto/keys';
import { decryptFields, decryptRecord, encryptFields, encryptRecord } from './src/app/crypto/field-crypto';
import { TourneeDB } from './src/app/db/database';
globalThis.tournee = { createKeyring, unlockKeyring, encryptRecord, decryptRecord, decryptFields, encryptFields, TourneeDB };
`;

// --- data ------------------------------------------------------------------------------------

const random = rng(opts.seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const chance = (p: number) => random() < p;
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const uuid = () => crypto.randomUUID();

const firstNames = ['Camille', 'Léa', 'Nadia', 'Sophie', 'Aurélie', 'Fatima', 'Julie', 'Marie', 'Yasmine', 'Hélène', 'Kevin', 'Mehdi', 'Thomas', 'Julien', 'Nicolas', 'Karim', 'Mathieu', 'Anthony', 'Inès', 'Zoé'];
const childNames = ['Louise', 'Jade', 'Ambre', 'Gabriel', 'Raphaël', 'Léo', 'Maël', 'Lina', 'Adam', 'Nino', 'Rose', 'Sacha', 'Aya', 'Tiago', 'Éden'];
const lastNames = ['Martin', 'Bernard', 'Petit', 'Durand', 'Moreau', 'Lefèvre', 'Fournier', 'Girard', 'Bonnet', 'Chambon', 'Peyrard', 'Granjon', 'Souvignet', 'Fayolle', 'Thiollière', 'Mathevon', 'Benali', 'Da Silva', 'Yılmaz', 'Nguyen'];
const phrases = [
  'Maman seule avec deux enfants, travaille en horaires décalés à l’hôpital de Saint-Chamond.',
  'Demande une place en crèche à partir de septembre, pas de véhicule, dépend du car scolaire.',
  'Rendez-vous PMI prévu le mardi, à rappeler après 17 h.',
  'Dossier CAF en cours, aide au calcul du complément de libre choix du mode de garde.',
  'Le père est en arrêt de travail ; la famille souhaite un accueil deux jours par semaine.',
  'Orientée vers le LAEP de Pélussin pour rompre l’isolement.',
  'Parle surtout portugais, l’aînée traduit ; proposer un rendez-vous avec l’interprète.',
  'Contrat avec l’assistante maternelle signé, à vérifier les congés payés.',
  'Situation de logement précaire, lien fait avec l’assistante sociale du Département.',
];
const text = (chars: number) => {
  let s = '';
  while (s.length < chars) s += `${pick(phrases)} `;
  return s.slice(0, chars).trim();
};
const date = (fromYear: number, toYear: number) => `${int(fromYear, toYear)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;

/** A family file as a relais keeps it: 1–3 guardians, 1–3 children, notes of a few lines to a few pages. */
function makeFamily(territoryId: string): RecordOf<'family'> {
  const lastName = pick(lastNames);
  const guardians = Array.from({ length: chance(0.1) ? 3 : chance(0.6) ? 2 : 1 }, () => ({
    id: uuid(),
    firstName: pick(firstNames),
    lastName: chance(0.8) ? lastName : pick(lastNames),
    phone: `0${pick(['6', '7'])} ${int(10, 99)} ${int(10, 99)} ${int(10, 99)} ${int(10, 99)}`,
    ...(chance(0.6) ? { email: `${pick(firstNames).toLowerCase()}.${int(1, 999)}@example.fr` } : {}),
    relation: pick(['mother', 'father', 'guardian', 'other'] as const),
    ...(chance(0.3) ? { languages: ['fr', pick(['ar', 'pt', 'tr', 'en'])] } : {}),
  }));
  const children = Array.from({ length: int(1, 3) }, () =>
    chance(0.1) ? { id: uuid(), expectedDate: date(2026, 2026) } : { id: uuid(), firstName: pick(childNames), birthDate: date(2021, 2025) },
  );
  const notesLength = chance(0.8) ? Math.round(Math.exp(Math.log(80) + random() * (Math.log(3000) - Math.log(80)))) : 0;
  const at = new Date(Date.UTC(2025, int(0, 11), int(1, 28))).toISOString();
  return {
    id: uuid(),
    version: int(1, 20),
    updatedAt: at,
    deleted: false,
    territoryId,
    guardians,
    children,
    communeCode: `42${String(int(1, 330)).padStart(3, '0')}`,
    needs: chance(0.7) ? ['childcare'] : ['childcare', 'paperwork'],
    consent: { textVersion: '2025-01', givenAt: at },
    ...(notesLength ? { notes: text(notesLength) } : {}),
    childcareProposals: Array.from({ length: chance(0.5) ? int(1, 3) : 0 }, () => ({
      id: uuid(),
      directoryEntryId: uuid(),
      entryName: `MAM ${pick(['Les Lucioles', 'Les Lutins', 'Pomme d’Api'])}`,
      startDate: date(2025, 2026),
      proposedAt: at,
      proposedBy: uuid(),
      status: pick(['proposed', 'accepted', 'declined'] as const),
      ...(chance(0.7) ? { note: text(int(60, 300)) } : {}),
    })),
  };
}

// --- page ------------------------------------------------------------------------------------

async function bundle(): Promise<string> {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'pin-unlock-page.ts', loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

/** 127.0.0.1 is a secure context, which WebCrypto and IndexedDB need; about:blank has no IndexedDB. */
function serve(script: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><script src="/page.js"></script>');
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      ok({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
    }),
  );
}

interface ModeResult {
  unlock: { iterations: number; ms: number[] }[];
  jsonMs: number[];
  encryptMs: number[];
  writeMs: number[];
  readMs: number[];
  decryptMs: number[];
  readPlainMs: number[];
  writePlainMs: number[];
  openOneMs: number[];
  listColumnsMs: number[];
  coarseEncryptMs: number[];
  coarseDecryptMs: number[];
  perRecordEncryptMs: number[];
  perRecordDecryptMs: number[];
  vaultOpenMs: number[];
  revealReadMs: number[];
  plainBytes: number;
  storedBytes: number;
}

/** Everything measured in one page at one throttling rate; the keyrings are made beforehand. */
async function measure(page: import('playwright-core').Page, args: { keyrings: { iterations: number; stored: StoredKeyring }[]; families: RecordOf<'family'>[]; runs: number; pin: string; dbName: string }): Promise<ModeResult> {
  return page.evaluate(async ({ keyrings, families, runs, pin, dbName }) => {
    const api = (globalThis as unknown as { tournee: PageApi }).tournee;
    const time = async (f: () => Promise<unknown>) => {
      const t0 = performance.now();
      await f();
      return performance.now() - t0;
    };
    const r: ModeResult = { unlock: [], jsonMs: [], encryptMs: [], writeMs: [], readMs: [], decryptMs: [], readPlainMs: [], writePlainMs: [], openOneMs: [], listColumnsMs: [], coarseEncryptMs: [], coarseDecryptMs: [], perRecordEncryptMs: [], perRecordDecryptMs: [], vaultOpenMs: [], revealReadMs: [], plainBytes: 0, storedBytes: 0 };
    for (const k of keyrings) {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push(await time(() => api.unlockKeyring(k.stored, pin)));
      r.unlock.push({ iterations: k.iterations, ms });
    }
    const key = await api.unlockKeyring(keyrings.find((k) => k.iterations === Math.max(...keyrings.map((x) => x.iterations)))!.stored, pin);
    const db = new api.TourneeDB(dbName);
    const plainDb = new api.TourneeDB(`${dbName}-plain`);
    await Promise.all([db.open(), plainDb.open()]);
    const table = db.table<StoredRecord, string>('families');
    const plainTable = plainDb.table<StoredRecord, string>('families');
    for (let i = 0; i < runs; i++) {
      // Main-thread work of the same size: shows whether the throttling applies.
      r.jsonMs.push(await time(async () => JSON.parse(JSON.stringify(families))));
      let stored: StoredRecord[] = [];
      r.encryptMs.push(await time(async () => (stored = await Promise.all(families.map((f) => api.encryptRecord('family', f, key))))));
      await table.clear();
      r.writeMs.push(await time(() => table.bulkPut(stored)));
      await plainTable.clear();
      r.writePlainMs.push(await time(() => plainTable.bulkPut(families)));
      let read: StoredRecord[] = [];
      r.readMs.push(await time(async () => (read = await table.toArray())));
      r.decryptMs.push(await time(() => Promise.all(read.map((s) => api.decryptRecord('family', s, key)))));
      r.readPlainMs.push(await time(() => plainTable.toArray()));
      // The app's unlock: the vault decrypts every stored envelope into memory, then screens
      // read through the middleware, which swaps envelopes for those values synchronously.
      db.vault.attach({ current: () => key });
      r.vaultOpenMs.push(await time(() => db.vault.open()));
      r.revealReadMs.push(await time(() => table.toArray()));
      db.vault.close();
      // What a family list needs: the names only, the rest decrypted when a file is opened.
      const columns = ['guardians[].firstName', 'guardians[].lastName', 'children[].firstName'];
      r.listColumnsMs.push(await time(() => Promise.all(read.map((s) => api.decryptFields(s, columns, key)))));
      // A coarser list: whole guardians and children arrays as one envelope each (same code, other paths).
      const coarse = ['guardians', 'children', 'notes', 'childcareProposals[].note'];
      let coarseStored: StoredRecord[] = [];
      r.coarseEncryptMs.push(await time(async () => (coarseStored = await Promise.all(families.map((f) => api.encryptFields(f, coarse, key))))));
      r.coarseDecryptMs.push(await time(() => Promise.all(coarseStored.map((s) => api.decryptFields(s, coarse, key)))));
      // Not the app's format: one AES-GCM call per family over the same parts, to weigh per-field envelopes.
      const enc = new TextEncoder();
      let sealed: { iv: Uint8Array<ArrayBuffer>; ct: ArrayBuffer; ad: Uint8Array<ArrayBuffer> }[] = [];
      r.perRecordEncryptMs.push(
        await time(async () => {
          sealed = await Promise.all(
            families.map(async (f) => {
              const iv = crypto.getRandomValues(new Uint8Array(12));
              const ad = enc.encode(f.id);
              const body = enc.encode(JSON.stringify([f.guardians, f.children, f.notes, f.childcareProposals]));
              return { iv, ad, ct: await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: ad }, key, body) };
            }),
          );
        }),
      );
      const dec = new TextDecoder();
      r.perRecordDecryptMs.push(await time(() => Promise.all(sealed.map(async (x) => JSON.parse(dec.decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: x.iv, additionalData: x.ad }, key, x.ct))) as unknown))));
      r.plainBytes = JSON.stringify(families).length;
      r.storedBytes = JSON.stringify(stored).length;
    }
    const ids = families.slice(0, 50).map((f) => f.id);
    for (const id of ids) r.openOneMs.push(await time(async () => api.decryptRecord('family', (await table.get(id))!, key)));
    db.close();
    plainDb.close();
    return r;
  }, args);
}

// --- run -------------------------------------------------------------------------------------

const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
const minOf = (xs: number[]) => Math.min(...xs);

async function main(): Promise<void> {
  console.log(`PIN unlock and encryption of ${fmt.int(opts.families)} family files in Chromium — ${machine()}, ${load()}`);
  const cleanups: (() => Promise<void> | void)[] = [];
  cleanupOnSignal(cleanups);
  try {
    const script = await bundle();
    const { server, url } = await serve(script);
    cleanups.unshift(() => new Promise<void>((r) => server.close(() => r())));
    const browser = await launchBrowser();
    cleanups.unshift(() => browser.close());
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.addInitScript(PAGE_PRELUDE);
    await page.goto(url);
    await page.waitForFunction('typeof globalThis.tournee === "object"');

    const territoryId = uuid();
    const families = Array.from({ length: opts.families }, () => makeFamily(territoryId));
    const made = await page.evaluate(
      async ({ counts, pin }) => {
        const api = (globalThis as unknown as { tournee: PageApi }).tournee;
        const out: { iterations: number; stored: StoredKeyring; ms: number }[] = [];
        for (const iterations of counts) {
          const t0 = performance.now();
          const { stored } = await api.createKeyring(pin, { iterations });
          out.push({ iterations, stored, ms: performance.now() - t0 });
        }
        return out;
      },
      { counts: COUNTS, pin: PIN },
    );

    const cdp = await page.context().newCDPSession(page);
    const results: { rate: number; r: ModeResult }[] = [];
    for (const rate of [1, 4]) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      console.log(`measuring at CPU throttling ${rate}×…`);
      const r = await measure(page, { keyrings: made, families, runs: opts.runs, pin: PIN, dbName: `bench-${rate}` });
      results.push({ rate, r });
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    const first = results[0]!.r;
    const fields = families.reduce((n, f) => n + f.guardians.reduce((g, x) => g + 3 + (x.email ? 1 : 0), 0) + f.children.length * 2 - f.children.filter((c) => !c.firstName).length + (f.notes ? 1 : 0) + (f.childcareProposals ?? []).filter((p) => p.note).length, 0);
    console.log(`\n${chromiumVersion(browser)}; ${load()}`);
    console.log(
      `${fmt.int(families.length)} families, ${fmt.int(fields)} encrypted values; JSON ${(first.plainBytes / 1024).toFixed(0)} KiB in clear, ` +
        `${(first.storedBytes / 1024).toFixed(0)} KiB encrypted (+${((first.storedBytes / first.plainBytes - 1) * 100).toFixed(0)} %)`,
    );
    console.log(`createKeyring (once, unthrottled): ${made.map((m) => `${fmt.int(m.iterations)} it. ${fmt.ms(m.ms)}`).join(', ')}`);
    const rows: (string | number)[][] = [['', ...results.flatMap(({ rate }) => [`p50 ${rate}×`, `min ${rate}×`])]];
    for (const [i, it] of COUNTS.entries()) {
      rows.push([`unlockKeyring, PBKDF2 ${fmt.int(it)} it.${it === PBKDF2_ITERATIONS ? ' (default)' : ''}`, ...results.flatMap(({ r }) => [fmt.ms(p50(r.unlock[i]!.ms)), fmt.ms(minOf(r.unlock[i]!.ms))])]);
    }
    const line = (name: string, pickMs: (r: ModeResult) => number[]) => rows.push([name, ...results.flatMap(({ r }) => [fmt.ms(p50(pickMs(r))), fmt.ms(minOf(pickMs(r)))])]);
    line(`encrypt ${families.length} families (encryptRecord, all at once)`, (r) => r.encryptMs);
    line('  Dexie bulkPut, encrypted', (r) => r.writeMs);
    line('  Dexie bulkPut, in clear (for comparison)', (r) => r.writePlainMs);
    line(`decrypt ${families.length} families (decryptRecord, all at once)`, (r) => r.decryptMs);
    line('  Dexie toArray, encrypted', (r) => r.readMs);
    line('  Dexie toArray, in clear (for comparison)', (r) => r.readPlainMs);
    line('app unlock: vault.open (read all, decrypt every value into memory)', (r) => r.vaultOpenMs);
    line('  then Dexie toArray through the middleware (values from memory)', (r) => r.revealReadMs);
    line('decrypt the list columns only (names, 3 paths)', (r) => r.listColumnsMs);
    line('open one family file (get + decryptRecord)', (r) => r.openOneMs);
    line('coarser paths (guardians, children whole), encrypt', (r) => r.coarseEncryptMs);
    line('coarser paths (guardians, children whole), decrypt', (r) => r.coarseDecryptMs);
    line('for comparison: one AES-GCM call per family, encrypt', (r) => r.perRecordEncryptMs);
    line('for comparison: one AES-GCM call per family, decrypt', (r) => r.perRecordDecryptMs);
    line('JSON round trip of the same files (main thread only)', (r) => r.jsonMs);
    console.log(table(rows));
    const t = results.map(({ rate, r }) => `${rate}×: ${fmt.ms(p50(r.unlock[COUNTS.indexOf(PBKDF2_ITERATIONS)]!.ms) + p50(r.readMs) + p50(r.decryptMs))}`);
    console.log(`\nPIN typed → ${families.length} families readable (unlock + read + decrypt, p50 sum): ${t.join(', ')}`);
    const wired = results.map(({ rate, r }) => `${rate}×: ${fmt.ms(p50(r.unlock[COUNTS.indexOf(PBKDF2_ITERATIONS)]!.ms) + p50(r.vaultOpenMs))}`);
    console.log(`PIN typed → app open as wired (unlockKeyring + vault.open, p50 sum): ${wired.join(', ')}`);
    console.log(`runs: ${opts.runs} per figure (open one file: 50); page: ${join('src', 'app', 'crypto')} bundled with esbuild, served from 127.0.0.1`);
  } finally {
    for (const c of cleanups) await Promise.resolve(c()).catch(() => undefined);
  }
}

await main();
