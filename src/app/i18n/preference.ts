import { parentLanguages, pickLanguage, setLocale, type LanguageCode } from './index';

/** What a parent chose: the language of their screens and, in French, the easy-to-read wording. */
export interface LanguageChoice {
  language: LanguageCode;
  easyRead: boolean;
}

/** Kept in localStorage: read synchronously before the first screen is drawn, and there offline. */
export const LANGUAGE_KEY = 'tournee.parentLanguage';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function deviceStorage(): Store | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Storage can be refused (private mode, blocked cookies): the device's language then applies.
    return undefined;
  }
}

function deviceLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

function isLanguage(v: unknown): v is LanguageCode {
  return parentLanguages.some((l) => l.code === v);
}

/** The saved choice, or the device's first language the parent screens speak. */
export function readLanguageChoice(store: Store | undefined = deviceStorage(), preferred: readonly string[] = deviceLanguages()): LanguageChoice {
  try {
    const saved: unknown = JSON.parse(store?.getItem(LANGUAGE_KEY) ?? 'null');
    if (saved && typeof saved === 'object' && 'language' in saved && isLanguage(saved.language)) {
      return { language: saved.language, easyRead: saved.language === 'fr' && 'easyRead' in saved && saved.easyRead === true };
    }
  } catch {
    // A damaged value is ignored: the device's language applies.
  }
  return { language: pickLanguage(preferred), easyRead: false };
}

export function saveLanguageChoice(choice: LanguageChoice, store: Store | undefined = deviceStorage()): void {
  try {
    store?.setItem(LANGUAGE_KEY, JSON.stringify(choice));
  } catch {
    // Full or refused storage: the choice still holds until the app is closed.
  }
}

export function applyLanguageChoice(choice: LanguageChoice): void {
  const language = parentLanguages.find((l) => l.code === choice.language) ?? parentLanguages[0];
  setLocale(language.locale, { easyRead: choice.easyRead });
}

/** Staff screens are French, whatever the parent screens were showing on this device. */
export function applyStaffLanguage(): void {
  setLocale('fr-FR');
}
