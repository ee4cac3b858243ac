/**
 * The person's reminder choices on this device (how long before, system notifications on or
 * off) and the reminders already shown, so a reload does not show them again. Kept in
 * localStorage: they belong to the device, not to the shared records.
 */
import { DEFAULT_LEAD_MINUTES } from '../../domain/scheduling/reminders';

const LEAD_KEY = 'tournee.reminders.lead';
const NOTIFY_KEY = 'tournee.reminders.notify';
const SHOWN_KEY = 'tournee.reminders.shown';
/** Shown reminders are kept for two days: past that they cannot come back anyway. */
const KEEP_MS = 2 * 86_400_000;

export const leadChoices = [10, 15, 30, 60, 120] as const;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage refused (private browsing, full disk): the choice lasts until the page closes.
  }
}

export function leadMinutes(): number {
  const n = Number(read(LEAD_KEY));
  return (leadChoices as readonly number[]).includes(n) ? n : DEFAULT_LEAD_MINUTES;
}
export function setLeadMinutes(n: number): void {
  write(LEAD_KEY, String(n));
}

export function notificationsWanted(): boolean {
  return read(NOTIFY_KEY) === '1';
}
export function setNotificationsWanted(on: boolean): void {
  write(NOTIFY_KEY, on ? '1' : '0');
}

/** Ids of the reminders shown, with when; the id carries the start, see `reminderId`. */
export function shownReminders(now = Date.now()): Set<string> {
  try {
    const list = JSON.parse(read(SHOWN_KEY) ?? '[]') as unknown;
    if (!Array.isArray(list)) return new Set();
    return new Set(list.filter((x): x is [string, number] => Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'number' && now - x[1] < KEEP_MS).map((x) => x[0]));
  } catch {
    return new Set();
  }
}
export function markShown(ids: readonly string[], now = Date.now()): void {
  let list: [string, number][] = [];
  try {
    const parsed = JSON.parse(read(SHOWN_KEY) ?? '[]') as unknown;
    if (Array.isArray(parsed)) list = parsed.filter((x): x is [string, number] => Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'number' && now - x[1] < KEEP_MS);
  } catch {
    list = [];
  }
  write(SHOWN_KEY, JSON.stringify([...list, ...ids.map((id): [string, number] => [id, now])]));
}
