/**
 * The next slot where a session or appointment could move without clashing: same length, in its
 * place's zone, during the day, after the slot it has now (and not in the past).
 */
import { addDays, toInstantMs, toZoned } from '../../domain/scheduling/zoned-time';
import { isFree, sharedResources } from './clashes';
import type { AgendaItem } from './planning-items';

export interface ProposedSlot {
  date: string;
  /** Local wall times "HH:MM" in the item's zone. */
  from: string;
  to: string;
  start: string;
  end: string;
}

const DAY_START = '08:00';
const DAY_END = '19:00';

export function nextFreeSlot(item: AgendaItem, others: readonly AgendaItem[], now: number, days = 21): ProposedSlot | undefined {
  const zone = item.timeZone;
  const length = Date.parse(item.end) - Date.parse(item.start);
  const own = toZoned(item.start, zone);
  const ownEnd = toZoned(item.end, zone).localTime;
  // A day-long bus day keeps its hours even when they are longer than a usual working day.
  const earliest = own.localTime < DAY_START ? own.localTime : DAY_START;
  const latest = ownEnd > DAY_END ? ownEnd : DAY_END;
  const after = Math.max(Date.parse(item.start), now);
  const candidates = new Set<number>();
  for (const o of others) {
    const end = Date.parse(o.end);
    if (o.holds && o.key !== item.key && end > after && sharedResources(item, o).length) candidates.add(end);
  }
  for (let d = 1; d <= days; d++) candidates.add(toInstantMs(addDays(own.localDate, d), own.localTime, zone));
  for (const c of [...candidates].sort((a, b) => a - b)) {
    if (c < after) continue;
    const from = toZoned(c, zone);
    const to = toZoned(c + length, zone);
    if (from.localDate !== to.localDate || from.localTime < earliest || to.localTime > latest) continue;
    const start = new Date(c).toISOString();
    const end = new Date(c + length).toISOString();
    if (isFree(item, start, end, others)) return { date: from.localDate, from: from.localTime, to: to.localTime, start, end };
  }
  return undefined;
}
