import fc from 'fast-check';
import { directoryEntryFields, directoryKinds } from '../../../src/domain/entities/directory-entry';
import { email, phone, weekdays } from '../../../src/domain/common';
import { cleanText, importDirectoryCsv, type DirectoryEntryFields, type ImportOptions } from '../../../src/domain/directory/import-csv';

/** Communes the tests' territory knows; Corsica and La Réunion included. */
export const communes = new Map([
  ['17306', 'Montendre'],
  ['17300', 'La Rochelle'],
  ['01004', 'Ambérieu-en-Bugey'],
  ['2A004', 'Ajaccio'],
  ['97411', 'Saint-Denis'],
]);
export const knownCommune = (code: string): boolean => communes.has(code);
export const communeName = (code: string): string | undefined => communes.get(code);

export const noPause = async (): Promise<void> => {};
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Imports CSV text without pausing between chunks. */
export function importCsv(text: string | Uint8Array, options: Partial<ImportOptions> = {}) {
  return importDirectoryCsv(typeof text === 'string' ? utf8(text) : text, { knownCommune, yieldToEventLoop: noPause, ...options });
}

/** Messages only, the form a person reads. */
export const messages = (issues: readonly { message: string }[]): string[] => issues.map((i) => i.message);

// Characters that break naive CSV, vCard or HTML handling, mixed with any grapheme.
const awkward = fc.constantFrom(';', ',', '"', "'", '=', '+', '-', '@', '\\', '|', '<', '>', '&', '/', 'é', 'Œ', '€', '’', '𝄞', '👩‍👧', ' ', '\u00A0', '\n', '\t');
const unit = fc.oneof(awkward, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }));

/** Text as an import stores it: controls removed, trimmed, at most `max` UTF-16 units. */
export function textArb(max: number, multiline = false): fc.Arbitrary<string> {
  return fc
    .string({ unit, minLength: 1, maxLength: Math.min(max, 60) })
    .map((s) => cleanText(s.slice(0, max), multiline))
    .filter((s) => s.length > 0);
}

const phoneArb = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom('', '', ' ', '.', '-', '(', ')'), fc.integer({ min: 0, max: 9 })), { minLength: 6, maxLength: 14 }))
  .map(([plus, parts]) => ((plus ? '+' : '') + parts.map(([sep, d]) => `${sep}${d}`).join('')).trim())
  // Nine digits without a leading 0 are read as a French number that lost it (documented).
  .filter((s) => phone.safeParse(s).success && !/^[1-9]\d{8}$/.test(s));

const emailArb = fc.emailAddress().filter((s) => email.safeParse(s).success);

const languageArb = fc
  .string({ unit, minLength: 2, maxLength: 12 })
  .map((s) => cleanText(s))
  // The schema counts characters (code points), not UTF-16 units.
  .filter((s) => [...s].length >= 2 && !/[,/;|]/.test(s));

const timeArb = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

const coordinate = (max: number) => fc.double({ min: -max, max, noNaN: true }).map((x) => (x === 0 ? 0 : x));

/**
 * Directory entries within the schema's bounds, in the form an import produces: text cleaned and
 * trimmed, lists non-empty, latitude with longitude, minimum age not above the maximum.
 */
export const entryArb: fc.Arbitrary<DirectoryEntryFields> = fc
  .record(
    {
      kind: fc.constantFrom(...directoryKinds),
      name: textArb(160),
      communeCode: fc.constantFrom(...communes.keys()),
      address: textArb(240),
      phone: phoneArb,
      email: emailArb,
      position: fc.tuple(coordinate(90), coordinate(180)),
      placesAvailable: fc.integer({ min: 0, max: 500 }),
      availableFrom: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      ages: fc.tuple(fc.option(fc.integer({ min: 0, max: 216 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 216 }), { nil: undefined })),
      atypicalHours: fc.boolean(),
      disabilityWelcome: fc.boolean(),
      languages: fc.uniqueArray(languageArb, { minLength: 1, maxLength: 20 }),
      openDays: fc.subarray([...weekdays], { minLength: 1 }),
      opensAt: timeArb,
      closesAt: timeArb,
      notes: textArb(2000, true),
    },
    { requiredKeys: ['kind', 'name', 'communeCode'] },
  )
  .map(({ position, ages, ...rest }) => {
    const entry: DirectoryEntryFields = { ...rest };
    if (position) [entry.lat, entry.lon] = position;
    const [a, b] = ages ?? [];
    if (a !== undefined && b !== undefined) [entry.ageMinMonths, entry.ageMaxMonths] = [Math.min(a, b), Math.max(a, b)];
    else if (a !== undefined) entry.ageMinMonths = a;
    else if (b !== undefined) entry.ageMaxMonths = b;
    return entry;
  })
  .filter((entry) => directoryEntryFields.safeParse(entry).success);
