/**
 * Conflicts of meaning that a field-level merge cannot see: two bookings of one person for the
 * same time, more children at once than a bus day can take. Pure, used by the server after each
 * push and by tests.
 */

export interface Booking {
  id: string;
  start: string;
  end: string;
  status: string;
  staffId?: string | undefined;
  deleted?: boolean | undefined;
}

/** Statuses in which a booking holds its slot. */
const holding = new Set(['requested', 'proposed', 'confirmed']);

export function holdsSlot(b: Booking): boolean {
  return b.deleted !== true && holding.has(b.status);
}

function overlaps(a: Booking, b: Booking): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/**
 * The booking that `candidate` collides with for the same staff member, if any. The candidate is
 * the one that reached the server last: it is the one to reschedule, the other stays confirmed.
 */
export function doubleBookingOf(candidate: Booking, others: readonly Booking[]): Booking | undefined {
  if (!holdsSlot(candidate) || candidate.staffId === undefined) return undefined;
  return others.find((o) => o.id !== candidate.id && o.staffId === candidate.staffId && holdsSlot(o) && overlaps(candidate, o));
}

export interface PresenceEvent {
  childId: string;
  type: 'check_in' | 'check_out';
  at: string;
  deleted?: boolean | undefined;
}

/**
 * Largest number of children present at the same time, from check-in/check-out events merged
 * from several devices (in any order; a check-out at the same instant as a check-in frees the
 * place first; repeated check-ins of a present child count once).
 */
export function peakPresence(events: readonly PresenceEvent[]): number {
  const sorted = events
    .filter((e) => e.deleted !== true)
    .slice()
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.type === b.type ? 0 : a.type === 'check_out' ? -1 : 1));
  const present = new Set<string>();
  let peak = 0;
  for (const e of sorted) {
    if (e.type === 'check_in') present.add(e.childId);
    else present.delete(e.childId);
    peak = Math.max(peak, present.size);
  }
  return peak;
}

/** Places of a Baby Bus micro-crèche when a session does not say otherwise. */
export const BUS_DAY_CAPACITY = 12;
