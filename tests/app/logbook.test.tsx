// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { TourneeDB } from '../../src/app/db/database';
import { JournalScreen } from '../../src/app/logbook/JournalScreen';
import { computeIndicators, yearPeriod } from '../../src/domain/reports/indicators';
import { toInstant } from '../../src/domain/scheduling/zoned-time';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const ZONE = 'Europe/Paris';
const SITE = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f71';
const FAMILY = '9c1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f72';
const AM = 'ac1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f73';
const GAD = 'bc1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f74';
const EARLIER = 'cc1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f75';
const SESSION = 'dc1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f76';
const SERIES = 'ec1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f77';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());

/** A team in the Loire: one hall, a family with a file, an assistant maternel and a garde à domicile in the directory. */
async function territory(db: TourneeDB) {
  await db.records('territory').put({ id: TERRITORY, ...env, name: 'Pilat', timeZone: ZONE });
  await db.records('site').put({ id: SITE, ...env, name: 'Mairie de Marlhes', kind: 'mairie', communeCode: '42139', timeZone: ZONE });
  await db.records('family').put({ id: FAMILY, ...env, guardians: [{ id: crypto.randomUUID(), firstName: 'Marie', lastName: 'Durand', phone: '06 11 22 33 44' }], children: [{ id: crypto.randomUUID(), firstName: 'Léo', birthDate: '2024-05-02' }], needs: ['paperwork'] });
  await db.records('directoryEntry').put({ id: AM, ...env, kind: 'assistant_maternel', name: 'Sophie Lefèvre', communeCode: '42139' });
  await db.records('directoryEntry').put({ id: GAD, ...env, kind: 'garde_domicile', name: 'Karim Benali', communeCode: '42139' });
}

/** A session of today at 9:00–12:00, stored as a record, on the signed-in person's list. */
async function sessionToday(db: TourneeDB, kind: 'permanence' | 'atelier_social') {
  await db.records('scheduledSession').put({ id: SESSION, ...env, kind, siteId: SITE, start: toInstant(today(), '09:00', ZONE), end: toInstant(today(), '12:00', ZONE), timeZone: ZONE, staffIds: [session.user.id], status: 'planned' });
}

const card = async () => (await screen.findByTestId(`journal-${today()}`)).querySelector('li') as HTMLElement;

describe('logbook: a permanence', () => {
  it('refuses an empty log, then saves each contact with its question and orientation, the family picked among the people seen lately', async () => {
    const { db } = renderWithServices(<JournalScreen />);
    await territory(db);
    await sessionToday(db, 'permanence');
    // The family came to an earlier session: she is offered first.
    await db.records('sessionLog').put({ id: EARLIER, ...env, sessionId: crypto.randomUUID(), authorId: session.user.id, loggedAt: '2026-01-05T10:00:00.000Z', contacts: [{ personKind: 'family', personId: FAMILY }] });

    fireEvent.click(within(await card()).getByRole('button', { name: /^Consigner Permanence/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Enregistrer le journal' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Rien à enregistrer');
    expect(await db.records('sessionLog').count()).toBe(1);

    fireEvent.click(await screen.findByRole('button', { name: /Marie Durand/ }));
    const first = await screen.findByRole('group', { name: 'Contact 1 : Famille, Marie Durand' });
    fireEvent.click(within(first).getByRole('radio', { name: 'Démarches sociales (CAF, emploi, logement)' }));
    fireEvent.change(within(first).getByLabelText('Orienté(e) vers'), { target: { value: 'caf' } });
    // Someone without a name: an assistant maternel asking about her job, sent to a place typed in.
    fireEvent.click(screen.getByRole('button', { name: 'Assistant(e) maternel(le)' }));
    const second = await screen.findByRole('group', { name: 'Contact 2 : Assistant(e) maternel(le), sans nom' });
    fireEvent.click(within(second).getByRole('radio', { name: 'Métier d’assistant maternel' }));
    fireEvent.change(within(second).getByLabelText('Orienté(e) vers'), { target: { value: 'autre' } });
    fireEvent.input(within(second).getByLabelText('Vers qui ?'), { target: { value: 'Relais de Saint-Étienne' } });
    // A third contact added by mistake and taken out again.
    fireEvent.click(screen.getByRole('button', { name: 'Autre personne' }));
    fireEvent.click(within(await screen.findByRole('group', { name: /^Contact 3/ })).getByRole('button', { name: 'Retirer ce contact 3' }));
    expect(screen.getByText('2 contact(s)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le journal' }));

    await screen.findByText(/Journal enregistré/);
    const logs = (await db.records('sessionLog').where('sessionId').equals(SESSION).toArray());
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      authorId: session.user.id,
      contacts: [
        { personKind: 'family', personId: FAMILY, questionType: 'social', orientation: 'caf' },
        { personKind: 'assistant_maternel', questionType: 'metier', orientation: 'Relais de Saint-Étienne' },
      ],
    });
    expect(logs[0]?.childrenCount).toBeUndefined();
    // Queued for the server like any write.
    expect((await db.outbox.toArray()).filter((m) => m.entity === 'sessionLog')).toHaveLength(1);
    // The log is shown on the session, and the family counts on the social side.
    await waitFor(async () => expect(within(await card()).getByText('2 contact(s) : 1 famille(s), 1 assistant(e)(s) maternel(le)(s)')).toBeTruthy());
    const [stored] = await db.records('scheduledSession').toArray();
    const report = computeIndicators({ sessions: [stored!], logs, attendance: [], sites: [], families: [{ id: FAMILY, deleted: false, children: [] }] }, yearPeriod(Number(today().slice(0, 4))), 'site');
    expect(report.totals).toMatchObject({ sessionsHeld: 1, families: 1, socialFamilies: 1, anonymousAssistantContacts: 1 });
  });
});

describe('logbook: a temps collectif of a series', () => {
  it('ticks the professionals present from the directory, counts the children, and a correction starts from the earlier log', async () => {
    const { db } = renderWithServices(<JournalScreen />);
    await territory(db);
    await db.records('scheduleSeries').put({
      id: SERIES,
      ...env,
      kind: 'temps_collectif',
      siteId: SITE,
      rule: { freq: 'weekly', interval: 1, byDay: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startDate: '2026-01-01', startTime: '09:30', endTime: '11:30', timeZone: ZONE, excludedDates: [], movedOccurrences: [], skipPublicHolidays: false, schoolHolidays: [] },
      staffIds: [session.user.id],
      active: true,
    });

    fireEvent.click(within(await card()).getByRole('button', { name: /^Consigner Temps collectif/ }));
    const present = await screen.findByRole('group', { name: /Assistants maternels et gardes à domicile présents/ });
    await within(present).findByRole('checkbox', { name: /Karim Benali/ });
    // Searching narrows the list; accents do not matter.
    fireEvent.input(within(present).getByLabelText('Chercher dans l’annuaire'), { target: { value: 'lefevre' } });
    await waitFor(() => expect(within(present).queryByRole('checkbox', { name: /Karim Benali/ })).toBeNull());
    fireEvent.click(within(present).getByRole('checkbox', { name: /Sophie Lefèvre/ }));
    fireEvent.input(within(present).getByLabelText('Chercher dans l’annuaire'), { target: { value: '' } });
    fireEvent.click(await within(present).findByRole('checkbox', { name: /Karim Benali/ }));
    expect(within(present).getByText('2 coché(s)')).toBeTruthy();
    const more = screen.getByRole('button', { name: 'Un de plus : Enfants présents' });
    for (let i = 0; i < 3; i++) fireEvent.click(more);
    fireEvent.click(screen.getByRole('button', { name: 'Un de moins : Enfants présents' }));
    expect((screen.getByLabelText('Enfants présents') as HTMLInputElement).value).toBe('2');
    fireEvent.input(screen.getByLabelText('Thème'), { target: { value: 'Peinture avec les mains' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le journal' }));

    await screen.findByText(/Journal enregistré/);
    // The series date became a session record, linked back to its series.
    const sessions = await db.records('scheduledSession').toArray();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ seriesId: SERIES, occurrenceDate: today(), kind: 'temps_collectif' });
    const [log] = await db.records('sessionLog').toArray();
    expect(log).toMatchObject({
      sessionId: sessions[0]!.id,
      childrenCount: 2,
      theme: 'Peinture avec les mains',
      contacts: [
        { personKind: 'assistant_maternel', personId: AM },
        { personKind: 'garde_domicile', personId: GAD },
      ],
    });

    // Correcting: the form holds the earlier log; one child more makes a new log, the old one stays.
    fireEvent.click(await waitFor(async () => within(await card()).getByRole('button', { name: /^Compléter ou corriger Temps collectif/ })));
    expect((await screen.findByLabelText('Enfants présents') as HTMLInputElement).value).toBe('2');
    expect(((await screen.findByRole('checkbox', { name: /Sophie Lefèvre/ })) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Un de plus : Enfants présents' }));
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le journal' }));
    await waitFor(async () => expect(await db.records('sessionLog').count()).toBe(2));
    const logs = (await db.records('sessionLog').toArray()).sort((a, b) => a.loggedAt.localeCompare(b.loggedAt) || (a.childrenCount ?? 0) - (b.childrenCount ?? 0));
    expect(logs.map((l) => l.childrenCount)).toEqual([2, 3]);
    expect(logs[1]?.contacts).toEqual(logs[0]?.contacts);
    expect(await screen.findByText('remplacé par un journal plus récent')).toBeTruthy();
  });
});

describe('logbook: a social workshop', () => {
  it('records the families who came, with and without a file', async () => {
    const { db } = renderWithServices(<JournalScreen />);
    await territory(db);
    await sessionToday(db, 'atelier_social');
    fireEvent.click(within(await card()).getByRole('button', { name: /^Consigner Atelier social/ }));
    fireEvent.click(await screen.findByRole('checkbox', { name: /Marie Durand/ }));
    const more = screen.getByRole('button', { name: 'Un de plus : Familles sans dossier' });
    fireEvent.click(more);
    fireEvent.click(more);
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le journal' }));
    await screen.findByText(/Journal enregistré/);
    const [log] = await db.records('sessionLog').toArray();
    expect(log?.contacts).toEqual([{ personKind: 'family', personId: FAMILY }, { personKind: 'family' }, { personKind: 'family' }]);
    const [stored] = await db.records('scheduledSession').toArray();
    const report = computeIndicators({ sessions: [stored!], logs: [log!], attendance: [], sites: [], families: [{ id: FAMILY, deleted: false, children: [] }] }, yearPeriod(Number(today().slice(0, 4))), 'site');
    expect(report.totals).toMatchObject({ families: 1, anonymousFamilyContacts: 2, socialFamilies: 1, anonymousSocialContacts: 2 });
  });
});
