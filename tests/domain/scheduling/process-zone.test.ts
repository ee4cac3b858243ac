// The device may sit in another zone than the site: the same answers whatever TZ the process has.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { expand, recurrenceRule } from '../../../src/domain/scheduling/recurrence';
import { toInstant, toZoned, weekdayOf } from '../../../src/domain/scheduling/zoned-time';

const rule = recurrenceRule.parse({
  freq: 'weekly',
  interval: 1,
  byDay: ['mon', 'tue', 'thu', 'fri'],
  startDate: '2025-03-17',
  until: '2025-11-07',
  startTime: '08:30',
  endTime: '16:00',
  timeZone: 'Europe/Paris',
});

/** Everything that could leak the process zone: DST edges, date arithmetic, a series across both changes. */
function sample() {
  return {
    spring: toInstant('2025-03-30', '02:30', 'Europe/Paris'),
    autumn: toInstant('2025-10-26', '02:30', 'Europe/Paris'),
    reunion: toInstant('2025-01-15', '08:30', 'Indian/Reunion'),
    midnight: toZoned('2025-01-14T23:30:00Z', 'Europe/Paris'),
    weekday: weekdayOf('2025-03-30'),
    series: expand(rule, '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z').map((o) => `${o.start}/${o.end}`),
  };
}

const expected = {
  spring: '2025-03-30T01:30:00.000Z',
  autumn: '2025-10-26T00:30:00.000Z',
  reunion: '2025-01-15T04:30:00.000Z',
  midnight: { localDate: '2025-01-15', localTime: '00:30', weekday: 'wed' },
  weekday: 'sun',
};

const zones = ['America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Australia/Lord_Howe', 'Indian/Reunion', 'UTC'];
const original = process.env.TZ;
afterAll(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

describe('process time zone', () => {
  it('Node applies a TZ change at run time (or this file would prove nothing)', () => {
    process.env.TZ = 'America/New_York';
    expect(new Date(2025, 0, 1).getTimezoneOffset()).toBe(300);
    process.env.TZ = 'Pacific/Kiritimati';
    expect(new Date(2025, 0, 1).getTimezoneOffset()).toBe(-840);
  });

  it.each(zones)('gives the same instants with TZ=%s', (zone) => {
    process.env.TZ = zone;
    const got = sample();
    expect(got).toMatchObject(expected);
    process.env.TZ = 'UTC';
    expect(got.series).toEqual(sample().series);
    // 08:30 local all year: 07:30Z in winter, 06:30Z in summer.
    expect(got.series[0]).toBe('2025-03-17T07:30:00.000Z/2025-03-17T15:00:00.000Z');
    expect(got.series.at(-1)).toBe('2025-11-07T07:30:00.000Z/2025-11-07T15:00:00.000Z');
    expect(got.series.find((s) => s.startsWith('2025-07-01'))).toBe('2025-07-01T06:30:00.000Z/2025-07-01T14:00:00.000Z');
  });

  it('gives the same instants in a process started with another TZ', () => {
    const module = fileURLToPath(new URL('../../../src/domain/scheduling/zoned-time.ts', import.meta.url));
    const script = `const m = await import(${JSON.stringify(module)});
      console.log(JSON.stringify([m.toInstant('2025-03-30', '02:30', 'Europe/Paris'), m.toInstant('2025-10-26', '02:30', 'Europe/Paris'),
        m.toInstant('2025-01-15', '08:30', 'Indian/Reunion'), m.toZoned('2025-01-14T23:30:00Z', 'Europe/Paris'), new Date(2025, 0, 1).getTimezoneOffset()]));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TZ: 'Asia/Tokyo' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([expected.spring, expected.autumn, expected.reunion, expected.midnight, -540]);
  }, 60_000);
});
