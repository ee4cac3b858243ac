// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryScreen } from '../../src/app/directory/DirectoryScreen';
import { IntakeScreen } from '../../src/app/intake/IntakeScreen';
import { leakedSecrets } from './crypto/raw-idb';
import { renderWithServices } from './render';

afterEach(cleanup);

const typeIn = (label: RegExp, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
const draftSaved = async (db: { meta: { get: (k: string) => Promise<unknown> } }, key: string) =>
  waitFor(async () => expect(await db.meta.get(`draft:${key}`)).toBeDefined());

describe('drafts of forms', () => {
  it('a half-typed intake comes back after the tab was closed, and is gone once saved', async () => {
    const { db } = renderWithServices(<IntakeScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Nouvelle demande' }));
    typeIn(/Téléphone du parent/, '06 44 55 66 77');
    typeIn(/Message/, 'Garde le jeudi');
    await draftSaved(db, 'intake:new');
    // What the parent said is stored sealed, like the records.
    await waitFor(async () => expect(JSON.stringify(await db.meta.get('draft:intake:new'))).toContain('"$enc":1'));
    expect((await leakedSecrets(db.name, ['06 44 55 66 77', 'Garde le jeudi'])).leaked).toEqual([]);
    cleanup(); // the tab is closed

    renderWithServices(<IntakeScreen />, db);
    await screen.findByText(/Brouillon repris/);
    expect((screen.getByLabelText(/Téléphone du parent/) as HTMLInputElement).value).toBe('06 44 55 66 77');
    expect((screen.getByLabelText(/Message/) as HTMLTextAreaElement).value).toBe('Garde le jeudi');
    typeIn(/Date de naissance de l’enfant/, '2025-01-15');
    fireEvent.click(screen.getByRole('checkbox', { name: /La famille accepte/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByTestId('intake-receipt');
    expect(await db.meta.get('draft:intake:new')).toBeUndefined();
    expect(await db.records('intakeRequest').count()).toBe(1);
    expect((await leakedSecrets(db.name, ['06 44 55 66 77', 'Garde le jeudi'])).leaked).toEqual([]);
  });

  it('cancelling a form forgets its draft', async () => {
    const { db } = renderWithServices(<DirectoryScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Ajouter une fiche' }));
    // The form is loaded when first opened.
    await screen.findByLabelText(/^Nom/);
    typeIn(/^Nom/, 'Assistante à moitié saisie');
    await draftSaved(db, 'directory:new');
    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    await waitFor(async () => expect(await db.meta.get('draft:directory:new')).toBeUndefined());
    cleanup();
    renderWithServices(<DirectoryScreen />, db);
    await screen.findByRole('button', { name: 'Ajouter une fiche' });
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.queryByRole('textbox', { name: /^Nom/ })).toBeNull();
  });
});
