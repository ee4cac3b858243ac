/**
 * Directory search: words typed by a parent or an animator, filters, and distance from a point,
 * answered from a DirectorySearchIndex. An entry is found when every word of the query appears
 * in its name, commune, address or kind, read as `matchesQuery` reads text (accents, case, "st").
 *
 * Ranking, best first:
 *   1. more query words found in the name;
 *   2. more words found as whole words, then more as word starts ("crech" in "crèche");
 *   3. words found in the commune before words found in the address, then in the kind;
 *   4. nearer first when an origin is given (entries without coordinates last);
 *   5. name in French alphabetical order, then id: the order is total, so stable.
 */
import { directoryKinds, type DirectoryKind } from '../entities/directory-entry';
import { normalizeText } from '../text';
import { boxAround, haversineMetres, type GeoPoint } from './distance';
import { ATYPICAL_HOURS, DISABILITY_WELCOME, LIVE, dateNumber, type DirectorySearchIndex, type SearchableEntry } from './search-index';

export interface DirectorySearchQuery {
  /** Words as typed; the last one may be unfinished. */
  text?: string;
  /** Keep only these kinds (any of them). */
  kinds?: readonly DirectoryKind[];
  /**
   * Where the person is, or the centre of the commune they chose: results come nearer first
   * within the same relevance, and `maxDistanceMetres` keeps only located entries that close.
   */
  near?: { origin: GeoPoint; maxDistanceMetres?: number };
  /** Keep entries that take a child born on `birthDate` at its age on `atDate`. */
  childAge?: { birthDate: string; atDate: string };
  /** Keep entries with a free place on that date (ISO date). */
  placesFrom?: string;
  /** true: only entries offering atypical hours. */
  atypicalHours?: boolean;
  /** true: only entries that welcome children with a disability. */
  disabilityWelcome?: boolean;
  /** Keep entries speaking at least one of these languages. */
  languages?: readonly string[];
  /** Most results returned; 50 by default. */
  limit?: number;
}

export interface SearchHit {
  id: string;
  /** Relevance to the words, higher is better; comparable within one query only. */
  score: number;
  /** Metres from `near.origin`, rounded; absent without an origin or without coordinates. */
  distanceMetres?: number;
}

// Kept equal to the abbreviations of `matchesQuery` (src/domain/text.ts).
const abbreviations: Readonly<Record<string, string>> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** The distinct words of a query, normalised, abbreviations spelt out. */
export function queryWords(text: string): string[] {
  const words = normalizeText(text)
    .split(' ')
    .filter(Boolean)
    .map((w) => abbreviations[w] ?? w);
  return [...new Set(words)];
}

/** Completed months of age on `atDate` of a child born on `birthDate`; negative before birth. */
export function ageInMonths(birthDate: string, atDate: string): number {
  const [y1, m1, d1] = birthDate.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = atDate.split('-').map(Number) as [number, number, number];
  let months = (y2 - y1) * 12 + (m2 - m1);
  // A month is complete on the same day number, or on the last day of a shorter month
  // (born on 31 January: one month old on 28 February).
  const lastDay = new Date(Date.UTC(y2, m2, 0)).getUTCDate();
  if (d2 < d1 && d2 < lastDay) months -= 1;
  return months;
}

/** True when the entry takes a child of `months` (both bounds included; unknown bounds do not exclude). */
export function acceptsAge(entry: Pick<SearchableEntry, 'ageMinMonths' | 'ageMaxMonths'>, months: number): boolean {
  return months >= 0 && (entry.ageMinMonths === undefined || months >= entry.ageMinMonths) && (entry.ageMaxMonths === undefined || months <= entry.ageMaxMonths);
}

/** True when the entry has a free place on `date`: places known and above zero, free by then. */
export function hasPlaceOn(entry: Pick<SearchableEntry, 'placesAvailable' | 'availableFrom'>, date: string): boolean {
  return (entry.placesAvailable ?? 0) > 0 && (entry.availableFrom === undefined || entry.availableFrom <= date);
}

/** A filter of every query field but the words and the distance, for one entry. */
export function entryFilter(query: DirectorySearchQuery): (entry: SearchableEntry, languages: ReadonlySet<string> | null) => boolean {
  const kinds = query.kinds ? new Set<string>(query.kinds) : null;
  const months = query.childAge ? ageInMonths(query.childAge.birthDate, query.childAge.atDate) : null;
  const placesFrom = query.placesFrom;
  const atypical = query.atypicalHours === true;
  const disability = query.disabilityWelcome === true;
  const languages = query.languages?.length ? query.languages.map(normalizeText) : null;
  return (entry, spoken) =>
    (kinds === null || kinds.has(entry.kind)) &&
    (months === null || acceptsAge(entry, months)) &&
    (placesFrom === undefined || hasPlaceOn(entry, placesFrom)) &&
    (!atypical || entry.atypicalHours === true) &&
    (!disability || entry.disabilityWelcome === true) &&
    (languages === null || (spoken !== null && languages.some((l) => spoken.has(l))));
}

/** Field tier of a token's field mask, best field first: name 3, commune 2, address 1, kind 0. */
const tierOfMask = Uint8Array.from({ length: 16 }, (_, mask) => (mask & 1 ? 3 : mask & 2 ? 2 : mask & 4 ? 1 : 0));

let nextMark = 1;

/** Searches the index; see the module comment for what is found and in which order. */
export function searchDirectory(index: DirectorySearchIndex, query: DirectorySearchQuery): SearchHit[] {
  const limit = query.limit ?? 50;
  const docs = index.docs;
  const { seen, codes, scores, distances, listA, listB, stamp } = index.scratch();
  const words = queryWords(query.text ?? '');
  // Packed score: counts compared in ranking order, each digit in base b (a count never reaches b).
  const b = 2 * words.length + 1;
  const contribution = new Float64Array(16);
  for (let code = 0; code < 16; code++) {
    const tier = code >> 2;
    const quality = code & 3;
    contribution[code] = quality === 0 ? 0 : (tier === 3 ? b * b * b : 0) + (quality === 3 ? b * b : quality === 2 ? b : 0) + (tier === 2 ? 2 : tier === 1 ? 1 : 0);
  }

  // Candidate slots, listA[0 .. count): typed arrays reused across queries, no growth.
  let candidates = listA;
  let spare = listB;
  let count = 0;
  const flagsColumn = index.columns.flags;
  if (words.length === 0) {
    for (let slot = 0; slot < index.slotCount; slot++) {
      if ((flagsColumn[slot]! & LIVE) === 0) continue;
      scores[slot] = 0;
      candidates[count++] = slot;
    }
  } else {
    const found = words.map((w) => index.tokensContaining(w));
    const postingCount = found.map((f) => f.tokens.reduce((n, t) => n + t.postings.length, 0));
    const order = words.map((_, i) => i).sort((x, y) => postingCount[x]! - postingCount[y]!);

    // The rarest word walks its posting lists; a slot's best code is its best field and quality.
    const first = found[order[0]!]!;
    for (let t = 0; t < first.tokens.length; t++) {
      const postings = first.tokens[t]!.postings;
      const quality = first.qualities[t]!;
      for (let k = 0; k < postings.length; k++) {
        const p = postings[k]!;
        const slot = p >> 4;
        const code = tierOfMask[p & 15]! * 4 + quality;
        if (seen[slot] !== stamp) {
          seen[slot] = stamp;
          codes[slot] = code;
          candidates[count++] = slot;
        } else if (code > codes[slot]!) codes[slot] = code;
      }
    }
    for (let i = 0; i < count; i++) scores[candidates[i]!] = contribution[codes[candidates[i]!]!]!;

    // Every other word is looked up in the few tokens of each remaining candidate.
    for (let w = 1; w < order.length && count > 0; w++) {
      const { tokens, qualities } = found[order[w]!]!;
      const mark = nextMark++;
      tokens.forEach((token, i) => {
        token.mark = mark;
        token.quality = qualities[i]!;
      });
      let kept = 0;
      for (let i = 0; i < count; i++) {
        const slot = candidates[i]!;
        const doc = docs[slot]!;
        let best = 0;
        for (let j = 0; j < doc.tokens.length; j++) {
          const token = doc.tokens[j]!;
          if (token.mark !== mark) continue;
          const code = tierOfMask[doc.masks[j]!]! * 4 + token.quality;
          if (code > best) best = code;
        }
        if (best > 0) {
          spare[kept++] = slot;
          scores[slot] = scores[slot]! + contribution[best]!;
        }
      }
      [candidates, spare] = [spare, candidates];
      count = kept;
    }
  }

  // Filters on the columns of the index, cheapest first.
  const c = index.columns;
  let kindMask = -1;
  if (query.kinds) {
    kindMask = 0;
    for (const k of query.kinds) kindMask |= 1 << directoryKinds.indexOf(k);
  }
  const months = query.childAge ? ageInMonths(query.childAge.birthDate, query.childAge.atDate) : null;
  // A child not born on that date fits nowhere.
  if (months !== null && months < 0) return [];
  const placesOn = query.placesFrom !== undefined ? dateNumber(query.placesFrom) : 0;
  const flags = (query.atypicalHours === true ? ATYPICAL_HOURS : 0) | (query.disabilityWelcome === true ? DISABILITY_WELCOME : 0);
  const languages = query.languages?.length ? query.languages.map(normalizeText) : null;
  const origin = query.near?.origin;
  const maxDistance = query.near?.maxDistanceMetres;
  const box = origin && maxDistance !== undefined ? boxAround(origin, maxDistance) : null;
  const point = { lat: 0, lon: 0 };

  // Kept slots go to `spare`, which the candidate list no longer needs.
  const hits = spare;
  let hitCount = 0;
  for (let i = 0; i < count; i++) {
    const slot = candidates[i]!;
    if (kindMask !== -1 && (kindMask & (1 << c.kind[slot]!)) === 0) continue;
    if (months !== null && (months < c.ageMin[slot]! || months > c.ageMax[slot]!)) continue;
    if (placesOn !== 0 && (c.places[slot]! <= 0 || c.freeFrom[slot]! > placesOn)) continue;
    if (flags !== 0 && (c.flags[slot]! & flags) !== flags) continue;
    if (languages !== null) {
      const spoken = docs[slot]!.languages;
      if (spoken === null || !languages.some((l) => spoken.has(l))) continue;
    }
    if (origin) {
      const lat = c.lat[slot]!;
      const lon = c.lon[slot]!;
      if (Number.isNaN(lat)) {
        if (box) continue;
        distances[slot] = Infinity;
      } else {
        if (box && (lat < box.minLat || lat > box.maxLat || lon < box.minLon || lon > box.maxLon)) continue;
        point.lat = lat;
        point.lon = lon;
        const d = haversineMetres(origin, point);
        if (maxDistance !== undefined && d > maxDistance) continue;
        distances[slot] = d;
      }
    } else distances[slot] = 0;
    hits[hitCount++] = slot;
  }

  const ranks = index.ranks();
  // Negative when slot x comes before slot y.
  const compare = (x: number, y: number) => scores[y]! - scores[x]! || distances[x]! - distances[y]! || ranks[x]! - ranks[y]!;
  return best(hits.subarray(0, hitCount), limit, compare).map((slot) => {
    const d = distances[slot]!;
    const hit: SearchHit = { id: docs[slot]!.entry.id, score: scores[slot]! };
    if (origin && Number.isFinite(d)) hit.distanceMetres = Math.round(d);
    return hit;
  });
}

/** The `limit` first items in `compare` order, sorted; a bounded heap when few are asked of many. */
function best(items: Int32Array, limit: number, compare: (x: number, y: number) => number): number[] {
  if (items.length <= limit * 2) return Array.from(items).sort(compare).slice(0, limit);
  if (limit <= 0) return [];
  // Max-heap on the order: its root is the worst of the best `limit` so far.
  const heap: number[] = [];
  const worse = (x: number, y: number) => compare(x, y) > 0;
  for (let n = 0; n < items.length; n++) {
    const item = items[n]!;
    if (heap.length < limit) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (worse(heap[0]!, item)) {
      heap[0] = item;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let top = i;
        if (l < limit && worse(heap[l]!, heap[top]!)) top = l;
        if (r < limit && worse(heap[r]!, heap[top]!)) top = r;
        if (top === i) break;
        [heap[i], heap[top]] = [heap[top]!, heap[i]!];
        i = top;
      }
    }
  }
  return heap.sort(compare);
}
