// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { TourneeDB } from '../../src/app/db/database';
import { findClashes } from '../../src/app/schedule/clashes';
import { nextFreeSlot } from '../../src/app/schedule/free-slot';
import { appointmentItem, sessionItem } from '../../src/app/schedule/planning-items';
import { ScheduleScreen } from '../../src/app/schedule/ScheduleScreen';
import type { RecordOf } from '../../src/domain/registry';
import { sessionsBetween } from '../../src/domain/scheduling/occurrences';
import { addDays, toInstant } from '../../src/domain/scheduling/zoned-time';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const PARIS = 'Europe/Paris';
const SALLE_A = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f71';
const SALLE_B = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f72';
const ALICE = session.user.id;
const BOB = '0b5d1d0e-1111-4aaa-8bbb-000000000002';

type Session = RecordOf<'scheduledSession'>;
type Appointment = RecordOf<'appointment'>;

function sessionAt(id: string, siteId: string, date: string, from: string, to: string, staffIds: string[], extra: Partial<Session> = {}): Session {
  return { id, ...env, kind: 'temps_collectif', siteId, start: toInstant(date, from, PARIS), end: toInstant(date, to, PARIS), timeZone: PARIS, staffIds, status: 'planned', ...extra };
}
function appointmentAt(id: string, date: string, from: string, to: string, extra: Partial<Appointment> = {}): Appointment {
  return { id, ...env, kind: 'parenting_support', status: 'confirmed', start: toInstant(date, from, PARIS), end: toInstant(date, to, PARIS), timeZone: PARIS, staffId: ALICE, ...extra };
}

/** Pilat (Paris) with two halls, Alice (signed in) and Bob; returns tomorrow's local date. */
async function pilat(db: TourneeDB): Promise<string> {
  await db.records('territory').put({ id: TERRITORY, ...env, name: 'Pilat', timeZone: PARIS });
  await db.records('site').bulkPut([
    { id: SALLE_A, ...env, name: 'Salle A', kind: 'salle_communale', communeCode: '42139', timeZone: PARIS },
    { id: SALLE_B, ...env, name: 'Salle B', kind: 'salle_communale', communeCode: '42139', timeZone: PARIS },
  ]);
  await db.records('staffUser').bulkPut([
    { ...session.user },
    { id: BOB, ...env, name: 'Bob', email: 'bob@test.fr', role: 'animator', territoryIds: [TERRITORY], active: true },
  ]);
  return addDays(new Intl.DateTimeFormat('en-CA', { timeZone: PARIS }).format(new Date()), 1);
}

const A_ID = '9c1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f01';
const B_ID = '9c1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f02';

/** Alice in Salle A 09:00–12:00 and in Salle B 10:00–11:00 tomorrow. */
async function aliceTwice(db: TourneeDB) {
  const tomorrow = await pilat(db);
  await db.records('scheduledSession').bulkPut([sessionAt(A_ID, SALLE_A, tomorrow, '09:00', '12:00', [ALICE]), sessionAt(B_ID, SALLE_B, tomorrow, '10:00', '11:00', [ALICE])]);
  const panel = await screen.findByTestId('clashes');
  return { tomorrow, panel };
}

describe('double bookings on the planning', () => {
  it('explains a person booked in two places and moves one to the next free slot, through the outbox', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const { tomorrow, panel } = await aliceTwice(db);
    expect(panel.textContent).toContain('Alice est prévu(e) à deux endroits en même temps.');
    expect(panel.textContent).toContain('se chevauchent');
    fireEvent.click(within(panel).getByRole('button', { name: /^Déplacer Temps collectif à Salle B/ }));
    // Salle A ends at 12:00: the hour after is the first free one.
    expect((await within(panel).findByRole('status')).textContent).toContain('12:00 – 13:00');
    expect((within(panel).getByLabelText('De') as HTMLInputElement).value).toBe('12:00');
    fireEvent.click(within(panel).getByRole('button', { name: 'Déplacer sur ce créneau' }));
    expect((await within(panel).findByRole('alert')).textContent).toContain('Indiquez une raison');
    // A slot still taken is refused.
    fireEvent.input(within(panel).getByLabelText('De'), { target: { value: '11:30' } });
    fireEvent.input(within(panel).getByLabelText('À'), { target: { value: '12:30' } });
    fireEvent.input(within(panel).getByLabelText('Raison, dite aux familles'), { target: { value: 'Salle B prise le matin' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Déplacer sur ce créneau' }));
    await waitFor(() => expect(within(panel).getByRole('alert').textContent).toContain('Ce créneau est pris lui aussi'));
    expect((await db.records('scheduledSession').get(B_ID))?.start).toBe(toInstant(tomorrow, '10:00', PARIS));
    fireEvent.input(within(panel).getByLabelText('De'), { target: { value: '12:00' } });
    fireEvent.input(within(panel).getByLabelText('À'), { target: { value: '13:00' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Déplacer sur ce créneau' }));
    await waitFor(() => expect(screen.queryByTestId('clashes')).toBeNull());
    expect(await db.records('scheduledSession').get(B_ID)).toMatchObject({ start: toInstant(tomorrow, '12:00', PARIS), end: toInstant(tomorrow, '13:00', PARIS), cancelReason: 'Salle B prise le matin', status: 'planned' });
    expect(await db.outbox.count()).toBe(1);
  });

  it('gives one of the two to a colleague free at that time', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const { panel } = await aliceTwice(db);
    fireEvent.click(within(panel).getByRole('button', { name: /^Confier à quelqu’un d’autre Temps collectif à Salle A/ }));
    expect(((await within(panel).findByLabelText('Confier à')) as HTMLSelectElement).value).toBe(BOB);
    fireEvent.click(within(panel).getByRole('button', { name: 'Confier' }));
    await waitFor(() => expect(screen.queryByTestId('clashes')).toBeNull());
    expect((await db.records('scheduledSession').get(A_ID))?.staffIds).toEqual([BOB]);
    expect((await db.outbox.toArray()).map((e) => e.changes)).toEqual([{ staffIds: [BOB] }]);
  });

  it('cancels one with a reason; nothing changes without one', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const { panel } = await aliceTwice(db);
    fireEvent.click(within(panel).getByRole('button', { name: /^Annuler Temps collectif à Salle B/ }));
    fireEvent.click(await within(panel).findByRole('button', { name: 'Confirmer l’annulation' }));
    expect((await within(panel).findByRole('alert')).textContent).toContain('Indiquez une raison');
    expect(await db.outbox.count()).toBe(0);
    fireEvent.input(within(panel).getByLabelText('Raison, dite aux familles'), { target: { value: 'Doublon' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Confirmer l’annulation' }));
    await waitFor(() => expect(screen.queryByTestId('clashes')).toBeNull());
    expect(await db.records('scheduledSession').get(B_ID)).toMatchObject({ status: 'cancelled', cancelReason: 'Doublon' });
  });

  it('shows the server’s notice on an appointment booked twice offline, and moving it clears the notice', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const tomorrow = await pilat(db);
    const kept = appointmentAt('9d1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f01', tomorrow, '14:00', '15:00', { siteId: SALLE_A });
    const flagged = appointmentAt('9d1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f02', tomorrow, '14:00', '15:00', {
      siteId: SALLE_A,
      status: 'to_reschedule',
      notice: { reason: 'double_booking', conflictWith: kept.id, detectedAt: '2026-01-01T00:00:00.000Z' },
    });
    await db.records('appointment').bulkPut([kept, flagged]);
    const panel = await screen.findByTestId('clashes');
    expect(panel.textContent).toContain('Deux appareils ont réservé Alice sur le même créneau pendant qu’ils étaient hors connexion.');
    expect(panel.textContent).toContain('Le serveur a gardé : Rendez-vous d’accompagnement à Salle A');
    // Only the one set aside has fixes; it is not counted twice as a local clash.
    expect(within(panel).getAllByRole('button', { name: /^Déplacer/ })).toHaveLength(1);
    fireEvent.click(within(panel).getByRole('button', { name: /^Déplacer/ }));
    expect((await within(panel).findByRole('status')).textContent).toContain('15:00 – 16:00');
    fireEvent.input(within(panel).getByLabelText('Raison, dite aux familles'), { target: { value: 'Créneau déjà pris' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Déplacer sur ce créneau' }));
    await waitFor(() => expect(screen.queryByTestId('clashes')).toBeNull());
    const stored = await db.records('appointment').get(flagged.id);
    expect(stored).toMatchObject({ status: 'proposed', start: toInstant(tomorrow, '15:00', PARIS), notes: 'Déplacé : Créneau déjà pris' });
    expect(stored?.notice).toBeUndefined();
    const [queued] = await db.outbox.toArray();
    // The server clears its notice too: null in a change removes the field.
    expect(queued?.changes).toMatchObject({ status: 'proposed', notice: null });
  });
});

describe('what counts as a double booking', () => {
  const day = '2026-12-01';
  const series = (id: string, siteId: string, vehicle?: string): RecordOf<'scheduleSeries'> => ({
    id,
    ...env,
    kind: 'bus_day',
    siteId,
    rule: { freq: 'weekly', interval: 1, byDay: ['tue'], startDate: day, startTime: '08:30', endTime: '16:00', timeZone: PARIS, excludedDates: [], movedOccurrences: [], skipPublicHolidays: false, schoolHolidays: [] },
    staffIds: [],
    ...(vehicle ? { vehicle } : {}),
    active: true,
  });
  const week = (list: RecordOf<'scheduleSeries'>[]) => sessionsBetween(list, [], toInstant(day, '00:00', PARIS), toInstant(addDays(day, 1), '00:00', PARIS)).map(sessionItem);

  it('one bus at two stops; two named buses do not clash', () => {
    const one = findClashes(week([series('a0000000-0000-4000-8000-000000000001', SALLE_A), series('a0000000-0000-4000-8000-000000000002', SALLE_B)]));
    expect(one.map((c) => c.resources)).toEqual([[{ kind: 'bus', id: '' }]]);
    expect(findClashes(week([series('a0000000-0000-4000-8000-000000000001', SALLE_A, 'Bus 1'), series('a0000000-0000-4000-8000-000000000002', SALLE_B, 'Bus 2')]))).toEqual([]);
  });

  const one = (s: Session) => sessionItem(sessionsBetween([], [s], toInstant(day, '00:00', PARIS), toInstant(day, '23:00', PARIS))[0]!);

  it('a hall booked twice; an appointment during one’s own permanence at the same place is not a clash', () => {
    const hall = findClashes([one(sessionAt(A_ID, SALLE_A, day, '09:00', '12:00', [ALICE])), one(sessionAt(B_ID, SALLE_A, day, '11:00', '13:00', [BOB]))]);
    expect(hall.map((c) => c.resources)).toEqual([[{ kind: 'site', id: SALLE_A }]]);
    const permanence = one(sessionAt(A_ID, SALLE_A, day, '09:00', '12:00', [ALICE], { kind: 'permanence' }));
    const here = appointmentAt('9d1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f03', day, '10:00', '11:00', { siteId: SALLE_A });
    const elsewhere = appointmentAt('9d1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f04', day, '10:00', '11:00', { siteId: SALLE_B });
    expect(findClashes([permanence, appointmentItem(here)])).toEqual([]);
    expect(findClashes([permanence, appointmentItem(elsewhere)]).map((c) => c.resources)).toEqual([[{ kind: 'staff', id: ALICE }]]);
    // A cancelled appointment holds nothing.
    expect(findClashes([permanence, appointmentItem({ ...elsewhere, status: 'cancelled' })])).toEqual([]);
  });

  it('the next free slot keeps the length and the hours of the day, in the place’s zone', () => {
    const long = one(sessionAt(A_ID, SALLE_A, day, '09:00', '17:00', [ALICE]));
    const short = one(sessionAt(B_ID, SALLE_B, day, '10:00', '13:00', [ALICE]));
    // After 17:00 three hours would end past 19:00: the same time the next day.
    expect(nextFreeSlot(short, [long, short], Date.parse('2026-01-01T00:00:00Z'))).toMatchObject({ date: '2026-12-02', from: '10:00', to: '13:00' });
    // Never in the past.
    expect(nextFreeSlot(short, [long, short], Date.parse(toInstant('2026-12-05', '12:00', PARIS)))?.date).toBe('2026-12-06');
  });
});
