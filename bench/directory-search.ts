/**
 * Directory search over a large directory, in Node: Tournée's index (src/domain/directory) next to
 * MiniSearch on the same entries, the same queries, in the same run. Figures are printed, not asserted.
 *
 *   npx tsx bench/directory-search.ts [--entries 50000] [--reps 10] [--seed 42]
 *
 * Entries: the communes of the Loire (real names and INSEE codes from @etalab/decoupage-administratif,
 * made-up centres inside the département), weighted by population, with French names, streets and
 * a realistic mix of kinds. Queries: what people type (partial words, no accents, "st", commune
 * names), with and without filters and distance.
 */
import communesData from '@etalab/decoupage-administratif/data/communes.json' with { type: 'json' };
import MiniSearch from 'minisearch';
import { haversineMetres, type GeoPoint } from '../src/domain/directory/distance';
import { entryFilter, searchDirectory, type DirectorySearchQuery } from '../src/domain/directory/search';
import { buildSearchIndex, fieldTexts, type SearchableEntry } from '../src/domain/directory/search-index';
import type { DirectoryKind } from '../src/domain/entities/directory-entry';
import type { Weekday } from '../src/domain/common';
import { normalizeText } from '../src/domain/text';
import { fmt, load, machine, parseArgs, percentile, table } from './lib/harness';
import { seededRandom as rng } from '../src/domain/random';

const opts = parseArgs({ entries: 50_000, reps: 10, seed: 42 });

// --- data ------------------------------------------------------------------------------------

interface Commune {
  code: string;
  name: string;
  population: number;
  centre: GeoPoint;
}

const random = rng(opts.seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const chance = (p: number) => random() < p;

const rawCommunes = communesData as { code: string; nom: string; departement?: string; type: string; population?: number }[];
const communes: Commune[] = rawCommunes
  .filter((c) => c.departement === '42' && c.type === 'commune-actuelle')
  // The Loire spans about 45.23–46.28 N, 3.69–4.76 E.
  .map((c) => ({ code: c.code, name: c.nom, population: c.population ?? 300, centre: { lat: 45.23 + random() * 1.05, lon: 3.69 + random() * 1.07 } }));
const communeByCode = new Map(communes.map((c) => [c.code, c]));
const byName = (name: string) => communes.find((c) => c.name === name)!;

// Weighted by population, square root so that villages still get entries.
const weights = communes.map((c) => Math.sqrt(c.population));
const totalWeight = weights.reduce((a, b) => a + b, 0);
function pickCommune(): Commune {
  let r = random() * totalWeight;
  for (let i = 0; i < communes.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return communes[i]!;
  }
  return communes[communes.length - 1]!;
}

const kindMix: [DirectoryKind, number][] = [
  ['assistant_maternel', 55],
  ['mam', 8],
  ['garde_domicile', 8],
  ['eaje', 7],
  ['micro_creche', 5],
  ['accueil_loisirs', 4],
  ['pmi', 3],
  ['creche_familiale', 2],
  ['rpe', 2],
  ['laep', 2],
  ['france_services', 2],
  ['ludotheque', 2],
];
const kindTotal = kindMix.reduce((a, [, w]) => a + w, 0);
function pickKind(): DirectoryKind {
  let r = random() * kindTotal;
  for (const [kind, w] of kindMix) if ((r -= w) <= 0) return kind;
  return 'assistant_maternel';
}

const firstNames = ['Camille', 'Léa', 'Nadia', 'Sophie', 'Aurélie', 'Isabelle', 'Fatima', 'Julie', 'Marie', 'Sandrine', 'Chantal', 'Yasmine', 'Hélène', 'Céline', 'Noémie', 'Zoé', 'Agnès', 'Françoise', 'Maëlle', 'Inès', 'Karima', 'Séverine', 'Béatrice', 'Joëlle', 'Amandine', 'Véronique', 'Éloïse', 'Nathalie', 'Christelle', 'Malika'];
const lastNames = ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Faure', 'Chambon', 'Peyrard', 'Granjon', 'Souvignet', 'Fayolle', 'Ravel', 'Thiollière', 'Béal', 'Vérot', 'Courbon', 'Gaillard', 'Mathevon', 'Barou'];
const nicknames = ['Les Petits Loups', 'Les Lucioles', 'Les Lutins', 'Les Galipettes', 'Les Pitchouns', 'Les Marmousets', 'Les Frimousses', 'Au Pays des Doudous', 'Les P’tits Bouchons', 'Les Coccinelles', 'L’Île aux Enfants', 'Les Écureuils', 'Pomme d’Api', 'Les Oursons', 'Les Bout’choux', 'La Ribambelle', 'Les Câlinous', 'Le Nid', 'Les Mini-Pousses', 'Les Trois Pommes'];
const streets = ['rue de la République', 'place de l’Église', 'chemin des Écoliers', 'avenue Jean-Jaurès', 'rue Victor-Hugo', 'allée des Tilleuls', 'impasse des Acacias', 'rue du 11-Novembre', 'place du Marché', 'rue Pasteur', 'boulevard Gambetta', 'chemin de la Croix', 'rue des Écoles', 'route Nationale', 'rue de la Mairie', 'montée du Château', 'rue du Stade', 'chemin du Moulin', 'rue Émile-Zola', 'place de la Liberté', 'rue Sainte-Catherine', 'rue Saint-Jean'];
const languages = ['fr', 'ar', 'pt', 'tr', 'en', 'es', 'it', 'ro', 'wo', 'ber'];
const allDays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function name(kind: DirectoryKind, commune: Commune): string {
  const person = `${pick(firstNames)} ${pick(lastNames)}`;
  switch (kind) {
    case 'assistant_maternel':
    case 'garde_domicile':
      return person;
    case 'mam':
      return `MAM ${pick(nicknames)}`;
    case 'eaje':
      return chance(0.5) ? `Crèche ${pick(nicknames)}` : `Multi-accueil ${pick(nicknames)} de ${commune.name}`;
    case 'micro_creche':
      return `Micro-crèche ${pick(nicknames)}`;
    case 'creche_familiale':
      return `Crèche familiale de ${commune.name}`;
    case 'rpe':
      return `Relais Petite Enfance de ${commune.name}`;
    case 'laep':
      return chance(0.5) ? 'LAEP Au Cœur des Familles' : `Lieu d’accueil enfants-parents ${pick(nicknames)}`;
    case 'pmi':
      return `PMI de ${commune.name}`;
    case 'france_services':
      return `France Services ${commune.name}`;
    case 'accueil_loisirs':
      return `Accueil de loisirs ${pick(nicknames)}`;
    case 'ludotheque':
      return `Ludothèque ${pick(nicknames)}`;
  }
}

function makeEntries(n: number): SearchableEntry[] {
  const out: SearchableEntry[] = [];
  for (let i = 0; i < n; i++) {
    const kind = pickKind();
    const commune = pickCommune();
    const childcare = kind === 'assistant_maternel' || kind === 'mam' || kind === 'eaje' || kind === 'micro_creche' || kind === 'creche_familiale';
    const e: SearchableEntry = {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      kind,
      name: name(kind, commune),
      communeCode: commune.code,
      address: `${1 + Math.floor(random() * 120)} ${chance(0.1) ? `route de ${pickCommune().name}` : pick(streets)}`,
    };
    // About 5 % were never geocoded.
    if (chance(0.95)) {
      e.lat = Math.round((commune.centre.lat + (random() - 0.5) * 0.04) * 1e5) / 1e5;
      e.lon = Math.round((commune.centre.lon + (random() - 0.5) * 0.05) * 1e5) / 1e5;
    }
    if (childcare) {
      e.placesAvailable = Math.floor(random() * 4);
      if (chance(0.3)) e.availableFrom = `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      e.ageMinMonths = chance(0.8) ? 0 : 3;
      e.ageMaxMonths = kind === 'assistant_maternel' || kind === 'mam' ? 72 : 48;
      e.openDays = allDays.slice(0, chance(0.7) ? 5 : 4);
      e.opensAt = pick(['07:00', '07:30', '08:00']);
      e.closesAt = pick(['17:30', '18:00', '18:30', '19:00']);
    }
    if (chance(0.15)) e.atypicalHours = true;
    if (chance(0.2)) e.disabilityWelcome = true;
    if (chance(0.25)) e.languages = ['fr', pick(languages)];
    out.push(e);
  }
  return out;
}

// --- queries ---------------------------------------------------------------------------------

const stEtienne = byName('Saint-Étienne').centre;
const pelussin = byName('Pélussin').centre;
const roanne = byName('Roanne').centre;

interface QuerySet {
  name: string;
  queries: DirectorySearchQuery[];
}

const words = (texts: string[]): DirectorySearchQuery[] => texts.map((text) => ({ text }));

const querySets: QuerySet[] = [
  {
    name: 'words only',
    queries: words(['creche', 'creche st etienne', 'st etienne', 'mam les', 'assistante mat', 'micro cre', 'relais petite', 'laep coeur', 'pmi montbrison', 'ludo', 'france serv', 'pelussin', 'bourg arg', 'st genest malif', 'ste croix', 'rive de gier', 'roanne', 'lutins', 'petits loups', 'nadia martin', 'payet', 'rue de la rep', 'eglise', 'jean jaures', 'fayolle st chamond']),
  },
  {
    name: 'first letters typed',
    queries: words(['c', 'cr', 'a', 'ma', 'l', 'st', 'sa', 'p', 'de', 'mi']),
  },
  {
    name: 'words + filters + distance',
    queries: [
      { text: 'creche', near: { origin: stEtienne, maxDistanceMetres: 10_000 } },
      { text: 'mam', near: { origin: pelussin } },
      { text: 'assistante', kinds: ['assistant_maternel'], near: { origin: roanne, maxDistanceMetres: 15_000 }, childAge: { birthDate: '2025-06-10', atDate: '2026-09-01' }, placesFrom: '2026-09-01' },
      { text: 'st', kinds: ['eaje', 'micro_creche'], near: { origin: stEtienne } },
      { text: 'loisirs', atypicalHours: true },
      { text: 'creche', disabilityWelcome: true, near: { origin: pelussin, maxDistanceMetres: 20_000 } },
      { text: 'martin', languages: ['ar'] },
      { text: 'rpe', near: { origin: roanne } },
    ],
  },
  {
    name: 'filters + distance, no words',
    queries: [
      { near: { origin: stEtienne, maxDistanceMetres: 5_000 } },
      { kinds: ['assistant_maternel', 'mam'], near: { origin: pelussin, maxDistanceMetres: 10_000 }, placesFrom: '2026-09-01' },
      { near: { origin: roanne } },
      { childAge: { birthDate: '2025-02-01', atDate: '2026-09-01' }, kinds: ['assistant_maternel'], placesFrom: '2026-09-01', near: { origin: stEtienne, maxDistanceMetres: 8_000 } },
      { languages: ['tr', 'pt'], near: { origin: stEtienne, maxDistanceMetres: 30_000 } },
      { atypicalHours: true, disabilityWelcome: true },
      { kinds: ['pmi', 'france_services', 'rpe'] },
    ],
  },
];

// --- the two engines -------------------------------------------------------------------------

const abbreviations: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };
/** Accents and case stripped, "st" spelt out, as Tournée reads words. */
const processTerm = (term: string) => {
  const t = normalizeText(term);
  return t ? (abbreviations[t] ?? t) : null;
};

interface MiniDoc {
  id: string;
  name: string;
  commune: string;
  address: string;
  kind: string;
}

function buildMini(entries: readonly SearchableEntry[], communeName: (code: string) => string | undefined): MiniSearch<MiniDoc> {
  const mini = new MiniSearch<MiniDoc>({
    fields: ['name', 'commune', 'address', 'kind'],
    processTerm,
    searchOptions: { prefix: true, combineWith: 'AND', boost: { name: 3, commune: 2 } },
  });
  mini.addAll(entries.map((e) => toMiniDoc(e, communeName)));
  return mini;
}

function toMiniDoc(e: SearchableEntry, communeName: (code: string) => string | undefined): MiniDoc {
  const [name, commune, address, kind] = fieldTexts(e, { communeName });
  return { id: e.id, name, commune, address, kind };
}

/** The same query answered with MiniSearch: its own ranking, our filters and distances. */
function miniSearch(mini: MiniSearch<MiniDoc>, byId: Map<string, SearchableEntry>, q: DirectorySearchQuery): string[] {
  const passes = entryFilter(q);
  const origin = q.near?.origin;
  const max = q.near?.maxDistanceMetres;
  const distance = new Map<string, number>();
  const filter = (r: { id: string }) => {
    const e = byId.get(r.id)!;
    if (!passes(e, e.languages ? new Set(e.languages.map(normalizeText)) : null)) return false;
    if (!origin) return true;
    const d = e.lat === undefined || e.lon === undefined ? Infinity : haversineMetres(origin, { lat: e.lat, lon: e.lon });
    if (max !== undefined && !(d <= max)) return false;
    distance.set(r.id, d);
    return true;
  };
  const text = q.text?.trim();
  const results = text ? mini.search(text, { filter }) : mini.search(MiniSearch.wildcard, { filter });
  // Without words every score is equal: order by distance as Tournée does.
  if (!text && origin) results.sort((a, b) => distance.get(a.id)! - distance.get(b.id)!);
  return results.slice(0, q.limit ?? 50).map((r) => r.id);
}

// --- run -------------------------------------------------------------------------------------

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Milliseconds of CPU used by this process while `fn` runs: less disturbed than wall time on a busy machine. */
function cpuTime(fn: () => unknown): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const wall = time(fn);
  const used = process.cpuUsage(c);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

console.log(`directory search, ${fmt.int(opts.entries)} entries, ${querySets.reduce((n, s) => n + s.queries.length, 0)} queries × ${opts.reps} — ${machine()}, ${load()}`);
const entries = makeEntries(opts.entries);
const byId = new Map(entries.map((e) => [e.id, e]));
const communeName = (code: string) => communeByCode.get(code)?.name;
console.log(`generated in the Loire: ${communes.length} communes, ${entries.filter((e) => e.lat === undefined).length} entries without coordinates`);

// Build each twice, keep the second: the first pays for compiling the code.
buildSearchIndex(entries.slice(0, 2000), { communeName });
buildMini(entries.slice(0, 2000), communeName);
let index = buildSearchIndex([], { communeName });
// Building includes the first query: it lays out the French name order and the vocabulary.
const oursBuild = cpuTime(() => {
  index = buildSearchIndex(entries, { communeName });
  searchDirectory(index, { text: 'creche' });
});
let mini = buildMini([], communeName);
const miniBuild = cpuTime(() => (mini = buildMini(entries, communeName)));

const rows: (string | number)[][] = [['query set', 'queries', 'Tournée p50', 'p95', 'MiniSearch p50', 'p95', 'ratio p50', 'ratio p95']];
const allOurs: number[] = [];
const allMini: number[] = [];
const perQuery: { p50: number; worst: number; query: DirectorySearchQuery }[] = [];
let overlap = 0;
let compared = 0;
for (const set of querySets) {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (const q of set.queries) {
    const a = searchDirectory(index, q).map((h) => h.id);
    const b = miniSearch(mini, byId, q);
    // How many of MiniSearch's first ten are among ours (the rankings differ on purpose).
    const top = new Set(a.slice(0, 10));
    overlap += b.slice(0, 10).filter((id) => top.has(id)).length;
    compared += Math.min(10, b.length);
    const mine: number[] = [];
    for (let r = 0; r < opts.reps; r++) {
      // Alternate which engine runs first so neither always gets the warmer cache.
      const first = r % 2 === 0;
      const x = first ? time(() => searchDirectory(index, q)) : 0;
      const y = time(() => miniSearch(mini, byId, q));
      const x2 = first ? x : time(() => searchDirectory(index, q));
      ours.push(x2);
      theirs.push(y);
      mine.push(x2);
    }
    mine.sort((a, b) => a - b);
    perQuery.push({ p50: percentile(mine, 50), worst: mine[mine.length - 1]!, query: q });
  }
  ours.sort((a, b) => a - b);
  theirs.sort((a, b) => a - b);
  allOurs.push(...ours);
  allMini.push(...theirs);
  const [o50, o95, m50, m95] = [percentile(ours, 50), percentile(ours, 95), percentile(theirs, 50), percentile(theirs, 95)];
  rows.push([set.name, set.queries.length, fmt.ms(o50), fmt.ms(o95), fmt.ms(m50), fmt.ms(m95), (m50 / o50).toFixed(1), (m95 / o95).toFixed(1)]);
}
allOurs.sort((a, b) => a - b);
allMini.sort((a, b) => a - b);
rows.push(['all', querySets.reduce((n, s) => n + s.queries.length, 0), fmt.ms(percentile(allOurs, 50)), fmt.ms(percentile(allOurs, 95)), fmt.ms(percentile(allMini, 50)), fmt.ms(percentile(allMini, 95)), (percentile(allMini, 50) / percentile(allOurs, 50)).toFixed(1), (percentile(allMini, 95) / percentile(allOurs, 95)).toFixed(1)]);

// A sync brings 100 edited entries: update both indexes in place, then answer a query. The first
// batch is not measured (both then run compiled code); the median of the next five is.
const editBatch = (from: number) => entries.slice(from, from + 100).map((e, i) => ({ ...e, name: i % 2 ? `${e.name} (modifié)` : `Nouvelle ${e.name}`, placesAvailable: 1 }));
const editRuns: { ours: { wall: number; cpu: number }; mini: { wall: number; cpu: number } }[] = [];
for (let batch = 0; batch < 6; batch++) {
  const edited = editBatch(batch * 100);
  const ours = cpuTime(() => {
    for (const e of edited) index.upsert(e);
    searchDirectory(index, { text: 'nouvelle' });
  });
  const theirs = cpuTime(() => {
    for (const e of edited) mini.replace(toMiniDoc(e, communeName));
    mini.search('nouvelle');
  });
  if (batch > 0) editRuns.push({ ours, mini: theirs });
}
const medianOf = (f: (r: (typeof editRuns)[number]) => number) => percentile(editRuns.map(f).sort((a, b) => a - b), 50);
const oursEdit = { wall: medianOf((r) => r.ours.wall), cpu: medianOf((r) => r.ours.cpu) };
const miniEdit = { wall: medianOf((r) => r.mini.wall), cpu: medianOf((r) => r.mini.cpu) };

console.log('');
console.log(
  table([
    ['', 'Tournée wall', 'CPU', 'MiniSearch wall', 'CPU', 'ratio (CPU)'],
    [`index build, ${fmt.int(opts.entries)} entries`, fmt.ms(oursBuild.wall), fmt.ms(oursBuild.cpu), fmt.ms(miniBuild.wall), fmt.ms(miniBuild.cpu), (miniBuild.cpu / oursBuild.cpu).toFixed(2)],
    ['100 edits in place, then a query (median of 5)', fmt.ms(oursEdit.wall), fmt.ms(oursEdit.cpu), fmt.ms(miniEdit.wall), fmt.ms(miniEdit.cpu), (miniEdit.cpu / oursEdit.cpu).toFixed(2)],
  ]),
);
console.log('');
console.log(table(rows));
console.log(`ratio = MiniSearch / Tournée (above 1: Tournée is faster); ${opts.reps} runs of each query, ${load()} at the end`);
console.log(`MiniSearch's first ten found among Tournée's first ten: ${((overlap / Math.max(1, compared)) * 100).toFixed(0)} % (different rankings; MiniSearch matches word starts only, Tournée any part of a word)`);
perQuery.sort((a, b) => b.p50 - a.p50);
const describe = (q: DirectorySearchQuery) => {
  const { text, ...rest } = q;
  const filters = Object.keys(rest).map((k) => (k === 'near' ? (rest.near?.maxDistanceMetres !== undefined ? `within ${rest.near.maxDistanceMetres / 1000} km` : 'sorted by distance') : k));
  return [JSON.stringify(text ?? ''), ...filters].join(' + ');
};
console.log(`slowest Tournée queries (p50, worst run): ${perQuery.slice(0, 3).map((p) => `${describe(p.query)} ${fmt.ms(p.p50)}, ${fmt.ms(p.worst)}`).join('; ')}`);
