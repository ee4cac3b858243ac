// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ScheduleScreen } from '../../src/app/schedule/ScheduleScreen';
import type { TourneeDB } from '../../src/app/db/database';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const SITE = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';
const SERIES = '8b1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';

/** A territory in La Réunion with one bus stop served every day by a series; returns today's local date. */
async function dailyBus(db: TourneeDB, times: { startTime: string; endTime: string; capacity: number }): Promise<string> {
  await db.records('territory').put({ id: TERRITORY, ...env, name: 'Est', timeZone: 'Indian/Reunion' });
  await db.records('site').put({ id: SITE, ...env, name: 'Baby Bus – Salazie', kind: 'bus_stop', communeCode: '97421', timeZone: 'Indian/Reunion' });
  await db.records('scheduleSeries').put({
    id: SERIES,
    ...env,
    kind: 'bus_day',
    siteId: SITE,
    rule: { freq: 'weekly', interval: 1, byDay: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startDate: '2026-01-01', startTime: times.startTime, endTime: times.endTime, timeZone: 'Indian/Reunion', excludedDates: [], movedOccurrences: [], skipPublicHolidays: false, schoolHolidays: [] },
    staffIds: [session.user.id],
    capacity: times.capacity,
    active: true,
  });
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Indian/Reunion' }).format(new Date());
}

describe('week schedule', () => {
  it('shows a series’ occurrences in the site’s local time, and cancelling one stores a session record linked to the series, with its reason', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const today = await dailyBus(db, { startTime: '08:30', endTime: '16:00', capacity: 12 });
    const day = await screen.findByTestId(`day-${today}`);
    expect(within(day).getByText(/08:30 – 16:00/)).toBeTruthy();

    fireEvent.click(within(day).getByRole('button', { name: /Annuler la séance/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirmer l’annulation' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Indiquez une raison');
    expect(await db.records('scheduledSession').count()).toBe(0);
    fireEvent.input(screen.getByLabelText('Raison, dite aux familles'), { target: { value: 'Route du cirque fermée' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirmer l’annulation' }));
    await waitFor(async () => expect(await db.records('scheduledSession').count()).toBe(1));
    const [stored] = await db.records('scheduledSession').toArray();
    expect(stored).toMatchObject({ seriesId: SERIES, occurrenceDate: today, status: 'cancelled', cancelReason: 'Route du cirque fermée', siteId: SITE });
    expect(await db.outbox.count()).toBe(1);
    await screen.findByText('Annulée : Route du cirque fermée');
    // The computed occurrence is replaced, not shown twice.
    expect(within(await screen.findByTestId(`day-${today}`)).getAllByRole('listitem')).toHaveLength(1);
  });
});

describe('moving a session', () => {
  it('refuses an emptied date or times in French and stores nothing; a full slot moves it', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const today = await dailyBus(db, { startTime: '08:30', endTime: '16:00', capacity: 12 });
    const day = await screen.findByTestId(`day-${today}`);
    fireEvent.click(within(day).getByRole('button', { name: /^Déplacer/ }));
    fireEvent.input(screen.getByLabelText('Raison, dite aux familles'), { target: { value: 'Salle prise' } });
    fireEvent.input(screen.getByLabelText('Nouvelle date'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirmer le déplacement' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choisissez une date, une heure de début et une heure de fin.');
    expect(await db.records('scheduledSession').count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);

    fireEvent.input(screen.getByLabelText('Nouvelle date'), { target: { value: '2026-12-15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirmer le déplacement' }));
    await waitFor(async () => expect(await db.records('scheduledSession').count()).toBe(1));
    const [stored] = await db.records('scheduledSession').toArray();
    // 08:30 in La Réunion (UTC+4).
    expect(stored).toMatchObject({ status: 'planned', start: '2026-12-15T04:30:00.000Z', end: '2026-12-15T12:00:00.000Z', cancelReason: 'Salle prise' });
  });
});

describe('recurring schedules', () => {
  const coordinator = { ...session, user: { ...session.user, role: 'coordinator' as const } };

  it('a coordinator defines a series; wrong times are refused in French and nothing is stored', async () => {
    const { TourneeDB } = await import('../../src/app/db/database');
    const { db } = renderWithServices(<ScheduleScreen />, new TourneeDB(`ui-${crypto.randomUUID()}`), new TourneeDB(`ui-p-${crypto.randomUUID()}`), coordinator);
    await db.records('territory').put({ id: TERRITORY, ...env, name: 'Pilat', timeZone: 'Europe/Paris' });
    await db.records('site').put({ id: SITE, ...env, name: 'Mairie de Marlhes', kind: 'mairie', communeCode: '42139', timeZone: 'Europe/Paris' });
    fireEvent.click(await screen.findByRole('button', { name: 'Nouvelle séance régulière' }));
    await screen.findByRole('option', { name: 'Mairie de Marlhes' });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    fireEvent.input(screen.getByLabelText('À partir du'), { target: { value: today } });
    for (const d of ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche']) {
      const box = screen.getByRole('checkbox', { name: d }) as HTMLInputElement;
      if (!box.checked) fireEvent.click(box);
    }
    fireEvent.input(screen.getByLabelText('De'), { target: { value: '12:00' } });
    fireEvent.input(screen.getByLabelText('À'), { target: { value: '09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect((await screen.findByRole('alert')).textContent).toContain('l’heure de fin doit suivre l’heure de début');
    expect(await db.records('scheduleSeries').count()).toBe(0);

    fireEvent.input(screen.getByLabelText('À'), { target: { value: '15:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(async () => expect(await db.records('scheduleSeries').count()).toBe(1));
    const [series] = await db.records('scheduleSeries').toArray();
    expect(series?.rule).toMatchObject({ freq: 'weekly', interval: 1, startDate: today, startTime: '12:00', endTime: '15:30', timeZone: 'Europe/Paris' });
    expect(await db.outbox.count()).toBe(1);
    // Its sessions show in the week at once, from the device alone.
    const day = await screen.findByTestId(`day-${today}`);
    expect(within(day).getByText(/12:00 – 15:30/)).toBeTruthy();
  });
  it('a Baby Bus series names its vehicle, so two buses on the same day are not taken for one', async () => {
    const { TourneeDB } = await import('../../src/app/db/database');
    const { db } = renderWithServices(<ScheduleScreen />, new TourneeDB(`ui-${crypto.randomUUID()}`), new TourneeDB(`ui-p-${crypto.randomUUID()}`), coordinator);
    await db.records('territory').put({ id: TERRITORY, ...env, name: 'Est', timeZone: 'Indian/Reunion' });
    await db.records('site').put({ id: SITE, ...env, name: 'Baby Bus – Salazie', kind: 'bus_stop', communeCode: '97421', timeZone: 'Indian/Reunion' });
    fireEvent.click(await screen.findByRole('button', { name: 'Nouvelle séance régulière' }));
    await screen.findByRole('option', { name: 'Baby Bus – Salazie' });
    expect(screen.queryByLabelText('Véhicule (facultatif)')).toBeNull();
    fireEvent.change(screen.getByLabelText('Type de séance'), { target: { value: 'bus_day' } });
    fireEvent.input(await screen.findByLabelText('Véhicule (facultatif)'), { target: { value: 'Bus 2' } });
    fireEvent.input(screen.getByLabelText('À partir du'), { target: { value: '2027-01-04' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(async () => expect(await db.records('scheduleSeries').count()).toBe(1));
    expect((await db.records('scheduleSeries').toArray())[0]).toMatchObject({ kind: 'bus_day', vehicle: 'Bus 2' });
  });
});

describe('Baby Bus day', () => {
  it('checks children in and out in one tap each, as append-only events, and counts them against the places', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const today = await dailyBus(db, { startTime: '00:00', endTime: '23:59', capacity: 1 });
    const family = { id: crypto.randomUUID(), ...env, guardians: [], needs: ['childcare' as const], children: [
      { id: crypto.randomUUID(), firstName: 'Léo', birthDate: '2025-01-10' },
      { id: crypto.randomUUID(), firstName: 'Inès', birthDate: '2024-06-02' },
    ] };
    await db.records('family').put(family);
    for (const child of family.children) {
      await db.records('busEnrollment').put({ id: crypto.randomUUID(), ...env, childId: child.id, familyId: family.id, siteId: SITE, from: '2026-01-01', to: '2027-12-31', hoursPerMonth: 40, days: ['mon'] });
    }
    const day = await screen.findByTestId(`day-${today}`);
    fireEvent.click(within(day).getByRole('button', { name: /Journée : arrivées et départs/ }));
    expect((await screen.findByTestId('busday-count')).textContent).toContain('0 enfant(s) présent(s) pour 1 places.');
    fireEvent.click(await screen.findByRole('button', { name: 'Arrivée Léo' }));
    await waitFor(() => expect(screen.getByTestId('busday-count').textContent).toContain('1 enfant(s) présent(s) pour 1 places. Complet'));
    // Full: no more arrivals; Léo can leave.
    expect((screen.getByRole('button', { name: 'Arrivée Inès' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Départ Léo' }));
    await waitFor(() => expect(screen.getByTestId('busday-count').textContent).toContain('0 enfant(s)'));
    const events = await db.records('attendanceEvent').toArray();
    expect(events.map((e) => e.type).sort()).toEqual(['check_in', 'check_out']);
    const [record] = await db.records('scheduledSession').toArray();
    expect(events.every((e) => e.sessionId === record?.id && e.childId === family.children[0]!.id)).toBe(true);
    expect(record).toMatchObject({ seriesId: SERIES, occurrenceDate: today, status: 'planned' });
  });
});
