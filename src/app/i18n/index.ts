import { fr, type MessageKey } from './fr';

export type { MessageKey };

type Catalogue = Record<MessageKey, string>;

const catalogues: Record<string, Catalogue> = { fr };
let current: Catalogue = fr;
let currentLocale = 'fr-FR';

/** Right-to-left languages among those the parent screens will offer. */
const rtl = new Set(['ar', 'he', 'fa', 'ur']);

export function setLocale(locale: string): void {
  const lang = locale.split('-')[0] ?? 'fr';
  current = catalogues[lang] ?? fr;
  currentLocale = catalogues[lang] ? locale : 'fr-FR';
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    document.documentElement.dir = rtl.has(lang) ? 'rtl' : 'ltr';
  }
}

/** Translate a key, filling `{name}` placeholders. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = current[key] ?? fr[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined ? `{${name}}` : typeof v === 'number' ? formatNumber(v) : v;
  });
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(currentLocale).format(n);
}

/** Date and time for a person, in the zone given (a site's zone) or the device's. */
export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(currentLocale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLocale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

export function formatBytes(n: number): string {
  const units = ['o', 'Ko', 'Mo', 'Go'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${new Intl.NumberFormat(currentLocale, { maximumFractionDigits: 1 }).format(v)} ${units[i]}`;
}
