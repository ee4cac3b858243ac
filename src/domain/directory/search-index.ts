/**
 * In-memory search index of the directory, built once from the entries on the device and kept up
 * to date one entry at a time as sync brings edits. Queries are answered by ./search.ts.
 *
 * Layout: every distinct word of the searchable fields (normalised with `normalizeText`) is a
 * token with a posting list of the entries holding it. A query word matches every token that
 * contains it, exactly as `matchesQuery` reads text; those tokens are found by scanning one
 * string holding the whole vocabulary (`indexOf` runs at memory speed over ~10^5 characters),
 * so typing "crè", "crèc", "crèch" costs one short scan each, not a pass over every entry.
 * The filter fields sit column by column in typed arrays, and the French alphabetical order of
 * names as one rank per entry: a query over 50,000 entries reads numbers, not objects.
 */
import { directoryKinds, type DirectoryKind } from '../entities/directory-entry';
import type { FieldsOf } from '../registry';
import { normalizeText } from '../text';

/** A directory entry as the index takes it: the data fields plus the record id. */
export type SearchableEntry = FieldsOf<'directoryEntry'> & { id: string; deleted?: boolean };

/** Searchable fields, in ranking order: a word found in the name counts most. */
export const searchFields = ['name', 'commune', 'address', 'kind'] as const;
export type SearchField = (typeof searchFields)[number];

/** French words for each kind, so "crèche" or "assistante maternelle" finds entries by kind. */
export const kindSearchLabels: Readonly<Record<DirectoryKind, string>> = {
  eaje: 'Crèche multi-accueil (EAJE)',
  micro_creche: 'Micro-crèche',
  creche_familiale: 'Crèche familiale',
  mam: 'Maison d’assistants maternels (MAM)',
  assistant_maternel: 'Assistant maternel, assistante maternelle',
  garde_domicile: 'Garde à domicile',
  rpe: 'Relais Petite Enfance (RPE)',
  laep: 'Lieu d’accueil enfants-parents (LAEP)',
  pmi: 'Protection maternelle et infantile (PMI)',
  france_services: 'France Services',
  accueil_loisirs: 'Accueil de loisirs',
  ludotheque: 'Ludothèque',
};

export interface SearchIndexOptions {
  /** Name of a commune from its INSEE code, so "pelussin" finds the entries of Pélussin. */
  communeName?: (code: string) => string | undefined;
  /** Words searched for each kind; French by default. */
  kindLabel?: (kind: DirectoryKind) => string;
}

/** A distinct normalised word and the entries holding it. */
export interface Token {
  readonly text: string;
  /** slot × 16 + bit mask of the fields holding the word (bit i = searchFields[i]). */
  postings: number[];
  /** Scratch space of a running query: which query word matched this token last, and how well. */
  mark: number;
  quality: number;
}

/** One indexed entry. */
export interface IndexedDoc {
  readonly slot: number;
  readonly entry: SearchableEntry;
  readonly tokens: readonly Token[];
  /** Field bit mask of each token, parallel to `tokens`. */
  readonly masks: readonly number[];
  /** Where this entry sits in each token's posting list, so removing it costs no search. */
  readonly positions: number[];
  /** Normalised languages, for the language filter. */
  readonly languages: ReadonlySet<string> | null;
  /** Normalised name: a first, cheap sort key before the French collation. */
  readonly nameKey: string;
}

/**
 * The filter fields of every slot, one typed array per field: a scan of 50,000 entries reads a
 * few arrays of numbers instead of 50,000 objects of many shapes (optional fields vary).
 */
export interface Columns {
  /** Position of the kind in `directoryKinds`. */
  kind: Uint8Array;
  /** Degrees; NaN when not located. */
  lat: Float64Array;
  lon: Float64Array;
  /** Places available; -1 when unknown. */
  places: Int16Array;
  /** `availableFrom` as the number YYYYMMDD; 0 when absent (free now). */
  freeFrom: Int32Array;
  /** Age bounds in months; 0 and 32767 when absent. */
  ageMin: Int16Array;
  ageMax: Int16Array;
  /** LIVE | ATYPICAL_HOURS | DISABILITY_WELCOME. */
  flags: Uint8Array;
  /** One bit per language spoken (`languageBit`), OTHER_LANGUAGES past the 31st language seen. */
  languages: Int32Array;
}

export const ATYPICAL_HOURS = 1;
export const DISABILITY_WELCOME = 2;
/** The slot holds an entry (removed entries leave free slots). */
export const LIVE = 4;
/** Bit of the languages column for languages that came after 31 others: read the entry's set. */
export const OTHER_LANGUAGES = 1 << 31;

/** An ISO date as the number YYYYMMDD, which orders like the date. */
export function dateNumber(iso: string): number {
  return Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
}

const kindCodes = new Map<string, number>(directoryKinds.map((k, i) => [k, i]));

function makeColumns(capacity: number, old?: Columns): Columns {
  const grow = <T extends Uint8Array | Int16Array | Int32Array | Float64Array>(make: (n: number) => T, from: T | undefined): T => {
    const a = make(capacity);
    if (from) a.set(from);
    return a;
  };
  return {
    kind: grow((n) => new Uint8Array(n), old?.kind),
    lat: grow((n) => new Float64Array(n), old?.lat),
    lon: grow((n) => new Float64Array(n), old?.lon),
    places: grow((n) => new Int16Array(n), old?.places),
    freeFrom: grow((n) => new Int32Array(n), old?.freeFrom),
    ageMin: grow((n) => new Int16Array(n), old?.ageMin),
    ageMax: grow((n) => new Int16Array(n), old?.ageMax),
    flags: grow((n) => new Uint8Array(n), old?.flags),
    languages: grow((n) => new Int32Array(n), old?.languages),
  };
}

/** Per-slot working arrays of a query; slot lists are filled from the start with a count. */
export interface Scratch {
  /** Stamp of the last round a slot survived (candidates of the query so far). */
  alive: Uint32Array;
  /** Stamp of the last query word found in the slot, and the best code it found there. */
  seen: Uint32Array;
  codes: Uint8Array;
  scores: Float64Array;
  distances: Float64Array;
  listA: Int32Array;
  listB: Int32Array;
}

function makeScratch(n: number): Scratch {
  return { alive: new Uint32Array(n), seen: new Uint32Array(n), codes: new Uint8Array(n), scores: new Float64Array(n), distances: new Float64Array(n), listA: new Int32Array(n), listB: new Int32Array(n) };
}

const collator = new Intl.Collator('fr', { numeric: true });

/** French alphabetical order of names; the id breaks ties so the order is total and stable. */
export function compareEntryNames(a: SearchableEntry, b: SearchableEntry): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The text of each searchable field of an entry, in `searchFields` order. */
export function fieldTexts(entry: SearchableEntry, options: SearchIndexOptions = {}): [string, string, string, string] {
  const commune = options.communeName?.(entry.communeCode) ?? '';
  const kind = (options.kindLabel ?? ((k: DirectoryKind) => kindSearchLabels[k]))(entry.kind);
  return [entry.name, commune, entry.address ?? '', kind];
}

/** Search index over directory entries; see the module comment. */
export class DirectorySearchIndex {
  readonly options: SearchIndexOptions;
  /** Indexed entries by slot; a removed entry leaves a hole that the next addition fills. */
  readonly docs: (IndexedDoc | undefined)[] = [];
  /** Record id by slot (read for every result: a flat array spares a visit to each entry). */
  readonly ids: string[] = [];
  /** Filter fields by slot; replaced by larger arrays as the index grows. */
  columns: Columns = makeColumns(0);
  /** Bit of each normalised language in the languages column, given in order of first sight, never taken back. */
  readonly languageBit = new Map<string, number>();
  private readonly slotById = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly tokens = new Map<string, Token>();
  // Normalised commune names and kind labels repeat across thousands of entries: split them once.
  private readonly fieldCache = new Map<string, string[]>();

  private vocabText = '';
  private vocabStarts = new Int32Array(0);
  private vocabTokens: Token[] = [];
  private vocabDirty = true;
  private readonly wordCache = new Map<string, { tokens: Token[]; qualities: number[] }>();

  /**
   * Entries in French alphabetical order of names, and each slot's position in it. Edits are
   * merged in at the next query, all at once: a sync page of 500 edits costs one pass, not 500.
   * Removed entries stay in `byName` until then, recognised as no longer in `docs`.
   */
  private byName = new Int32Array(0);
  /** Generation of each slot in `byName`: an entry is still there when it equals `generation[slot]`. */
  private byNameGeneration = new Uint32Array(0);
  private addedSinceSort: { slot: number; generation: number }[] = [];
  /** Bumped when a slot is freed, so stale references to it are told apart without reading objects. */
  private generation = new Uint32Array(0);
  private nameRanks = new Int32Array(0);
  private ranksDirty = true;

  /** Per-slot scratch arrays of a running query, kept between queries to spare the allocations. */
  private scratchArrays = makeScratch(0);
  private queryStamp = 0;

  constructor(entries: Iterable<SearchableEntry> = [], options: SearchIndexOptions = {}) {
    this.options = options;
    for (const entry of entries) {
      if (entry.deleted) continue;
      if (this.slotById.has(entry.id)) this.removeDoc(entry.id);
      this.addDoc(entry);
    }
    this.sortByName();
  }

  /** Number of entries indexed. */
  get size(): number {
    return this.slotById.size;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  /** Adds or replaces one entry; a tombstone (`deleted`) removes it. */
  upsert(entry: SearchableEntry): void {
    if (this.slotById.has(entry.id)) this.removeDoc(entry.id);
    if (!entry.deleted) {
      const slot = this.addDoc(entry);
      this.addedSinceSort.push({ slot, generation: this.generation[slot]! });
    }
    this.ranksDirty = true;
  }

  /** Removes one entry; false when it was not indexed. */
  remove(id: string): boolean {
    if (!this.slotById.has(id)) return false;
    this.removeDoc(id);
    this.ranksDirty = true;
    return true;
  }

  /** Tokens holding `word` (normalised, without spaces) and how well: 3 whole word, 2 word start, 1 inside. */
  tokensContaining(word: string): { tokens: Token[]; qualities: number[] } {
    if (this.vocabDirty) this.rebuildVocabulary();
    const cached = this.wordCache.get(word);
    if (cached) return cached;
    const tokens: Token[] = [];
    const qualities: number[] = [];
    const text = this.vocabText;
    const starts = this.vocabStarts;
    let at = text.indexOf(word);
    while (at !== -1) {
      const i = tokenAt(starts, at);
      const token = this.vocabTokens[i]!;
      tokens.push(token);
      qualities.push(matchQuality(token.text, word));
      // Next token: its start is past this one and its "\n".
      at = text.indexOf(word, starts[i + 1] ?? text.length);
    }
    const found = { tokens, qualities };
    // A few dozen words cover what someone types in one sitting; an edit that adds a word clears it.
    if (this.wordCache.size >= 64) this.wordCache.clear();
    this.wordCache.set(word, found);
    return found;
  }

  /** Position of each slot in French alphabetical order of names (lower first). */
  ranks(): Int32Array {
    if (this.ranksDirty) {
      this.mergeNameOrder();
      if (this.nameRanks.length < this.docs.length) this.nameRanks = new Int32Array(this.columns.kind.length);
      const ranks = this.nameRanks;
      const order = this.byName;
      for (let i = 0; i < order.length; i++) ranks[order[i]!] = i;
      this.ranksDirty = false;
    }
    return this.nameRanks;
  }

  /** Live slots in French alphabetical order of names. */
  nameOrder(): Int32Array {
    this.ranks();
    return this.byName;
  }

  /** Every live slot. */
  liveSlots(): number[] {
    const slots: number[] = [];
    const flags = this.columns.flags;
    for (let slot = 0; slot < this.docs.length; slot++) if (flags[slot]! & LIVE) slots.push(slot);
    return slots;
  }

  /**
   * Scratch arrays for one query, one cell per slot, and a source of stamps never used before:
   * a cell of `codes` counts only where `seen` holds the current stamp, so nothing is cleared.
   */
  scratch(): Scratch & { stamp: () => number } {
    const n = this.columns.kind.length;
    // New arrays hold no stamp; the counter goes on, since tokens keep the stamps they were marked with.
    if (this.scratchArrays.seen.length !== n) this.scratchArrays = makeScratch(n);
    // A query takes a few stamps: start afresh, marks included, long before the counter could wrap.
    if (this.queryStamp >= 0xf0000000) {
      this.scratchArrays = makeScratch(n);
      for (const token of this.tokens.values()) token.mark = 0;
      this.queryStamp = 0;
    }
    return { ...this.scratchArrays, stamp: () => ++this.queryStamp };
  }

  /** Slots in use: the end of the columns that may hold entries. */
  get slotCount(): number {
    return this.docs.length;
  }

  private addDoc(entry: SearchableEntry): number {
    const slot = this.freeSlots.pop() ?? this.docs.length;
    if (slot >= this.columns.kind.length) {
      this.columns = makeColumns(Math.max(64, slot * 2), this.columns);
      const generation = new Uint32Array(this.columns.kind.length);
      generation.set(this.generation);
      this.generation = generation;
    }
    // An entry has a dozen words or so: arrays searched in place beat a Map or Set per entry.
    const tokens: Token[] = [];
    const masks: number[] = [];
    const texts = fieldTexts(entry, this.options);
    let nameKey = '';
    for (let field = 0; field < texts.length; field++) {
      const value = texts[field]!;
      const normalized = field === 1 || field === 3 ? null : normalizeIndexText(value);
      if (field === 0) nameKey = normalized!;
      const words = normalized === null ? this.cachedWords(value) : normalized.split(' ');
      const bit = 1 << field;
      for (const word of words) {
        if (word === '') continue;
        let token = this.tokens.get(word);
        if (!token) {
          token = { text: word, postings: [], mark: 0, quality: 0 };
          this.tokens.set(word, token);
          this.vocabDirty = true;
        }
        const i = tokens.indexOf(token);
        if (i === -1) {
          tokens.push(token);
          masks.push(bit);
        } else masks[i] = masks[i]! | bit;
      }
    }
    const positions: number[] = [];
    for (let i = 0; i < tokens.length; i++) positions.push(tokens[i]!.postings.push(slot * 16 + masks[i]!) - 1);
    const languages = entry.languages?.length ? new Set(entry.languages.map(normalizeText)) : null;
    this.docs[slot] = { slot, entry, tokens, masks, positions, languages, nameKey };
    this.ids[slot] = entry.id;
    this.slotById.set(entry.id, slot);

    const c = this.columns;
    c.kind[slot] = kindCodes.get(entry.kind) ?? 0;
    const located = entry.lat !== undefined && entry.lon !== undefined;
    c.lat[slot] = located ? entry.lat! : NaN;
    c.lon[slot] = located ? entry.lon! : NaN;
    c.places[slot] = entry.placesAvailable ?? -1;
    c.freeFrom[slot] = entry.availableFrom ? dateNumber(entry.availableFrom) : 0;
    c.ageMin[slot] = entry.ageMinMonths ?? 0;
    c.ageMax[slot] = entry.ageMaxMonths ?? 32767;
    c.flags[slot] = LIVE | (entry.atypicalHours === true ? ATYPICAL_HOURS : 0) | (entry.disabilityWelcome === true ? DISABILITY_WELCOME : 0);
    let spoken = 0;
    for (const language of languages ?? []) {
      let bit = this.languageBit.get(language);
      if (bit === undefined && this.languageBit.size < 31) this.languageBit.set(language, (bit = this.languageBit.size));
      spoken |= bit === undefined ? OTHER_LANGUAGES : 1 << bit;
    }
    c.languages[slot] = spoken;
    return slot;
  }

  private removeDoc(id: string): number {
    const slot = this.slotById.get(id)!;
    const doc = this.docs[slot]!;
    doc.tokens.forEach((token, j) => {
      const postings = token.postings;
      // Order of postings does not matter: the last one takes the freed place.
      const at = doc.positions[j]!;
      const last = postings.pop()!;
      if (at < postings.length) {
        postings[at] = last;
        const moved = this.docs[last >> 4]!;
        moved.positions[moved.tokens.indexOf(token)] = at;
      }
      if (postings.length === 0) {
        this.tokens.delete(token.text);
        this.vocabDirty = true;
      }
    });
    this.docs[slot] = undefined;
    this.columns.flags[slot] = 0;
    this.generation[slot] = this.generation[slot]! + 1;
    this.slotById.delete(id);
    this.freeSlots.push(slot);
    return slot;
  }

  private cachedWords(value: string): string[] {
    let words = this.fieldCache.get(value);
    if (!words) {
      words = splitWords(value);
      this.fieldCache.set(value, words);
    }
    return words;
  }

  private rebuildVocabulary(): void {
    this.vocabTokens = [...this.tokens.values()];
    this.vocabStarts = new Int32Array(this.vocabTokens.length);
    let offset = 0;
    this.vocabTokens.forEach((token, i) => {
      this.vocabStarts[i] = offset;
      offset += token.text.length + 1;
    });
    // "\n" never occurs in a normalised word, so no match spans two tokens.
    this.vocabText = this.vocabTokens.map((t) => t.text).join('\n');
    this.wordCache.clear();
    this.vocabDirty = false;
  }

  private sortByName(): void {
    const docs = this.liveSlots().map((slot) => this.docs[slot]!);
    // A plain sort on normalised names first leaves the collator an almost sorted array,
    // which the engine's merge sort finishes in close to one pass.
    docs.sort((a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0));
    docs.sort((a, b) => compareEntryNames(a.entry, b.entry));
    this.byName = new Int32Array(docs.length);
    this.byNameGeneration = new Uint32Array(docs.length);
    docs.forEach((d, i) => {
      this.byName[i] = d.slot;
      this.byNameGeneration[i] = this.generation[d.slot]!;
    });
    this.addedSinceSort = [];
    this.ranksDirty = true;
  }

  /**
   * Drops removed entries from the name order and puts the added ones in place. Works on typed
   * arrays of slots: following 50,000 object references costs a cache miss each.
   */
  private mergeNameOrder(): void {
    const generation = this.generation;
    const order = this.byName;
    const orderGeneration = this.byNameGeneration;
    const kept = new Int32Array(order.length);
    let keptCount = 0;
    for (let i = 0; i < order.length; i++) {
      const slot = order[i]!;
      if (orderGeneration[i] === generation[slot]) kept[keptCount++] = slot;
    }
    const entryOf = (slot: number) => this.docs[slot]!.entry;
    const added = this.addedSinceSort
      .filter((a) => a.generation === generation[a.slot])
      .map((a) => a.slot)
      .sort((a, b) => compareEntryNames(entryOf(a), entryOf(b)));
    // Each added entry finds its place by binary search; then one pass builds the new order.
    const merged = new Int32Array(keptCount + added.length);
    let n = 0;
    let from = 0;
    for (const slot of added) {
      const entry = entryOf(slot);
      let lo = from;
      let hi = keptCount;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareEntryNames(entryOf(kept[mid]!), entry) < 0) lo = mid + 1;
        else hi = mid;
      }
      merged.set(kept.subarray(from, lo), n);
      n += lo - from;
      from = lo;
      merged[n++] = slot;
    }
    merged.set(kept.subarray(from, keptCount), n);
    const mergedGeneration = new Uint32Array(merged.length);
    for (let i = 0; i < merged.length; i++) mergedGeneration[i] = generation[merged[i]!]!;
    this.byName = merged;
    this.byNameGeneration = mergedGeneration;
    this.addedSinceSort = [];
  }
}

/** Builds the index of `entries`; tombstones are left out. */
export function buildSearchIndex(entries: Iterable<SearchableEntry>, options: SearchIndexOptions = {}): DirectorySearchIndex {
  return new DirectorySearchIndex(entries, options);
}

/** The distinct normalised words of a text. */
export function splitWords(value: string): string[] {
  const n = normalizeIndexText(value);
  return n ? [...new Set(n.split(' '))] : [];
}

/**
 * What `normalizeText` gives for each Latin or punctuation character alone, taken from
 * `normalizeText` itself: these characters decompose without reordering and lower-case without
 * context, so a text made only of them normalises character by character (then spaces collapse).
 * Indexed by UTF-16 code unit; undefined for characters left to `normalizeText`.
 */
const charTable: (string | undefined)[] = (() => {
  const table: (string | undefined)[] = new Array<string | undefined>(0x2070).fill(undefined);
  for (const [from, to] of [
    [0x0000, 0x024f],
    [0x2000, 0x206f],
  ] as const) {
    for (let code = from; code <= to; code++) {
      const n = normalizeText(`a${String.fromCharCode(code)}a`);
      if (n.length >= 2 && n.startsWith('a') && n.endsWith('a')) table[code] = n.slice(1, -1);
    }
  }
  return table;
})();

/**
 * `normalizeText`, several times faster on the texts of a directory (building the index normalises
 * every name and address): character by character through `charTable`, falling back to
 * `normalizeText` for any other character.
 */
export function normalizeIndexText(value: string): string {
  let unknown = false;
  // Lower-case ASCII letters, digits and spaces stay as they are: only the others are looked up.
  const mapped = value.replace(/[^a-z0-9 ]/g, (c) => {
    const m = charTable[c.charCodeAt(0)];
    if (m === undefined) unknown = true;
    return m ?? c;
  });
  return unknown ? normalizeText(value) : mapped.replace(/\s+/g, ' ').trim();
}

/** Index of the token whose text covers position `at` of the vocabulary string. */
function tokenAt(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const wordChar = /[\p{L}\p{N}]/u;

/**
 * How well `word` matches inside `token` at its best occurrence: 3 a whole word, 2 the start of
 * a word ("crech" in "creche"), 1 elsewhere. Punctuation left by normalisation ("12," or
 * "(mam)") bounds words, so "mam" is a whole word of "(mam)".
 */
export function matchQuality(token: string, word: string): number {
  let best = 0;
  for (let i = token.indexOf(word); i !== -1 && best < 3; i = token.indexOf(word, i + 1)) {
    const starts = i === 0 || !wordChar.test(token[i - 1]!);
    const end = i + word.length;
    const ends = end === token.length || !wordChar.test(token[end]!);
    best = Math.max(best, starts ? (ends ? 3 : 2) : 1);
  }
  return best;
}
