import { toICalendar } from '../../domain/scheduling/ics';
import type { SessionView } from '../../domain/scheduling/occurrences';
import { sessionEvents } from '../../domain/scheduling/session-calendar';
import type { RecordOf } from '../../domain/registry';
import { t } from '../i18n';

type Site = RecordOf<'site'>;

/**
 * The sessions shown, as an iCalendar file a phone's calendar imports: a series as one event
 * with its rule, a session on its own (or one that overrides a series date) as a single event.
 */
export function sessionsCalendar(sessions: readonly SessionView[], sites: ReadonlyMap<string, Site>, calendarName: string, options: { singles?: boolean } = {}): string {
  return toICalendar(sessionEvents(sessions, sites, (kind) => t(`sessionKind.${kind}`), options), { calendarName });
}
