// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountsPanel } from '../../src/app/admin/AccountsPanel';
import { TERRITORY, renderWithServices, session, unlockedDb } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const OTHER = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f71';
const asRole = (role: 'coordinator' | 'admin') => ({ ...session, user: { ...session.user, role, territoryIds: [TERRITORY, OTHER] } });

describe('role and territories of a new account', () => {
  it('offers the staff roles but administration, the manager’s territories by name, and refuses an account with no territory', async () => {
    const db = unlockedDb();
    await db.records('territory').bulkPut([
      { id: TERRITORY, ...env, name: 'Est', timeZone: 'Indian/Reunion' },
      { id: OTHER, ...env, name: 'Ouest', timeZone: 'Indian/Reunion' },
    ]);
    renderWithServices(<AccountsPanel online={true} />, db, undefined, asRole('coordinator'));
    const role = screen.getByLabelText('Rôle') as HTMLSelectElement;
    expect(role.id).toBe('new-role');
    expect([...role.options].map((o) => o.textContent)).toEqual(['animatrice / animateur RPE', 'équipe Baby Bus', 'coordination']);
    const territories = screen.getByRole('group', { name: 'Territoires' });
    const east = (await within(territories).findByLabelText('Est')) as HTMLInputElement;
    const west = within(territories).getByLabelText('Ouest') as HTMLInputElement;
    expect(east).toMatchObject({ id: `new-territory-${TERRITORY}`, checked: true });
    expect(west.checked).toBe(false);

    fireEvent.input(screen.getByLabelText('Nom'), { target: { value: 'Lou' } });
    fireEvent.input(screen.getByLabelText('Adresse e-mail'), { target: { value: 'lou@test.fr' } });
    fireEvent.click(east);
    expect(east.checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Créer le compte' }));
    expect(await screen.findByText('Cochez au moins un territoire.')).toBeTruthy();
    // The form keeps what was typed: nothing was sent.
    expect((screen.getByLabelText('Nom') as HTMLInputElement).value).toBe('Lou');
  });

  it('offers administration to an administrator', () => {
    renderWithServices(<AccountsPanel online={false} />, undefined, undefined, asRole('admin'));
    const role = screen.getByLabelText('Rôle') as HTMLSelectElement;
    expect([...role.options].map((o) => o.value)).toEqual(['animator', 'bus_team', 'coordinator', 'admin']);
  });
});
