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
import { ATYPICAL_HOURS, DISABILITY_WELCOME, LIVE, OTHER_LANGUAGES, dateNumber, type DirectorySearchIndex, type SearchableEntry } from './search-index';

export interface DirectorySearchQuery {
  /** Words as typed; the last one may be unfinished. */
  text?: string;
  /** Keep only these kinds (any of them); empty or absent: every kind. */
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
  /** Keep entries speaking at least one of these languages; empty or absent: no filter. */
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

/** A filter of every query field but the words and the distance, for one entry (`languages`: its own, normalised). */
export function entryFilter(query: DirectorySearchQuery): (entry: SearchableEntry, languages: ReadonlySet<string> | null) => boolean {
  const kinds = query.kinds?.length ? new Set<string>(query.kinds) : null;
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

type QueryScratch = ReturnType<DirectorySearchIndex['scratch']>;

/** Candidate slots, `list[0 .. count)`, and a second list of the same size free for the next step. */
interface Candidates {
  list: Int32Array;
  spare: Int32Array;
  count: number;
}

/** Searches the index; see the module comment for what is found and in which order. */
export function searchDirectory(index: DirectorySearchIndex, query: DirectorySearchQuery): SearchHit[] {
  const limit = query.limit ?? 50;
  const docs = index.docs;
  const scratch = index.scratch();
  const { alive, scores, distances, stamp } = scratch;
  const words = queryWords(query.text ?? '');
  const { list: candidates, spare, count } = words.length === 0 ? everyEntry(index, scratch) : entriesWithWords(index, words, scratch);

  // Filters on the columns of the index, cheapest first.
  const c = index.columns;
  let kindMask = -1;
  if (query.kinds?.length) {
    kindMask = 0;
    for (const k of query.kinds) kindMask |= 1 << directoryKinds.indexOf(k);
  }
  const months = query.childAge ? ageInMonths(query.childAge.birthDate, query.childAge.atDate) : null;
  // A child not born on that date fits nowhere.
  if (months !== null && months < 0) return [];
  const placesOn = query.placesFrom !== undefined ? dateNumber(query.placesFrom) : 0;
  const flags = (query.atypicalHours === true ? ATYPICAL_HOURS : 0) | (query.disabilityWelcome === true ? DISABILITY_WELCOME : 0);
  const languages = query.languages?.length ? query.languages.map(normalizeText) : null;
  // Languages with a bit are checked on the column; others only on entries flagged OTHER_LANGUAGES.
  let languageMask = 0;
  let otherLanguages = false;
  for (const l of languages ?? []) {
    const bit = index.languageBit.get(l);
    if (bit === undefined) otherLanguages = true;
    else languageMask |= 1 << bit;
  }
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
    if (languages !== null && (c.languages[slot]! & languageMask) === 0) {
      const spoken = docs[slot]!.languages;
      if (!otherLanguages || (c.languages[slot]! & OTHER_LANGUAGES) === 0 || !languages.some((l) => spoken!.has(l))) continue;
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
  const ordered =
    limit * 4 < hitCount
      ? best(hits.subarray(0, hitCount), limit, compare)
      : sortAll(hits.subarray(0, hitCount), index.nameOrder(), alive, stamp(), scores, origin ? distances : null).slice(0, limit);
  const ids = index.ids;
  return ordered.map((slot) => {
    const d = distances[slot]!;
    const hit: SearchHit = { id: ids[slot]!, score: scores[slot]! };
    if (origin && Number.isFinite(d)) hit.distanceMetres = Math.round(d);
    return hit;
  });
}

/** Every live slot, score 0. */
function everyEntry(index: DirectorySearchIndex, { scores, listA, listB }: QueryScratch): Candidates {
  const flags = index.columns.flags;
  let count = 0;
  for (let slot = 0; slot < index.slotCount; slot++) {
    if ((flags[slot]! & LIVE) === 0) continue;
    scores[slot] = 0;
    listA[count++] = slot;
  }
  return { list: listA, spare: listB, count };
}

/** Slots holding every word, each scored by where and how well its words were found. */
function entriesWithWords(index: DirectorySearchIndex, words: readonly string[], scratch: QueryScratch): Candidates {
  const { alive, seen, codes, scores, stamp } = scratch;
  // Packed score: counts compared in ranking order, each digit in base b (a count never reaches b).
  const b = 2 * words.length + 1;
  const contribution = new Float64Array(16);
  for (let code = 0; code < 16; code++) {
    const tier = code >> 2;
    const quality = code & 3;
    contribution[code] = quality === 0 ? 0 : (tier === 3 ? b * b * b : 0) + (quality === 3 ? b * b : quality === 2 ? b : 0) + (tier === 2 ? 2 : tier === 1 ? 1 : 0);
  }
  const found = words.map((w) => index.tokensContaining(w));
  const postingCount = found.map((f) => f.tokens.reduce((n, t) => n + t.postings.length, 0));
  // Rarest word first: it sets the candidates, every other word can only remove some.
  const order = words.map((_, i) => i).sort((x, y) => postingCount[x]! - postingCount[y]!);
  let candidates = scratch.listA;
  let spare = scratch.listB;
  let count = 0;
  let round = 0;

  for (let w = 0; w < order.length && (w === 0 || count > 0); w++) {
    const { tokens, qualities } = found[order[w]!]!;
    const wordStamp = stamp();
    const previousRound = round;
    round = stamp();
    let kept = 0;
    if (w === 0 || postingCount[order[w]!]! < count * 8) {
      // Walk the word's posting lists (the rarest word always, others when they are short):
      // a slot's code is its best field and match quality for this word.
      for (let t = 0; t < tokens.length; t++) {
        const postings = tokens[t]!.postings;
        const quality = qualities[t]!;
        for (let k = 0; k < postings.length; k++) {
          const p = postings[k]!;
          const slot = p >> 4;
          if (w > 0 && alive[slot] !== previousRound) continue;
          const code = tierOfMask[p & 15]! * 4 + quality;
          if (seen[slot] !== wordStamp) {
            seen[slot] = wordStamp;
            codes[slot] = code;
            if (w === 0) spare[kept++] = slot;
          } else if (code > codes[slot]!) codes[slot] = code;
        }
      }
      if (w === 0) {
        for (let i = 0; i < kept; i++) scores[spare[i]!] = 0;
      } else {
        for (let i = 0; i < count; i++) if (seen[candidates[i]!] === wordStamp) spare[kept++] = candidates[i]!;
      }
    } else {
      // A common word among few candidates: look for it in each candidate's dozen tokens.
      tokens.forEach((token, i) => {
        token.mark = wordStamp;
        token.quality = qualities[i]!;
      });
      for (let i = 0; i < count; i++) {
        const slot = candidates[i]!;
        const doc = index.docs[slot]!;
        let best = 0;
        for (let j = 0; j < doc.tokens.length; j++) {
          const token = doc.tokens[j]!;
          if (token.mark !== wordStamp) continue;
          const code = tierOfMask[doc.masks[j]!]! * 4 + token.quality;
          if (code > best) best = code;
        }
        if (best > 0) {
          seen[slot] = wordStamp;
          codes[slot] = best;
          spare[kept++] = slot;
        }
      }
    }
    for (let i = 0; i < kept; i++) {
      const slot = spare[i]!;
      alive[slot] = round;
      scores[slot] = scores[slot]! + contribution[codes[slot]!]!;
    }
    [candidates, spare] = [spare, candidates];
    count = kept;
  }
  return { list: candidates, spare, count };
}

/**
 * Every item in ranking order, without a comparison sort over all of them: the name order is
 * walked once to put items in buckets of equal score, already alphabetical; with distances, a
 * stable sort of each bucket by distance keeps that order among equal distances.
 */
function sortAll(items: Int32Array, nameOrder: Int32Array, marks: Uint32Array, mark: number, scores: Float64Array, distances: Float64Array | null): number[] {
  for (const slot of items) marks[slot] = mark;
  // Distinct scores are few (counts of matched words): a short list searched in place.
  const distinct: number[] = [];
  const buckets: number[][] = [];
  for (const slot of nameOrder) {
    if (marks[slot] !== mark) continue;
    const score = scores[slot]!;
    let b = distinct.indexOf(score);
    if (b === -1) {
      b = distinct.push(score) - 1;
      buckets.push([]);
    }
    buckets[b]!.push(slot);
  }
  const out: number[] = [];
  for (const b of distinct.map((_, i) => i).sort((x, y) => distinct[y]! - distinct[x]!)) {
    const bucket = buckets[b]!;
    for (const slot of distances ? sortByDistance(bucket, distances) : bucket) out.push(slot);
  }
  return out;
}

// Which half of a double holds its high bits, as seen through a Uint32Array on this platform.
const HIGH_WORD = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000 ? 1 : 0;

/**
 * `slots` in ascending distance, stable. A comparison sort of 50,000 costs tens of milliseconds on
 * a cheap phone; a radix sort on the bits of the doubles (non-negative doubles, Infinity included,
 * order like their bits) costs four passes.
 */
function sortByDistance(slots: number[], distances: Float64Array): number[] {
  const n = slots.length;
  if (n < 2048) return slots.sort((x, y) => (distances[x]! < distances[y]! ? -1 : distances[x]! > distances[y]! ? 1 : 0));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = distances[slots[i]!]!;
  const words = new Uint32Array(keys.buffer);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const counts = new Int32Array(65537);
  // Least significant 16 bits first: low word, then high word.
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 1 - HIGH_WORD : HIGH_WORD;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((words[order[i]! * 2 + word]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 1; d <= 65536; d++) counts[d]! += counts[d - 1]!;
    for (let i = 0; i < n; i++) {
      const digit = (words[order[i]! * 2 + word]! >>> shift) & 0xffff;
      next[counts[digit]!++] = order[i]!;
    }
    [order, next] = [next, order];
  }
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = slots[order[i]!]!;
  return out;
}

/** The `limit` first items in `compare` order, sorted, kept in a bounded heap. */
function best(items: Int32Array, limit: number, compare: (x: number, y: number) => number): number[] {
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
