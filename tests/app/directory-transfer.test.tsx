// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { TransferPanel } from '../../src/app/directory/transfer/TransferPanel';
import type { RecordOf } from '../../src/domain/registry';
import { TERRITORY, renderWithServices } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const communes: RecordOf<'commune'>[] = [{ id: crypto.randomUUID(), ...env, code: '42224', name: 'Saint-Genest-Malifaux', postcodes: [], lat: 45.34, lon: 4.42 }];

function choose(file: File) {
  fireEvent.change(screen.getByLabelText('Choisir un fichier à importer'), { target: { files: [file] } });
}

const csv = [
  'Nom;Type;Code commune;Places disponibles',
  'Anne Martin;Assistante maternelle;42224;2',
  'MAM Les Lutins;MAM;42224;3',
  'Crèche fantôme;Crèche;99999;1',
].join('\r\n');

describe('directory import and export', () => {
  it('previews a file with errors by line, then imports the valid lines in one go, updating the entry already there', async () => {
    const existing: RecordOf<'directoryEntry'> = { id: crypto.randomUUID(), ...env, kind: 'assistant_maternel', name: 'Anne MARTIN', communeCode: '42224', placesAvailable: 0 };
    const { db } = renderWithServices(<TransferPanel entries={[existing]} communes={communes} />);
    await db.records('directoryEntry').put(existing);
    choose(new File([csv], 'annuaire.csv', { type: 'text/csv' }));
    const preview = await screen.findByTestId('import-preview');
    expect(preview.textContent).toContain('3 ligne(s) lue(s) : 2 valide(s), 1 en erreur.');
    expect(preview.textContent).toContain('L’import créera 1 fiche(s) et mettra à jour 1 fiche(s) existante(s).');
    expect(screen.getByTestId('import-errors').textContent).toMatch(/^ligne 4 : .*99999/);
    // Nothing is written before the person confirms.
    expect(await db.outbox.count()).toBe(0);

    fireEvent.click(screen.getByRole('button', { name: 'Importer les 2 ligne(s) valides et ignorer les 1 ligne(s) en erreur' }));
    await screen.findByText(/Import terminé : 1 fiche\(s\) créée\(s\), 1 mise\(s\) à jour\./);
    const all = await db.records('directoryEntry').toArray();
    expect(all.map((e) => [e.name, e.placesAvailable]).sort()).toEqual([
      ['Anne Martin', 2],
      ['MAM Les Lutins', 3],
    ]);
    expect(await db.outbox.count()).toBe(2);
  });

  it('refuses a file that is not a directory, with a French message, and writes nothing', async () => {
    const { db } = renderWithServices(<TransferPanel entries={[]} communes={communes} />);
    choose(new File(['foo;bar\n1;2\n'], 'autre.csv', { type: 'text/csv' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/colonne/i);
    expect(await db.outbox.count()).toBe(0);
  });

  it('exports the directory as a CSV that reads back with the same entries', async () => {
    const entries: RecordOf<'directoryEntry'>[] = [
      { id: crypto.randomUUID(), ...env, kind: 'mam', name: '=MAM "Les Lutins"; Pilat', communeCode: '42224', placesAvailable: 3 },
    ];
    let saved: Blob | undefined;
    const create = URL.createObjectURL;
    URL.createObjectURL = (b: Blob) => ((saved = b), 'blob:test');
    try {
      renderWithServices(<TransferPanel entries={entries} communes={communes} />);
      fireEvent.click(screen.getByRole('button', { name: 'Exporter en CSV' }));
    } finally {
      URL.createObjectURL = create;
    }
    await waitFor(() => expect(saved).toBeDefined());
    const text = (await saved!.text()).replace(/^\uFEFF/, '');
    const rows = Papa.parse<string[]>(text.trim(), { delimiter: ';' }).data;
    expect(rows[1]).toContain('\'=MAM "Les Lutins"; Pilat');
    expect(rows[1]).toContain('Saint-Genest-Malifaux');
  });
});
