/** Accent- and case-insensitive form of French text, for search: "Crèche Saint-Étienne" → "creche saint etienne". */
export function normalizeText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[’'`-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of the query appears in the text (both normalised). */
export function matchesQuery(textValue: string, query: string): boolean {
  const hay = normalizeText(textValue);
  return normalizeText(query)
    .split(' ')
    .filter(Boolean)
    .every((word) => hay.includes(word));
}
