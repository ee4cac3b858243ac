/** Accent- and case-insensitive form of French text, for search: "Crèche Saint-Étienne" → "creche saint etienne". */
export function normalizeText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[’'`-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Abbreviations people type for the words of French place names. */
const abbreviations: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** True when every word of the query appears in the text (both normalised, "st" read as "saint"). */
export function matchesQuery(textValue: string, query: string): boolean {
  const hay = normalizeText(textValue);
  return normalizeText(query)
    .split(' ')
    .filter(Boolean)
    .every((word) => hay.includes(abbreviations[word] ?? word));
}
