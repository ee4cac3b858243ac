/**
 * Finding a family file by what a person says on the phone: a name, a number, a child's first
 * name. Accent- and case-insensitive; a number matches whatever its spacing or +33 form.
 */
import type { RecordOf } from '../registry';
import { normalizeText } from '../text';
import { phoneKey } from './identity';

type Family = Pick<RecordOf<'family'>, 'id' | 'deleted' | 'guardians' | 'children'>;

/** Words of a family as search sees them: guardians' names, children's first names, e-mails. */
export function familySearchText(f: Family): string {
  const words: string[] = [];
  for (const g of f.guardians) words.push(g.firstName ?? '', g.lastName ?? '', g.email ?? '');
  for (const c of f.children) words.push(c.firstName ?? '');
  return normalizeText(words.filter(Boolean).join(' '));
}

/** Digits of every phone of the family, in the compared form. */
function phoneKeys(f: Family): string[] {
  return f.guardians.flatMap((g) => {
    const k = phoneKey(g.phone);
    return k ? [k.replace(/^\+/, '')] : [];
  });
}

/**
 * Live families matching the query: each word must appear in a name, or the digits typed (4 at
 * least) must appear in one of the phone numbers. An empty query matches every live family.
 */
export function searchFamilies<F extends Family>(families: readonly F[], query: string): F[] {
  const live = families.filter((f) => !f.deleted);
  const q = normalizeText(query);
  if (q === '') return live;
  const digits = query.replace(/\D/g, '');
  const asPhone = digits.length >= 4 && /^[\d\s.+()-]+$/.test(query.trim()) ? (phoneKey(query) ?? digits).replace(/^\+/, '') : undefined;
  const words = q.split(' ').filter(Boolean);
  return live.filter((f) => {
    if (asPhone !== undefined) return phoneKeys(f).some((k) => k.includes(asPhone) || k.includes(digits));
    const hay = familySearchText(f);
    return words.every((w) => hay.includes(w));
  });
}

/** A short name to show for a family: first guardian's name, else a child's first name. */
export function familyLabel(f: Pick<RecordOf<'family'>, 'guardians' | 'children'>): string | undefined {
  for (const g of f.guardians) {
    const name = [g.firstName, g.lastName].filter(Boolean).join(' ').trim();
    if (name) return name;
  }
  const child = f.children.find((c) => c.firstName?.trim());
  return child?.firstName?.trim();
}
