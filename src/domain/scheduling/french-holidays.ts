/**
 * French public holidays (jours fériés, Code du travail L3133-1) for a year, by territory:
 * - metropole: the eleven national holidays, Whit Monday included (it is still a public
 *   holiday where employers use it as the "journée de solidarité");
 * - alsace_moselle: adds Good Friday and 26 December (local law of Bas-Rhin, Haut-Rhin, Moselle);
 * - reunion: adds 20 December, abolition of slavery (law 83-550, decree 83-1003).
 * The zone of a site only tells Réunion apart; Alsace-Moselle has to be chosen explicitly.
 */
import { addDays } from './zoned-time';

export const holidayTerritories = ['metropole', 'alsace_moselle', 'reunion'] as const;
export type HolidayTerritory = (typeof holidayTerritories)[number];

export interface PublicHoliday {
  date: string;
  name: string;
}

/** Easter Sunday (Gregorian computus, Meeus/Jones/Butcher) as a local date. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Public holidays of a year in a territory, in date order. */
export function frenchPublicHolidays(year: number, territory: HolidayTerritory = 'metropole'): PublicHoliday[] {
  const y = String(year).padStart(4, '0');
  const easter = easterSunday(year);
  const list: PublicHoliday[] = [
    { date: `${y}-01-01`, name: 'Jour de l’an' },
    { date: addDays(easter, 1), name: 'Lundi de Pâques' },
    { date: `${y}-05-01`, name: 'Fête du Travail' },
    { date: `${y}-05-08`, name: 'Victoire 1945' },
    { date: addDays(easter, 39), name: 'Ascension' },
    { date: addDays(easter, 50), name: 'Lundi de Pentecôte' },
    { date: `${y}-07-14`, name: 'Fête nationale' },
    { date: `${y}-08-15`, name: 'Assomption' },
    { date: `${y}-11-01`, name: 'Toussaint' },
    { date: `${y}-11-11`, name: 'Armistice 1918' },
    { date: `${y}-12-25`, name: 'Noël' },
  ];
  if (territory === 'alsace_moselle') {
    list.push({ date: addDays(easter, -2), name: 'Vendredi saint' }, { date: `${y}-12-26`, name: 'Saint-Étienne' });
  }
  if (territory === 'reunion') list.push({ date: `${y}-12-20`, name: 'Abolition de l’esclavage' });
  // Ascension can fall on 1 May (2008) or 8 May (2086): one entry per date, both names.
  const byDate = new Map<string, PublicHoliday>();
  for (const h of list) {
    const same = byDate.get(h.date);
    byDate.set(h.date, same ? { date: h.date, name: `${same.name} et ${h.name}` } : h);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const cache = new Map<string, ReadonlySet<string>>();

/** Whether a local date is a public holiday in the territory. */
export function isFrenchPublicHoliday(localDate: string, territory: HolidayTerritory = 'metropole'): boolean {
  const year = Number(localDate.slice(0, 4));
  const key = `${territory}:${year}`;
  let dates = cache.get(key);
  if (dates === undefined) {
    dates = new Set(frenchPublicHolidays(year, territory).map((h) => h.date));
    cache.set(key, dates);
  }
  return dates.has(localDate);
}

/** Holiday territory implied by a site's zone: Réunion for Indian/Reunion, else mainland. */
export function holidayTerritoryOf(zone: string): HolidayTerritory {
  return zone === 'Indian/Reunion' ? 'reunion' : 'metropole';
}
