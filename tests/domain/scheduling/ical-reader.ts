// Reads our .ics back with ical.js, an independent RFC 5545 implementation, the way a calendar would.
import ICAL from 'ical.js';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

export interface ReadOccurrence {
  start: string;
  end: string;
  status: string | null;
  summary: string | null;
  /** Original start when an override (RECURRENCE-ID) replaced this occurrence. */
  recurrenceId?: string;
}

/** Parses a calendar and registers its VTIMEZONEs (only ours: the registry is emptied first). */
export function readCalendar(ics: string): Component {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar;
}

export function instant(time: Time): string {
  // Unregistered TZIDs would silently be read in the process zone.
  if (time.zone !== undefined && time.zone.tzid !== 'UTC' && !ICAL.TimezoneService.has(time.zone.tzid)) {
    throw new Error(`fuseau non déclaré : ${time.zone.tzid}`);
  }
  if (time.zone?.tzid === 'floating') throw new Error('heure flottante');
  return time.toJSDate().toISOString();
}

export function text(component: Component, name: string): string | null {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : null;
}

/** VEVENTs of one UID: the master and its overrides. */
export function eventsOf(calendar: Component, uid: string): Component[] {
  return calendar.getAllSubcomponents('vevent').filter((v) => text(v, 'uid') === uid);
}

/**
 * Occurrences of a UID starting in [fromMs, toMs), overrides applied, as ical.js expands them.
 * `slackDays`: how far an override may have moved an occurrence from its original date.
 */
export function occurrencesOf(calendar: Component, uid: string, fromMs: number, toMs: number, slackDays = 10): ReadOccurrence[] {
  const vevents = eventsOf(calendar, uid);
  const master = vevents.find((v) => !v.hasProperty('recurrence-id'));
  if (master === undefined) throw new Error(`pas d’événement ${uid}`);
  const event = new ICAL.Event(master);
  for (const exception of vevents.filter((v) => v.hasProperty('recurrence-id'))) event.relateException(exception);
  const found: ReadOccurrence[] = [];
  const stop = toMs + slackDays * 86_400_000;
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (Date.parse(instant(next)) >= stop) break;
    const details = event.getOccurrenceDetails(next);
    const start = instant(details.startDate);
    if (Date.parse(start) < fromMs || Date.parse(start) >= toMs) continue;
    const overridden = details.item !== event;
    found.push({
      start,
      end: instant(details.endDate),
      status: text(details.item.component, 'status'),
      summary: details.item.summary,
      ...(overridden ? { recurrenceId: instant(details.recurrenceId) } : {}),
    });
    if (!event.isRecurring()) break;
  }
  return found.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
