// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { TourneeDB } from '../../src/app/db/database';
import { ScheduleScreen } from '../../src/app/schedule/ScheduleScreen';
import { addDays, startOfWeek, toInstant } from '../../src/domain/scheduling/zoned-time';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const PARIS = 'Europe/Paris';
const SITE = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f71';
const BOB = '0b5d1d0e-1111-4aaa-8bbb-000000000002';

/** Today: Alice's permanence in Marlhes and an appointment; tomorrow, Bob's temps collectif. */
async function day(db: TourneeDB): Promise<string> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS }).format(new Date());
  await db.records('territory').put({ id: TERRITORY, ...env, name: 'Pilat', timeZone: PARIS });
  await db.records('site').put({ id: SITE, ...env, name: 'Mairie de Marlhes', kind: 'mairie', communeCode: '42139', timeZone: PARIS });
  await db.records('staffUser').bulkPut([{ ...session.user }, { id: BOB, ...env, name: 'Bob', email: 'bob@test.fr', role: 'animator', territoryIds: [TERRITORY], active: true }]);
  const at = (date: string, time: string) => toInstant(date, time, PARIS);
  await db.records('scheduledSession').bulkPut([
    { id: crypto.randomUUID(), ...env, kind: 'permanence', siteId: SITE, start: at(today, '09:00'), end: at(today, '12:00'), timeZone: PARIS, staffIds: [session.user.id], status: 'planned' },
    { id: crypto.randomUUID(), ...env, kind: 'temps_collectif', siteId: SITE, start: at(addDays(today, 1), '09:30'), end: at(addDays(today, 1), '11:30'), timeZone: PARIS, staffIds: [BOB], status: 'planned' },
  ]);
  await db.records('appointment').put({ id: crypto.randomUUID(), ...env, kind: 'parent_employer', status: 'confirmed', start: at(today, '14:00'), end: at(today, '15:00'), timeZone: PARIS, siteId: SITE, staffId: session.user.id });
  return today;
}

describe('planning views', () => {
  it('the day agenda lists the day’s sessions and appointments with place and time', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const today = await day(db);
    fireEvent.click(screen.getByRole('button', { name: 'Jour' }));
    await screen.findByRole('heading', { name: 'Planning du jour', level: 1 });
    const items = await waitFor(() => {
      const found = within(screen.getByTestId(`day-${today}`)).getAllByRole('listitem');
      expect(found).toHaveLength(2);
      return found;
    });
    expect(items[0]!.textContent).toMatch(/09:00 – 12:00 · Permanence.*Mairie de Marlhes/);
    expect(items[1]!.textContent).toMatch(/14:00 – 15:00 · Rendez-vous parent employeur.*Confirmé.*Mairie de Marlhes/);
    // The next day, from the arrows.
    fireEvent.click(screen.getByRole('button', { name: 'Jour suivant' }));
    expect(within(await screen.findByTestId(`day-${addDays(today, 1)}`)).getByText(/09:30 – 11:30/)).toBeTruthy();
    expect(screen.queryByTestId(`day-${today}`)).toBeNull();
  });

  it('the month is a table of days with their counts; arrow keys move the focus, a tap opens the day', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    const today = await day(db);
    fireEvent.click(screen.getByRole('button', { name: 'Mois' }));
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Lun', 'Mar', 'Mer', 'Jeu', 'Ven', 'Sam', 'Dim']);
    const todayButton = await waitFor(() => {
      const b = table.querySelector<HTMLButtonElement>(`[data-date="${today}"]`)!;
      expect(b.textContent).toMatch(/: 2 séance\(s\) ou rendez-vous$/);
      return b;
    });
    expect(todayButton.tabIndex).toBe(0);
    expect(todayButton.getAttribute('aria-current')).toBe('date');
    todayButton.focus();
    fireEvent.keyDown(todayButton, { key: 'ArrowRight' });
    const tomorrow = addDays(today, 1);
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.date).toBe(tomorrow));
    const tomorrowButton = document.activeElement as HTMLButtonElement;
    expect(tomorrowButton.textContent).toMatch(/: 1 séance\(s\) ou rendez-vous$/);
    expect(screen.getByRole('table').querySelectorAll('button[tabindex="0"]')).toHaveLength(1);
    fireEvent.keyDown(tomorrowButton, { key: 'ArrowUp' });
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.date).toBe(addDays(today, -6)));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.date).toBe(tomorrow));
    fireEvent.click(document.activeElement!);
    await screen.findByRole('heading', { name: 'Planning du jour', level: 1 });
    expect((await screen.findByTestId(`day-${tomorrow}`)).textContent).toMatch(/09:30 – 11:30 · Temps collectif/);
    // The view chosen is kept for the next visit.
    expect(localStorage.getItem('tournee.planning.view')).toBe('day');
  });

  it('the team week shows every member of staff on one screen, in a row each', async () => {
    const coordinator = { ...session, user: { ...session.user, role: 'coordinator' as const } };
    const { TourneeDB } = await import('../../src/app/db/database');
    const { db } = renderWithServices(<ScheduleScreen />, new TourneeDB(`ui-${crypto.randomUUID()}`), new TourneeDB(`ui-p-${crypto.randomUUID()}`), coordinator);
    const today = await day(db);
    fireEvent.click(screen.getByRole('button', { name: 'Équipes' }));
    const table = await screen.findByRole('table', { name: 'La semaine de chaque membre de l’équipe' });
    const row = async (name: string) => (await within(table).findByRole('rowheader', { name })).closest('tr')!;
    const alice = await row('Alice');
    await waitFor(() => expect(alice.textContent).toContain('14:00 – 15:00'));
    expect(alice.textContent).toContain('09:00 – 12:00');
    expect(alice.textContent).not.toContain('09:30 – 11:30');
    // Bob's session is tomorrow: in his row, unless tomorrow is next week.
    if (startOfWeek(addDays(today, 1)) === startOfWeek(today)) {
      expect((await row('Bob')).textContent).toContain('09:30 – 11:30');
    }
    fireEvent.change(screen.getByLabelText('Regrouper par'), { target: { value: 'site' } });
    const bySite = await screen.findByRole('table', { name: 'La semaine de chaque lieu' });
    expect((await within(bySite).findByRole('rowheader', { name: 'Mairie de Marlhes' })).closest('tr')!.textContent).toContain('Alice');
  });

  it('“Télécharger mon planning” says so in French when nothing is in the person’s name', async () => {
    const { db } = renderWithServices(<ScheduleScreen />);
    await db.records('territory').put({ id: TERRITORY, ...env, name: 'Pilat', timeZone: PARIS });
    fireEvent.click(await screen.findByRole('button', { name: 'Télécharger mon planning (.ics)' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Rien à votre nom dans les 8 prochaines semaines : aucun fichier créé.');
  });
});
