import { getLocale } from '../../i18n';

/** "mardi 1 décembre, 09:00 – 12:00" in the person's language, at the place's own time. */
export function slotLabel(start: string, end: string, timeZone: string): string {
  const locale = getLocale();
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(new Date(start));
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  return `${day}, ${time.format(new Date(start))} – ${time.format(new Date(end))}`;
}
