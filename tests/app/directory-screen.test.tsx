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

describe('directory filters, distance and availability', () => {
  const commune = (code: string, name: string, lat: number, lon: number) => ({ id: crypto.randomUUID(), ...env, code, name, postcodes: [], lat, lon });
  const entry = (name: string, extra: Record<string, unknown>) => ({ id: crypto.randomUUID(), ...env, kind: 'assistant_maternel' as const, communeCode: '42224', name, ...extra });

  it('narrows by age, places and distance from a commune, nearest first', async () => {
    const { db } = renderWithServices(<DirectoryScreen />);
    await db.records('commune').bulkPut([commune('42224', 'Saint-Genest-Malifaux', 45.34, 4.42), commune('42167', 'Pélussin', 45.42, 4.68)]);
    await db.records('directoryEntry').bulkPut([
      entry('Anne (Saint-Genest)', { lat: 45.341, lon: 4.421, placesAvailable: 1, ageMinMonths: 0, ageMaxMonths: 36 }),
      entry('Bea (Pélussin)', { communeCode: '42167', lat: 45.421, lon: 4.681, placesAvailable: 2, ageMinMonths: 0, ageMaxMonths: 72 }),
      entry('Cora (complet)', { lat: 45.35, lon: 4.43, placesAvailable: 0 }),
    ]);
    await screen.findByText('3 fiche(s)');
    fireEvent.change(screen.getByLabelText('Près de'), { target: { value: '42167' } });
    await waitFor(() => expect(screen.getAllByRole('heading', { level: 2 })[0]!.textContent).toBe('Bea (Pélussin)'));
    fireEvent.change(screen.getByLabelText('Distance maximale'), { target: { value: '10' } });
    await screen.findByText('1 fiche(s)');
    fireEvent.change(screen.getByLabelText('Distance maximale'), { target: { value: '0' } });
    // A child of four on 1 September 2026 is too old for Anne (0–3 years); Cora has no place.
    fireEvent.change(screen.getByLabelText('Date de naissance de l’enfant (ou prévue)'), { target: { value: '2022-06-01' } });
    fireEvent.change(screen.getByLabelText('Place libre au plus tard le'), { target: { value: '2026-09-01' } });
    await screen.findByText('1 fiche(s)');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Bea (Pélussin)');
    fireEvent.click(screen.getByRole('button', { name: 'Retirer les filtres' }));
    await screen.findByText('3 fiche(s)');
  });

  it('changes places in two taps, queuing only the field that changed', async () => {
    const { db } = renderWithServices(<DirectoryScreen />);
    await db.records('commune').put(commune('42224', 'Saint-Genest-Malifaux', 45.34, 4.42));
    const anne = entry('Anne', { placesAvailable: 1, phone: '06 12 34 56 78' });
    await db.records('directoryEntry').put(anne);
    fireEvent.click(await screen.findByRole('button', { name: 'Mettre à jour les places de Anne' }));
    fireEvent.click(screen.getByRole('button', { name: 'Une place de plus' }));
    await waitFor(async () => expect((await db.records('directoryEntry').get(anne.id))?.placesAvailable).toBe(2));
    const queued = await db.outbox.toArray();
    expect(queued.map((o) => o.changes)).toEqual([{ placesAvailable: 2 }]);
    // The card offers to call and to text a mobile number, and to keep the contact.
    expect(screen.getByRole('link', { name: 'Appeler Anne au 06 12 34 56 78' }).getAttribute('href')).toBe('tel:0612345678');
    expect(screen.getByRole('link', { name: 'SMS à Anne' }).getAttribute('href')).toBe('sms:0612345678');
    const vcard = screen.getByRole('link', { name: 'Ajouter aux contacts : Anne' });
    expect(vcard.getAttribute('download')).toBe('Anne.vcf');
    const [kind, body] = (vcard.getAttribute('href') ?? '').split(',');
    expect(kind).toBe('data:text/vcard;charset=utf-8');
    expect(decodeURIComponent(body ?? '')).toMatch(/^BEGIN:VCARD\r\n[\s\S]*FN:Anne\r\n[\s\S]*TEL;[^:]*:06 12 34 56 78\r\n/);
  });
});
