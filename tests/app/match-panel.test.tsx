// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { IntakeScreen } from '../../src/app/intake/IntakeScreen';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };

describe('matching a family to assistants maternels', () => {
  it('lists providers that can take the child, and a proposal opens the family file and links the request in one save', async () => {
    const { db } = renderWithServices(<IntakeScreen />);
    await db.records('commune').put({ id: crypto.randomUUID(), ...env, code: '42224', name: 'Saint-Genest-Malifaux', postcodes: [], lat: 45.34, lon: 4.42 });
    const am = (name: string, extra: Record<string, unknown>) => ({
      id: crypto.randomUUID(),
      ...env,
      kind: 'assistant_maternel' as const,
      communeCode: '42224',
      lat: 45.341,
      lon: 4.421,
      placesAvailable: 1,
      ageMinMonths: 0,
      ageMaxMonths: 48,
      ...extra,
      name,
    });
    const full = am('Nadia (complet)', { placesAvailable: 0 });
    const weekOnly = am('Odile', { openDays: ['mon', 'tue', 'thu'] });
    const allWeek = am('Paule', { openDays: ['mon', 'tue', 'wed', 'thu', 'fri'], opensAt: '07:30', closesAt: '18:30' });
    await db.records('directoryEntry').bulkPut([full, weekOnly, allWeek]);
    const request = {
      id: crypto.randomUUID(),
      ...env,
      phone: '06 98 76 54 32',
      childBirthDate: '2026-03-02',
      communeCode: '42224',
      needs: ['childcare' as const],
      status: 'received' as const,
      receiptCode: 'AB12CD34',
      consent: { textVersion: '2026-01', givenAt: '2026-05-01T10:00:00.000Z' },
    };
    await db.records('intakeRequest').put(request);

    fireEvent.click(await screen.findByRole('button', { name: 'Chercher un accueil pour la demande AB12CD34' }));
    fireEvent.change(screen.getByLabelText('Début souhaité'), { target: { value: '2026-09-01' } });
    const list = await screen.findByTestId('match-list');
    const names = within(list).getAllByRole('listitem').map((li) => li.querySelector('strong')?.textContent);
    // Paule covers Monday, Tuesday, Thursday and Friday; Odile misses Friday; Nadia has no place.
    expect(names).toEqual(['Paule', 'Odile']);
    expect(within(list).getAllByRole('listitem')[1]!.textContent).toContain('ne couvre pas le vendredi');

    fireEvent.click(screen.getByRole('button', { name: 'Proposer Paule à la famille' }));
    await screen.findByText('Proposition de Paule notée dans le dossier de la famille.');
    const families = await db.records('family').toArray();
    expect(families).toHaveLength(1);
    expect(families[0]).toMatchObject({
      guardians: [{ phone: '06 98 76 54 32' }],
      children: [{ birthDate: '2026-03-02' }],
      childcareProposals: [{ directoryEntryId: allWeek.id, entryName: 'Paule', startDate: '2026-09-01', status: 'proposed', proposedBy: session.user.id }],
    });
    expect((await db.records('intakeRequest').get(request.id))?.familyId).toBe(families[0]!.id);
    expect((await db.outbox.toArray()).map((o) => o.entity).sort()).toEqual(['family', 'intakeRequest']);
    await waitFor(() => expect(screen.getByText('Déjà proposé')).toBeTruthy());

    // A second proposal goes into the same file.
    fireEvent.click(screen.getByRole('button', { name: 'Proposer Odile à la famille' }));
    await waitFor(async () => expect((await db.records('family').toArray())[0]?.childcareProposals?.map((p) => p.entryName)).toEqual(['Paule', 'Odile']));
    expect(await db.records('family').count()).toBe(1);
  });
});
