/**
 * How two family files are compared: phone numbers in one national form, first names folded
 * (case, accents, hyphens), and the date that identifies a child.
 */
import { dialable } from '../phone';
import { normalizeText } from '../text';

/**
 * A phone number reduced to compare: +33 6 12… and 06 12… give the same key, as do the overseas
 * forms (+262 692… and 0692…). Undefined when fewer than 6 digits remain.
 */
export function phoneKey(phone: string | undefined): string | undefined {
  // Not a string while a device is still decrypting its records: nothing to compare yet.
  if (typeof phone !== 'string') return undefined;
  let d = dialable(phone).replace(/^00/, '+');
  if (d.startsWith('+33')) d = `0${d.slice(3)}`;
  const overseas = /^\+(262|269|590|594|596)(\d{9})$/.exec(d);
  if (overseas) d = `0${overseas[2]}`;
  const digits = d.replace(/\D/g, '');
  return digits.length >= 6 ? (d.startsWith('+') ? `+${digits}` : digits) : undefined;
}

/** "Léa-Rose " and "lea rose" fold to the same key; empty stays undefined. */
export function nameKey(name: string | undefined): string | undefined {
  if (typeof name !== 'string') return undefined;
  const key = normalizeText(name);
  return key === '' ? undefined : key;
}

/** The date a child is known by: birth date, else expected date. */
export function childDate(child: { birthDate?: string | undefined; expectedDate?: string | undefined }): string | undefined {
  return child.birthDate ?? child.expectedDate;
}
