/**
 * Double bookings seen on this device: one person, one place or one bus held twice at the same
 * time, by sessions or appointments made on any device once they have synced. The server flags
 * appointments booked twice offline (scheduling notice); this also finds what it does not check
 * (sessions, places, buses) and what has not reached it yet.
 */
import type { AgendaItem } from './planning-items';

export type ResourceKind = 'staff' | 'site' | 'bus';
export interface Resource {
  kind: ResourceKind;
  /** Staff id, site id, or the bus name ('' for the territory's only bus). */
  id: string;
}

export interface Clash {
  id: string;
  a: AgendaItem;
  b: AgendaItem;
  resources: Resource[];
}

function overlaps(a: Pick<AgendaItem, 'start' | 'end'>, b: Pick<AgendaItem, 'start' | 'end'>): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/**
 * What two items would both take up, whatever their times. An appointment held at the site of a
 * session by the staff of that session is not a clash: permanences are where appointments happen.
 */
export function sharedResources(a: AgendaItem, b: AgendaItem): Resource[] {
  const mixed = a.type !== b.type;
  const sameSite = a.siteId !== undefined && a.siteId === b.siteId;
  if (mixed && sameSite) return [];
  const out: Resource[] = a.staffIds.filter((id) => b.staffIds.includes(id)).map((id) => ({ kind: 'staff', id }));
  if (a.type === 'session' && b.type === 'session' && sameSite) out.push({ kind: 'site', id: a.siteId! });
  if (a.bus !== undefined && a.bus === b.bus) out.push({ kind: 'bus', id: a.bus });
  return out;
}

/** Every pair of items holding their slot that overlap in time and share a person, a place or a bus. */
export function findClashes(items: readonly AgendaItem[]): Clash[] {
  const sorted = items.filter((i) => i.holds).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const out: Clash[] = [];
  const open: AgendaItem[] = [];
  for (const item of sorted) {
    const startMs = Date.parse(item.start);
    // Items that ended by this start cannot overlap it nor anything after it.
    for (let i = open.length - 1; i >= 0; i--) if (Date.parse(open[i]!.end) <= startMs) open.splice(i, 1);
    for (const other of open) {
      if (!overlaps(item, other)) continue;
      const resources = sharedResources(other, item);
      if (resources.length) out.push({ id: `${other.key}|${item.key}`, a: other, b: item, resources });
    }
    open.push(item);
  }
  return out;
}

/** Whether `item` placed at [start, end) would clash with any of `others` (itself left out). */
export function isFree(item: AgendaItem, start: string, end: string, others: readonly AgendaItem[]): boolean {
  return !others.some((o) => o.holds && o.key !== item.key && overlaps({ start, end }, o) && sharedResources(item, o).length > 0);
}

/** Whether a member of staff could take `item` over: nothing of theirs overlaps it (but an appointment at the same place as a session). */
export function staffFree(staffId: string, item: AgendaItem, others: readonly AgendaItem[]): boolean {
  const asTheirs: AgendaItem = { ...item, staffIds: [staffId], bus: undefined };
  return !others.some((o) => o.holds && o.key !== item.key && overlaps(item, o) && sharedResources(asTheirs, o).some((r) => r.kind === 'staff'));
}
