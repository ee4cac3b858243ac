/**
 * Sessions as calendar events, for a file a phone imports or a feed a calendar subscribes to:
 * a series as one event with its rule, a session on its own (or one that overrides a series date)
 * as a single event. The wording of the summary is the caller's (the app's language, or French
 * on the server).
 */
import type { IcsEvent } from './ics';
import type { SessionView } from './occurrences';
import { toInstant } from './zoned-time';

export interface CalendarSite {
  name: string;
  address?: string | undefined;
}

export function sessionEvents(
  sessions: readonly SessionView[],
  sites: ReadonlyMap<string, CalendarSite>,
  kindLabel: (kind: SessionView['kind']) => string,
  options: { singles?: boolean } = {},
): IcsEvent[] {
  const summary = (kind: SessionView['kind'], site: CalendarSite | undefined) => (site ? `${kindLabel(kind)} — ${site.name}` : kindLabel(kind));
  const events: IcsEvent[] = [];
  // Series first, whole: a moved or cancelled date then overrides its occurrence by RECURRENCE-ID.
  // With `singles`, each session shown is its own event (one session added to an agenda).
  const series = new Map(options.singles ? [] : sessions.flatMap((s) => (s.series ? [[s.series.id, s] as const] : [])));
  for (const [id, s] of series) {
    const site = sites.get(s.series!.siteId);
    events.push({ kind: 'series', id, rule: s.series!.rule, summary: summary(s.series!.kind, site), ...(site?.address ? { location: site.address } : {}) });
  }
  for (const s of sessions) {
    const record = s.record;
    if (!record && !options.singles) continue;
    const site = sites.get(s.siteId);
    events.push({
      kind: 'single',
      id: record?.id ?? s.key,
      start: s.start,
      end: s.end,
      timeZone: s.timeZone,
      summary: summary(s.kind, site),
      ...(site?.address ? { location: site.address } : {}),
      ...(s.status === 'cancelled' ? { status: 'cancelled' as const } : {}),
      ...(record?.cancelReason ? { description: record.cancelReason } : {}),
      ...(!options.singles && s.series && s.occurrenceDate
        ? { overrides: { seriesId: s.series.id, originalStart: toInstant(s.occurrenceDate, s.series.rule.startTime, s.series.rule.timeZone) } }
        : {}),
    });
  }
  return events;
}
