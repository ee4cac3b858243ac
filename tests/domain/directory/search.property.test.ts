import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directoryKinds } from '../../../src/domain/entities/directory-entry';
import { normalizeText, matchesQuery } from '../../../src/domain/text';
import { boxAround, haversineMetres } from '../../../src/domain/directory/distance';
import { ageInMonths, searchDirectory, type DirectorySearchQuery, type SearchHit } from '../../../src/domain/directory/search';
import { buildSearchIndex, kindSearchLabels, normalizeIndexText, type SearchableEntry } from '../../../src/domain/directory/search-index';

// Fixed seed like the other property tests: a failure replays the same way everywhere.
const seed = 20_260_302;
// Generous time limit: hundreds of indexes are built per property, on machines that may be busy.
const slow = 60_000;

const communes: Record<string, string> = { '42218': 'Saint-Étienne', '42168': 'Pélussin', '42023': 'Bourg-Argental', '42279': 'Sainte-Croix-en-Jarez' };
const communeName = (code: string) => communes[code];

// Words that exercise accents, case, hyphens, apostrophes, œ, punctuation and shared prefixes.
const vocabulary = ['Crèche', 'creche', 'Saint-Étienne', 'Sainte', 'Toussaint', 'MAM', '(mam)', 'Les', 'Lutins', 'L’Île', 'Cœur', 'coeur', 'de', 'la', 'Pélussin', 'Pélussinous', 'rue', '12,', 'Éveil', 'St', 'ÉTÉ', 'été', 'Ste-Anne', 'saints'];
const fragments = ['cr', 'crè', 'CRECH', 'st', 'ste', 'sts', 'saint', 'sain', 'oe', 'œ', 'ile', 'pel', 'ussin', 'e', 'la', 'mam', '12', 'ete', 'a', 'x', 'loisirs', 'enfants'];

const arbName = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const arbDate = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));

const arbFields = fc.record(
  {
    kind: fc.constantFrom(...directoryKinds),
    name: arbName,
    communeCode: fc.constantFrom(...Object.keys(communes), '01001'),
    address: arbName,
    // A small area, so distance limits cut through the data.
    lat: fc.double({ min: 45, max: 45.2, noNaN: true }),
    lon: fc.double({ min: 4.4, max: 4.6, noNaN: true }),
    placesAvailable: fc.integer({ min: 0, max: 3 }),
    availableFrom: arbDate,
    ageMinMonths: fc.integer({ min: 0, max: 12 }),
    ageMaxMonths: fc.integer({ min: 12, max: 40 }),
    atypicalHours: fc.boolean(),
    disabilityWelcome: fc.boolean(),
    languages: fc.subarray(['fr', 'AR', 'pt', 'tr']),
  },
  { requiredKeys: ['kind', 'name', 'communeCode'] },
);

const arbEntries = fc
  .array(arbFields, { maxLength: 40 })
  .map((list) => list.map((fields, i): SearchableEntry => ({ id: `e${String(i).padStart(3, '0')}`, ...fields })));

const arbText = fc
  .tuple(fc.array(fc.constantFrom(...vocabulary, ...fragments), { maxLength: 3 }), fc.constantFrom(' ', '  ', '-'))
  .map(([words, separator]) => words.join(separator));

const filters = {
  kinds: fc.subarray([...directoryKinds]),
  near: fc.record(
    { origin: fc.record({ lat: fc.double({ min: 45, max: 45.2, noNaN: true }), lon: fc.double({ min: 4.4, max: 4.6, noNaN: true }) }), maxDistanceMetres: fc.integer({ min: 0, max: 20_000 }) },
    { requiredKeys: ['origin'] },
  ),
  childAge: fc.record({ birthDate: fc.constantFrom('2024-01-31', '2025-02-28', '2023-06-15'), atDate: arbDate }),
  placesFrom: arbDate,
  atypicalHours: fc.boolean(),
  disabilityWelcome: fc.boolean(),
  languages: fc.subarray(['fr', 'ar', 'PT', 'es']),
  limit: fc.integer({ min: 0, max: 50 }),
};
type FilterName = keyof typeof filters;

// Mostly words alone or with one filter, so that answers are seldom empty; sometimes everything.
const arbQuery: fc.Arbitrary<DirectorySearchQuery> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ text: arbText }) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(arbText, fc.constantFrom(...(Object.keys(filters) as FilterName[])), fc.record(filters))
      .map(([text, name, all]): DirectorySearchQuery => ({ text, [name]: all[name] })),
  },
  { weight: 1, arbitrary: fc.record({ text: arbText, ...filters }, { requiredKeys: [] }) },
);

const abbreviations: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };
const collator = new Intl.Collator('fr', { numeric: true });
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Best quality of `word` in a normalised text, by scanning every occurrence: 3 whole, 2 start, 1 inside. */
function quality(text: string, word: string): number {
  let best = 0;
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
    const start = !isWordChar(text[i - 1]);
    const end = !isWordChar(text[i + word.length]);
    best = Math.max(best, start && end ? 3 : start ? 2 : 1);
  }
  return best;
}

/** The plain way: every entry through matchesQuery and the filters, scored field by field, sorted. */
function reference(entries: readonly SearchableEntry[], q: DirectorySearchQuery): SearchHit[] {
  const text = q.text ?? '';
  const words = [...new Set(normalizeText(text).split(' ').filter(Boolean).map((w) => abbreviations[w] ?? w))];
  const b = 2 * words.length + 1;
  const rows: { entry: SearchableEntry; score: number; distance: number }[] = [];
  for (const e of entries) {
    if (e.deleted) continue;
    const fields = [e.name, communeName(e.communeCode) ?? '', e.address ?? '', kindSearchLabels[e.kind]];
    if (!matchesQuery(fields.join(' '), text)) continue;
    if (q.kinds?.length && !q.kinds.includes(e.kind)) continue;
    if (q.childAge) {
      const months = ageInMonths(q.childAge.birthDate, q.childAge.atDate);
      if (months < 0 || (e.ageMinMonths !== undefined && months < e.ageMinMonths) || (e.ageMaxMonths !== undefined && months > e.ageMaxMonths)) continue;
    }
    if (q.placesFrom !== undefined && !((e.placesAvailable ?? 0) > 0 && (e.availableFrom ?? '') <= q.placesFrom)) continue;
    if (q.atypicalHours && !e.atypicalHours) continue;
    if (q.disabilityWelcome && !e.disabilityWelcome) continue;
    if (q.languages?.length && !q.languages.some((l) => (e.languages ?? []).some((s) => s.toLowerCase() === l.toLowerCase()))) continue;
    let distance = 0;
    if (q.near) {
      distance = e.lat === undefined || e.lon === undefined ? Infinity : haversineMetres(q.near.origin, { lat: e.lat, lon: e.lon });
      if (q.near.maxDistanceMetres !== undefined && !(distance <= q.near.maxDistanceMetres)) continue;
    }
    let score = 0;
    for (const word of words) {
      // Tiers: name 3, commune 2, address 1, kind 0; the best tier wins, then the best quality in it.
      let bestTier = -1;
      let bestQuality = 0;
      fields.forEach((f, i) => {
        const qu = quality(normalizeText(f), word);
        const tier = 3 - i;
        if (qu > 0 && (tier > bestTier || (tier === bestTier && qu > bestQuality))) [bestTier, bestQuality] = [tier, qu];
      });
      score += (bestTier === 3 ? b ** 3 : 0) + (bestQuality === 3 ? b * b : bestQuality === 2 ? b : 0) + (bestTier === 2 ? 2 : bestTier === 1 ? 1 : 0);
    }
    rows.push({ entry: e, score, distance });
  }
  rows.sort(
    (x, y) =>
      y.score - x.score ||
      (x.distance === y.distance ? 0 : x.distance < y.distance ? -1 : 1) ||
      collator.compare(x.entry.name, y.entry.name) ||
      (x.entry.id < y.entry.id ? -1 : 1),
  );
  return rows.slice(0, q.limit ?? 50).map((r) => {
    const hit: SearchHit = { id: r.entry.id, score: r.score };
    if (q.near && Number.isFinite(r.distance)) hit.distanceMetres = Math.round(r.distance);
    return hit;
  });
}

type Edit = { op: 'upsert'; at: number; fields: Omit<SearchableEntry, 'id'> } | { op: 'delete'; at: number } | { op: 'tombstone'; at: number } | { op: 'query'; query: DirectorySearchQuery };

const arbEdits: fc.Arbitrary<Edit[]> = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('upsert' as const), at: fc.nat(60), fields: arbFields }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(60) }),
    fc.record({ op: fc.constant('tombstone' as const), at: fc.nat(60) }),
    fc.record({ op: fc.constant('query' as const), query: arbQuery }),
  ),
  { maxLength: 30 },
);

describe('directory search properties', () => {
  it('answers exactly like the plain reference (matchesQuery + filters, scored and sorted)', () => {
    fc.assert(
      fc.property(arbEntries, fc.array(arbQuery, { minLength: 1, maxLength: 5 }), (entries, queries) => {
        const index = buildSearchIndex(entries, { communeName });
        for (const q of queries) expect(searchDirectory(index, q)).toEqual(reference(entries, q));
      }),
      { seed, numRuns: 300 },
    );
  }, slow);

  it('an index updated entry by entry answers like one built afresh from the result', () => {
    fc.assert(
      fc.property(arbEntries, arbEdits, fc.array(arbQuery, { minLength: 1, maxLength: 5 }), (entries, edits, queries) => {
        const incremental = buildSearchIndex(entries, { communeName });
        const current = new Map(entries.map((e) => [e.id, e]));
        const idOf = (at: number) => `e${String(at).padStart(3, '0')}`;
        for (const edit of edits) {
          if (edit.op === 'query') {
            // Queries between edits exercise the caches the edits must keep right.
            searchDirectory(incremental, edit.query);
          } else if (edit.op === 'upsert') {
            const e = { id: idOf(edit.at), ...edit.fields };
            incremental.upsert(e);
            current.set(e.id, e);
          } else if (edit.op === 'delete') {
            expect(incremental.remove(idOf(edit.at))).toBe(current.delete(idOf(edit.at)));
          } else {
            const old = current.get(idOf(edit.at));
            if (old) incremental.upsert({ ...old, deleted: true });
            current.delete(idOf(edit.at));
          }
        }
        const fresh = buildSearchIndex(current.values(), { communeName });
        expect(incremental.size).toBe(current.size);
        for (const q of [...queries, {}, { limit: 1000 }]) {
          const answer = searchDirectory(incremental, q);
          expect(answer).toEqual(searchDirectory(fresh, q));
          expect(answer).toEqual(reference([...current.values()], q));
        }
      }),
      { seed, numRuns: 300 },
    );
  }, slow);

  it('orders thousands of results like the reference, by words, distance and name', () => {
    // Past a few thousand results the index sorts distances by their bits, not by comparisons.
    const random = fc.sample(fc.tuple(arbName, fc.integer({ min: 0, max: 400 }), fc.boolean(), fc.constantFrom(...Object.keys(communes))), { seed, numRuns: 5000 });
    const entries = random.map(([name, spot, located, communeCode], i): SearchableEntry => ({
      id: `big${String(i).padStart(5, '0')}`,
      kind: 'eaje',
      name,
      communeCode,
      // 400 spots: many entries share a place, so equal distances are common.
      ...(located ? { lat: 45 + (spot % 20) / 100, lon: 4.4 + Math.floor(spot / 20) / 100 } : {}),
    }));
    const index = buildSearchIndex(entries, { communeName });
    const origin = { lat: 45.1, lon: 4.5 };
    for (const q of [{ near: { origin } }, { text: 'saint', near: { origin } }, { text: 'e' }, {}, { text: 'creche', near: { origin, maxDistanceMetres: 9000 } }]) {
      const all = { ...q, limit: 100_000 };
      expect(searchDirectory(index, all)).toEqual(reference(entries, all));
      expect(searchDirectory(index, { ...q, limit: 30 })).toEqual(reference(entries, { ...q, limit: 30 }));
    }
  }, slow);

  it('the fast normalisation of the index equals normalizeText', () => {
    // Latin letters with and without accents, decomposed accents, separators, and characters
    // whose case depends on context (Greek sigma) or that expand (İ, ß, œ).
    const tricky = fc.constantFrom('a', 'É', 'é', 'e\u0301', '\u0301', 'Œ', 'œ', 'Æ', 'ß', 'İ', 'ı', 'Σ', 'ΑΣ', 'ς', '’', "'", '`', '^', '¨', '-', '–', ' ', '  ', '\t', '\u00a0', '\u202f', '\u2028', 'ǖ', 'Ǆ', 'ﬁ', '(', '12', ',', '😀', '\ud800');
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.array(tricky, { maxLength: 12 }).map((parts) => parts.join('')), fc.string({ unit: fc.integer({ min: 0, max: 0x24f }).map((c) => String.fromCharCode(c)), maxLength: 20 }));
    fc.assert(
      fc.property(text, (s) => {
        expect(normalizeIndexText(s)).toBe(normalizeText(s));
      }),
      { seed, numRuns: 3000 },
    );
  }, slow);

  it('the box around a circle holds every point of the circle', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 300_000 }),
        (lat, lon, dLat, dLon, metres) => {
          const origin = { lat, lon };
          const point = { lat: Math.max(-90, Math.min(90, lat + dLat * 3)), lon: Math.max(-180, Math.min(180, lon + dLon * 3)) };
          fc.pre(haversineMetres(origin, point) <= metres);
          const box = boxAround(origin, metres);
          expect(point.lat >= box.minLat && point.lat <= box.maxLat && point.lon >= box.minLon && point.lon <= box.maxLon).toBe(true);
        },
      ),
      { seed, numRuns: 2000 },
    );
  }, slow);

  it('age in months is negative exactly before birth and never decreases with time', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (birth, a, b) => {
        const [x, y] = a <= b ? [a, b] : [b, a];
        expect(ageInMonths(birth, x) < 0).toBe(x < birth);
        expect(ageInMonths(birth, x)).toBeLessThanOrEqual(ageInMonths(birth, y));
      }),
      { seed, numRuns: 2000 },
    );
  }, slow);
});
