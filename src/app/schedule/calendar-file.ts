import type { IcsEvent } from '../../domain/scheduling/ics';
import { toICalendar } from '../../domain/scheduling/ics';
import { toInstant } from '../../domain/scheduling/zoned-time';
import type { SessionView } from '../../domain/scheduling/occurrences';
import type { RecordOf } from '../../domain/registry';
import { t } from '../i18n';

type Site = RecordOf<'site'>;

function summary(kind: SessionView['kind'], site: Site | undefined): string {
  return site ? `${t(`sessionKind.${kind}`)} — ${site.name}` : t(`sessionKind.${kind}`);
}

/**
 * The sessions shown, as an iCalendar file a phone's calendar imports: a series as one event
 * with its rule, a session on its own (or one that overrides a series date) as a single event.
 */
export function sessionsCalendar(sessions: readonly SessionView[], sites: ReadonlyMap<string, Site>, calendarName: string, options: { singles?: boolean } = {}): string {
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
  return toICalendar(events, { calendarName });
}
