/**
 * Reminders of a staff member's sessions and appointments, computed on the device from local
 * data: which ones fall today and tomorrow (in each place's own zone), which reminders are due
 * now, and when the next one will be. Pure: the caller passes the clock.
 */
import { addDays, toZoned } from './zoned-time';

export interface ReminderItem {
  /** Stable id of the session or appointment (a record id or a series occurrence key). */
  key: string;
  start: string;
  end: string;
  /** The place's IANA zone: "today" and "tomorrow" are read there, not on the device. */
  timeZone: string;
  cancelled?: boolean | undefined;
}

/** Minutes before the start when a reminder is shown, unless the person chooses otherwise. */
export const DEFAULT_LEAD_MINUTES = 30;

/**
 * The reminder's own id: the item and its start, so a session moved to another time reminds
 * again at the new time, and one already shown is not shown twice.
 */
export function reminderId(item: Pick<ReminderItem, 'key' | 'start'>): string {
  return `${item.key}@${Date.parse(item.start)}`;
}

export interface UpcomingDays<T extends ReminderItem> {
  today: T[];
  tomorrow: T[];
}

/**
 * Items not cancelled and not yet over that start today or tomorrow at their place, by start.
 * "Today" is the local date of `now` in the item's zone, so a Réunion session seen on a tablet
 * set to Paris time is placed on the right day.
 */
export function upcomingDays<T extends ReminderItem>(items: readonly T[], now: number | Date): UpcomingDays<T> {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const out: UpcomingDays<T> = { today: [], tomorrow: [] };
  const sorted = items.filter((i) => !i.cancelled && Date.parse(i.end) > nowMs).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const item of sorted) {
    const today = toZoned(nowMs, item.timeZone).localDate;
    const day = toZoned(item.start, item.timeZone).localDate;
    if (day === today) out.today.push(item);
    else if (day === addDays(today, 1)) out.tomorrow.push(item);
  }
  return out;
}

/**
 * Reminders to show at `now`: items starting within `leadMinutes` (and not started yet), not
 * cancelled, not already shown. By start.
 */
export function dueReminders<T extends ReminderItem>(items: readonly T[], now: number | Date, leadMinutes: number, shown: ReadonlySet<string> = new Set()): T[] {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const lead = Math.max(0, leadMinutes) * 60_000;
  return items
    .filter((i) => {
      const start = Date.parse(i.start);
      return !i.cancelled && start > nowMs && start - lead <= nowMs && !shown.has(reminderId(i));
    })
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** When the next reminder after `now` becomes due (epoch ms), or undefined if none: for a timer. */
export function nextReminderAt(items: readonly ReminderItem[], now: number | Date, leadMinutes: number, shown: ReadonlySet<string> = new Set()): number | undefined {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const lead = Math.max(0, leadMinutes) * 60_000;
  let next: number | undefined;
  for (const i of items) {
    const start = Date.parse(i.start);
    if (i.cancelled || start <= nowMs || shown.has(reminderId(i))) continue;
    const at = Math.max(start - lead, nowMs);
    if (next === undefined || at < next) next = at;
  }
  return next;
}
