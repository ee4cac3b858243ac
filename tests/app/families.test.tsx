// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TourneeDB } from '../../src/app/db/database';
import { FamiliesScreen } from '../../src/app/families/FamiliesScreen';
import { FamilyFileLink } from '../../src/app/families/FamilyFileLink';
import { familyHref } from '../../src/app/families/link';
import { ERASED_PHONE } from '../../src/domain/families/erase';
import type { RecordOf } from '../../src/domain/registry';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '#/familles';
});

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const id = () => crypto.randomUUID();

function family(fields: Partial<RecordOf<'family'>>): RecordOf<'family'> {
  return { id: id(), ...env, guardians: [], children: [], needs: [], ...fields };
}

const payet = family({
  guardians: [{ id: id(), firstName: 'Hélène', lastName: 'Payet', phone: '0692 40 11 22', relation: 'mother' }],
  children: [{ id: id(), firstName: 'Noé', birthDate: '2025-02-14' }],
  needs: ['childcare'],
  notes: 'Travaille en horaires décalés.',
});
const payetAgain = family({
  guardians: [{ id: id(), lastName: 'Payet', phone: '+262 692 40 11 22' }],
  children: [{ id: id(), firstName: 'noe', birthDate: '2025-02-14' }, { id: id(), expectedDate: '2026-08-01' }],
  needs: ['paperwork'],
  notes: 'Demande faite au bus.',
});
const grondin = family({ guardians: [{ id: id(), lastName: 'Grondin', phone: '06 12 34 56 78' }], children: [{ id: id(), firstName: 'Lina', birthDate: '2024-09-03' }] });

function request(familyId: string, code: string): RecordOf<'intakeRequest'> {
  return { id: id(), ...env, phone: '0692401122', name: 'H. Payet', message: 'Besoin d’une place', childBirthDate: '2025-02-14', needs: ['childcare'], status: 'in_progress', receiptCode: code, consent: { textVersion: '2026-01', givenAt: '2026-01-02T09:00:00.000Z' }, familyId };
}

async function seed(db: TourneeDB) {
  // As in the app once unlocked: the vault serves plain values only when open.
  await db.vault.settledKey();
  await db.records('family').bulkPut([payet, payetAgain, grondin]);
  await db.records('intakeRequest').bulkPut([request(payet.id, 'AAA111'), request(payetAgain.id, 'BBB222')]);
  await db.records('appointment').put({ id: id(), ...env, kind: 'permanence', status: 'confirmed', start: '2026-02-03T08:00:00.000Z', end: '2026-02-03T09:00:00.000Z', timeZone: 'Indian/Reunion', familyId: payetAgain.id });
  await db.records('sessionLog').put({
    id: id(),
    ...env,
    sessionId: id(),
    authorId: session.user.id,
    loggedAt: '2026-01-20T10:00:00.000Z',
    contacts: [
      { personKind: 'family', personId: payet.id, questionType: 'contrat', orientation: 'caf' },
      { personKind: 'family', personId: grondin.id, questionType: 'Question privée des Grondin' },
    ],
  });
  await db.records('supportNote').bulkPut(
    ['2026-01-05', '2026-02-05', '2026-03-05', '2026-04-05', '2026-05-05', '2026-06-05'].map((date) => ({ id: id(), ...env, familyId: payet.id, authorId: session.user.id, date, durationMinutes: 60, note: `Séance du ${date}` })),
  );
}

async function pending(db: TourneeDB, entity: string, recordId: string) {
  return (await db.outbox.toArray()).filter((m) => m.entity === entity && m.recordId === recordId);
}

describe('family files', () => {
  it('finds a family by name without accents, by phone in another form, or by a child’s first name', async () => {
    const { db } = renderWithServices(<FamiliesScreen />);
    await seed(db);
    const search = await screen.findByLabelText('Chercher une famille');
    const names = () => within(screen.getByTestId('family-list')).queryAllByRole('link').map((a) => a.textContent);
    await waitFor(() => expect(names()).toHaveLength(3));
    fireEvent.input(search, { target: { value: 'helene' } });
    expect(names()).toEqual(['Hélène Payet']);
    fireEvent.input(search, { target: { value: '06 12 34 56' } });
    expect(names()).toEqual(['Grondin']);
    fireEvent.input(search, { target: { value: 'LINA' } });
    expect(names()).toEqual(['Grondin']);
    fireEvent.input(search, { target: { value: 'personne' } });
    expect(names()).toEqual([]);
  });

  it('opens a file with its people, contacts and orientations, requests, and warns past five support sessions', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-07-01T08:00:00.000Z') });
    try {
      const { db } = renderWithServices(<FamiliesScreen />);
      await seed(db);
      window.location.hash = familyHref(payet.id);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      // The first query of a screen waits for the vault to open: slower when the machine is busy.
      await screen.findByRole('heading', { level: 1, name: 'Hélène Payet' }, { timeout: 5000 });
      expect(screen.getByText(/Noé/)).toBeTruthy();
      const contacts = screen.getByRole('heading', { name: 'Contacts et orientations' }).parentElement!;
      expect(contacts.textContent).toContain('contrat, salaire, Pajemploi');
      expect(contacts.textContent).toContain('orientée vers CAF');
      // Another family's contact in the same log stays out of this file.
      expect(document.body.textContent).not.toContain('Question privée des Grondin');
      expect(screen.getByText(/AAA111/)).toBeTruthy();
      expect(screen.queryByText(/BBB222/)).toBeNull();
      // The support notes come from a query of their own, which may answer after the file.
      await waitFor(() => expect(screen.getByTestId('support-count').textContent).toBe('6 séance(s) en 2026, sur 5 prévues par l’offre de la CAF.'));
      expect(screen.getByText('Attention : plus de 5 séances cette année, au-delà de l’offre de la CAF.')).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('edits the documents checklist on the device, queued for the server, and refuses an empty label', async () => {
    const { db } = renderWithServices(<FamiliesScreen />);
    await seed(db);
    window.location.hash = familyHref(grondin.id);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const label = await screen.findByLabelText('Pièce à demander');
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter la pièce' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Écrivez le nom de la pièce.');
    expect(await pending(db, 'family', grondin.id)).toEqual([]);

    fireEvent.input(label, { target: { value: 'Attestation CAF' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter la pièce' }));
    const box = await screen.findByRole('checkbox', { name: /Attestation CAF/ });
    expect((await db.records('family').get(grondin.id))!.documents).toMatchObject([{ label: 'Attestation CAF', status: 'missing' }]);
    fireEvent.click(box);
    await waitFor(async () => expect((await db.records('family').get(grondin.id))!.documents).toMatchObject([{ label: 'Attestation CAF', status: 'received' }]));
    const queued = await pending(db, 'family', grondin.id);
    expect(queued).toHaveLength(2);
    expect(queued[1]!.changes.documents).toMatchObject([{ status: 'received' }]);
  });

  it('merges two files of the same family in one save: nothing lost, links re-pointed, a tombstone left', async () => {
    const { db } = renderWithServices(<FamiliesScreen />);
    await seed(db);
    window.location.hash = '#/familles/doublons';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const list = await screen.findByTestId('duplicates');
    const pair = within(list).getAllByRole('listitem').find((li) => li.textContent?.includes('même téléphone'))!;
    // Either file's spelling names the child, depending on which is listed first.
    expect(pair.textContent).toMatch(/même enfant : (Noé|noe), 14 février 2025/);
    const keepPayet = within(pair).getAllByRole('radio').find((r) => r.closest('label')?.textContent?.includes('Hélène Payet'))!;
    fireEvent.click(keepPayet);
    fireEvent.click(within(pair).getByRole('button', { name: /Fusionner/ }));
    await screen.findByText('Dossiers fusionnés. Rien n’a été perdu.');

    const kept = (await db.records('family').get(payet.id))!;
    expect(kept.guardians).toHaveLength(1);
    expect(kept.children.map((c) => c.firstName ?? c.expectedDate)).toEqual(['Noé', '2026-08-01']);
    expect(kept.needs).toEqual(['childcare', 'paperwork']);
    expect(kept.notes).toContain('Travaille en horaires décalés.');
    expect(kept.notes).toContain('Demande faite au bus.');
    expect(await db.records('family').get(payetAgain.id)).toMatchObject({ deleted: true, mergedInto: payet.id, guardians: [] });
    const requests = await db.records('intakeRequest').toArray();
    expect(requests.every((r) => r.familyId === payet.id)).toBe(true);
    expect((await db.records('appointment').toArray())[0]!.familyId).toBe(payet.id);
    // Kept file, tombstone, the request and the appointment: four queued edits.
    expect((await db.outbox.toArray()).map((m) => m.entity).sort()).toEqual(['appointment', 'family', 'family', 'intakeRequest']);
    await waitFor(() => expect(screen.getByText('Aucun doublon repéré.')).toBeTruthy());
  });

  it('exports every linked record as JSON and a printable page, made on the device', async () => {
    const made: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      made.push(b as Blob);
      return 'blob:export';
    });
    try {
      const { db } = renderWithServices(<FamiliesScreen />);
      await seed(db);
      await db.records('family').update(payet.id, { notes: '<img src=x onerror=alert(1)> =HYPERLINK("http://x")' });
      window.location.hash = familyHref(payet.id);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      await waitFor(() => expect(screen.getByTestId('family-notes').textContent).toContain('<img src=x'));
      fireEvent.click(screen.getByRole('button', { name: 'Copie des données (fichier JSON)' }));
      fireEvent.click(screen.getByRole('button', { name: 'Copie lisible à imprimer' }));
      expect(made).toHaveLength(2);
      const json = JSON.parse(await made[0]!.text());
      expect(json.format).toBe('tournee-family-export');
      expect(json.family.id).toBe(payet.id);
      expect(json.intakeRequests.map((r: { receiptCode: string }) => r.receiptCode)).toEqual(['AAA111']);
      expect(json.supportNotes).toHaveLength(6);
      expect(json.contacts[0].contacts).toEqual([{ personKind: 'family', personId: payet.id, questionType: 'contrat', orientation: 'caf' }]);
      expect(JSON.stringify(json)).not.toContain('Grondin');
      const html = await made[1]!.text();
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toContain('<img');
      expect(html).toContain('Séance du 2026-01-05');
    } finally {
      create.mockRestore();
    }
  });

  it('erases a family: tombstones with personal fields cleared for the file and its requests, all queued', async () => {
    const { db } = renderWithServices(<FamiliesScreen />);
    await seed(db);
    window.location.hash = familyHref(payet.id);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    fireEvent.click(await screen.findByRole('button', { name: 'Effacer les données de la famille' }));
    fireEvent.click(screen.getByRole('button', { name: 'Oui, tout effacer' }));
    await screen.findByRole('heading', { level: 1, name: 'Les données de cette famille ont été effacées' });
    expect(screen.getByRole('status').textContent).toContain('1 demande(s)');
    const erased = (await db.records('family').get(payet.id))!;
    expect(erased).toMatchObject({ deleted: true, guardians: [], children: [], needs: [] });
    expect(erased.notes).toBeUndefined();
    expect(erased.erasedAt).toBeDefined();
    const req = (await db.records('intakeRequest').toArray()).find((r) => r.receiptCode === 'AAA111')!;
    expect(req).toMatchObject({ deleted: true, phone: ERASED_PHONE });
    expect(req.name).toBeUndefined();
    expect(req.message).toBeUndefined();
    const queued = await pending(db, 'intakeRequest', req.id);
    expect(queued[0]!.changes).toMatchObject({ deleted: true, name: null, message: null });
    window.location.hash = '#/familles';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => expect(within(screen.getByTestId('family-list')).queryAllByRole('link').map((a) => a.textContent)).not.toContain('Hélène Payet'));
  });

  it('makes the file of a request once ("Créer le dossier"), links it back in the same save, and opens it', async () => {
    const req = { ...request(id(), 'CCC333'), familyId: undefined, childExpectedDate: undefined };
    delete (req as Partial<typeof req>).familyId;
    const { db } = renderWithServices(<FamilyFileLink request={req} />);
    await db.vault.settledKey();
    await db.records('intakeRequest').put(req);
    fireEvent.click(screen.getByRole('button', { name: 'Créer le dossier famille de la demande CCC333' }));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/familles\/[0-9a-f-]{36}$/));
    const families = await db.records('family').toArray();
    expect(families).toHaveLength(1);
    expect(families[0]).toMatchObject({ guardians: [{ phone: '0692401122', lastName: 'H. Payet' }], children: [{ birthDate: '2025-02-14' }], needs: ['childcare'] });
    const linked = (await db.records('intakeRequest').get(req.id))!;
    expect(linked.familyId).toBe(families[0]!.id);
    expect(window.location.hash).toBe(familyHref(families[0]!.id));
    cleanup();
    renderWithServices(<FamilyFileLink request={linked} />, db);
    expect(screen.getByRole('link', { name: 'Ouvrir le dossier famille de la demande CCC333' }).getAttribute('href')).toBe(familyHref(families[0]!.id));
  });

  it('lets a coordinator purge the files untouched past the retention period, with a report; a bad period purges nothing', async () => {
    const coordinator = { ...session, user: { ...session.user, role: 'coordinator' as const } };
    const old = family({ updatedAt: '2023-03-01T00:00:00.000Z', guardians: [{ id: id(), lastName: 'Ancien', phone: '06 00 00 00 01' }] });
    const recent = family({ updatedAt: new Date().toISOString(), guardians: [{ id: id(), lastName: 'Récent' }] });
    window.location.hash = '#/familles/conservation';
    const { db } = renderWithServices(<FamiliesScreen />, undefined, undefined, coordinator);
    await db.vault.settledKey();
    await db.records('family').bulkPut([old, recent]);
    const stale = await screen.findByTestId('stale-files');
    await waitFor(() => expect(within(stale).queryAllByRole('link').map((a) => a.textContent)).toEqual(['Ancien']));

    fireEvent.input(screen.getByLabelText('Durée de conservation (mois)'), { target: { value: '0' } });
    expect(screen.getByRole('alert').textContent).toBe('Indiquez un nombre entier de mois, de 1 à 120.');
    expect(screen.queryByRole('button', { name: /Purger/ })).toBeNull();

    fireEvent.input(screen.getByLabelText('Durée de conservation (mois)'), { target: { value: '24' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Purger ces 1 dossier(s)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Oui, purger' }));
    expect((await screen.findByTestId('purge-report')).textContent).toBe('Purge faite : 1 dossier(s) sans activité depuis 24 mois effacé(s), avec 0 demande(s), 0 rendez-vous et 0 inscription(s).');
    expect(await db.records('family').get(old.id)).toMatchObject({ deleted: true, guardians: [] });
    expect(await db.records('family').get(recent.id)).toMatchObject({ deleted: false });
  });

  it('does not offer the purge to an animator', async () => {
    window.location.hash = '#/familles/conservation';
    renderWithServices(<FamiliesScreen />);
    await screen.findByRole('heading', { level: 1, name: 'Dossiers familles' });
    expect(screen.queryByRole('link', { name: 'Durée de conservation' })).toBeNull();
  });
});
