import { describe, expect, it } from 'vitest';
import { expand, recurrenceRule, toRRule, type RecurrenceRuleInput } from '../../../src/domain/scheduling/recurrence';
import { toZoned } from '../../../src/domain/scheduling/zoned-time';

const busDays = {
  freq: 'weekly',
  interval: 1,
  byDay: ['mon', 'tue', 'thu', 'fri'],
  startDate: '2025-01-06',
  startTime: '08:30',
  endTime: '16:00',
  timeZone: 'Europe/Paris',
} as const satisfies RecurrenceRuleInput;

const rule = (input: RecurrenceRuleInput) => recurrenceRule.parse(input);
const year2025 = ['2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z'] as const;
const dates = (input: RecurrenceRuleInput, from: string = year2025[0], to: string = year2025[1]) =>
  expand(rule(input), from, to).map((o) => o.localDate);

describe('weekly', () => {
  it('keeps 08:30–16:00 local across both DST changes', () => {
    const occurrences = expand(rule({ ...busDays, skipPublicHolidays: false }), ...year2025);
    // 52 Mondays and Tuesdays, 51 Thursdays and Fridays from 6 January.
    expect(occurrences).toHaveLength(206);
    for (const o of occurrences) {
      expect(toZoned(o.start, 'Europe/Paris')).toMatchObject({ localDate: o.localDate, localTime: '08:30' });
      expect(toZoned(o.end, 'Europe/Paris')).toMatchObject({ localDate: o.localDate, localTime: '16:00' });
    }
    const around = (from: string, to: string) => expand(rule(busDays), from, to).map((o) => [o.localDate, o.start, o.end]);
    expect(around('2025-03-27T00:00:00Z', '2025-04-02T00:00:00Z')).toEqual([
      ['2025-03-27', '2025-03-27T07:30:00.000Z', '2025-03-27T15:00:00.000Z'],
      ['2025-03-28', '2025-03-28T07:30:00.000Z', '2025-03-28T15:00:00.000Z'],
      ['2025-03-31', '2025-03-31T06:30:00.000Z', '2025-03-31T14:00:00.000Z'],
      ['2025-04-01', '2025-04-01T06:30:00.000Z', '2025-04-01T14:00:00.000Z'],
    ]);
    expect(around('2025-10-23T00:00:00Z', '2025-10-29T00:00:00Z')).toEqual([
      ['2025-10-23', '2025-10-23T06:30:00.000Z', '2025-10-23T14:00:00.000Z'],
      ['2025-10-24', '2025-10-24T06:30:00.000Z', '2025-10-24T14:00:00.000Z'],
      ['2025-10-27', '2025-10-27T07:30:00.000Z', '2025-10-27T15:00:00.000Z'],
      ['2025-10-28', '2025-10-28T07:30:00.000Z', '2025-10-28T15:00:00.000Z'],
    ]);
  });

  it('in Réunion, 08:30 is 04:30 UTC all year', () => {
    const occurrences = expand(rule({ ...busDays, timeZone: 'Indian/Reunion' }), ...year2025);
    expect(new Set(occurrences.map((o) => o.start.slice(11)))).toEqual(new Set(['04:30:00.000Z']));
    // 20 December, abolition of slavery, is a holiday there (a Friday in 2024).
    const december = { ...busDays, startDate: '2024-12-02' };
    expect(dates({ ...december, timeZone: 'Indian/Reunion' }, '2024-12-16T00:00:00Z', '2024-12-24T00:00:00Z')).toEqual(['2024-12-16', '2024-12-17', '2024-12-19', '2024-12-23']);
    expect(dates(december, '2024-12-16T00:00:00Z', '2024-12-24T00:00:00Z')).toContain('2024-12-20');
  });

  it('every other week counts weeks from the start date’s week (Monday first)', () => {
    expect(dates({ ...busDays, interval: 2, byDay: ['mon'] }, '2025-01-01T00:00:00Z', '2025-03-01T00:00:00Z')).toEqual([
      '2025-01-06',
      '2025-01-20',
      '2025-02-03',
      '2025-02-17',
    ]);
    // Starting on a Wednesday: that week's Monday is before the start, its Thursday is in.
    expect(dates({ ...busDays, interval: 2, byDay: ['mon', 'thu'], startDate: '2025-01-08' }, '2025-01-01T00:00:00Z', '2025-02-15T00:00:00Z')).toEqual([
      '2025-01-09',
      '2025-01-20',
      '2025-01-23',
      '2025-02-03',
      '2025-02-06',
    ]);
  });

  it('returns the occurrences starting in [from, to)', () => {
    const r = rule(busDays);
    expect(expand(r, '2025-01-06T07:30:00Z', '2025-01-07T07:30:00Z').map((o) => o.localDate)).toEqual(['2025-01-06']);
    expect(expand(r, '2025-01-06T07:30:01Z', '2025-01-07T07:30:01Z').map((o) => o.localDate)).toEqual(['2025-01-07']);
    expect(expand(r, '2025-01-07T00:00:00Z', '2025-01-06T00:00:00Z')).toEqual([]);
    expect(() => expand(r, 'hier', '2025-01-06T00:00:00Z')).toThrow(RangeError);
    expect(expand(r, '2020-01-01T00:00:00Z', '2025-01-07T00:00:00Z').map((o) => o.localDate)).toEqual(['2025-01-06']);
  });
});

describe('monthly', () => {
  it('2nd Tuesday', () => {
    expect(dates({ ...busDays, freq: 'monthly', byDay: 'tue', nth: 2, skipPublicHolidays: false })).toEqual([
      '2025-01-14', '2025-02-11', '2025-03-11', '2025-04-08', '2025-05-13', '2025-06-10',
      '2025-07-08', '2025-08-12', '2025-09-09', '2025-10-14', '2025-11-11', '2025-12-09',
    ]);
    // 11 November is a holiday.
    expect(dates({ ...busDays, freq: 'monthly', byDay: 'tue', nth: 2 })).not.toContain('2025-11-11');
  });

  it('last Friday, from a start in the middle of a month', () => {
    expect(dates({ ...busDays, freq: 'monthly', byDay: 'fri', nth: -1, startDate: '2025-01-31', until: '2025-06-30' })).toEqual([
      '2025-01-31', '2025-02-28', '2025-03-28', '2025-04-25', '2025-05-30', '2025-06-27',
    ]);
    expect(dates({ ...busDays, freq: 'monthly', byDay: 'fri', nth: -1, startDate: '2025-02-01', count: 2 })).toEqual(['2025-02-28', '2025-03-28']);
  });
});

describe('exceptions and holidays', () => {
  const may = ['2025-04-28T00:00:00Z', '2025-06-14T00:00:00Z'] as const;

  it('skips 1 May, 8 May, Ascension and Whit Monday, not with skipPublicHolidays off', () => {
    const held = dates(busDays, ...may);
    for (const holiday of ['2025-05-01', '2025-05-08', '2025-05-29', '2025-06-09']) expect(held).not.toContain(holiday);
    expect(held).toContain('2025-05-02');
    expect(held).toContain('2025-05-30');
    expect(dates({ ...busDays, skipPublicHolidays: false }, ...may)).toEqual(expect.arrayContaining(['2025-05-01', '2025-05-29', '2025-06-09']));
  });

  it('skips cancelled dates and school-holiday periods', () => {
    const held = dates(
      { ...busDays, excludedDates: ['2025-05-05'], schoolHolidays: [{ from: '2025-05-12', to: '2025-05-16', label: 'pont' }] },
      ...may,
    );
    expect(held.filter((d) => d >= '2025-05-05' && d <= '2025-05-19')).toEqual(['2025-05-06', '2025-05-09', '2025-05-19']);
  });

  it('moves an occurrence, also off a holiday, and keeps the order', () => {
    const occurrences = expand(
      rule({
        ...busDays,
        movedOccurrences: [
          { date: '2025-05-29', toDate: '2025-05-28', startTime: '09:00', endTime: '12:00' },
          { date: '2025-06-02', toDate: '2025-06-04', startTime: '13:00', endTime: '17:00' },
        ],
      }),
      '2025-05-26T00:00:00Z',
      '2025-06-06T00:00:00Z',
    );
    expect(occurrences).toEqual([
      { localDate: '2025-05-26', start: '2025-05-26T06:30:00.000Z', end: '2025-05-26T14:00:00.000Z' },
      { localDate: '2025-05-27', start: '2025-05-27T06:30:00.000Z', end: '2025-05-27T14:00:00.000Z' },
      { localDate: '2025-05-28', start: '2025-05-28T07:00:00.000Z', end: '2025-05-28T10:00:00.000Z', movedFrom: '2025-05-29' },
      { localDate: '2025-05-30', start: '2025-05-30T06:30:00.000Z', end: '2025-05-30T14:00:00.000Z' },
      { localDate: '2025-06-03', start: '2025-06-03T06:30:00.000Z', end: '2025-06-03T14:00:00.000Z' },
      { localDate: '2025-06-04', start: '2025-06-04T11:00:00.000Z', end: '2025-06-04T15:00:00.000Z', movedFrom: '2025-06-02' },
      { localDate: '2025-06-05', start: '2025-06-05T06:30:00.000Z', end: '2025-06-05T14:00:00.000Z' },
    ]);
  });

  it('finds an occurrence moved into the range from a date after it', () => {
    const r = rule({ ...busDays, movedOccurrences: [{ date: '2025-07-04', toDate: '2025-06-25', startTime: '09:00', endTime: '10:00' }] });
    expect(expand(r, '2025-06-25T00:00:00Z', '2025-06-26T00:00:00Z').map((o) => o.movedFrom)).toEqual(['2025-07-04']);
    expect(expand(r, '2025-07-04T00:00:00Z', '2025-07-05T00:00:00Z')).toEqual([]);
  });
});

describe('end of a series', () => {
  it('count counts the sessions held, skipped dates aside', () => {
    const held = dates({ ...busDays, startDate: '2025-04-28', count: 8 });
    // 1 and 8 May are holidays: 8 sessions run until 12 May.
    expect(held).toEqual(['2025-04-28', '2025-04-29', '2025-05-02', '2025-05-05', '2025-05-06', '2025-05-09', '2025-05-12', '2025-05-13']);
  });

  it('until is inclusive', () => {
    expect(dates({ ...busDays, until: '2025-01-10' })).toEqual(['2025-01-06', '2025-01-07', '2025-01-09', '2025-01-10']);
  });

  it('an open-ended series goes on', () => {
    expect(dates(busDays, '2030-06-03T00:00:00Z', '2030-06-05T00:00:00Z')).toEqual(['2030-06-03', '2030-06-04']);
  });
});

describe('a start in the skipped hour', () => {
  it('is pushed past the gap and keeps its length', () => {
    const [o] = expand(
      rule({ ...busDays, byDay: ['sun'], startTime: '02:30', endTime: '03:15' }),
      '2025-03-30T00:00:00Z',
      '2025-03-31T00:00:00Z',
    );
    expect(o).toEqual({ localDate: '2025-03-30', start: '2025-03-30T01:30:00.000Z', end: '2025-03-30T02:15:00.000Z' });
  });
});

describe('recurrenceRule schema', () => {
  const issues = (input: unknown) => recurrenceRule.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('fills in defaults', () => {
    expect(rule(busDays)).toMatchObject({ excludedDates: [], movedOccurrences: [], skipPublicHolidays: true, schoolHolidays: [] });
  });

  it('refuses what a coordinator could not mean, in French', () => {
    expect(issues({ ...busDays, endTime: '08:00' })).toEqual(['endTime: l’heure de fin doit suivre l’heure de début']);
    expect(issues({ ...busDays, until: '2025-02-01', count: 3 })).toEqual(['count: indiquer une date de fin ou un nombre de séances, pas les deux']);
    expect(issues({ ...busDays, until: '2024-12-31' })).toEqual(['until: la date de fin précède la date de début']);
    expect(issues({ ...busDays, byDay: ['thu'], until: '2025-01-08' })).toEqual(['until: aucune séance entre la date de début et la date de fin']);
    expect(issues({ ...busDays, byDay: ['mon', 'mon'] })).toEqual(['byDay: jour répété']);
    expect(issues({ ...busDays, movedOccurrences: [{ date: '2025-01-08', toDate: '2025-01-09', startTime: '09:00', endTime: '10:00' }] })).toEqual([
      'movedOccurrences.0.date: aucune séance de la série à cette date',
    ]);
    expect(issues({ ...busDays, excludedDates: ['2025-01-06'], movedOccurrences: [{ date: '2025-01-06', toDate: '2025-01-08', startTime: '09:00', endTime: '10:00' }] })).toEqual([
      'movedOccurrences.0.date: cette séance est déjà annulée ou déplacée',
    ]);
    expect(issues({ ...busDays, schoolHolidays: [{ from: '2025-02-20', to: '2025-02-10' }] })).toEqual(['schoolHolidays.0.to: la fin de la période précède son début']);
    expect(issues({ ...busDays, interval: 0 })).toHaveLength(1);
    expect(issues({ ...busDays, freq: 'monthly', byDay: 'tue', nth: 5 })).toHaveLength(1);
    expect(issues({ ...busDays, timeZone: 'Mars/Olympus' })).toEqual(['timeZone: fuseau horaire IANA inconnu']);
    // A date that does not exist is refused without walking the series.
    expect(issues({ ...busDays, startDate: '2025-02-30', movedOccurrences: [{ date: '2025-03-03', toDate: '2025-03-04', startTime: '09:00', endTime: '10:00' }] })).toHaveLength(1);
  });
});

describe('toRRule', () => {
  it('writes weekly and every-other-week series', () => {
    expect(toRRule(rule({ ...busDays, until: '2025-01-31' }))).toEqual({
      dtstart: '20250106T083000',
      dtend: '20250106T160000',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,TH,FR;WKST=MO;UNTIL=20250131T225959Z',
      exdates: [],
      lastDate: '2025-01-31',
    });
    expect(toRRule(rule({ ...busDays, interval: 2, byDay: ['thu', 'mon'], until: '2025-01-31' })).rrule).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO;WKST=MO;UNTIL=20250131T225959Z',
    );
  });

  it('writes monthly series with the nth or last weekday', () => {
    expect(toRRule(rule({ ...busDays, freq: 'monthly', byDay: 'tue', nth: 2 })).rrule).toBe('FREQ=MONTHLY;BYDAY=2TU');
    expect(toRRule(rule({ ...busDays, freq: 'monthly', byDay: 'fri', nth: -1 })).rrule).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    // DTSTART is the first date of the pattern, not the start date typed.
    expect(toRRule(rule({ ...busDays, freq: 'monthly', byDay: 'fri', nth: -1 })).dtstart).toBe('20250131T083000');
  });

  it('lists cancelled dates and holidays as EXDATE, and a count as UNTIL on the last session', () => {
    const parts = toRRule(rule({ ...busDays, startDate: '2025-04-28', count: 8, excludedDates: ['2025-05-05'] }));
    expect(parts.rrule).toBe('FREQ=WEEKLY;BYDAY=MO,TU,TH,FR;WKST=MO;UNTIL=20250515T215959Z');
    expect(parts.exdates).toEqual(['20250501T083000', '20250505T083000', '20250508T083000']);
  });

  it('lists the holidays of an open-ended series up to the horizon', () => {
    const parts = toRRule(rule(busDays), { horizon: '2026-01-31' });
    expect(parts.rrule).not.toContain('UNTIL');
    expect(parts.lastDate).toBeUndefined();
    expect(parts.exdates.at(-1)).toBe('20260101T083000');
    // A moved holiday is not excluded: the occurrence is replaced.
    const moved = toRRule(rule({ ...busDays, movedOccurrences: [{ date: '2025-05-29', toDate: '2025-05-28', startTime: '09:00', endTime: '12:00' }] }));
    expect(moved.exdates).not.toContain('20250529T083000');
    expect(moved.exdates).toContain('20250501T083000');
  });
});
