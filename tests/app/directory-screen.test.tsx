// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryScreen } from '../../src/app/directory/DirectoryScreen';
import { TERRITORY, renderWithServices } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };

describe('directory screen', () => {
  it('finds entries whatever the accents and case, and draws a large directory a page at a time', async () => {
    const { db } = renderWithServices(<DirectoryScreen />);
    await db.records('commune').put({ id: crypto.randomUUID(), ...env, code: '42224', name: 'Saint-Genest-Malifaux', postcodes: ['42660'], lat: 45.34, lon: 4.42 });
    await db.records('directoryEntry').bulkPut([
      ...Array.from({ length: 129 }, (_, i) => ({ id: crypto.randomUUID(), ...env, kind: 'assistant_maternel' as const, name: `Assistante ${String(i).padStart(3, '0')}`, communeCode: '42224' })),
      { id: crypto.randomUUID(), ...env, kind: 'eaje' as const, name: 'Crèche Les Mésanges', communeCode: '42224' },
    ]);
    await screen.findByText('130 fiche(s)');
    expect(screen.getByTestId('directory-list').children).toHaveLength(60);
    fireEvent.click(screen.getByRole('button', { name: 'Afficher 60 fiche(s) de plus' }));
    await waitFor(() => expect(screen.getByTestId('directory-list').children).toHaveLength(120));
    fireEvent.click(screen.getByRole('button', { name: 'Afficher 10 fiche(s) de plus' }));
    await waitFor(() => expect(screen.getByTestId('directory-list').children).toHaveLength(130));
    expect(screen.queryByRole('button', { name: /de plus/ })).toBeNull();

    fireEvent.input(screen.getByLabelText('Rechercher (nom, commune, type)'), { target: { value: 'creche mesanges st genest' } });
    await screen.findByText('1 fiche(s)');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Crèche Les Mésanges');
  });
});
