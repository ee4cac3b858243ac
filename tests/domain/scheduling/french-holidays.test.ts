import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  frenchPublicHolidays,
  holidayTerritoryOf,
  isFrenchPublicHoliday,
} from '../../../src/domain/scheduling/french-holidays';
import { weekdayOf } from '../../../src/domain/scheduling/zoned-time';

describe('easterSunday', () => {
  it.each([
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    for (let year = 1900; year <= 2200; year++) {
      const easter = easterSunday(year);
      expect(weekdayOf(easter)).toBe('sun');
      expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25').toBe(true);
    }
  });
});

describe('frenchPublicHolidays', () => {
  it('lists the eleven holidays of mainland France in 2025', () => {
    expect(frenchPublicHolidays(2025)).toEqual([
      { date: '2025-01-01', name: 'Jour de l’an' },
      { date: '2025-04-21', name: 'Lundi de Pâques' },
      { date: '2025-05-01', name: 'Fête du Travail' },
      { date: '2025-05-08', name: 'Victoire 1945' },
      { date: '2025-05-29', name: 'Ascension' },
      { date: '2025-06-09', name: 'Lundi de Pentecôte' },
      { date: '2025-07-14', name: 'Fête nationale' },
      { date: '2025-08-15', name: 'Assomption' },
      { date: '2025-11-01', name: 'Toussaint' },
      { date: '2025-11-11', name: 'Armistice 1918' },
      { date: '2025-12-25', name: 'Noël' },
    ]);
  });

  it('puts Ascension on a Thursday and the Easter and Whit Mondays on Mondays', () => {
    for (let year = 2000; year <= 2100; year++) {
      const dateOf = (name: string) => frenchPublicHolidays(year).find((h) => h.name.includes(name))?.date ?? '';
      expect(weekdayOf(dateOf('Lundi de Pâques'))).toBe('mon');
      expect(weekdayOf(dateOf('Lundi de Pentecôte'))).toBe('mon');
      expect(weekdayOf(dateOf('Ascension'))).toBe('thu');
    }
    // In 2008 Ascension fell on 1 May: one entry for the date.
    expect(frenchPublicHolidays(2008).filter((h) => h.date === '2008-05-01')).toEqual([{ date: '2008-05-01', name: 'Fête du Travail et Ascension' }]);
  });

  it('adds 20 December in Réunion, chosen by zone', () => {
    expect(holidayTerritoryOf('Indian/Reunion')).toBe('reunion');
    expect(holidayTerritoryOf('Europe/Paris')).toBe('metropole');
    expect(frenchPublicHolidays(2025, 'reunion')).toHaveLength(12);
    expect(isFrenchPublicHoliday('2025-12-20', 'reunion')).toBe(true);
    expect(isFrenchPublicHoliday('2025-12-20', 'metropole')).toBe(false);
    expect(isFrenchPublicHoliday('2025-05-29', 'reunion')).toBe(true);
  });

  it('adds Good Friday and 26 December in Alsace-Moselle', () => {
    const dates = frenchPublicHolidays(2025, 'alsace_moselle').map((h) => h.date);
    expect(dates).toContain('2025-04-18');
    expect(dates).toContain('2025-12-26');
    expect(dates).toHaveLength(13);
    expect(isFrenchPublicHoliday('2025-04-18')).toBe(false);
  });
});
