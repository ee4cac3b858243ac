import { describe, expect, it } from 'vitest';
import { doubleBookingOf, holdsSlot, peakPresence, type Booking, type PresenceEvent } from '../../src/domain/scheduling/domain-conflicts';

const b = (id: string, start: string, end: string, extra: Partial<Booking> = {}): Booking => ({
  id,
  start: `2026-12-07T${start}:00.000Z`,
  end: `2026-12-07T${end}:00.000Z`,
  status: 'confirmed',
  staffId: 'staff-1',
  ...extra,
});

describe('double booking', () => {
  // candidate | others | expected clash id
  const rows: [string, Booking, Booking[], string | undefined][] = [
    ['same slot, same person', b('new', '09:00', '10:00'), [b('old', '09:00', '10:00')], 'old'],
    ['partial overlap', b('new', '09:30', '10:30'), [b('old', '09:00', '10:00')], 'old'],
    ['back to back is fine', b('new', '10:00', '11:00'), [b('old', '09:00', '10:00')], undefined],
    ['another person', b('new', '09:00', '10:00', { staffId: 'staff-2' }), [b('old', '09:00', '10:00')], undefined],
    ['other was cancelled', b('new', '09:00', '10:00'), [b('old', '09:00', '10:00', { status: 'cancelled' })], undefined],
    ['other already to reschedule', b('new', '09:00', '10:00'), [b('old', '09:00', '10:00', { status: 'to_reschedule' })], undefined],
    ['other deleted', b('new', '09:00', '10:00'), [b('old', '09:00', '10:00', { deleted: true })], undefined],
    ['candidate itself cancelled', b('new', '09:00', '10:00', { status: 'cancelled' }), [b('old', '09:00', '10:00')], undefined],
    ['no staff on candidate', b('new', '09:00', '10:00', { staffId: undefined }), [b('old', '09:00', '10:00')], undefined],
    ['itself is not a clash', b('same', '09:00', '10:00'), [b('same', '09:00', '10:00')], undefined],
    ['a proposed slot is held too', b('new', '09:00', '10:00'), [b('old', '09:15', '09:45', { status: 'proposed' })], 'old'],
  ];
  it.each(rows)('%s', (_name, candidate, others, expected) => {
    expect(doubleBookingOf(candidate, others)?.id).toBe(expected);
  });

  it('only requested, proposed and confirmed bookings hold a slot', () => {
    expect(['requested', 'proposed', 'confirmed', 'to_reschedule', 'cancelled', 'done'].filter((s) => holdsSlot(b('x', '09:00', '10:00', { status: s })))).toEqual([
      'requested',
      'proposed',
      'confirmed',
    ]);
  });
});

describe('peak presence of a bus day', () => {
  const ev = (childId: string, type: PresenceEvent['type'], hhmm: string, deleted = false): PresenceEvent => ({ childId, type, at: `2026-12-07T${hhmm}:00.000Z`, deleted });

  it('counts children present at the same time, whatever the order events arrive in', () => {
    const events = [ev('a', 'check_in', '08:30'), ev('b', 'check_in', '08:40'), ev('a', 'check_out', '11:00'), ev('c', 'check_in', '10:00'), ev('d', 'check_in', '11:30')];
    expect(peakPresence(events)).toBe(3);
    expect(peakPresence([...events].reverse())).toBe(3);
  });

  it('a check-out at the same instant as a check-in frees the place first', () => {
    expect(peakPresence([ev('a', 'check_in', '08:30'), ev('b', 'check_in', '12:00'), ev('a', 'check_out', '12:00')])).toBe(1);
  });

  it('the same check-in recorded on two devices counts once; deleted events do not count', () => {
    expect(peakPresence([ev('a', 'check_in', '08:30'), ev('a', 'check_in', '08:31'), ev('b', 'check_in', '09:00', true)])).toBe(1);
  });
});
