/**
 * Directory import from CSV as French spreadsheets save it. Also home of what the GeoJSON import
 * and the export share: French column names, reading one cell per field, validation messages.
 * The caller decides what to keep: nothing is imported while `errors` is not empty, unless the
 * person chooses to skip the lines listed there.
 */
import Papa from 'papaparse';
import type { z } from 'zod';
import { directoryEntryFields, type DirectoryKind } from '../entities/directory-entry';
import { inseeCode, weekdays, type Weekday } from '../common';
import type { FieldsOf } from '../registry';
import { decodeText, type TextEncodingName } from './decode';
import { labelKey, parseKind } from './kind-labels';

export type DirectoryEntryFields = FieldsOf<'directoryEntry'>;
export type DirectoryField = keyof DirectoryEntryFields;
export type CsvSeparator = ';' | ',' | '\t';

/** Larger files are refused: a territory's directory is a few thousand lines, well under 1 MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportedEntry {
  /** Spreadsheet line where the row starts (header = 1), or feature number in GeoJSON. */
  line: number;
  fields: DirectoryEntryFields;
}

export interface ImportIssue {
  line: number;
  /** Shown as is: "ligne 214 : code commune inconnu (42999)". */
  message: string;
}

export interface DirectoryImportResult {
  entries: ImportedEntry[];
  errors: ImportIssue[];
  warnings: string[];
  encoding: TextEncodingName;
  /** Data rows (or features) read, valid or not; blank lines excluded. */
  totalRows: number;
}

export interface CsvImportResult extends DirectoryImportResult {
  separator: CsvSeparator;
}

export interface ImportOptions {
  /** True when the INSEE code is a commune the app knows (the territory's communes, or all). */
  knownCommune: (code: string) => boolean;
  /** Called after each chunk: characters (CSV) or features (GeoJSON) done, out of total. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Lets the page paint between chunks; tests pass a no-op. */
  yieldToEventLoop?: () => Promise<void>;
  /** Characters per CSV chunk, features per GeoJSON chunk. */
  chunkSize?: number;
  maxBytes?: number;
}

/** The file as a whole cannot be imported; `message` is French and says what to do. */
export class ImportRefusedError extends Error {
  override name = 'ImportRefusedError';
}

export const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Refuse a file over the size limit before decoding it. */
export function checkSize(bytes: Uint8Array | ArrayBuffer, maxBytes = MAX_IMPORT_BYTES): void {
  if (bytes.byteLength > maxBytes) {
    // Rounded up, so a file just over the limit does not read as "20 Mo, limit 20 Mo".
    const mb = (n: number) => (Math.ceil((n / (1024 * 1024)) * 10) / 10).toLocaleString('fr-FR');
    throw new ImportRefusedError(
      `Fichier trop volumineux (${mb(bytes.byteLength)} Mo) : la limite est de ${mb(maxBytes)} Mo. Découpez-le en plusieurs fichiers.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Column names

/** Header written by the export, then other names accepted on import (any case and accents). */
const columnNames: ReadonlyArray<readonly [DirectoryField | 'communeName', string, ...string[]]> = [
  ['name', 'Nom', 'Raison sociale', 'Nom de la structure', 'Nom structure', 'Dénomination', 'Nom et prénom', 'Nom prénom', 'Libellé'],
  ['kind', 'Type', 'Catégorie', 'Nature', 'Type de structure', 'Type d’accueil', 'Mode d’accueil', 'Type de service'],
  ['communeCode', 'Code commune', 'Code INSEE', 'Commune (code)', 'Code INSEE commune', 'Code commune INSEE', 'INSEE', 'COG', 'Code géographique'],
  ['communeName', 'Commune', 'Nom de la commune', 'Nom commune', 'Ville', 'Libellé commune'],
  ['address', 'Adresse', 'Adresse postale', 'Rue', 'Voie'],
  ['phone', 'Téléphone', 'Tél', 'Tel', 'Numéro de téléphone', 'N° de téléphone', 'Portable', 'Mobile'],
  ['email', 'Courriel', 'E-mail', 'Email', 'Mail', 'Mél', 'Adresse e-mail', 'Adresse mail', 'Adresse électronique'],
  ['lat', 'Latitude', 'Lat'],
  ['lon', 'Longitude', 'Lon', 'Lng', 'Long'],
  ['placesAvailable', 'Places disponibles', 'Places', 'Places libres', 'Nombre de places disponibles'],
  ['availableFrom', 'Disponible à partir du', 'Date de disponibilité', 'Disponible le', 'Disponibilité', 'À partir du'],
  ['ageMinMonths', 'Âge min (mois)', 'Âge min', 'Âge minimum', 'Âge minimum (mois)'],
  ['ageMaxMonths', 'Âge max (mois)', 'Âge max', 'Âge maximum', 'Âge maximum (mois)'],
  ['atypicalHours', 'Horaires atypiques'],
  ['disabilityWelcome', 'Accueil handicap', 'Accueil du handicap', 'Handicap', 'Accueil enfants handicapés'],
  ['languages', 'Langues', 'Langues parlées'],
  ['openDays', 'Jours d’accueil', 'Jours', 'Jours d’ouverture'],
  ['opensAt', 'Ouverture', 'Heure d’ouverture', 'Horaire d’ouverture'],
  ['closesAt', 'Fermeture', 'Heure de fermeture', 'Horaire de fermeture'],
  ['notes', 'Remarques', 'Notes', 'Remarque', 'Note', 'Commentaires', 'Commentaire', 'Observations'],
];

/** Column header of each field in exports; "Commune" holds the commune's name. */
export const columnHeaders = Object.fromEntries(columnNames.map(([field, header]) => [field, header])) as Readonly<
  Record<DirectoryField | 'communeName', string>
>;

const columnByKey: ReadonlyMap<string, DirectoryField | 'communeName'> = new Map(
  // The schema's own names ("communeCode") are accepted too: the GeoJSON export uses them.
  columnNames.flatMap(([field, ...names]) => [field, ...names].map((name) => [labelKey(name), field] as const)),
);

/** The field a column header (or GeoJSON property) designates; "communeName" is read as information only. */
export function columnFor(header: string): DirectoryField | 'communeName' | undefined {
  return columnByKey.get(labelKey(header));
}

/** How a problem names each field. */
export const fieldLabels: Readonly<Record<DirectoryField, string>> = {
  kind: 'type',
  name: 'nom',
  communeCode: 'code commune',
  address: 'adresse',
  phone: 'téléphone',
  email: 'courriel',
  lat: 'latitude',
  lon: 'longitude',
  placesAvailable: 'places disponibles',
  availableFrom: 'date de disponibilité',
  ageMinMonths: 'âge min (mois)',
  ageMaxMonths: 'âge max (mois)',
  atypicalHours: 'horaires atypiques',
  disabilityWelcome: 'accueil handicap',
  languages: 'langues',
  openDays: 'jours d’accueil',
  opensAt: 'ouverture',
  closesAt: 'fermeture',
  notes: 'remarques',
};

export const requiredFields = ['name', 'kind', 'communeCode'] as const;

const pluralFields: ReadonlySet<DirectoryField> = new Set(['placesAvailable', 'atypicalHours', 'languages', 'openDays', 'notes']);

/** "téléphone invalide", "langues invalides". */
const invalid = (field: DirectoryField): string => `${fieldLabels[field]} ${pluralFields.has(field) ? 'invalides' : 'invalide'}`;

// ---------------------------------------------------------------------------------------------
// Cells

/** Control and bidirectional-override characters: invisible, and refused by the server (NUL). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- same reason
const needsCleaning = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/;

/** Plain text a person typed: controls removed, trimmed; line breaks and tabs kept only in notes. */
export function cleanText(value: string, multiline = false): string {
  // Most cells need only trimming: one test instead of four replacements on a large file.
  if (!needsCleaning.test(value)) return value.trim();
  const text = value.replace(/\r\n?/g, '\n').replace(loneSurrogate, '\uFFFD').replace(controls, '');
  return (multiline ? text : text.replace(/[\t\n]+/g, ' ')).trim();
}

/** A value quoted in a message: cleaned and cut short, so a hostile cell cannot flood the report. */
export function shown(value: unknown): string {
  const text = cleanText(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * Inverse of the export's formula neutralisation: one leading apostrophe is dropped when a formula
 * character (or more apostrophes then one) follows, so "+33 5…" comes back as typed.
 */
export function unneutralize(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

type Problems = string[];

function asText(raw: unknown, field: DirectoryField, problems: Problems, multiline = false): string | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string') {
    problems.push(invalid(field));
    return undefined;
  }
  return cleanText(raw, multiline) || undefined;
}

function asNumber(raw: unknown, field: DirectoryField, problems: Problems): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  const text = typeof raw === 'string' ? cleanText(raw) : '';
  // Decimal comma or point; the exponent form is what a number prints as when very small.
  if (/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?$/i.test(text)) return Number(text.replace(',', '.'));
  problems.push(`${fieldLabels[field]} : « ${shown(raw)} » n’est pas un nombre`);
  return undefined;
}

function asInteger(raw: unknown, field: DirectoryField, problems: Problems): number | undefined {
  const n = asNumber(raw, field, problems);
  if (n === undefined || Number.isInteger(n)) return n;
  problems.push(`${fieldLabels[field]} : nombre entier attendu (« ${shown(raw)} »)`);
  return undefined;
}

const yes = new Set(['oui', 'o', 'x', '1', 'vrai', 'true', 'yes', 'y']);
const no = new Set(['non', 'n', '0', 'faux', 'false', 'no']);

function asBoolean(raw: unknown, field: DirectoryField, problems: Problems): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const key = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? labelKey(raw) : '';
  if (yes.has(key)) return true;
  if (no.has(key)) return false;
  problems.push(`${fieldLabels[field]} : « ${shown(raw)} » non reconnu (oui ou non attendu)`);
  return undefined;
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** JJ/MM/AAAA (also with - or .) or AAAA-MM-JJ → AAAA-MM-JJ. */
function asDate(raw: unknown, field: DirectoryField, problems: Problems): string | undefined {
  const text = typeof raw === 'string' ? cleanText(raw) : '';
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$/.exec(text);
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : french ? [french[3], french[2], french[1]] : [];
  if (y && m && d && isCalendarDate(Number(y), Number(m), Number(d))) return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  problems.push(`${fieldLabels[field]} invalide (« ${shown(raw)} ») : JJ/MM/AAAA attendu`);
  return undefined;
}

/** 8h30, 8 h, 08:30, 08:30:00, 08.30 → "08:30". */
function asTime(raw: unknown, field: DirectoryField, problems: Problems): string | undefined {
  const text = typeof raw === 'string' ? cleanText(raw) : '';
  const match = /^(\d{1,2})\s*(?:[h:.]\s*)?(\d{2})?(?::\d{2})?$/i.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2] ?? 0);
  if (match && hours <= 23 && minutes <= 59) return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  problems.push(`${fieldLabels[field]} invalide (« ${shown(raw)} ») : heure attendue comme 8h30 ou 08:30`);
  return undefined;
}

/** Items of a list cell ("fr, ar / en") or of a GeoJSON array. */
function listItems(raw: unknown, field: DirectoryField, problems: Problems, separators: RegExp): string[] | undefined {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(separators) : undefined;
  if (!items || items.some((item) => typeof item !== 'string')) {
    problems.push(invalid(field));
    return undefined;
  }
  return [...new Set(items.map((item) => cleanText(item as string)).filter(Boolean))];
}

const dayByName: ReadonlyMap<string, number> = new Map(
  [
    ['lun', 'lundi', 'lu', 'mon'],
    ['mar', 'mardi', 'ma', 'tue'],
    ['mer', 'mercredi', 'me', 'wed'],
    ['jeu', 'jeudi', 'je', 'thu'],
    ['ven', 'vendredi', 've', 'fri'],
    ['sam', 'samedi', 'sa', 'sat'],
    ['dim', 'dimanche', 'di', 'sun'],
  ].flatMap((names, day) => names.map((name) => [name, day] as const)),
);

/** "lun, mar, jeu", "lundi-vendredi", "du lundi au vendredi" → Monday-first weekdays. */
function asDays(raw: unknown, field: DirectoryField, problems: Problems): Weekday[] | undefined {
  const cells = Array.isArray(raw) ? raw : [raw];
  const days = new Set<number>();
  for (const cell of cells) {
    if (typeof cell !== 'string') {
      problems.push(invalid(field));
      return undefined;
    }
    const tokens = cleanText(cell)
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/\b(?:du|le|les|et)\b/g, ' ')
      .replace(/\s*(?:[-–—]|\bau\b|\ba\b)\s*/g, '-')
      .split(/[\s,;/+.&]+/)
      .filter(Boolean);
    for (const token of tokens) {
      const ends = token.split('-').map((name) => dayByName.get(name));
      const [from, to] = ends;
      if (ends.length > 2 || from === undefined || (ends.length === 2 && to === undefined)) {
        problems.push(`${fieldLabels[field]} : « ${shown(token)} » non reconnu (lun, mar, mer, jeu, ven, sam, dim)`);
        return undefined;
      }
      // A range may wrap over the week-end: "sam-lun".
      for (let day = from; ; day = (day + 1) % 7) {
        days.add(day);
        if (day === (to ?? from)) break;
      }
    }
  }
  return days.size ? weekdays.filter((_, i) => days.has(i)) : undefined;
}

/** INSEE code as spreadsheets mangle it: "1004" lost its leading zero, "2a004" its capital. */
function asCommuneCode(raw: unknown, problems: Problems, knownCommune: (code: string) => boolean): string | undefined {
  const text = asText(raw, 'communeCode', problems);
  if (text === undefined) return undefined;
  const code = /^\d{4}$/.test(text) ? `0${text}` : text.toUpperCase();
  if (!inseeCode.safeParse(code).success) {
    problems.push(`code commune invalide (${shown(text)}) : code INSEE à 5 caractères attendu`);
    return undefined;
  }
  if (!knownCommune(code)) {
    problems.push(`code commune inconnu (${code})`);
    return undefined;
  }
  return code;
}

/** A French number typed into a spreadsheet cell loses its leading zero: "546123456" → "0546123456". */
function asPhone(raw: unknown, problems: Problems): string | undefined {
  const text = asText(raw, 'phone', problems);
  return text && /^[1-9]\d{8}$/.test(text) ? `0${text}` : text;
}

function readField(field: DirectoryField, raw: unknown, problems: Problems, knownCommune: (code: string) => boolean): unknown {
  switch (field) {
    case 'kind': {
      const text = asText(raw, field, problems);
      const kind: DirectoryKind | undefined = text === undefined ? undefined : parseKind(text);
      if (text !== undefined && !kind) problems.push(`type « ${shown(text)} » non reconnu`);
      return kind;
    }
    case 'communeCode':
      return asCommuneCode(raw, problems, knownCommune);
    case 'phone':
      return asPhone(raw, problems);
    case 'email':
      return asText(raw, field, problems)?.replace(/^mailto:/i, '');
    case 'lat':
    case 'lon':
      return asNumber(raw, field, problems);
    case 'placesAvailable':
    case 'ageMinMonths':
    case 'ageMaxMonths':
      return asInteger(raw, field, problems);
    case 'availableFrom':
      return asDate(raw, field, problems);
    case 'atypicalHours':
    case 'disabilityWelcome':
      return asBoolean(raw, field, problems);
    case 'languages': {
      const items = listItems(raw, field, problems, /[,/;|]/);
      return items?.length ? items : undefined;
    }
    case 'openDays':
      return asDays(raw, field, problems);
    case 'opensAt':
    case 'closesAt':
      return asTime(raw, field, problems);
    case 'notes':
      return asText(raw, field, problems, true);
    case 'name':
    case 'address':
      return asText(raw, field, problems);
  }
}

function issueMessage(issue: z.core.$ZodIssue, candidate: Record<string, unknown>): string {
  const [field, index] = issue.path as [DirectoryField, number | undefined];
  const label = fieldLabels[field] ?? String(field);
  const value = candidate[field];
  if (field === 'languages' && index !== undefined) {
    return `langue « ${shown((value as string[])[index])} » : entre 2 et 12 caractères attendus`;
  }
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    const bound = String(issue.code === 'too_big' ? issue.maximum : issue.minimum);
    if (issue.origin === 'string') {
      return issue.code === 'too_big' ? `${label} : ${[...(value as string)].length} caractères, ${bound} au plus` : `${label} trop court`;
    }
    if (issue.origin === 'array') return `${label} : ${(value as unknown[]).length} éléments, ${bound} au plus`;
    return `${label} : ${String(value)} ${issue.code === 'too_big' ? 'dépasse le maximum' : 'est sous le minimum'} (${bound})`;
  }
  return invalid(field);
}

/**
 * One row or feature → valid fields, or the problems found (French, without the line prefix).
 * `raw` holds non-empty cells by field.
 */
export function readEntry(
  raw: ReadonlyMap<DirectoryField, unknown>,
  knownCommune: (code: string) => boolean,
): { fields: DirectoryEntryFields; problems?: undefined } | { fields?: undefined; problems: string[] } {
  const problems: string[] = [];
  const candidate: Record<string, unknown> = {};
  for (const [field, value] of raw) {
    const before = problems.length;
    const read = readField(field, value, problems, knownCommune);
    if (read !== undefined) candidate[field] = read;
    else if (problems.length === before && (requiredFields as readonly string[]).includes(field)) problems.push(`${fieldLabels[field]} manquant`);
  }
  for (const field of requiredFields) if (!raw.has(field)) problems.push(`${fieldLabels[field]} manquant`);
  if ((candidate.lat === undefined) !== (candidate.lon === undefined) && !problems.some((p) => /^(latitude|longitude)/.test(p))) {
    problems.push(candidate.lat === undefined ? 'longitude sans latitude' : 'latitude sans longitude');
  }
  const { ageMinMonths: min, ageMaxMonths: max } = candidate;
  if (typeof min === 'number' && typeof max === 'number' && min > max) problems.push('âge min (mois) supérieur à l’âge max (mois)');
  const parsed = directoryEntryFields.safeParse(candidate);
  if (!parsed.success) {
    const messages = parsed.error.issues.filter((i) => Object.hasOwn(candidate, String(i.path[0]))).map((i) => issueMessage(i, candidate));
    problems.push(...(messages.length || problems.length ? messages : ['valeurs invalides']));
  }
  return problems.length || !parsed.success ? { problems } : { fields: parsed.data };
}

/** Reports rows that repeat the same name, kind and commune within one file. */
export class DuplicateFinder {
  private readonly seen = new Map<string, number>();
  private readonly found: string[] = [];
  private count = 0;

  constructor(private readonly prefix: string, private readonly listed = 100) {}

  check(line: number, fields: DirectoryEntryFields): void {
    const key = `${fields.kind}|${fields.communeCode}|${labelKey(fields.name)}`;
    const first = this.seen.get(key);
    if (first === undefined) {
      this.seen.set(key, line);
      return;
    }
    this.count++;
    if (this.found.length < this.listed) {
      this.found.push(`${this.prefix} ${line} : doublon de ${this.prefix} ${first} (même nom, même type, même commune)`);
    }
  }

  warnings(): string[] {
    const more = this.count - this.found.length;
    return more > 0 ? [...this.found, `… et ${more} autre(s) doublon(s)`] : this.found;
  }
}

/** Warning naming the columns or properties that were ignored. */
export function ignoredWarning(what: 'Colonnes' | 'Propriétés', names: readonly string[]): string[] {
  if (!names.length) return [];
  const listed = names.slice(0, 20).map((n) => `« ${shown(n)} »`);
  if (names.length > 20) listed.push(`et ${names.length - 20} autre(s)`);
  return [`${what} non reconnues, ignorées : ${listed.join(', ')}`];
}

// ---------------------------------------------------------------------------------------------
// CSV

/** The separator used most on the first non-blank line (the header), outside quotes; `;` on a tie. */
export function sniffSeparator(text: string): CsvSeparator {
  const candidates: CsvSeparator[] = [';', ',', '\t'];
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let quoted = false;
  let seenText = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const c = text[i] as string;
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') {
      if (seenText && [...counts.values()].some(Boolean)) break;
      seenText = false;
    } else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
    else if (c.trim()) seenText = true;
  }
  return candidates.reduce((best, c) => ((counts.get(c) ?? 0) > (counts.get(best) ?? 0) ? c : best));
}

function countLineBreaks(cell: string): number {
  let n = 0;
  for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  return n;
}

/** Papa Parse in chunks, paused while each chunk is handled so the page can paint in between. */
function parseInChunks(
  text: string,
  delimiter: CsvSeparator,
  chunkSize: number,
  onChunk: (rows: string[][], errors: Papa.ParseError[], cursor: number) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(text, {
      delimiter,
      newline: '\n',
      quoteChar: '"',
      header: false,
      skipEmptyLines: false,
      chunkSize,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        parser.pause();
        onChunk(results.data, results.errors, results.meta.cursor)
          .then(() => parser.resume())
          .catch(reject);
      },
      complete: () => resolve(),
    });
  });
}

const missingColumnsMessage = (missing: readonly string[], read: readonly string[]) =>
  `Colonnes introuvables : ${missing.map((m) => `« ${m} »`).join(', ')}. ` +
  'Le fichier doit avoir une ligne d’en-tête avec au moins les colonnes « Nom », « Type » et « Code commune » (ou « Code INSEE »). ' +
  `Colonnes lues : ${read.slice(0, 12).map((r) => `« ${shown(r)} »`).join(', ') || 'aucune'}.`;

/** Reads the directory from CSV bytes; throws ImportRefusedError when the file cannot be read at all. */
export async function importDirectoryCsv(input: Uint8Array | ArrayBuffer, options: ImportOptions): Promise<CsvImportResult> {
  checkSize(input, options.maxBytes);
  const decoded = decodeText(input);
  // One line-break form, so a line number is one plus the breaks before it.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new ImportRefusedError('Le fichier est vide.');
  const separator = sniffSeparator(text);
  const pause = options.yieldToEventLoop ?? defaultYield;

  const result: CsvImportResult = { entries: [], errors: [], warnings: [], encoding: decoded.encoding, separator, totalRows: 0 };
  const duplicates = new DuplicateFinder('ligne');
  const untitledWithData = new Set<number>();
  let columns: (DirectoryField | 'communeName' | undefined)[] | undefined;
  let headerCells: string[] = [];
  let nextLine = 1;

  const readHeader = (cells: string[]) => {
    headerCells = cells.map((cell) => cleanText(unneutralize(cell)));
    const taken = new Map<string, string>();
    const unknown: string[] = [];
    columns = headerCells.map((header) => {
      const field = columnFor(header);
      if (!header) return undefined;
      if (!field) unknown.push(header);
      else if (taken.has(field)) {
        result.warnings.push(`Colonnes « ${shown(taken.get(field))} » et « ${shown(header)} » : seule la première est lue.`);
        return undefined;
      } else taken.set(field, header);
      return field;
    });
    const missing = requiredFields.filter((f) => !taken.has(f)).map((f) => columnHeaders[f]);
    if (missing.length) throw new ImportRefusedError(missingColumnsMessage(missing, headerCells.filter(Boolean)));
    result.warnings.push(...ignoredWarning('Colonnes', unknown));
  };

  const readRow = (cells: string[], line: number, parseProblem: string | undefined) => {
    result.totalRows++;
    const cols = columns ?? [];
    const raw = new Map<DirectoryField, unknown>();
    cells.forEach((cell, i) => {
      const field = cols[i];
      if (!cell.trim()) return;
      if (field && field !== 'communeName') raw.set(field, unneutralize(cell));
      else if (i < headerCells.length && !headerCells[i]) untitledWithData.add(i + 1);
    });
    const extra = cells.slice(cols.length).filter((c) => c.trim()).length;
    const read = readEntry(raw, options.knownCommune);
    const problems = [
      ...(parseProblem ? [parseProblem] : []),
      ...(extra ? [`${cells.length} cellules pour ${cols.length} colonnes (un « ${separator === '\t' ? 'tabulation' : separator} » hors guillemets ?)`] : []),
      ...(read.problems ?? []),
    ];
    if (problems.length || !read.fields) {
      for (const p of problems) result.errors.push({ line, message: `ligne ${line} : ${p}` });
      return;
    }
    duplicates.check(line, read.fields);
    result.entries.push({ line, fields: read.fields });
  };

  await parseInChunks(text, separator, options.chunkSize ?? 128 * 1024, async (rows, parseErrors, cursor) => {
    const problemByRow = new Map<number, string>();
    for (const e of parseErrors) {
      if (e.row === undefined || e.row >= rows.length || problemByRow.has(e.row)) continue;
      problemByRow.set(
        e.row,
        e.code === 'MissingQuotes'
          ? 'guillemet jamais refermé : la suite du fichier a été lue comme une seule cellule'
          : 'guillemets mal placés dans une cellule',
      );
    }
    rows.forEach((cells, i) => {
      const line = nextLine;
      nextLine += 1 + cells.reduce((n, cell) => n + countLineBreaks(cell), 0);
      if (cells.every((cell) => !cell.trim())) return;
      if (!columns) readHeader(cells);
      else readRow(cells, line, problemByRow.get(i));
    });
    await options.onProgress?.(cursor, text.length);
    await pause();
  });

  if (!columns) throw new ImportRefusedError('Le fichier ne contient aucune ligne.');
  if (untitledWithData.size) {
    result.warnings.push(`Colonne(s) sans titre ignorée(s) alors qu’elles contiennent des valeurs : n° ${[...untitledWithData].join(', ')}`);
  }
  result.warnings.push(...duplicates.warnings());
  return result;
}
