import { describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_MINUTES, dueReminders, nextReminderAt, reminderId, upcomingDays, type ReminderItem } from '../../../src/domain/scheduling/reminders';
import { toInstant } from '../../../src/domain/scheduling/zoned-time';

const PARIS = 'Europe/Paris';
const REUNION = 'Indian/Reunion';

function item(key: string, date: string, from: string, to: string, timeZone: string, cancelled = false): ReminderItem {
  return { key, start: toInstant(date, from, timeZone), end: toInstant(date, to, timeZone), timeZone, cancelled };
}
const keys = (list: readonly ReminderItem[]) => list.map((i) => i.key);

describe('today and tomorrow', () => {
  it('reads the days in the place’s zone across the Paris spring change (29 March 2026)', () => {
    const sunday = item('dimanche', '2026-03-29', '08:30', '12:00', PARIS);
    const monday = item('lundi', '2026-03-30', '08:30', '12:00', PARIS);
    const tuesday = item('mardi', '2026-03-31', '08:30', '12:00', PARIS);
    // Saturday 23:30 in Paris (UTC+1): Sunday is tomorrow.
    expect(upcomingDays([tuesday, monday, sunday], Date.parse('2026-03-28T22:30:00Z'))).toEqual({ today: [], tomorrow: [sunday] });
    // Sunday 01:30 (still UTC+1, one hour before the change): Sunday is today.
    expect(upcomingDays([tuesday, monday, sunday], Date.parse('2026-03-29T00:30:00Z'))).toEqual({ today: [sunday], tomorrow: [monday] });
    // Sunday 23:30 in summer time (UTC+2) is 21:30 UTC: Monday is still tomorrow, not today.
    expect(upcomingDays([tuesday, monday, sunday], Date.parse('2026-03-29T21:30:00Z'))).toEqual({ today: [], tomorrow: [monday] });
  });

  it('places a Réunion session and a Paris one on their own days at the same instant', () => {
    // 15 June 2026, 21:00 UTC: 23:00 in Paris, already 01:00 on the 16th in Saint-Denis.
    const now = Date.parse('2026-06-15T21:00:00Z');
    const bus = item('bus', '2026-06-16', '08:30', '16:00', REUNION);
    const permanence = item('permanence', '2026-06-16', '09:00', '12:00', PARIS);
    const late = item('tard', '2026-06-15', '22:00', '23:30', PARIS);
    const result = upcomingDays([permanence, bus, late], now);
    expect(keys(result.today)).toEqual(['tard', 'bus']);
    expect(keys(result.tomorrow)).toEqual(['permanence']);
  });

  it('leaves out cancelled items and those already over', () => {
    const now = Date.parse('2026-06-16T10:00:00Z');
    const over = item('fini', '2026-06-16', '08:00', '09:00', REUNION);
    const cancelled = item('annulé', '2026-06-16', '15:00', '16:00', REUNION, true);
    const running = item('en cours', '2026-06-16', '13:00', '16:00', REUNION);
    expect(keys(upcomingDays([over, cancelled, running], now).today)).toEqual(['en cours']);
  });
});

describe('due reminders', () => {
  it('are due from N minutes before the start until the start, at the right instant across the spring change', () => {
    // 08:30 on the first day of summer time is 06:30 UTC; the reminder is at 08:00 local, 06:00 UTC.
    const s = item('s', '2026-03-29', '08:30', '12:00', PARIS);
    expect(dueReminders([s], Date.parse('2026-03-29T05:59:59Z'), 30)).toEqual([]);
    expect(dueReminders([s], Date.parse('2026-03-29T06:00:00Z'), 30)).toEqual([s]);
    expect(dueReminders([s], Date.parse('2026-03-29T06:30:00Z'), 30)).toEqual([]);
    expect(nextReminderAt([s], Date.parse('2026-03-28T12:00:00Z'), 30)).toBe(Date.parse('2026-03-29T06:00:00Z'));
  });

  it('follows the autumn change (25 October 2026) and Réunion’s fixed UTC+4', () => {
    const paris = item('paris', '2026-10-25', '08:30', '12:00', PARIS);
    const reunion = item('reunion', '2026-10-25', '08:30', '16:00', REUNION);
    const from = Date.parse('2026-10-24T12:00:00Z');
    // Réunion 08:00 local = 04:00 UTC; Paris 08:00 in winter time = 07:00 UTC.
    expect(nextReminderAt([paris, reunion], from, DEFAULT_LEAD_MINUTES)).toBe(Date.parse('2026-10-25T04:00:00Z'));
    expect(nextReminderAt([paris], from, DEFAULT_LEAD_MINUTES)).toBe(Date.parse('2026-10-25T07:00:00Z'));
    expect(keys(dueReminders([paris, reunion], Date.parse('2026-10-25T07:10:00Z'), 30))).toEqual(['paris']);
    expect(keys(dueReminders([paris, reunion], Date.parse('2026-10-25T04:10:00Z'), 30))).toEqual(['reunion']);
  });

  it('are shown once, again if the session moves, never when cancelled', () => {
    const s = item('s', '2026-06-16', '08:30', '16:00', REUNION);
    const now = Date.parse('2026-06-16T04:15:00Z');
    const shown = new Set([reminderId(s)]);
    expect(dueReminders([s], now, 30, shown)).toEqual([]);
    expect(nextReminderAt([s], now, 30, shown)).toBeUndefined();
    const moved = { ...s, start: toInstant('2026-06-16', '08:40', REUNION) };
    expect(dueReminders([moved], now, 30, shown)).toEqual([moved]);
    expect(dueReminders([{ ...s, cancelled: true }], now, 30)).toEqual([]);
    // Already inside the window but not shown: due at once.
    expect(nextReminderAt([s], now, 30)).toBe(now);
  });

  it('sorts by start and takes a longer lead', () => {
    const a = item('a', '2026-06-16', '10:00', '11:00', REUNION);
    const b = item('b', '2026-06-16', '09:00', '10:00', REUNION);
    expect(keys(dueReminders([a, b], Date.parse('2026-06-16T04:00:00Z'), 120))).toEqual(['b', 'a']);
    expect(keys(dueReminders([a, b], Date.parse('2026-06-16T04:00:00Z'), 60))).toEqual(['b']);
  });
});
