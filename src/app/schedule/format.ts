import { t } from '../i18n';

/** "mardi 2 décembre" for a local date (the date itself, whatever the device's zone). */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** "décembre 2026" for the month of a local date. */
export function monthLabel(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

/** Wall time "08:30" of an instant in a place's zone. */
export function clock(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(iso));
}

/** "08:30 – 16:00" in the place's zone. */
export function timeRange(start: string, end: string, zone: string): string {
  return t('schedule.timeRange', { from: clock(start, zone), to: clock(end, zone) });
}
