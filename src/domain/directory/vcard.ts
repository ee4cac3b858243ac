/** A directory entry as a vCard 4.0 (RFC 6350), to add a provider or a service to the phone's contacts. */
import { foldContentLine } from '../content-line';
import { isMobileNumber } from '../phone';
import type { DirectoryEntryFields } from './import-csv';
import { kindLabels } from './kind-labels';

/** Controls other than line breaks and tabs would end up in the contact as invisible characters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text value escaping. `;` is escaped only in compound properties (ADR, ORG): RFC 6350 makes it
 * optional elsewhere, and readers such as ical.js keep the backslash of `\;` in FN or NOTE.
 */
function escapeText(value: string, compound = false): string {
  const text = value.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(controls, '').replace(loneSurrogate, '\uFFFD');
  return text.replace(compound ? /[\\,;\n]/g : /[\\,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * A backslash ending a component is dropped: written `\\;` as the RFC wants, ical.js and other
 * readers take it for an escaped `;` and merge the street with the locality.
 */
function adrComponent(value = ''): string {
  return escapeText(value.replace(/\\+$/, ''), true);
}

/** Folds a content line at 75 octets, as iCalendar does. */
export const foldLine = foldContentLine;

/** Six decimals (about 10 cm), never in exponent form: a geo: URI takes plain decimals. */
function coordinate(n: number): string {
  return String(Number(n.toFixed(6)));
}

/**
 * vCard 4.0 text of an entry, CRLF line ends. Childminders are people (KIND:individual, kind in
 * TITLE); every other kind is an organisation (KIND:org, ORG). `id` becomes the UID, so importing
 * the card again updates the contact instead of duplicating it.
 */
export function toVCard(entry: DirectoryEntryFields & { id?: string }, communeName?: string): string {
  const individual = entry.kind === 'assistant_maternel';
  const label = kindLabels[entry.kind];
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', 'PRODID:-//Tournée//Annuaire//FR'];
  if (entry.id) lines.push(`UID:urn:uuid:${escapeText(entry.id)}`);
  lines.push(`KIND:${individual ? 'individual' : 'org'}`, `FN:${escapeText(entry.name)}`);
  lines.push(individual ? `TITLE:${escapeText(label)}` : `ORG:${escapeText(entry.name, true)}`);
  lines.push(`CATEGORIES:${escapeText(label)}`);
  if (entry.phone) {
    const type = isMobileNumber(entry.phone) ? 'work,cell' : 'work,voice';
    lines.push(`TEL;VALUE=text;TYPE=${type}:${escapeText(entry.phone)}`);
  }
  if (entry.email) lines.push(`EMAIL;TYPE=work:${escapeText(entry.email)}`);
  if (entry.address || communeName) {
    // ADR: post office box; extended address; street; locality; region; postal code; country.
    lines.push(`ADR;TYPE=work:;;${adrComponent(entry.address)};${adrComponent(communeName)};;;`);
  }
  if (entry.lat !== undefined && entry.lon !== undefined) lines.push(`GEO:geo:${coordinate(entry.lat)},${coordinate(entry.lon)}`);
  if (entry.notes) lines.push(`NOTE:${escapeText(entry.notes)}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
