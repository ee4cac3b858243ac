/**
 * Parent screens in every language: each catalogue has every key the parent screens can show
 * (found by reading their source, from PublicShell down through what it imports), with the same
 * placeholders as French; the device's language is picked and the choice remembered.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ar } from '../../src/app/i18n/ar';
import { en } from '../../src/app/i18n/en';
import { fr } from '../../src/app/i18n/fr';
import { frEasy } from '../../src/app/i18n/fr-easy';
import { frParent } from '../../src/app/i18n/fr-parent';
import { frStaff } from '../../src/app/i18n/fr-staff';
import { formatBytes, getLanguage, getLocale, loadLanguage, parentLanguages, pickLanguage, setLocale, t } from '../../src/app/i18n';
import { parentKeysOf } from '../../src/app/i18n/parent';
import { LANGUAGE_KEY, readLanguageChoice, saveLanguageChoice } from '../../src/app/i18n/preference';
import { tr } from '../../src/app/i18n/tr';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'src/app');
const catalogues = { en, ar, tr } as const;
const frenchKeys = new Set(Object.keys(fr));
const parentKeys = new Set(parentKeysOf(fr));

/** The staff sign-in is reachable from the parent frame but is a staff screen: French only. */
const staffBoundary = new Set(['src/app/auth/LoginScreen.tsx']);

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
}

/** Source files of the parent screens: all of src/app/public, and every app module they import (values, not types). */
function parentScreenFiles(): string[] {
  const seen = new Set<string>();
  const queue = filesUnder(join(app, 'public'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    const rel = relative(root, file);
    if (seen.has(file) || staffBoundary.has(rel) || file.startsWith(join(app, 'i18n'))) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:^|\n)import\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
      const target = resolveImport(file, (m[1] ?? m[2])!);
      if (target?.startsWith(app)) queue.push(target);
    }
  }
  return [...seen];
}

/** Message keys a source file can show: quoted keys of fr.ts, and `prefix.${…}` templates (every key with that prefix). */
function keysIn(src: string): string[] {
  const keys = new Set([...src.matchAll(/['"]([\w.]+)['"]/g)].map((m) => m[1]!).filter((k) => frenchKeys.has(k)));
  for (const m of src.matchAll(/`([\w.]+\.)\$\{/g)) for (const k of frenchKeys) if (k.startsWith(m[1]!)) keys.add(k);
  return [...keys];
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\w+)(?::\w+)?\}/g)].map((m) => m[1]!).sort();
}

afterEach(() => setLocale('fr-FR'));

describe('parent catalogues', () => {
  it('cover every message the parent screens show, read from their source', () => {
    const files = parentScreenFiles();
    expect(files.map((f) => relative(root, f))).toEqual(expect.arrayContaining(['src/app/public/PublicShell.tsx', 'src/app/directory/EntryCard.tsx', 'src/app/directory/FiltersPanel.tsx']));
    const missing = files.flatMap((f) => keysIn(readFileSync(f, 'utf8')).filter((k) => !parentKeys.has(k)).map((k) => `${relative(root, f)}: ${k}`));
    // A key listed here is shown to parents but is not a parent key: add it to sharedParentKeys in
    // src/app/i18n/parent.ts (or use a parent prefix), then translate it in en.ts, ar.ts and tr.ts.
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(catalogues))('%s has exactly the parent keys, each with the placeholders of the French', (_, messages) => {
    const entries: [string, string][] = Object.entries(messages);
    expect(entries.map(([k]) => k).sort()).toEqual([...parentKeys].sort());
    for (const [key, text] of entries) {
      expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(fr[key as keyof typeof fr]) });
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('ships exactly the parent messages with the first screen, and the staff ones apart', () => {
    // A parent key left in the staff part would show as nothing on a parent's phone.
    expect(Object.keys(frParent).sort()).toEqual([...parentKeys].sort());
    expect(Object.keys(frStaff).filter((k) => parentKeys.has(k))).toEqual([]);
    expect(Object.keys(frParent).length + Object.keys(frStaff).length).toBe(frenchKeys.size);
  });

  it('has an easy-to-read French that only rewrites parent messages, keeping their placeholders', () => {
    const entries: [string, string][] = Object.entries(frEasy);
    expect(entries.length).toBeGreaterThan(30);
    for (const [key, text] of entries) {
      expect(parentKeys.has(key), key).toBe(true);
      expect(text, key).not.toBe(fr[key as keyof typeof fr]);
      expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(fr[key as keyof typeof fr]) });
      // FALC: no "(s)" plurals, and short sentences.
      expect(text, key).not.toMatch(/\(s\)/);
      for (const sentence of text.split(/[.?!:]\s/)) expect(sentence.split(/\s+/).length, `${key}: ${sentence}`).toBeLessThanOrEqual(16);
    }
  });
});

describe('language of the parent screens', () => {
  it('picks the first of the device’s languages that it speaks, else French', () => {
    expect(pickLanguage(['ar-MA', 'fr-FR'])).toBe('ar');
    expect(pickLanguage(['es-ES', 'en-US', 'fr'])).toBe('en');
    expect(pickLanguage(['TR'])).toBe('tr');
    expect(pickLanguage(['es-ES', 'de'])).toBe('fr');
    expect(pickLanguage([])).toBe('fr');
  });

  it('remembers the choice over the device’s language, and ignores a damaged one', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(readLanguageChoice(storage, ['tr-TR'])).toEqual({ language: 'tr', easyRead: false });
    saveLanguageChoice({ language: 'ar', easyRead: false }, storage);
    expect(readLanguageChoice(storage, ['tr-TR'])).toEqual({ language: 'ar', easyRead: false });
    saveLanguageChoice({ language: 'fr', easyRead: true }, storage);
    expect(readLanguageChoice(storage, ['en'])).toEqual({ language: 'fr', easyRead: true });
    store.set(LANGUAGE_KEY, '{"language":"xx"}');
    expect(readLanguageChoice(storage, ['en'])).toEqual({ language: 'en', easyRead: false });
    store.set(LANGUAGE_KEY, 'not json');
    expect(readLanguageChoice(storage, ['en'])).toEqual({ language: 'en', easyRead: false });
    // Easy-to-read is a French wording: it cannot stick to another language.
    store.set(LANGUAGE_KEY, '{"language":"tr","easyRead":true}');
    expect(readLanguageChoice(storage, ['en'])).toEqual({ language: 'tr', easyRead: false });
  });

  it('writes durations, sizes and dates in the chosen language', async () => {
    await loadLanguage('en');
    setLocale('en-GB');
    expect(t('directory.ages', { from: t('directory.months', { n: 1 }), to: t('directory.years', { n: 3 }) })).toBe('ages 1 month to 3 years');
    expect(t('visits.none', { weeks: 8 })).toBe('No visit planned in the next 8 weeks.');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    await loadLanguage('tr');
    setLocale('tr-TR');
    expect(t('directory.months', { n: 18 })).toBe('18 ay');
    setLocale('fr-FR');
    expect(t('directory.months', { n: 18 })).toBe('18 mois');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 Mo');
  });

  it('keeps Western digits in Arabic and isolates filled-in Latin names in right-to-left text', async () => {
    await loadLanguage('ar');
    setLocale('ar-DZ');
    expect(getLanguage()).toBe('ar');
    expect(getLocale()).toBe('ar-u-nu-latn');
    expect(t('directory.count', { count: 12 })).toBe('عدد النتائج: \u206812\u2069');
    expect(t('find.copy', { territory: 'Est (CIREST)', time: 'x' })).toContain('\u2068Est (CIREST)\u2069');
  });

  it('shows French for a language whose messages are not loaded, and the easy-to-read wording on demand', async () => {
    setLocale('fr-FR', { easyRead: true });
    expect(t('find.download')).toBe(fr['find.download']);
    await loadLanguage('fr', true);
    setLocale('fr-FR', { easyRead: true });
    expect(t('find.download')).toBe(frEasy['find.download']);
    // Keys FALC leaves alone keep the plain French.
    expect(t('find.refresh')).toBe(fr['find.refresh']);
    // Staff keys are never translated.
    for (const l of parentLanguages) {
      await loadLanguage(l.code);
      setLocale(l.locale);
      expect(t('login.submit')).toBe(fr['login.submit']);
    }
  });
});
