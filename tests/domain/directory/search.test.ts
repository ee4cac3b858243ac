import { describe, expect, it } from 'vitest';
import { ageInMonths, hasPlaceOn, acceptsAge, queryWords, searchDirectory, type DirectorySearchQuery } from '../../../src/domain/directory/search';
import { buildSearchIndex, matchQuality, type SearchableEntry } from '../../../src/domain/directory/search-index';

const communes: Record<string, string> = {
  '42218': 'Saint-Étienne',
  '42168': 'Pélussin',
  '42023': 'Bourg-Argental',
  '42279': 'Saint-Genest-Malifaux',
};
const communeName = (code: string) => communes[code];

function entry(id: string, name: string, communeCode: string, extra: Partial<SearchableEntry> = {}): SearchableEntry {
  return { id, name, communeCode, kind: 'eaje', ...extra };
}

// Kinds chosen so that no query word below matches a kind label by accident, unless said so.
const fixture: SearchableEntry[] = [
  entry('a', 'Crèche de Saint-Étienne', '42023'),
  entry('b', 'Crèche Les Lutins', '42218'),
  entry('c', 'Les Pitchouns', '42168', { kind: 'laep' }),
  entry('d', 'Micro-crèche Sainte-Anne', '42023', { kind: 'micro_creche' }),
  entry('f', 'Les Galopins', '42023', { kind: 'laep', address: '4 route de Pélussin' }),
  entry('g', 'Les Pélussinous', '42023', { kind: 'laep' }),
  entry('i', 'Crèche de la Toussaint', '42023'),
  entry('j', 'LAEP Au Cœur des Familles', '42023', { kind: 'laep' }),
];

const index = buildSearchIndex(fixture, { communeName });
const ids = (query: DirectorySearchQuery, idx = index) => searchDirectory(idx, query).map((h) => h.id);

describe('directory search: ranking worked out by hand', () => {
  it('"creche st etienne": all three words in the name before "crèche" in the name and the rest in the commune', () => {
    // a: crèche, saint, étienne in its name. b: crèche in its name, Saint-Étienne its commune.
    // d: "Sainte" holds "saint", but "étienne" is nowhere. i: no "étienne" either.
    const hits = searchDirectory(index, { text: 'creche st etienne' });
    expect(hits.map((h) => h.id)).toEqual(['a', 'b']);
    // Three words, base 7: a = 3 name words × 7³ + 3 whole words × 7²; b = 1 × 7³ + 3 × 7² + 2 commune words × 2.
    expect(hits.map((h) => h.score)).toEqual([3 * 343 + 3 * 49, 343 + 3 * 49 + 4]);
  });

  it('"pelussin": name before commune before address', () => {
    // g: "Pélussinous" starts with it (name). c: commune Pélussin (whole word). f: address "route de Pélussin".
    expect(ids({ text: 'pelussin' })).toEqual(['g', 'c', 'f']);
  });

  it('"st": whole word, then word start, then inside a word, each in the name; then the commune', () => {
    // a: "Saint" whole; d: "Sainte" starts with saint; i: "Toussaint" holds it; b: commune Saint-Étienne.
    expect(ids({ text: 'st' })).toEqual(['a', 'd', 'i', 'b']);
  });

  it('"ste" is "sainte", and finds only it', () => {
    expect(ids({ text: 'ste' })).toEqual(['d']);
    expect(ids({ text: 'Ste-Anne' })).toEqual(['d']);
  });

  it('the last word is a prefix while typing', () => {
    expect(ids({ text: 'creche lu' })).toEqual(['b']);
    // "cr" starts a word of each name: same relevance, so French alphabetical order ("de la" before "de Saint").
    expect(ids({ text: 'cr' })).toEqual(['i', 'a', 'b', 'd']);
  });

  it('a word found only in the kind comes after the same word found in the name', () => {
    // "laep": j has it in its name; c, f, g only through their kind label.
    expect(ids({ text: 'laep' })).toEqual(['j', 'f', 'g', 'c']);
  });

  it('every word must be found', () => {
    expect(ids({ text: 'creche marlhes' })).toEqual([]);
    expect(ids({ text: 'pitchouns lutins' })).toEqual([]);
  });

  it('with no words, everything in French alphabetical order', () => {
    expect(ids({})).toEqual(['i', 'a', 'b', 'j', 'f', 'g', 'c', 'd']);
  });
});

describe('directory search: accents, case and abbreviations', () => {
  it.each([
    ['creche st etienne', ['a', 'b']],
    ['CRÈCHE SAINT-ÉTIENNE', ['a', 'b']],
    ['Crèche st-Etienne', ['a', 'b']],
    ['PÉLUSSIN', ['g', 'c', 'f']],
    ['coeur', ['j']],
    ['cœur', ['j']],
    ['CŒUR FAMILLES', ['j']],
    ['  au   coeur  ', ['j']],
  ])('%s', (text, expected) => {
    expect(ids({ text })).toEqual(expected);
  });

  it('reads query words as matchesQuery does', () => {
    expect(queryWords("St-Genest d'Œuvre ste Saint st")).toEqual(['saint', 'genest', 'd', 'oeuvre', 'sainte']);
  });

  it('grades a match: whole word, word start, inside', () => {
    expect(matchQuality('saint', 'saint')).toBe(3);
    expect(matchQuality('sainte', 'saint')).toBe(2);
    expect(matchQuality('toussaint', 'saint')).toBe(1);
    expect(matchQuality('(mam)', 'mam')).toBe(3);
    expect(matchQuality('12,', '12')).toBe(3);
    expect(matchQuality('toussaint/saint', 'saint')).toBe(3);
    expect(matchQuality('abc', 'x')).toBe(0);
  });
});

describe('directory search: French alphabetical order and stability', () => {
  const idx = buildSearchIndex([
    entry('4', 'Les Fourmis', '42023'),
    entry('3', 'Les Écureuils', '42023'),
    entry('2', 'Les Dauphins', '42023'),
    entry('1', 'les abeilles', '42023'),
    entry('6', 'Crèche 10', '42023'),
    entry('5', 'Crèche 9', '42023'),
    entry('8', 'Les Dauphins', '42023'),
    entry('7', 'Les Dauphins', '42023'),
  ]);

  it('sorts accents with their letter, ignores case, numbers by value, equal names by id', () => {
    // A code-unit sort would put "Les Écureuils" after "Les Fourmis" and "les abeilles" last.
    expect(ids({}, idx)).toEqual(['5', '6', '1', '2', '7', '8', '3', '4']);
  });
});

describe('directory search: filters', () => {
  const base = { communeCode: '42023' };
  const idx = buildSearchIndex([
    entry('am', 'Assistante Payet', base.communeCode, { kind: 'assistant_maternel', placesAvailable: 1, ageMinMonths: 3, ageMaxMonths: 36, languages: ['fr', 'AR'] }),
    entry('mam', 'MAM Les Lucioles', base.communeCode, { kind: 'mam', placesAvailable: 2, availableFrom: '2026-03-03', atypicalHours: true, languages: ['pt'] }),
    entry('full', 'Crèche pleine', base.communeCode, { placesAvailable: 0, disabilityWelcome: true, ageMaxMonths: 48 }),
    entry('unknown', 'Crèche sans information', base.communeCode),
  ]);

  it('kinds', () => {
    expect(ids({ kinds: ['mam', 'assistant_maternel'] }, idx)).toEqual(['am', 'mam']);
    expect(ids({ kinds: ['ludotheque'] }, idx)).toEqual([]);
    // No kind chosen is every kind, as in the app's filter panel.
    expect(ids({ kinds: [] }, idx)).toHaveLength(4);
  });

  it('child age at a date: both bounds included, missing bounds do not exclude', () => {
    // Born 15 January 2023: exactly 36 months old on 15 January 2026, 36 still on 14 February.
    const at = (atDate: string) => ids({ childAge: { birthDate: '2023-01-15', atDate } }, idx);
    expect(at('2026-01-15')).toContain('am');
    expect(at('2026-02-14')).toContain('am');
    expect(at('2026-02-15')).not.toContain('am');
    // 3 months on 15 April 2023, not the day before.
    expect(ids({ childAge: { birthDate: '2023-01-15', atDate: '2023-04-14' } }, idx)).toEqual(['full', 'unknown', 'mam']);
    expect(ids({ childAge: { birthDate: '2023-01-15', atDate: '2023-04-15' } }, idx)).toEqual(['am', 'full', 'unknown', 'mam']);
    // A child not born yet on that date fits nowhere.
    expect(ids({ childAge: { birthDate: '2026-05-01', atDate: '2026-04-30' } }, idx)).toEqual([]);
  });

  it('places free on a date: known, above zero, free by then', () => {
    expect(ids({ placesFrom: '2026-03-02' }, idx)).toEqual(['am']);
    expect(ids({ placesFrom: '2026-03-03' }, idx)).toEqual(['am', 'mam']);
  });

  it('atypical hours, disability welcome', () => {
    expect(ids({ atypicalHours: true }, idx)).toEqual(['mam']);
    expect(ids({ atypicalHours: false }, idx)).toHaveLength(4);
    expect(ids({ disabilityWelcome: true }, idx)).toEqual(['full']);
  });

  it('languages: any of them, case-insensitive', () => {
    expect(ids({ languages: ['ar'] }, idx)).toEqual(['am']);
    expect(ids({ languages: ['Ar', 'pt'] }, idx)).toEqual(['am', 'mam']);
    expect(ids({ languages: ['tr'] }, idx)).toEqual([]);
    expect(ids({ languages: [] }, idx)).toHaveLength(4);
  });

  it('languages past the 31st one seen are found too', () => {
    // The index keeps one bit per language for 31 of them; the others are read from the entry.
    const many = Array.from({ length: 40 }, (_, i) => entry(`x${i}`, `Entrée ${i}`, '42023', { languages: [`l${String(i).padStart(2, '0')}`, 'fr'] }));
    const idx2 = buildSearchIndex(many);
    expect(ids({ languages: ['l35'] }, idx2)).toEqual(['x35']);
    expect(ids({ languages: ['L02', 'l39'] }, idx2)).toEqual(['x2', 'x39']);
    expect(ids({ languages: ['fr'], limit: 100 }, idx2)).toHaveLength(40);
    expect(ids({ languages: ['xx'] }, idx2)).toEqual([]);
  });

  it('filters combine with words', () => {
    expect(ids({ text: 'creche', disabilityWelcome: true }, idx)).toEqual(['full']);
    expect(ids({ text: 'lucioles', kinds: ['assistant_maternel'] }, idx)).toEqual([]);
  });

  it('limit', () => {
    expect(ids({ limit: 2 }, idx)).toEqual(['am', 'full']);
    expect(ids({ limit: 0 }, idx)).toEqual([]);
  });
});

describe('directory search: distance', () => {
  // Along a meridian, one degree of latitude is 111,195.08 m on the mean sphere.
  const origin = { lat: 45, lon: 4.5 };
  const idx = buildSearchIndex([
    entry('far', 'Crèche A', '42023', { lat: 45.1, lon: 4.5 }),
    entry('near', 'Crèche B', '42023', { lat: 45.01, lon: 4.5 }),
    entry('nowhere', 'Crèche C', '42023'),
    entry('mid', 'Crèche D', '42023', { lat: 44.95, lon: 4.5 }),
    entry('mid-name', 'Les Crèches E', '42023', { lat: 44.999, lon: 4.5 }),
  ]);

  it('sorts by distance within the same relevance, unlocated entries last, and says how far', () => {
    const hits = searchDirectory(idx, { text: 'creche', near: { origin } });
    expect(hits.map((h) => h.id)).toEqual(['near', 'mid', 'far', 'nowhere', 'mid-name']);
    expect(hits.map((h) => h.distanceMetres)).toEqual([1112, 5560, 11120, undefined, 111]);
  });

  it('relevance comes before distance', () => {
    // "mid-name" is the nearest, but "crèche" is only the start of its word "crèches".
    expect(ids({ text: 'creche', near: { origin } }, idx).at(-1)).toBe('mid-name');
  });

  it('keeps only located entries within the distance, edge included', () => {
    expect(ids({ near: { origin, maxDistanceMetres: 6000 } }, idx)).toEqual(['mid-name', 'near', 'mid']);
    expect(ids({ near: { origin, maxDistanceMetres: 1111.951 } }, idx)).toEqual(['mid-name', 'near']);
    expect(ids({ near: { origin, maxDistanceMetres: 1111.95 } }, idx)).toEqual(['mid-name']);
    expect(ids({ near: { origin, maxDistanceMetres: 0 } }, idx)).toEqual([]);
  });

  it('without an origin, no distance is given and unlocated entries stay', () => {
    const hits = searchDirectory(idx, { text: 'creche' });
    expect(hits).toHaveLength(5);
    expect(hits.every((h) => h.distanceMetres === undefined)).toBe(true);
  });
});

describe('directory search: incremental updates', () => {
  it('replacing, removing and re-adding entries', () => {
    const idx = buildSearchIndex(fixture, { communeName });
    idx.upsert({ ...fixture[1]!, name: 'Crèche Les Farfadets' });
    expect(ids({ text: 'lutins' }, idx)).toEqual([]);
    expect(ids({ text: 'farfadets' }, idx)).toEqual(['b']);
    expect(idx.remove('b')).toBe(true);
    expect(idx.remove('b')).toBe(false);
    expect(ids({ text: 'farfadets' }, idx)).toEqual([]);
    idx.upsert({ ...fixture[0]!, deleted: true });
    expect(idx.has('a')).toBe(false);
    expect(ids({ text: 'creche' }, idx)).toEqual(['i', 'd']);
    idx.upsert(entry('z', 'Crèche Zéphyr', '42168'));
    expect(ids({ text: 'creche' }, idx)).toEqual(['i', 'z', 'd']);
    expect(idx.size).toBe(fixture.length - 1);
  });

  it('tombstones are left out when building', () => {
    const idx = buildSearchIndex([entry('x', 'Crèche', '42023', { deleted: true }), entry('y', 'Crèche', '42023')]);
    expect(ids({}, idx)).toEqual(['y']);
  });
});

describe('age and place helpers', () => {
  it.each([
    ['2025-01-15', '2025-01-15', 0],
    ['2025-01-15', '2025-02-14', 0],
    ['2025-01-15', '2025-02-15', 1],
    ['2025-01-31', '2025-02-27', 0],
    ['2025-01-31', '2025-02-28', 1],
    ['2024-02-29', '2025-02-28', 12],
    ['2024-02-29', '2028-02-28', 47],
    ['2024-02-29', '2028-02-29', 48],
    ['2025-03-02', '2025-03-01', -1],
    ['2025-03-31', '2025-02-28', -1],
  ])('born %s, on %s: %i months', (birth, at, months) => {
    expect(ageInMonths(birth, at)).toBe(months);
  });

  it('age bounds and places', () => {
    expect(acceptsAge({ ageMinMonths: 3, ageMaxMonths: 36 }, 36)).toBe(true);
    expect(acceptsAge({ ageMinMonths: 3, ageMaxMonths: 36 }, 37)).toBe(false);
    expect(acceptsAge({}, -1)).toBe(false);
    expect(hasPlaceOn({ placesAvailable: 1, availableFrom: '2026-03-03' }, '2026-03-03')).toBe(true);
    expect(hasPlaceOn({ placesAvailable: 1, availableFrom: '2026-03-03' }, '2026-03-02')).toBe(false);
    expect(hasPlaceOn({}, '2026-03-02')).toBe(false);
  });
});
