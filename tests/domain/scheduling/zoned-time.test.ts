import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  offsetTransitions,
  startOfWeek,
  toInstant,
  toInstantMs,
  toZoned,
  utcOffsetMinutes,
  weekdayOf,
} from '../../../src/domain/scheduling/zoned-time';

const runs = { seed: 20_250_330, numRuns: 300 };
const MINUTE = 60_000;

describe('wall time → instant in Europe/Paris', () => {
  it.each([
    // Winter (UTC+1) and summer (UTC+2).
    ['2025-01-15', '08:30', '2025-01-15T07:30:00.000Z'],
    ['2025-07-15', '08:30', '2025-07-15T06:30:00.000Z'],
    // Last Sunday of March: 02:00 → 03:00. A skipped wall time is shifted forward by the gap.
    ['2025-03-30', '01:59', '2025-03-30T00:59:00.000Z'],
    ['2025-03-30', '02:00', '2025-03-30T01:00:00.000Z'],
    ['2025-03-30', '02:30', '2025-03-30T01:30:00.000Z'],
    ['2025-03-30', '03:00', '2025-03-30T01:00:00.000Z'],
    ['2025-03-30', '03:30', '2025-03-30T01:30:00.000Z'],
    // Last Sunday of October: 03:00 → 02:00. A repeated wall time is the earlier instant.
    ['2025-10-26', '01:59', '2025-10-25T23:59:00.000Z'],
    ['2025-10-26', '02:00', '2025-10-26T00:00:00.000Z'],
    ['2025-10-26', '02:30', '2025-10-26T00:30:00.000Z'],
    ['2025-10-26', '03:00', '2025-10-26T02:00:00.000Z'],
    ['2024-03-31', '02:30', '2024-03-31T01:30:00.000Z'],
    ['2024-10-27', '02:30', '2024-10-27T00:30:00.000Z'],
  ])('%s %s → %s', (date, time, instant) => {
    expect(toInstant(date, time, 'Europe/Paris')).toBe(instant);
  });

  it('reads both passes of the repeated hour back as 02:30', () => {
    expect(toZoned('2025-10-26T00:30:00Z', 'Europe/Paris')).toEqual({ localDate: '2025-10-26', localTime: '02:30', weekday: 'sun' });
    expect(toZoned('2025-10-26T01:30:00Z', 'Europe/Paris')).toEqual({ localDate: '2025-10-26', localTime: '02:30', weekday: 'sun' });
    expect(toZoned('2025-03-30T01:30:00Z', 'Europe/Paris').localTime).toBe('03:30');
  });

  it('finds the changes on the last Sundays of March and October', () => {
    const changes = offsetTransitions('Europe/Paris', Date.UTC(2025, 0, 1), Date.UTC(2027, 0, 1));
    expect(changes.map((c) => [new Date(c.at).toISOString(), c.from, c.to])).toEqual([
      ['2025-03-30T01:00:00.000Z', 60, 120],
      ['2025-10-26T01:00:00.000Z', 120, 60],
      ['2026-03-29T01:00:00.000Z', 60, 120],
      ['2026-10-25T01:00:00.000Z', 120, 60],
    ]);
    expect(lastWeekdayOfMonth(2026, 3, 'sun')).toBe('2026-03-29');
    expect(lastWeekdayOfMonth(2026, 10, 'sun')).toBe('2026-10-25');
  });
});

describe('Indian/Reunion', () => {
  it('is UTC+4 all year, with no change', () => {
    for (const month of ['01', '03', '06', '10', '12']) {
      expect(toInstant(`2025-${month}-15`, '08:30', 'Indian/Reunion')).toBe(`2025-${month}-15T04:30:00.000Z`);
    }
    expect(toInstant('2025-03-30', '02:30', 'Indian/Reunion')).toBe('2025-03-29T22:30:00.000Z');
    expect(utcOffsetMinutes('2025-07-01T00:00:00Z', 'Indian/Reunion')).toBe(240);
    expect(offsetTransitions('Indian/Reunion', Date.UTC(2020, 0, 1), Date.UTC(2030, 0, 1))).toEqual([]);
  });

  it('shows the next day when Paris is still on the previous evening', () => {
    expect(toZoned('2025-01-14T21:30:00Z', 'Indian/Reunion')).toEqual({ localDate: '2025-01-15', localTime: '01:30', weekday: 'wed' });
    expect(toZoned('2025-01-14T21:30:00Z', 'Europe/Paris')).toEqual({ localDate: '2025-01-14', localTime: '22:30', weekday: 'tue' });
  });
});

describe('other zones', () => {
  it('handles a 30-minute change (Lord Howe) and a skipped day (Samoa, 2011)', () => {
    // Lord Howe goes from +10:30 to +11 at 02:00 on the first Sunday of October.
    expect(toInstant('2025-10-05', '02:15', 'Australia/Lord_Howe')).toBe('2025-10-04T15:45:00.000Z');
    expect(toZoned('2025-10-04T15:45:00Z', 'Australia/Lord_Howe').localTime).toBe('02:45');
    // 30 December 2011 never happened in Apia: read with the offset before, it lands on the 31st.
    expect(toZoned(toInstant('2011-12-30', '12:00', 'Pacific/Apia'), 'Pacific/Apia').localDate).toBe('2011-12-31');
  });

  it('rejects dates and times that do not exist in any calendar', () => {
    expect(() => toInstant('2025-02-29', '08:00', 'Europe/Paris')).toThrow(RangeError);
    expect(() => toInstant('2025-02-10', '24:00', 'Europe/Paris')).toThrow(RangeError);
    expect(() => toZoned('pas une date', 'Europe/Paris')).toThrow(RangeError);
  });
});

describe('local date arithmetic', () => {
  it('adds days across months, years and DST changes', () => {
    expect(addDays('2025-03-29', 1)).toBe('2025-03-30');
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
  });

  it('knows weekdays, Monday-first weeks and nth weekdays of a month', () => {
    expect(weekdayOf('2025-05-01')).toBe('thu');
    expect(weekdayOf('1970-01-01')).toBe('thu');
    expect(weekdayOf('1969-12-29')).toBe('mon');
    expect(startOfWeek('2025-03-30')).toBe('2025-03-24');
    expect(startOfWeek('2025-03-24')).toBe('2025-03-24');
    expect(nthWeekdayOfMonth(2025, 9, 'tue', 2)).toBe('2025-09-09');
    expect(nthWeekdayOfMonth(2025, 9, 'mon', 1)).toBe('2025-09-01');
    expect(nthWeekdayOfMonth(2025, 9, 'mon', 5)).toBe('2025-09-29');
    expect(nthWeekdayOfMonth(2025, 9, 'wed', 5)).toBeUndefined();
    expect(nthWeekdayOfMonth(2025, 2, 'fri', -1)).toBe('2025-02-28');
    expect(nthWeekdayOfMonth(2025, 2, 'sat', -1)).toBe('2025-02-22');
    expect(nthWeekdayOfMonth(2025, 2, 'fri', -2)).toBe('2025-02-21');
  });

  it('agrees with a day-by-day count for nth weekdays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2060 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(...(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)),
        (year, month, weekday) => {
          const first = `${year}-${String(month).padStart(2, '0')}-01`;
          const matching: string[] = [];
          for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addDays(d, 1)) if (weekdayOf(d) === weekday) matching.push(d);
          for (let n = 1; n <= 5; n++) {
            expect(nthWeekdayOfMonth(year, month, weekday, n)).toBe(matching[n - 1]);
            expect(nthWeekdayOfMonth(year, month, weekday, -n)).toBe(matching[matching.length - n]);
          }
        },
      ),
      runs,
    );
  }, 60_000);
});

// Every zone Intl knows, with the ones Tournée uses and some with odd rules weighted in.
const allZones = Intl.supportedValuesOf('timeZone');
const zone = fc.oneof(
  fc.constantFrom('Europe/Paris', 'Indian/Reunion', 'America/New_York', 'Australia/Lord_Howe', 'Australia/Sydney', 'Asia/Kathmandu', 'America/Santiago'),
  fc.constantFrom(...allZones),
);
// From 1973 on every zone's offset is a whole number of minutes (Monrovia was the last exception).
const instant = fc.integer({ min: Date.UTC(1973, 0, 1) / MINUTE, max: Date.UTC(2100, 0, 1) / MINUTE }).map((m) => m * MINUTE);

/** A zone, an offset change of a random year (or mid-year when it has none) and minutes from it. */
const nearChange = fc
  .tuple(zone, fc.integer({ min: 1975, max: 2060 }), fc.nat(), fc.integer({ min: -180, max: 180 }))
  .map(([z, year, pick, delta]) => {
    const changes = offsetTransitions(z, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
    const change = changes[pick % Math.max(1, changes.length)];
    const at = Math.floor((change?.at ?? Date.UTC(year, 5, 1)) / MINUTE) * MINUTE;
    return { z, at, from: change?.from ?? utcOffsetMinutes(at, z), delta: delta * MINUTE };
  });

describe('round trips (property)', () => {
  it('instant → wall time → instant gives the instant back, or the earlier pass of a repeated hour', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(zone, instant), nearChange.map((c) => [c.z, c.at + c.delta] as const)), ([z, ms]) => {
        const local = toZoned(ms, z);
        const back = toInstantMs(local.localDate, local.localTime, z);
        expect(toZoned(back, z)).toEqual(local);
        if (back !== ms) {
          // Only in an overlap: the same wall time earlier, with a larger offset.
          expect(back).toBeLessThan(ms);
          expect(utcOffsetMinutes(back, z)).toBeGreaterThan(utcOffsetMinutes(ms, z));
        }
      }),
      runs,
    );
  }, 60_000);

  it('wall time → instant matches a brute-force search of the instants showing that wall time', () => {
    fc.assert(
      fc.property(nearChange, ({ z, at, from, delta }) => {
        // A wall time close to a change (its wall time before the change, give or take 3 hours).
        const wall = at + from * MINUTE + delta;
        const asked = toZoned(wall, 'UTC');
        const result = toInstantMs(asked.localDate, asked.localTime, z);
        // Offsets are whole quarter hours from 1973 on, between -12 h and +14 h.
        const showing: number[] = [];
        for (let q = -14 * 4; q <= 12 * 4; q++) {
          const candidate = wall + q * 15 * MINUTE;
          const shown = toZoned(candidate, z);
          if (shown.localDate === asked.localDate && shown.localTime === asked.localTime) showing.push(candidate);
        }
        if (showing.length > 0) {
          expect(result).toBe(Math.min(...showing));
        } else {
          // Skipped: the change that jumped over it, and the wall time read with the offset before it.
          const change = offsetTransitions(z, wall - 2 * 86_400_000, wall + 2 * 86_400_000).find(
            (c) => c.at + c.from * MINUTE <= wall && wall < c.at + c.to * MINUTE,
          );
          expect(change).toBeDefined();
          expect(result).toBe(wall - (change?.from ?? 0) * MINUTE);
        }
      }),
      runs,
    );
  }, 60_000);
});
