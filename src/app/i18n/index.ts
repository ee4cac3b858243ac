import type { MessageKey } from './fr';
import { frParent } from './fr-parent';

export type { MessageKey };

type Messages = Partial<Readonly<Record<MessageKey, string>>>;

/** French as far as loaded: the parent screens' words, then the staff screens' once fetched. */
let french: Messages = frParent;
let staffLoading: Promise<void> | undefined;

/** Whether the staff screens' French messages are here: a staff screen is drawn only then. */
export function isStaffLoaded(): boolean {
  return french !== frParent;
}

/**
 * Fetches the staff screens' messages once (precached by the service worker, so offline too).
 * The app calls it before drawing a staff screen; a failed fetch can be tried again.
 */
export function loadStaffMessages(): Promise<void> {
  staffLoading ??= import('./fr-staff').then(
    (m) => {
      french = { ...frParent, ...m.frStaff };
      catalogues.fr = french;
      if (currentLanguage === 'fr' && !easyRead) current = french;
    },
    (err: unknown) => {
      staffLoading = undefined;
      throw err;
    },
  );
  return staffLoading;
}

/** The languages of the parent screens; staff screens are French only. */
export const parentLanguages = [
  { code: 'fr', name: 'Français', locale: 'fr-FR', dir: 'ltr' },
  { code: 'en', name: 'English', locale: 'en-GB', dir: 'ltr' },
  // Western digits, as used in the Maghreb and on every French sign, bill and timetable.
  { code: 'ar', name: 'العربية', locale: 'ar-u-nu-latn', dir: 'rtl' },
  { code: 'tr', name: 'Türkçe', locale: 'tr-TR', dir: 'ltr' },
] as const;

export type LanguageCode = (typeof parentLanguages)[number]['code'];

type Wording = LanguageCode | 'fr-easy';

/**
 * Other languages are fetched when first chosen (precached by the service worker, so offline
 * too): a French-speaking parent's first screen does not download Arabic and Turkish.
 */
const loaders: Record<Exclude<Wording, 'fr'>, () => Promise<Messages>> = {
  en: () => import('./en').then((m) => m.en),
  ar: () => import('./ar').then((m) => m.ar),
  tr: () => import('./tr').then((m) => m.tr),
  'fr-easy': () => import('./fr-easy').then((m) => ({ ...frParent, ...m.frEasy })),
};
const catalogues: Partial<Record<Wording, Messages>> = { fr: frParent };

function wordingOf(language: LanguageCode, easyRead: boolean): Wording {
  return language === 'fr' && easyRead ? 'fr-easy' : language;
}

/** Whether `setLocale` can switch to this language now, with no download. */
export function isLanguageLoaded(language: LanguageCode, easyRead = false): boolean {
  return catalogues[wordingOf(language, easyRead)] !== undefined;
}

/** Fetches a language's messages once; `setLocale` can then switch to it. */
export async function loadLanguage(language: LanguageCode, easyRead = false): Promise<void> {
  const wording = wordingOf(language, easyRead);
  if (wording === 'fr' || catalogues[wording]) return;
  catalogues[wording] = await loaders[wording]();
}

let current: Messages = frParent;
let currentLanguage: LanguageCode = 'fr';
let currentLocale = 'fr-FR';
let easyRead = false;
let rtlNow = false;

function languageOf(tag: string): (typeof parentLanguages)[number] | undefined {
  const primary = (tag.split('-')[0] ?? '').toLowerCase();
  return parentLanguages.find((l) => l.code === primary);
}

/**
 * Chooses the language of what `t` returns and of dates and numbers. An unknown language falls
 * back to French. `easyRead` switches French to its easy-to-read (FALC) wording. Call
 * `loadLanguage` first for any language but plain French.
 */
export function setLocale(locale: string, options: { easyRead?: boolean } = {}): void {
  const known = languageOf(locale);
  const language = known ?? parentLanguages[0];
  currentLanguage = language.code;
  // Arabic keeps its Western digits whatever region tag the device gives.
  currentLocale = !known ? language.locale : known.code === 'ar' ? known.locale : locale;
  easyRead = language.code === 'fr' && options.easyRead === true;
  rtlNow = language.dir === 'rtl';
  // A language not loaded yet shows French until `loadLanguage` has run.
  current = catalogues[wordingOf(language.code, easyRead)] ?? french;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = language.code;
    document.documentElement.dir = language.dir;
  }
}

/** Locale tag for `Intl` formatters in the current language. */
export function getLocale(): string {
  return currentLocale;
}

export function getLanguage(): LanguageCode {
  return currentLanguage;
}

export function isEasyRead(): boolean {
  return easyRead;
}

/** The first of the device's languages (`navigator.languages`) that the parent screens speak; else French. */
export function pickLanguage(preferred: readonly string[]): LanguageCode {
  for (const tag of preferred) {
    const l = languageOf(tag);
    if (l) return l.code;
  }
  return 'fr';
}

// Building an Intl formatter costs far more than using one; a list of a hundred cards formats
// hundreds of numbers and dates, so each kind is built once per language.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${currentLocale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(currentLocale, options)));
  return f;
}

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${currentLocale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(currentLocale, options)));
  return f;
}

const units = new Set(['day', 'week', 'month', 'year', 'hour', 'minute']);

function formatParam(v: string | number, unit: string | undefined): string {
  if (typeof v !== 'number') return v;
  if (unit && units.has(unit)) return numberFormat({ style: 'unit', unit, unitDisplay: 'long' }).format(v);
  return formatNumber(v);
}

/**
 * Translate a key, filling `{name}` placeholders. `{name:month}` (also day, week, year, hour,
 * minute) writes a number as a duration with the language's own plural ("1 month", "3 months").
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = current[key] ?? french[key];
  if (template === undefined) {
    // A staff screen drawn before its messages: a fault of the caller, shown as nothing rather
    // than as a crash in front of a person.
    console.error(`message ${key} not loaded`);
    return '';
  }
  if (!params) return template;
  return template.replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name: string, unit: string | undefined) => {
    const v = params[name];
    if (v === undefined) return whole;
    // In right-to-left text, a filled-in name or number is isolated (FSI…PDI) so that a Latin
    // place name with brackets or dashes keeps its own order.
    return rtlNow ? `\u2068${formatParam(v, unit)}\u2069` : formatParam(v, unit);
  });
}

export function formatNumber(n: number): string {
  return numberFormat().format(n);
}

/** Date and time for a person, in the zone given (a site's zone) or the device's. */
export function formatDateTime(iso: string, timeZone?: string): string {
  return dateFormat({ dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return dateFormat({ dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

export function formatBytes(n: number): string {
  const frenchUnits = ['o', 'Ko', 'Mo', 'Go'];
  const intlUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < frenchUnits.length - 1) {
    v /= 1024;
    i += 1;
  }
  if (currentLanguage !== 'fr') return numberFormat({ style: 'unit', unit: intlUnits[i], unitDisplay: 'short', maximumFractionDigits: 1 }).format(v);
  return `${numberFormat({ maximumFractionDigits: 1 }).format(v)} ${frenchUnits[i]}`;
}
