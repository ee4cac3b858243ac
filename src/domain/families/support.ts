/** Counting the CAF individual parenting-support sessions of a family. */
import { SUPPORT_SESSIONS_PER_YEAR } from '../entities/support-note';
import type { RecordOf } from '../registry';

export { SUPPORT_SESSIONS_PER_YEAR };

/** Live sessions of the calendar year (by the session's date). */
export function supportSessionsInYear(notes: readonly Pick<RecordOf<'supportNote'>, 'deleted' | 'date'>[], year: number): number {
  const prefix = `${year}-`;
  return notes.filter((n) => !n.deleted && n.date.startsWith(prefix)).length;
}

/** `over` past the 5 sessions of the offer, `full` when all are used, else undefined. */
export function supportAllowance(count: number): 'over' | 'full' | undefined {
  if (count > SUPPORT_SESSIONS_PER_YEAR) return 'over';
  if (count === SUPPORT_SESSIONS_PER_YEAR) return 'full';
  return undefined;
}
