import { MAX_APPOINTMENT_MINUTES } from '../../../domain/public/request';
import { sessionsBetween, type SessionView } from '../../../domain/scheduling/occurrences';
import type { RecordOf } from '../../../domain/registry';
import type { TourneeDB } from '../../db/database';

const WEEKS = 8;

/**
 * The times a parent can ask to meet someone: the coming permanences of the territory (from the
 * copy kept on the phone), not cancelled, short enough to be one appointment request.
 */
export async function upcomingPermanences(db: TourneeDB, territoryId: string, now = new Date()): Promise<SessionView[]> {
  const from = now.toISOString();
  const to = new Date(now.getTime() + WEEKS * 7 * 86_400_000).toISOString();
  const [series, records] = await Promise.all([
    db.records('scheduleSeries').where('territoryId').equals(territoryId).toArray(),
    db.records('scheduledSession').where('territoryId').equals(territoryId).toArray(),
  ]);
  return sessionsBetween(series, records, from, to).filter(
    (s) => s.kind === 'permanence' && s.status !== 'cancelled' && Date.parse(s.end) - Date.parse(s.start) <= MAX_APPOINTMENT_MINUTES * 60_000,
  );
}

export type Site = RecordOf<'site'>;
