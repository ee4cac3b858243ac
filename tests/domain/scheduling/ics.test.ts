import ICAL from 'ical.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, fold, toICalendar, type IcsEvent, type IcsSeries } from '../../../src/domain/scheduling/ics';
import { expand, recurrenceRule, type RecurrenceRuleInput } from '../../../src/domain/scheduling/recurrence';
import { toZoned } from '../../../src/domain/scheduling/zoned-time';
import { eventsOf, instant, occurrencesOf, readCalendar, text } from './ical-reader';

const now = '2025-01-02T10:00:00Z';
const id = '6f1c3b2a-0000-4000-8000-000000000001';

const busDays = {
  freq: 'weekly',
  interval: 1,
  byDay: ['mon', 'tue', 'thu', 'fri'],
  startDate: '2025-01-06',
  startTime: '08:30',
  endTime: '16:00',
  timeZone: 'Europe/Paris',
} as const satisfies RecurrenceRuleInput;

const series = (rule: RecurrenceRuleInput, extra: Partial<Omit<IcsSeries, 'kind' | 'rule'>> = {}): IcsEvent => ({
  kind: 'series',
  id,
  summary: 'Baby Bus',
  ...extra,
  rule: recurrenceRule.parse(rule),
});

const unfold = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');

describe('calendar shape', () => {
  const ics = toICalendar(
    [
      series(busDays, { location: 'Salle des fêtes, 12 rue de l’Église; Saint-Flour', description: 'Apporter le carnet de santé.\nMerci !' }),
      { kind: 'single', id: 'a1', summary: 'Rendez-vous', start: '2025-02-03T09:00:00Z', end: '2025-02-03T10:00:00Z', timeZone: 'Indian/Reunion' },
    ],
    { calendarName: 'Tournée — Cantal; Nord', now },
  );
  const lines = unfold(ics);

  it('is a published VCALENDAR with CRLF line ends', () => {
    expect(lines.slice(0, 8)).toEqual([
      'BEGIN:VCALENDAR',
      'PRODID:-//Tournee//Planning//FR',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Tournée — Cantal\\; Nord',
      'REFRESH-INTERVAL;VALUE=DURATION:PT12H',
      'X-PUBLISHED-TTL:PT12H',
    ]);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes the series with TZID, RRULE, EXDATE and a stable UID', () => {
    const event = lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT') + 1);
    expect(event).toEqual(expect.arrayContaining([
      `UID:${id}@tournee`,
      'DTSTAMP:20250102T100000Z',
      'SUMMARY:Baby Bus',
      'LOCATION:Salle des fêtes\\, 12 rue de l’Église\\; Saint-Flour',
      'DESCRIPTION:Apporter le carnet de santé.\\nMerci !',
      'STATUS:CONFIRMED',
      'DTSTART;TZID=Europe/Paris:20250106T083000',
      'DTEND;TZID=Europe/Paris:20250106T160000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,TH,FR;WKST=MO',
    ]));
    expect(event.find((l) => l.startsWith('EXDATE;TZID=Europe/Paris:'))).toContain('20250501T083000,20250508T083000,20250529T083000');
    expect(toICalendar([series(busDays)], { calendarName: 'x', now: '2025-06-01T00:00:00Z' })).toContain(`UID:${id}@tournee\r\n`);
  });

  it('declares each zone used once: Paris with DST rules, Réunion with a single STANDARD', () => {
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(2);
    const block = (zone: string) => {
      const start = lines.indexOf(`TZID:${zone}`);
      return lines.slice(start, lines.indexOf('END:VTIMEZONE', start));
    };
    expect(block('Indian/Reunion')).toEqual([
      'TZID:Indian/Reunion',
      'BEGIN:STANDARD',
      'DTSTART:20240101T000000',
      'TZOFFSETFROM:+0400',
      'TZOFFSETTO:+0400',
      'TZNAME:UTC+4',
      'END:STANDARD',
    ]);
    expect(block('Europe/Paris')).toEqual([
      'TZID:Europe/Paris',
      'BEGIN:STANDARD',
      'DTSTART:20240101T000000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0100',
      'TZNAME:UTC+1',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20240331T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'TZNAME:UTC+2',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20241027T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'TZNAME:UTC+1',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      'END:STANDARD',
    ]);
    expect(lines).toContain('DTSTART;TZID=Indian/Reunion:20250203T130000');
  });
});

describe('text and folding', () => {
  it('escapes backslash, semicolon, comma and newlines, and drops other controls', () => {
    expect(escapeText('a\\b;c,d\r\ne\rf\ng\u0000h\u0007i\tj')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng' + 'hi\tj');
    expect(escapeText('x\uD800y')).toBe('x\uFFFDy');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é👶🏽a'.repeat(40)}`;
    const folded = fold(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const [i, part] of folded.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      // A split surrogate pair would not survive a UTF-8 round trip.
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
    }
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(fold('x'.repeat(75))).toBe('x'.repeat(75));
    expect(fold('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('gives back hostile text through ical.js (property)', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.constantFrom('Salle; B, 1er étage\\n', 'a\r\nb\rc\nd', '\\;\\,\\\\', 'DTSTART:20250101T000000\r\nEND:VEVENT', '👶🏽'.repeat(30)),
    );
    fc.assert(
      fc.property(hostile, hostile, (summary, location) => {
        const ics = toICalendar([series({ ...busDays, until: '2025-01-31' }, { summary, location })], { calendarName: summary, now });
        for (const l of ics.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
        const calendar = readCalendar(ics);
        const [event] = eventsOf(calendar, `${id}@tournee`);
        // What a person typed, as TEXT can carry it: one kind of newline, no lone surrogates, no controls but tab.
        const expected = (s: string) =>
          Buffer.from(s.replace(/\r\n?/g, '\n'), 'utf8')
            .toString('utf8')
            .split('')
            .filter((c) => c === '\t' || c === '\n' || (c >= ' ' && c !== '\u007F'))
            .join('');
        expect(event && text(event, 'summary')).toBe(expected(summary));
        // An empty LOCATION is left out.
        expect(event && text(event, 'location')).toBe(expected(location) === '' ? null : expected(location));
        // ical.js hands X- properties over unparsed: unescape by hand.
        const calname = text(calendar, 'x-wr-calname')?.replace(/\\([\\;,nN])/g, (_m, c: string) => (c.toLowerCase() === 'n' ? '\n' : c));
        expect(calname).toBe(expected(summary));
        expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);
      }),
      { seed: 75, numRuns: 150 },
    );
  }, 60_000);
});

describe('read back by ical.js', () => {
  const year = [Date.parse('2025-01-01T00:00:00Z'), Date.parse('2026-01-01T00:00:00Z')] as const;

  /** Both expansions of one series for 2025: ical.js reading our .ics, and expand(). */
  function both(input: RecurrenceRuleInput) {
    const rule = recurrenceRule.parse(input);
    const calendar = readCalendar(toICalendar([series(input)], { calendarName: 'test', now, horizon: '2026-03-01' }));
    const theirs = occurrencesOf(calendar, `${id}@tournee`, ...year).map((o) => `${o.start}/${o.end}`);
    const ours = expand(rule, new Date(year[0]), new Date(year[1])).map((o) => `${o.start}/${o.end}`);
    return { theirs, ours };
  }

  it.each<[string, RecurrenceRuleInput]>([
    ['bus days, holidays and a school break skipped, one day cancelled, one moved', {
      ...busDays,
      excludedDates: ['2025-02-04'],
      schoolHolidays: [{ from: '2025-04-12', to: '2025-04-27' }],
      movedOccurrences: [{ date: '2025-05-29', toDate: '2025-05-28', startTime: '09:00', endTime: '12:00' }],
    }],
    ['bus days in Réunion', { ...busDays, timeZone: 'Indian/Reunion', startDate: '2024-11-04' }],
    ['every other week, Tuesday and Friday, until summer', { ...busDays, interval: 2, byDay: ['fri', 'tue'], until: '2025-07-04' }],
    ['2nd Tuesday, 14:00–16:30', { ...busDays, freq: 'monthly', byDay: 'tue', nth: 2, startTime: '14:00', endTime: '16:30' }],
    ['last Friday in Réunion, 10 sessions', { ...busDays, freq: 'monthly', byDay: 'fri', nth: -1, timeZone: 'Indian/Reunion', startDate: '2024-12-01', count: 10 }],
    ['Sunday mornings across both changes, holidays kept', { ...busDays, byDay: ['sun'], startTime: '03:00', endTime: '05:00', skipPublicHolidays: false }],
    ['first cancelled, count of 5', { ...busDays, byDay: ['mon'], count: 5, excludedDates: ['2025-01-06'] }],
  ])('%s', (_name, input) => {
    const { theirs, ours } = both(input);
    expect(ours.length).toBeGreaterThan(0);
    expect(theirs).toEqual(ours);
  });

  // Hour 02 is left out: where DST changes, a wall time there is skipped or repeated, and ical.js
  // departs from RFC 5545 (it reads a skipped 02:30 with the summer offset and a repeated one as
  // the second pass). expand() follows the RFC; zoned-time.test.ts checks that choice.
  const minute = fc.integer({ min: 0, max: 24 * 60 - 1 }).filter((m) => m < 120 || m >= 180);
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const day = fc.integer({ min: 0, max: 730 }).map((n) => new Date(Date.UTC(2024, 5, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const weekday = fc.constantFrom(...(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const));
  const generated = fc.record({
    pattern: fc.oneof(
      fc.record({ freq: fc.constant('weekly' as const), interval: fc.integer({ min: 1, max: 3 }), byDay: fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }) }),
      fc.record({ freq: fc.constant('monthly' as const), byDay: weekday, nth: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, -1 as const) }),
    ),
    zone: fc.constantFrom('Europe/Paris', 'Indian/Reunion', 'America/New_York', 'Australia/Sydney'),
    startDate: day,
    times: fc.uniqueArray(minute, { minLength: 2, maxLength: 2 }).map((t) => t.sort((a, b) => a - b).map(hhmm)),
    end: fc.oneof(fc.constant({}), fc.integer({ min: 1, max: 80 }).map((count) => ({ count })), fc.integer({ min: 30, max: 500 }).map((days) => ({ days }))),
    skipPublicHolidays: fc.boolean(),
    school: fc.array(fc.tuple(fc.integer({ min: 0, max: 365 }), fc.integer({ min: 0, max: 20 })), { maxLength: 2 }),
    cancel: fc.array(fc.nat(), { maxLength: 4 }),
    moves: fc.array(fc.record({ pick: fc.nat(), shift: fc.integer({ min: -3, max: 3 }), times: fc.uniqueArray(minute, { minLength: 2, maxLength: 2 }) }), { maxLength: 3 }),
  });

  it('expands generated series like ical.js for a year (property)', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const plus = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
        const [startTime, endTime] = g.times as [string, string];
        const base = {
          ...g.pattern,
          startDate: g.startDate,
          startTime,
          endTime,
          timeZone: g.zone,
          skipPublicHolidays: g.skipPublicHolidays,
          schoolHolidays: g.school.map(([from, length]) => ({ from: plus(g.startDate, from), to: plus(g.startDate, from + length) })),
          ...('count' in g.end ? { count: g.end.count } : 'days' in g.end ? { until: plus(g.startDate, g.end.days) } : {}),
        } satisfies RecurrenceRuleInput;
        if (!recurrenceRule.safeParse(base).success) return; // an until before the first date of the pattern
        const from = Date.parse(`${plus(g.startDate, -7)}T00:00:00Z`);
        const to = from + 365 * 86_400_000;
        // Cancel and move dates the series really has.
        const held = expand(recurrenceRule.parse(base), new Date(from), new Date(to)).map((o) => o.localDate);
        const cancelled = [...new Set(g.cancel.filter(() => held.length > 0).map((p) => held[p % held.length] as string))];
        const movable = held.filter((d) => !cancelled.includes(d));
        const moves = new Map(
          g.moves.filter(() => movable.length > 0).map((m) => {
            const date = movable[m.pick % movable.length] as string;
            const [s, e] = m.times.sort((a, b) => a - b).map(hhmm) as [string, string];
            return [date, { date, toDate: plus(date, m.shift), startTime: s, endTime: e }] as const;
          }),
        );
        const input = { ...base, excludedDates: cancelled, movedOccurrences: [...moves.values()] };
        const rule = recurrenceRule.parse(input);
        const horizon = plus(g.startDate, 400);
        const calendar = readCalendar(toICalendar([series(input)], { calendarName: 'test', now, horizon }));
        const theirs = occurrencesOf(calendar, `${id}@tournee`, from, to).map((o) => `${o.start}/${o.end}`);
        const ours = expand(rule, new Date(from), new Date(to)).map((o) => `${o.start}/${o.end}`);
        expect(theirs).toEqual(ours);
      }),
      { seed: 5545, numRuns: 120 },
    );
  }, 120_000);

  it('reads UID, STATUS and RECURRENCE-ID overrides, moved or cancelled', () => {
    const seriesId = '6f1c3b2a-0000-4000-8000-0000000000aa';
    const events: IcsEvent[] = [
      { kind: 'series', id: seriesId, summary: 'Permanence RPE', location: 'France Services, Murat', rule: recurrenceRule.parse({ ...busDays, byDay: ['wed'], until: '2025-03-31' }) },
      // The 12 February session held on the 13th in the afternoon, the 19th cancelled.
      { kind: 'single', id: 's1', summary: 'Permanence RPE (déplacée)', start: '2025-02-13T13:00:00Z', end: '2025-02-13T15:00:00Z', timeZone: 'Europe/Paris', overrides: { seriesId, originalStart: '2025-02-12T07:30:00.000Z' } },
      { kind: 'single', id: 's2', summary: 'Permanence RPE', status: 'cancelled', start: '2025-02-19T07:30:00Z', end: '2025-02-19T15:00:00Z', timeZone: 'Europe/Paris', overrides: { seriesId, originalStart: '2025-02-19T07:30:00.000Z' } },
      { kind: 'single', id: 'appt-1', summary: 'Soutien à la parentalité', status: 'tentative', start: '2025-02-20T09:00:00Z', end: '2025-02-20T10:00:00Z', timeZone: 'Europe/Paris' },
      { kind: 'series', id: 'gone', summary: 'Ancien atelier', status: 'cancelled', rule: recurrenceRule.parse({ ...busDays, until: '2025-01-31' }) },
    ];
    const calendar = readCalendar(toICalendar(events, { calendarName: 'RPE', now }));
    const feb = occurrencesOf(calendar, `${seriesId}@tournee`, Date.parse('2025-02-10T00:00:00Z'), Date.parse('2025-02-24T00:00:00Z'));
    expect(feb).toEqual([
      { start: '2025-02-13T13:00:00.000Z', end: '2025-02-13T15:00:00.000Z', status: 'CONFIRMED', summary: 'Permanence RPE (déplacée)', recurrenceId: '2025-02-12T07:30:00.000Z' },
      { start: '2025-02-19T07:30:00.000Z', end: '2025-02-19T15:00:00.000Z', status: 'CANCELLED', summary: 'Permanence RPE', recurrenceId: '2025-02-19T07:30:00.000Z' },
    ]);
    const [appointment] = occurrencesOf(calendar, 'appt-1@tournee', 0, Date.parse('2030-01-01T00:00:00Z'));
    expect(appointment).toEqual({ start: '2025-02-20T09:00:00.000Z', end: '2025-02-20T10:00:00.000Z', status: 'TENTATIVE', summary: 'Soutien à la parentalité' });
    const [gone] = eventsOf(calendar, 'gone@tournee');
    expect(gone && text(gone, 'status')).toBe('CANCELLED');
    expect(calendar.getAllSubcomponents('vevent').map((v) => text(v, 'uid'))).toEqual([
      `${seriesId}@tournee`,
      `${seriesId}@tournee`,
      `${seriesId}@tournee`,
      'appt-1@tournee',
      'gone@tournee',
    ]);
  });

  it('writes an instant in the second pass of a repeated hour in UTC, so it reads back exactly', () => {
    const start = '2025-10-26T01:30:00.000Z'; // 02:30 CET, the second 02:30 of the night
    const calendar = readCalendar(
      toICalendar([{ kind: 'single', id: 'late', summary: 'Veille', start, end: '2025-10-26T02:30:00.000Z', timeZone: 'Europe/Paris' }], { calendarName: 'x', now }),
    );
    const [event] = eventsOf(calendar, 'late@tournee');
    expect(event?.getFirstProperty('dtstart')?.toICALString()).toBe('DTSTART:20251026T013000Z');
    expect(event?.getFirstProperty('dtend')?.toICALString()).toBe('DTEND;TZID=Europe/Paris:20251026T033000');
    expect(occurrencesOf(calendar, 'late@tournee', 0, Date.parse('2030-01-01T00:00:00Z'))[0]?.start).toBe(start);
  });

  it('declares zones whose offsets ical.js reads like Intl, beyond the years scanned (property)', () => {
    const zones = ['Europe/Paris', 'Indian/Reunion', 'America/New_York', 'Australia/Sydney', 'America/Santiago', 'Australia/Lord_Howe'];
    const events: IcsEvent[] = zones.map((timeZone, i) => ({ kind: 'single', id: `z${i}`, summary: timeZone, start: '2025-06-01T10:00:00Z', end: '2025-06-01T11:00:00Z', timeZone }));
    readCalendar(toICalendar(events, { calendarName: 'x', now }));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.parse('2024-01-02T00:00:00Z') / 60_000, max: Date.parse('2035-01-01T00:00:00Z') / 60_000 }), (zone, minutes) => {
        const at = new Date(minutes * 60_000);
        const local = ICAL.Time.fromJSDate(at, true).convertToZone(ICAL.TimezoneService.get(zone));
        const ours = toZoned(at, zone);
        expect(local.toString().slice(0, 16)).toBe(`${ours.localDate}T${ours.localTime}`);
        expect(instant(local)).toBe(at.toISOString());
      }),
      { seed: 1911, numRuns: 600 },
    );
  }, 60_000);
});
