import { describe, expect, it } from 'vitest';
import { setLocale } from '../../src/app/i18n';
import { staffCalendar } from '../../src/app/schedule/staff-calendar';
import type { RecordOf } from '../../src/domain/registry';
import { expand } from '../../src/domain/scheduling/recurrence';
import { sessionsBetween } from '../../src/domain/scheduling/occurrences';
import { toInstant } from '../../src/domain/scheduling/zoned-time';
import { eventsOf, occurrencesOf, readCalendar, text } from '../domain/scheduling/ical-reader';

setLocale('fr-FR');

const T = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
const env = { version: 3, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: T };
const PARIS = 'Europe/Paris';
const REUNION = 'Indian/Reunion';
const ME = '0b5d1d0e-1111-4aaa-8bbb-000000000001';
const BOB = '0b5d1d0e-1111-4aaa-8bbb-000000000002';
const MARLHES = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f71';
const SALAZIE = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f72';
const SERIES = '8b1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
const MOVED = '9c1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f01';
const GIVEN = '9c1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f02';
const BOBS = '9c1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f03';
const MY_APPT = '9d1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f01';
const BOB_APPT = '9d1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f02';

const sites = new Map<string, RecordOf<'site'>>([
  [MARLHES, { id: MARLHES, ...env, name: 'Mairie de Marlhes', kind: 'mairie', communeCode: '42139', address: '1 place de la Mairie, 42660 Marlhes', timeZone: PARIS }],
  [SALAZIE, { id: SALAZIE, ...env, name: 'Salazie', kind: 'bus_stop', communeCode: '97421', timeZone: REUNION }],
]);

// Every other Tuesday across the spring change, 09:00–12:00 in Marlhes, staffed by me.
const series: RecordOf<'scheduleSeries'> = {
  id: SERIES,
  ...env,
  kind: 'permanence',
  siteId: MARLHES,
  rule: { freq: 'weekly', interval: 2, byDay: ['tue'], startDate: '2026-03-03', startTime: '09:00', endTime: '12:00', timeZone: PARIS, excludedDates: [], movedOccurrences: [], skipPublicHolidays: true, schoolHolidays: [] },
  staffIds: [ME],
  active: true,
};
const session = (id: string, date: string, from: string, to: string, staffIds: string[], extra: Partial<RecordOf<'scheduledSession'>> = {}): RecordOf<'scheduledSession'> => ({
  id,
  ...env,
  kind: 'permanence',
  siteId: MARLHES,
  start: toInstant(date, from, PARIS),
  end: toInstant(date, to, PARIS),
  timeZone: PARIS,
  staffIds,
  status: 'planned',
  ...extra,
});
const records = [
  // 17 March moved to the Wednesday afternoon, still mine.
  session(MOVED, '2026-03-18', '14:00', '17:00', [ME], { seriesId: SERIES, occurrenceDate: '2026-03-17', cancelReason: 'Salle prise' }),
  // 31 March (first Tuesday of summer time) given to Bob: it leaves my calendar.
  session(GIVEN, '2026-03-31', '09:00', '12:00', [BOB], { seriesId: SERIES, occurrenceDate: '2026-03-31' }),
  session(BOBS, '2026-03-20', '09:00', '10:00', [BOB]),
];
const appointment = (id: string, staffId: string, status: RecordOf<'appointment'>['status']): RecordOf<'appointment'> => ({
  id,
  ...env,
  kind: 'parenting_support',
  status,
  start: toInstant('2026-03-26', '08:30', REUNION),
  end: toInstant('2026-03-26', '09:30', REUNION),
  timeZone: REUNION,
  siteId: SALAZIE,
  staffId,
});

describe('my planning as .ics', () => {
  const from = toInstant('2026-03-01', '00:00', PARIS);
  const to = toInstant('2026-04-26', '00:00', PARIS);
  const sessions = sessionsBetween([series], records, from, to);
  const ics = staffCalendar(ME, sessions, [appointment(MY_APPT, ME, 'proposed'), appointment(BOB_APPT, BOB, 'confirmed')], sites, { calendarName: 'Tournée — planning de Alice', now: '2026-03-01T08:00:00Z' });
  const calendar = readCalendar(ics);

  it('reads back in ical.js with the series’ instants across the spring change, my changes applied', () => {
    const read = occurrencesOf(calendar, `${SERIES}@tournee`, Date.parse(from), Date.parse(to));
    const expected = expand(series.rule, from, to).map((o) => o.start);
    expect(expected).toContain(toInstant('2026-03-31', '09:00', PARIS));
    // The moved date comes at its new time; the one given to Bob is cancelled for me.
    const byStart = new Map(read.map((o) => [o.start, o]));
    expect(byStart.get(toInstant('2026-03-18', '14:00', PARIS))).toMatchObject({ recurrenceId: toInstant('2026-03-17', '09:00', PARIS), status: 'CONFIRMED' });
    expect(byStart.get(toInstant('2026-03-31', '09:00', PARIS))?.status).toBe('CANCELLED');
    expect(toInstant('2026-03-31', '09:00', PARIS)).toBe('2026-03-31T07:00:00.000Z');
    expect(read.map((o) => o.recurrenceId ?? o.start).sort()).toEqual(expected);
    expect(text(eventsOf(calendar, `${SERIES}@tournee`)[0]!, 'location')).toBe('Mairie de Marlhes, 1 place de la Mairie, 42660 Marlhes');
  });

  it('holds my appointments at their instant in Réunion, tentative until confirmed, and nothing of Bob’s', () => {
    const [mine] = eventsOf(calendar, `${MY_APPT}@tournee`);
    expect(mine).toBeDefined();
    const read = occurrencesOf(calendar, `${MY_APPT}@tournee`, 0, Date.parse('2030-01-01'));
    expect(read).toEqual([{ start: '2026-03-26T04:30:00.000Z', end: '2026-03-26T05:30:00.000Z', status: 'TENTATIVE', summary: 'Rendez-vous d’accompagnement — Salazie' }]);
    expect(eventsOf(calendar, `${BOB_APPT}@tournee`)).toEqual([]);
    expect(eventsOf(calendar, `${BOBS}@tournee`)).toEqual([]);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Tournée — planning de Alice');
  });
});
