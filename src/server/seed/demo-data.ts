/**
 * Demo data seeded into a fresh server: two territories (a rural EPCI of the Loire and the
 * CIREST in La Réunion), their communes, sites, a directory, a few weeks of sessions and three
 * staff accounts. The output is deterministic (ids hashed from names, fixed dates) so a re-seed
 * writes the same records and tests can compare two runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Role, Weekday } from '../../domain/common';
import type { EntityName, FieldsOf } from '../../domain/registry';
import { CIREST_EPCI, MONTS_DU_PILAT_EPCI, cirestCentres, montsDuPilatCentres, type CommuneCentre } from './communes';

import type { SeedAccount as DemoAccount, SeedData as DemoData } from './seed';

export type { DemoAccount, DemoData };

/** Fixed so that two seeds produce byte-identical records. */
const UPDATED_AT = '2026-01-01T00:00:00.000Z';

/** Namespace of the name-based ids (a random UUID chosen once for this project). */
const NAMESPACE = 'b3f1c6a2-5d7e-4c39-9a2f-6e8d0c4b7a15';

/** RFC 4122 version 5 UUID (SHA-1, name-based): the same name always gives the same id. */
function demoId(name: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Small stable offset (about ±500 m) so places near a commune centre do not all overlap. */
function jitter(name: string): { dLat: number; dLon: number } {
  const h = createHash('sha1').update(name, 'utf8').digest();
  const unit = (i: number) => ((h[i] ?? 0) / 255) * 2 - 1;
  return { dLat: unit(0) * 0.005, dLon: unit(1) * 0.006 };
}

const round = (x: number) => Math.round(x * 10000) / 10000;

// --- Official commune data -------------------------------------------------------------------

const etalabCommune = z.object({
  code: z.string(),
  nom: z.string(),
  type: z.string(),
  codesPostaux: z.array(z.string()).optional(),
  population: z.number().int().nonnegative().optional(),
});
type EtalabCommune = z.infer<typeof etalabCommune>;

/**
 * Reads the wanted communes from the etalab package. The file is read rather than imported so
 * the 37 000-entry table is not type-checked nor kept in the module cache after seeding.
 */
function loadCommunes(codes: ReadonlySet<string>): Map<string, EtalabCommune> {
  const path = createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/data/communes.json');
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(raw)) throw new Error('découpage administratif : liste de communes attendue');
  const list: unknown[] = raw;
  const found = new Map<string, EtalabCommune>();
  for (const item of list) {
    if (typeof item !== 'object' || item === null || !('code' in item) || typeof item.code !== 'string') continue;
    if (!codes.has(item.code)) continue;
    const commune = etalabCommune.parse(item);
    // Delegated and associated communes share codes with current ones: keep only the current.
    if (commune.type === 'commune-actuelle') found.set(commune.code, commune);
  }
  for (const code of codes) {
    if (!found.has(code)) throw new Error(`commune ${code} absente du découpage administratif`);
  }
  return found;
}

// --- Time zones -----------------------------------------------------------------------------

/** Offset of `zone` from UTC at instant `at`, in milliseconds. */
function zoneOffsetMs(at: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const wallAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wallAsUtc - Math.floor(at / 1000) * 1000;
}

/** UTC instant (ISO) of a wall-clock time in an IANA zone, e.g. 08:30 in Indian/Reunion. */
function zonedInstant(date: string, time: string, zone: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) throw new Error(`date ou heure invalide : ${date} ${time}`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Two passes settle the offset even on the day a DST change happens.
  let instant = wall - zoneOffsetMs(wall, zone);
  instant = wall - zoneOffsetMs(instant, zone);
  return new Date(instant).toISOString();
}

// --- Content --------------------------------------------------------------------------------

interface TerritorySpec {
  key: string;
  name: string;
  timeZone: string;
  epciCode: string;
  departement: string;
  centres: readonly CommuneCentre[];
}

const territorySpecs: readonly TerritorySpec[] = [
  {
    key: 'pilat',
    name: 'Monts du Pilat',
    timeZone: 'Europe/Paris',
    epciCode: MONTS_DU_PILAT_EPCI,
    departement: '42',
    centres: montsDuPilatCentres,
  },
  {
    key: 'cirest',
    name: 'Est de La Réunion (CIREST)',
    timeZone: 'Indian/Reunion',
    epciCode: CIREST_EPCI,
    departement: '974',
    centres: cirestCentres,
  },
];

type TerritoryKey = 'pilat' | 'cirest';

interface AccountSpec {
  key: string;
  email: string;
  password: string;
  name: string;
  role: Role;
  territories: TerritoryKey[];
}

/** Demo passwords are printed on the console at start-up: they protect nothing real. */
const accountSpecs: readonly AccountSpec[] = [
  {
    key: 'animatrice',
    email: 'animatrice@demo.tournee.fr',
    password: 'demo-animatrice-2026',
    name: 'Camille Bonnefoy',
    role: 'animator',
    territories: ['pilat'],
  },
  {
    key: 'babybus',
    email: 'babybus@demo.tournee.fr',
    password: 'demo-babybus-2026',
    name: 'Johanna Técher',
    role: 'bus_team',
    territories: ['cirest'],
  },
  {
    key: 'coordination',
    email: 'coordination@demo.tournee.fr',
    password: 'demo-coordination-2026',
    name: 'Hélène Chambon',
    role: 'coordinator',
    territories: ['pilat', 'cirest'],
  },
  {
    key: 'administration',
    email: 'admin@demo.tournee.fr',
    password: 'demo-admin-2026',
    name: 'Sandrine Payet',
    role: 'admin',
    territories: ['pilat', 'cirest'],
  },
];

interface SiteSpec {
  key: string;
  territory: TerritoryKey;
  name: string;
  kind: FieldsOf<'site'>['kind'];
  commune: string;
  street: string;
  /** Needed where a commune has several postcodes. */
  postcode?: string;
  notes?: string;
}

const siteSpecs: readonly SiteSpec[] = [
  {
    key: 'relais-pilat',
    territory: 'pilat',
    name: 'Bureau du relais itinérant',
    kind: 'relais_office',
    commune: '42224',
    street: '12 rue du Feuillage',
    notes: 'Le camion et le matériel des temps collectifs partent d’ici.',
  },
  {
    key: 'fs-saint-genest',
    territory: 'pilat',
    name: 'France Services des Monts du Pilat',
    kind: 'france_services',
    commune: '42224',
    street: '2 place de l’Église',
    notes: 'Permanence du relais dans le bureau du rez-de-chaussée, accès de plain-pied.',
  },
  {
    key: 'salle-bourg-argental',
    territory: 'pilat',
    name: 'Salle des fêtes de Bourg-Argental',
    kind: 'salle_communale',
    commune: '42023',
    street: '5 avenue du Champ de Mars',
    notes: 'Clé à récupérer en mairie la veille. Tapis et jeux rangés dans le placard du fond.',
  },
  {
    key: 'mairie-marlhes',
    territory: 'pilat',
    name: 'Mairie de Marlhes – salle du conseil',
    kind: 'mairie',
    commune: '42139',
    street: '1 place de la Mairie',
  },
  {
    key: 'bus-saint-benoit',
    territory: 'cirest',
    name: 'Baby Bus – Saint-Benoît centre',
    kind: 'bus_stop',
    commune: '97410',
    street: 'Parking de la salle polyvalente, rue Georges Pompidou',
    postcode: '97470',
    notes: 'Branchement électrique côté salle. Stationnement réservé le lundi et le vendredi.',
  },
  {
    key: 'bus-bras-panon',
    territory: 'cirest',
    name: 'Baby Bus – Bras-Panon',
    kind: 'bus_stop',
    commune: '97402',
    street: 'Place de la mairie, route nationale 2',
  },
  {
    key: 'bus-salazie',
    territory: 'cirest',
    name: 'Baby Bus – Salazie village',
    kind: 'bus_stop',
    commune: '97421',
    street: 'Parking du stade, rue du Père Boiteau',
    notes: 'Route du cirque : prévoir 40 minutes depuis Saint-André, plus en cas de fortes pluies.',
  },
  {
    key: 'fs-saint-andre',
    territory: 'cirest',
    name: 'France Services de Saint-André',
    kind: 'france_services',
    commune: '97409',
    street: '12 rue de la Gare',
  },
];

type EntrySpec = {
  key: string;
  territory: TerritoryKey;
  commune: string;
  street?: string;
  postcode?: string;
} & Omit<FieldsOf<'directoryEntry'>, 'communeCode' | 'address' | 'lat' | 'lon'>;

// Phone numbers come from ranges ARCEP reserves for fiction (04 65 71, 06 39 98), so no one real
// is called: in La Réunion too, where real lines start with 0262 or 0692.
const entrySpecs: readonly EntrySpec[] = [
  // Monts du Pilat
  {
    key: 'am-royer',
    territory: 'pilat',
    kind: 'assistant_maternel',
    name: 'Martine Royer',
    commune: '42224',
    street: '14 rue des Genêts',
    phone: '04 65 71 10 21',
    placesAvailable: 1,
    availableFrom: '2027-01-04',
    ageMinMonths: 3,
    ageMaxMonths: 36,
    notes: 'Maison avec jardin clos. Accueil possible le mercredi.',
  },
  {
    key: 'am-faure',
    territory: 'pilat',
    kind: 'assistant_maternel',
    name: 'Sandrine Faure',
    commune: '42023',
    street: '3 chemin de la Déôme',
    phone: '04 65 71 10 34',
    placesAvailable: 2,
    availableFrom: '2026-12-01',
    ageMinMonths: 0,
    ageMaxMonths: 72,
    atypicalHours: true,
    notes: 'Accepte les horaires décalés (dès 6 h 30) et le périscolaire.',
  },
  {
    key: 'am-chapuis',
    territory: 'pilat',
    kind: 'assistant_maternel',
    name: 'Nathalie Chapuis',
    commune: '42139',
    street: '8 route du Bois',
    phone: '04 65 71 10 47',
    placesAvailable: 0,
    availableFrom: '2027-03-01',
    ageMinMonths: 2,
    ageMaxMonths: 48,
  },
  {
    key: 'am-bertheas',
    territory: 'pilat',
    kind: 'assistant_maternel',
    name: 'Céline Berthéas',
    commune: '42115',
    street: '21 rue du Pilat',
    phone: '04 65 71 10 58',
    placesAvailable: 1,
    availableFrom: '2026-12-14',
    ageMinMonths: 4,
    ageMaxMonths: 36,
    disabilityWelcome: true,
    notes: 'Formée à l’accueil d’enfants en situation de handicap.',
  },
  {
    key: 'mam-petits-pas',
    territory: 'pilat',
    kind: 'mam',
    name: 'MAM Les Petits Pas du Pilat',
    commune: '42287',
    street: '6 place de la Fontaine',
    phone: '04 65 71 11 02',
    placesAvailable: 2,
    availableFrom: '2027-01-04',
    ageMinMonths: 2,
    ageMaxMonths: 48,
    notes: 'Trois assistantes maternelles, ouverte de 7 h 15 à 18 h 45.',
  },
  {
    key: 'micro-myrtilles',
    territory: 'pilat',
    kind: 'micro_creche',
    name: 'Micro-crèche Les Myrtilles',
    commune: '42246',
    street: '4 rue du Moulinage',
    phone: '04 65 71 11 15',
    email: 'myrtilles@demo.tournee.fr',
    placesAvailable: 1,
    ageMinMonths: 10,
    ageMaxMonths: 48,
  },
  {
    key: 'eaje-galipettes',
    territory: 'pilat',
    kind: 'eaje',
    name: 'Multi-accueil Les Galipettes',
    commune: '42023',
    street: '9 rue de l’Hôpital',
    phone: '04 65 71 11 26',
    email: 'galipettes@demo.tournee.fr',
    placesAvailable: 0,
    ageMinMonths: 3,
    ageMaxMonths: 48,
    notes: '20 places. Liste d’attente gérée par la commission d’attribution de la communauté de communes.',
  },
  {
    key: 'rpe-pilat',
    territory: 'pilat',
    kind: 'rpe',
    name: 'Relais Petite Enfance des Monts du Pilat',
    commune: '42224',
    street: '2 place de l’Église',
    phone: '04 65 71 12 00',
    email: 'rpe.pilat@demo.tournee.fr',
    notes: 'Relais itinérant : permanences à Saint-Genest-Malifaux, Marlhes et Bourg-Argental.',
  },
  {
    key: 'laep-cabane',
    territory: 'pilat',
    kind: 'laep',
    name: 'LAEP La Cabane à Bulles',
    commune: '42023',
    street: '5 avenue du Champ de Mars',
    phone: '04 65 71 12 13',
    ageMinMonths: 0,
    ageMaxMonths: 72,
    notes: 'Lieu d’accueil enfants-parents, anonyme et gratuit, le samedi matin.',
  },
  {
    key: 'pmi-bourg-argental',
    territory: 'pilat',
    kind: 'pmi',
    name: 'Consultation PMI du Département de la Loire',
    commune: '42023',
    street: '11 rue de la République',
    phone: '04 65 71 12 40',
    notes: 'Consultations de nourrissons sur rendez-vous, puéricultrice le mardi.',
  },
  {
    key: 'fs-pilat',
    territory: 'pilat',
    kind: 'france_services',
    name: 'France Services des Monts du Pilat',
    commune: '42224',
    street: '2 place de l’Église',
    phone: '04 65 71 12 55',
    email: 'franceservices.pilat@demo.tournee.fr',
    notes: 'Aide aux démarches CAF, CPAM, France Travail. Sans rendez-vous le matin.',
  },
  {
    key: 'alsh-marlhes',
    territory: 'pilat',
    kind: 'accueil_loisirs',
    name: 'Accueil de loisirs Les Montagnards',
    commune: '42139',
    street: 'Groupe scolaire, rue des Écoles',
    phone: '04 65 71 12 70',
    ageMinMonths: 36,
    ageMaxMonths: 144,
    notes: 'Mercredis et vacances scolaires, de 3 à 12 ans.',
  },
  // Est de La Réunion
  {
    key: 'am-payet',
    territory: 'cirest',
    kind: 'assistant_maternel',
    name: 'Marie-Josée Payet',
    commune: '97410',
    street: '27 chemin Morange',
    postcode: '97470',
    phone: '06 39 98 11 23',
    placesAvailable: 2,
    availableFrom: '2026-12-07',
    ageMinMonths: 3,
    ageMaxMonths: 36,
    languages: ['fr', 'rcf'],
  },
  {
    key: 'am-hoarau',
    territory: 'cirest',
    kind: 'assistant_maternel',
    name: 'Josiane Hoarau',
    commune: '97409',
    street: '5 rue des Lataniers',
    phone: '06 39 98 12 26',
    placesAvailable: 1,
    availableFrom: '2027-01-11',
    ageMinMonths: 6,
    ageMaxMonths: 48,
    atypicalHours: true,
    languages: ['fr', 'rcf'],
  },
  {
    key: 'am-grondin',
    territory: 'cirest',
    kind: 'assistant_maternel',
    name: 'Valérie Grondin',
    commune: '97402',
    street: '112 chemin Rivière-du-Mât',
    phone: '06 39 98 13 29',
    placesAvailable: 0,
    availableFrom: '2027-02-01',
    ageMinMonths: 0,
    ageMaxMonths: 36,
    languages: ['fr', 'rcf'],
  },
  {
    key: 'am-lebon',
    territory: 'cirest',
    kind: 'assistant_maternel',
    name: 'Nadia Lebon',
    commune: '97406',
    street: '18 rue de la Pépinière',
    phone: '06 39 98 14 32',
    placesAvailable: 1,
    availableFrom: '2026-12-01',
    ageMinMonths: 3,
    ageMaxMonths: 72,
    languages: ['fr', 'rcf', 'mg'],
    notes: 'Parle malgache. Véhiculée, peut accompagner à l’école.',
  },
  {
    key: 'mam-ti-pas',
    territory: 'cirest',
    kind: 'mam',
    name: 'MAM Lé Ti Pas',
    commune: '97409',
    street: '44 rue du Stade',
    phone: '06 39 98 15 35',
    placesAvailable: 3,
    availableFrom: '2027-01-04',
    ageMinMonths: 2,
    ageMaxMonths: 48,
    languages: ['fr', 'rcf'],
  },
  {
    key: 'baby-bus-est',
    territory: 'cirest',
    kind: 'micro_creche',
    name: 'Baby Bus de l’Est (micro-crèche itinérante)',
    commune: '97410',
    street: 'Parking de la salle polyvalente, rue Georges Pompidou',
    postcode: '97470',
    phone: '06 39 98 16 38',
    email: 'babybus.est@demo.tournee.fr',
    placesAvailable: 12,
    ageMinMonths: 5,
    ageMaxMonths: 60,
    languages: ['fr', 'rcf'],
    notes: 'Lundi, mardi, jeudi et vendredi de 8 h 30 à 16 h à Saint-Benoît, Bras-Panon et Salazie.',
  },
  {
    key: 'eaje-bougainvilliers',
    territory: 'cirest',
    kind: 'eaje',
    name: 'Crèche collective Les Bougainvilliers',
    commune: '97409',
    street: '3 avenue de l’Île de France',
    phone: '06 39 98 17 41',
    placesAvailable: 0,
    ageMinMonths: 3,
    ageMaxMonths: 48,
  },
  {
    key: 'pmi-saint-benoit',
    territory: 'cirest',
    kind: 'pmi',
    name: 'Centre de PMI de Saint-Benoît',
    commune: '97410',
    street: '8 rue Amiral Bouvet',
    postcode: '97470',
    phone: '06 39 98 18 44',
    notes: 'Service du Département de La Réunion : consultations, vaccinations, suivi de grossesse.',
  },
  {
    key: 'rpe-est',
    territory: 'cirest',
    kind: 'rpe',
    name: 'Relais Petite Enfance de l’Est',
    commune: '97410',
    street: '15 rue Georges Pompidou',
    postcode: '97470',
    phone: '06 39 98 19 47',
    email: 'rpe.est@demo.tournee.fr',
  },
  {
    key: 'fs-salazie',
    territory: 'cirest',
    kind: 'france_services',
    name: 'France Services de Salazie',
    commune: '97421',
    street: '2 rue Georges Pompidou',
    phone: '06 39 98 20 50',
    languages: ['fr', 'rcf'],
  },
  {
    key: 'ludo-lakaz',
    territory: 'cirest',
    kind: 'ludotheque',
    name: 'Ludothèque Lakaz Zwé',
    commune: '97409',
    street: '7 rue de la Gare',
    phone: '06 39 98 21 53',
    ageMinMonths: 0,
    ageMaxMonths: 144,
    notes: 'Jeux sur place et prêt. Matinées réservées aux tout-petits le mardi.',
  },
];

interface SessionSpec {
  site: string;
  kind: FieldsOf<'scheduledSession'>['kind'];
  date: string;
  from: string;
  to: string;
  staff: string[];
  capacity?: number;
}

/** A Baby Bus day: 8:30–16:00 local time, 12 children at most. */
const busDay = (site: string, date: string): SessionSpec => ({
  site,
  kind: 'bus_day',
  date,
  from: '08:30',
  to: '16:00',
  staff: ['babybus'],
  capacity: 12,
});

// Fixed dates in December 2026 (Tuesday the 1st) so the seed never depends on the current day.
const sessionSpecs: readonly SessionSpec[] = [
  // Relais itinérant des Monts du Pilat
  { site: 'fs-saint-genest', kind: 'permanence', date: '2026-12-01', from: '09:00', to: '12:00', staff: ['animatrice'] },
  { site: 'salle-bourg-argental', kind: 'temps_collectif', date: '2026-12-03', from: '09:30', to: '11:30', staff: ['animatrice'], capacity: 15 },
  { site: 'mairie-marlhes', kind: 'permanence', date: '2026-12-04', from: '14:00', to: '17:00', staff: ['animatrice'] },
  // A three-stop day for "Ma tournée".
  { site: 'mairie-marlhes', kind: 'permanence', date: '2026-12-02', from: '09:00', to: '10:30', staff: ['animatrice'] },
  { site: 'salle-bourg-argental', kind: 'temps_collectif', date: '2026-12-02', from: '11:15', to: '12:15', staff: ['animatrice'], capacity: 12 },
  { site: 'fs-saint-genest', kind: 'permanence', date: '2026-12-02', from: '14:00', to: '16:00', staff: ['animatrice'] },
  { site: 'fs-saint-genest', kind: 'permanence', date: '2026-12-08', from: '09:00', to: '12:00', staff: ['animatrice'] },
  { site: 'salle-bourg-argental', kind: 'temps_collectif', date: '2026-12-10', from: '09:30', to: '11:30', staff: ['animatrice'], capacity: 15 },
  { site: 'mairie-marlhes', kind: 'temps_collectif', date: '2026-12-11', from: '09:30', to: '11:30', staff: ['animatrice'], capacity: 10 },
  // Baby Bus de l'Est: Monday and Friday Saint-Benoît, Tuesday Bras-Panon, Thursday Salazie
  busDay('bus-saint-benoit', '2026-12-07'),
  busDay('bus-bras-panon', '2026-12-08'),
  busDay('bus-salazie', '2026-12-10'),
  busDay('bus-saint-benoit', '2026-12-11'),
  busDay('bus-saint-benoit', '2026-12-14'),
  busDay('bus-bras-panon', '2026-12-15'),
  busDay('bus-salazie', '2026-12-17'),
  busDay('bus-saint-benoit', '2026-12-18'),
  { site: 'fs-saint-andre', kind: 'atelier_parentalite', date: '2026-12-09', from: '09:00', to: '11:00', staff: ['babybus'], capacity: 10 },
  { site: 'fs-saint-andre', kind: 'atelier_social', date: '2026-12-16', from: '13:30', to: '15:30', staff: ['babybus', 'coordination'], capacity: 8 },
];

/** Recurring schedules from January 2027, after the one-off December sessions above. */
interface SeriesSpec {
  site: string;
  kind: FieldsOf<'scheduleSeries'>['kind'];
  title: string;
  rule:
    | { freq: 'weekly'; interval: number; byDay: Weekday[]; startDate: string; startTime: string; endTime: string }
    | { freq: 'monthly'; byDay: Weekday; nth: 1 | 2 | 3 | 4 | -1; startDate: string; startTime: string; endTime: string };
  staff: string[];
  capacity?: number;
}

const seriesSpecs: readonly SeriesSpec[] = [
  { site: 'bus-saint-benoit', kind: 'bus_day', title: 'Baby Bus à Saint-Benoît', rule: { freq: 'weekly', interval: 1, byDay: ['mon', 'fri'], startDate: '2027-01-04', startTime: '08:30', endTime: '16:00' }, staff: ['babybus'], capacity: 12 },
  { site: 'bus-bras-panon', kind: 'bus_day', title: 'Baby Bus à Bras-Panon', rule: { freq: 'weekly', interval: 1, byDay: ['tue'], startDate: '2027-01-04', startTime: '08:30', endTime: '16:00' }, staff: ['babybus'], capacity: 12 },
  { site: 'bus-salazie', kind: 'bus_day', title: 'Baby Bus à Salazie', rule: { freq: 'weekly', interval: 1, byDay: ['thu'], startDate: '2027-01-04', startTime: '08:30', endTime: '16:00' }, staff: ['babybus'], capacity: 12 },
  { site: 'fs-saint-genest', kind: 'permanence', title: 'Permanence du relais à Saint-Genest-Malifaux', rule: { freq: 'weekly', interval: 2, byDay: ['tue'], startDate: '2027-01-05', startTime: '09:00', endTime: '12:00' }, staff: ['animatrice'] },
  { site: 'mairie-marlhes', kind: 'temps_collectif', title: 'Temps collectif à Marlhes', rule: { freq: 'monthly', byDay: 'thu', nth: 2, startDate: '2027-01-01', startTime: '09:30', endTime: '11:30' }, staff: ['animatrice'], capacity: 10 },
];

// --- Assembly -------------------------------------------------------------------------------

export function buildDemoData(): DemoData {
  const records: DemoData['records'] = [];

  function add<E extends EntityName>(entity: E, id: string, territoryId: string, fields: FieldsOf<E>): void {
    const record: Record<string, unknown> = { id, version: 0, updatedAt: UPDATED_AT, deleted: false, territoryId, ...fields };
    records.push({ entity, record });
  }

  const allCodes = new Set(territorySpecs.flatMap((t) => t.centres.map((c) => c.code)));
  const official = loadCommunes(allCodes);
  const centreOf = new Map(territorySpecs.flatMap((t) => t.centres.map((c) => [c.code, c] as const)));

  const territoryId = (key: string) => demoId(`territory:${key}`);
  const staffId = (key: string) => demoId(`staff:${key}`);
  const siteId = (key: string) => demoId(`site:${key}`);
  const zoneOf = new Map(territorySpecs.map((t) => [t.key, t.timeZone]));

  const commune = (code: string): EtalabCommune => {
    const c = official.get(code);
    if (!c) throw new Error(`commune ${code} inconnue`);
    return c;
  };
  const centre = (code: string): CommuneCentre => {
    const c = centreOf.get(code);
    if (!c) throw new Error(`commune ${code} hors des territoires de démonstration`);
    return c;
  };
  const address = (code: string, street: string, postcode?: string): string =>
    `${street}, ${postcode ?? commune(code).codesPostaux?.[0] ?? ''} ${commune(code).nom}`;
  const near = (code: string, name: string) => {
    const c = centre(code);
    const j = jitter(name);
    return { lat: round(c.lat + j.dLat), lon: round(c.lon + j.dLon) };
  };
  const zone = (key: string): string => {
    const found = zoneOf.get(key);
    if (!found) throw new Error(`territoire ${key} inconnu`);
    return found;
  };

  for (const t of territorySpecs) {
    const tid = territoryId(t.key);
    add('territory', tid, tid, { name: t.name, timeZone: t.timeZone, epciCode: t.epciCode, departement: t.departement });
    for (const c of t.centres) {
      const o = commune(c.code);
      add('commune', demoId(`commune:${c.code}`), tid, {
        code: c.code,
        name: o.nom,
        postcodes: o.codesPostaux ?? [],
        ...(o.population !== undefined ? { population: o.population } : {}),
        lat: c.lat,
        lon: c.lon,
      });
    }
  }

  const accounts: DemoAccount[] = accountSpecs.map((a) => ({
    userId: staffId(a.key),
    email: a.email,
    password: a.password,
    name: a.name,
    role: a.role,
    territoryIds: a.territories.map(territoryId),
  }));
  for (const a of accounts) {
    const first = a.territoryIds[0];
    if (!first) throw new Error(`compte ${a.email} sans territoire`);
    add('staffUser', a.userId, first, {
      name: a.name,
      email: a.email,
      role: a.role,
      territoryIds: a.territoryIds,
      active: true,
    });
  }

  const siteTerritory = new Map<string, TerritoryKey>();
  for (const s of siteSpecs) {
    siteTerritory.set(s.key, s.territory);
    add('site', siteId(s.key), territoryId(s.territory), {
      name: s.name,
      kind: s.kind,
      communeCode: s.commune,
      address: address(s.commune, s.street, s.postcode),
      ...near(s.commune, `site:${s.key}`),
      timeZone: zone(s.territory),
      ...(s.notes !== undefined ? { notes: s.notes } : {}),
    });
  }

  for (const e of entrySpecs) {
    const { key, territory, commune: code, street, postcode, ...fields } = e;
    add('directoryEntry', demoId(`directory:${key}`), territoryId(territory), {
      ...fields,
      communeCode: code,
      ...(street !== undefined ? { address: address(code, street, postcode) } : {}),
      ...near(code, `directory:${key}`),
    });
  }

  for (const s of sessionSpecs) {
    const territory = siteTerritory.get(s.site);
    if (!territory) throw new Error(`site ${s.site} inconnu`);
    const tz = zone(territory);
    add('scheduledSession', demoId(`session:${s.site}:${s.date}:${s.from}`), territoryId(territory), {
      kind: s.kind,
      siteId: siteId(s.site),
      start: zonedInstant(s.date, s.from, tz),
      end: zonedInstant(s.date, s.to, tz),
      timeZone: tz,
      staffIds: s.staff.map(staffId),
      ...(s.capacity !== undefined ? { capacity: s.capacity } : {}),
      status: 'planned',
    });
  }

  // Two families of the CIREST with children enrolled on the Baby Bus at Saint-Benoît (PSU).
  const cirest = territoryId('cirest');
  const busFamilies = [
    { key: 'payet', phone: '0692 40 11 22', children: [{ key: 'noah', firstName: 'Noah', birthDate: '2025-02-14' }] },
    { key: 'grondin', phone: '0693 55 87 10', children: [{ key: 'lina', firstName: 'Lina', birthDate: '2024-09-03' }, { key: 'tom', firstName: 'Tom', birthDate: '2023-04-21' }] },
  ];
  for (const f of busFamilies) {
    const familyId = demoId(`family:${f.key}`);
    add('family', familyId, cirest, {
      guardians: [{ id: demoId(`guardian:${f.key}`), phone: f.phone, relation: 'mother' }],
      children: f.children.map((c) => ({ id: demoId(`child:${c.key}`), firstName: c.firstName, birthDate: c.birthDate })),
      communeCode: '97410',
      needs: ['childcare'],
      consent: { textVersion: '2026-01', givenAt: UPDATED_AT },
    });
    for (const c of f.children) {
      add('busEnrollment', demoId(`enrollment:${c.key}`), cirest, {
        childId: demoId(`child:${c.key}`),
        familyId,
        siteId: siteId('bus-saint-benoit'),
        from: '2026-12-01',
        to: '2027-06-30',
        hoursPerMonth: 40,
        days: ['mon', 'fri'],
      });
    }
  }

  // Family files of the Monts du Pilat; the Vial family was entered twice (at a permanence, then
  // from a phone call), so the duplicates screen has a pair to show.
  const pilat = territoryId('pilat');
  const pilatFamilies = [
    { key: 'vial', first: 'Hélène', last: 'Vial', phone: '06 45 12 78 90', child: { key: 'jules-vial', firstName: 'Jules', birthDate: '2025-06-12' }, needs: ['childcare'] as const, notes: 'Reprend le travail en septembre, horaires décalés.' },
    { key: 'vial-bis', first: undefined, last: 'Vial', phone: '+33 6 45 12 78 90', child: { key: 'jules-vial-bis', firstName: 'jules', birthDate: '2025-06-12' }, needs: ['paperwork'] as const, notes: 'Appel pour l’aide Pajemploi.' },
    { key: 'morel', first: 'Karim', last: 'Morel', phone: '07 61 22 33 44', child: { key: 'ines-morel', firstName: 'Inès', birthDate: '2024-11-02' }, needs: ['parenting_support'] as const, notes: undefined },
  ];
  for (const f of pilatFamilies) {
    add('family', demoId(`family:${f.key}`), pilat, {
      guardians: [{ id: demoId(`guardian:${f.key}`), ...(f.first ? { firstName: f.first } : {}), lastName: f.last, phone: f.phone }],
      children: [{ id: demoId(`child:${f.child.key}`), firstName: f.child.firstName, birthDate: f.child.birthDate }],
      communeCode: '42224',
      needs: [...f.needs],
      consent: { textVersion: '2026-01', givenAt: UPDATED_AT },
      ...(f.notes ? { notes: f.notes } : {}),
      documents: [{ id: demoId(`document:${f.key}:caf`), label: 'Attestation CAF', status: 'missing' }],
    });
  }

  for (const r of seriesSpecs) {
    const territory = siteTerritory.get(r.site);
    if (!territory) throw new Error(`site ${r.site} inconnu`);
    add('scheduleSeries', demoId(`series:${r.site}:${r.kind}`), territoryId(territory), {
      kind: r.kind,
      siteId: siteId(r.site),
      title: r.title,
      rule: { ...r.rule, timeZone: zone(territory), excludedDates: [], movedOccurrences: [], skipPublicHolidays: true, schoolHolidays: [] },
      staffIds: r.staff.map(staffId),
      ...(r.capacity !== undefined ? { capacity: r.capacity } : {}),
      active: true,
    });
  }

  // A request a parent sent from her phone, with an appointment asked at a permanence: the
  // inbox has one to answer, and its private link is printed at start so its status page opens.
  const request = DEMO_PARENT_REQUEST;
  add('intakeRequest', request.id, territoryId('pilat'), {
    phone: '06 71 42 93 08',
    childExpectedDate: '2027-03-15',
    communeCode: '42224',
    needs: ['childcare', 'paperwork'],
    message: 'Je cherche une assistante maternelle pour avril, je travaille à Saint-Étienne.',
    status: 'received',
    receiptCode: request.receiptCode,
    consent: { textVersion: 'parent-fr-2026-11', givenAt: '2026-11-28T18:42:00.000Z' },
    accessHash: createHash('sha256').update(request.secret).digest('hex'),
  });
  add('appointment', demoId('appointment:demo-request'), territoryId('pilat'), {
    kind: 'parent_employer',
    status: 'requested',
    start: zonedInstant('2026-12-08', '09:00', zone('pilat')),
    end: zonedInstant('2026-12-08', '12:00', zone('pilat')),
    timeZone: zone('pilat'),
    siteId: siteId('fs-saint-genest'),
    intakeRequestId: request.id,
  });

  return { records, accounts };
}

/** The demo parent's request: its id and the secret of its private link (`#/suivi/<id>.<secret>`). */
export const DEMO_PARENT_REQUEST = {
  id: demoId('intake:demo-parent'),
  receiptCode: 'DEMQ7PAR',
  secret: createHash('sha256').update('tournee-demo-parent-request').digest('base64url').slice(0, 22),
};
