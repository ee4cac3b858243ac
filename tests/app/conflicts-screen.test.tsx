// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictsScreen } from '../../src/app/conflicts/ConflictsScreen';
import type { TourneeDB } from '../../src/app/db/database';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);

const ENTRY = '9d0c6a2e-1b3f-4c5d-8e7f-0a1b2c3d4e5f';
const OTHER_USER = '0b5d1d0e-1111-4aaa-8bbb-000000000002';
const at = '2026-11-20T09:15:00.000Z';
const env = { version: 3, updatedAt: at, deleted: false, territoryId: TERRITORY };

async function seed(db: TourneeDB) {
  await db.records('directoryEntry').put({ id: ENTRY, ...env, kind: 'mam', name: 'MAM Petits Pas', communeCode: '42224', notes: 'Ouverte le samedi' });
  await db.records('staffUser').put(session.user);
  await db.records('staffUser').put({ id: OTHER_USER, ...env, name: 'Bruno Martin', email: 'b@test.fr', role: 'animator', territoryIds: [TERRITORY], active: true });
  const conflict = (id: string, field: string, keptValue: unknown, otherValue: unknown) => ({
    id,
    ...env,
    version: 1,
    entity: 'directoryEntry',
    recordId: ENTRY,
    field,
    keptValue,
    keptBy: session.user.id,
    keptAt: at,
    otherValue,
    otherBy: OTHER_USER,
    otherAt: '2026-11-19T16:40:00.000Z',
    status: 'open' as const,
  });
  await db.records('conflictRecord').bulkPut([
    conflict('c0000000-0000-4000-8000-000000000001', 'name', 'MAM Petits Pas', 'MAM Les Petits Pas (Marlhes)'),
    conflict('c0000000-0000-4000-8000-000000000002', 'notes', 'Ouverte le samedi', 'Fermée en août'),
  ]);
}

describe('conflicts screen', () => {
  it('lists both values of each field with who and when, grouped under the record', async () => {
    const { db } = renderWithServices(<ConflictsScreen />);
    await seed(db);
    await waitFor(() => expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('Fiche annuaire « MAM Petits Pas »'));
    expect(screen.getByText('Nom')).toBeTruthy();
    expect(screen.getByText('Remarques')).toBeTruthy();
    expect(screen.getByText('MAM Les Petits Pas (Marlhes)')).toBeTruthy();
    expect(screen.getAllByText(/par Bruno Martin/)).toHaveLength(2);
    expect(screen.getAllByText(/par Alice/)).toHaveLength(2);
  });

  it('restoring the other value edits the record and resolves the conflict, both queued to sync', async () => {
    const { db } = renderWithServices(<ConflictsScreen />);
    await seed(db);
    const restore = await screen.findAllByRole('button', { name: 'Rétablir l’autre valeur' });
    fireEvent.click(restore[0]!);
    await waitFor(async () => expect((await db.records('directoryEntry').get(ENTRY))?.name).toBe('MAM Les Petits Pas (Marlhes)'));
    const c = await db.records('conflictRecord').get('c0000000-0000-4000-8000-000000000001');
    expect(c).toMatchObject({ status: 'resolved', resolution: 'restored', resolvedBy: session.user.id });
    const queued = await db.outbox.toArray();
    expect(queued.map((q) => q.entity).sort()).toEqual(['conflictRecord', 'directoryEntry']);
    await waitFor(() => expect(screen.queryByText('MAM Les Petits Pas (Marlhes)')).toBeNull());
  });

  it('keeping the current value changes only the conflict record', async () => {
    const { db } = renderWithServices(<ConflictsScreen />);
    await seed(db);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Garder la valeur actuelle' }))[0]!);
    await waitFor(async () => expect((await db.records('conflictRecord').get('c0000000-0000-4000-8000-000000000001'))?.resolution).toBe('kept'));
    expect((await db.records('directoryEntry').get(ENTRY))?.name).toBe('MAM Petits Pas');
    expect((await db.outbox.toArray()).map((q) => q.entity)).toEqual(['conflictRecord']);
  });

  it('combining lets the person write a value from both', async () => {
    const { db } = renderWithServices(<ConflictsScreen />);
    await seed(db);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Combiner les deux' }))[1]!);
    const box = screen.getByLabelText('Valeur combinée') as HTMLTextAreaElement;
    expect(box.value).toBe('Ouverte le samedi / Fermée en août');
    fireEvent.input(box, { target: { value: 'Ouverte le samedi, fermée en août' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(async () => expect((await db.records('directoryEntry').get(ENTRY))?.notes).toBe('Ouverte le samedi, fermée en août'));
    expect((await db.records('conflictRecord').get('c0000000-0000-4000-8000-000000000002'))?.resolution).toBe('combined');
  });
});
