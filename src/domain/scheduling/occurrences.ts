/**
 * The sessions of a period as people see them: occurrences computed from recurring series, and
 * session records (single sessions, and occurrences that something happened to: logged, moved,
 * cancelled). A record linked to a series occurrence replaces the computed one.
 */
import type { RecordOf } from '../registry';
import { expand } from './recurrence';

type Series = RecordOf<'scheduleSeries'>;
type Session = RecordOf<'scheduledSession'>;

export interface SessionView {
  /** The record id, or `series:<seriesId>:<date>` for an occurrence not stored yet. */
  key: string;
  record?: Session;
  series?: Series;
  kind: Session['kind'];
  siteId: string;
  start: string;
  end: string;
  timeZone: string;
  staffIds: readonly string[];
  capacity?: number | undefined;
  status: Session['status'];
  occurrenceDate?: string | undefined;
}

export function occurrenceKey(seriesId: string, localDate: string): string {
  return `series:${seriesId}:${localDate}`;
}

/** Sessions starting in [from, to), by start time; cancelled ones included (the screen shows them struck out). */
export function sessionsBetween(series: readonly Series[], records: readonly Session[], from: string, to: string): SessionView[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const live = records.filter((r) => !r.deleted);
  const stored = new Set(live.flatMap((r) => (r.seriesId && r.occurrenceDate ? [occurrenceKey(r.seriesId, r.occurrenceDate)] : [])));
  const out: SessionView[] = [];
  for (const s of series) {
    if (s.deleted || !s.active) continue;
    for (const o of expand(s.rule, from, to)) {
      const date = o.movedFrom ?? o.localDate;
      if (stored.has(occurrenceKey(s.id, date))) continue;
      out.push({
        key: occurrenceKey(s.id, date),
        series: s,
        kind: s.kind,
        siteId: s.siteId,
        start: o.start,
        end: o.end,
        timeZone: s.rule.timeZone,
        staffIds: s.staffIds,
        capacity: s.capacity,
        status: 'planned',
        occurrenceDate: date,
      });
    }
  }
  for (const r of live) {
    const ms = Date.parse(r.start);
    if (ms < fromMs || ms >= toMs) continue;
    out.push({
      key: r.id,
      record: r,
      series: r.seriesId ? series.find((s) => s.id === r.seriesId) : undefined,
      kind: r.kind,
      siteId: r.siteId,
      start: r.start,
      end: r.end,
      timeZone: r.timeZone,
      staffIds: r.staffIds,
      capacity: r.capacity,
      status: r.status,
      occurrenceDate: r.occurrenceDate,
    });
  }
  return out.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.key.localeCompare(b.key));
}
