// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalScreen } from '../../src/app/logbook/JournalScreen';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(cleanup);

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const ZONE = 'Indian/Reunion';
const SITE = '7a1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f81';
const SERIES = '8b1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f82';

describe('satisfaction survey on the tablet', () => {
  it('a parent answers three questions; the faces are required, each answer is its own record, and the next person starts afresh', async () => {
    const { db } = renderWithServices(<JournalScreen />);
    await db.records('territory').put({ id: TERRITORY, ...env, name: 'Est', timeZone: ZONE });
    await db.records('site').put({ id: SITE, ...env, name: 'France Services de Saint-André', kind: 'france_services', communeCode: '97409', timeZone: ZONE });
    await db.records('scheduleSeries').put({
      id: SERIES,
      ...env,
      kind: 'atelier_parentalite',
      siteId: SITE,
      rule: { freq: 'weekly', interval: 1, byDay: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startDate: '2026-01-01', startTime: '09:00', endTime: '11:00', timeZone: ZONE, excludedDates: [], movedOccurrences: [], skipPublicHolidays: false, schoolHolidays: [] },
      staffIds: [session.user.id],
      active: true,
    });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
    const day = await screen.findByTestId(`journal-${today}`);
    fireEvent.click(within(day).getByRole('button', { name: /^Enquête de satisfaction Atelier parentalité/ }));

    // Only the survey is on screen while the parent holds the tablet.
    await screen.findByRole('heading', { name: 'Votre avis nous aide', level: 1 });
    expect(screen.queryByRole('heading', { name: 'Journal de bord' })).toBeNull();
    expect(screen.queryByText(/Consigner/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choisissez un visage pour la question 3.');
    expect(await db.records('surveyResponse').count()).toBe(0);

    fireEvent.click(within(screen.getByRole('group', { name: '1. Avez-vous trouvé ce que vous cherchiez ?' })).getByRole('radio', { name: 'En partie' }));
    fireEvent.click(within(screen.getByRole('group', { name: '2. Reviendriez-vous ?' })).getByRole('radio', { name: 'Oui' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Très content' }));
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    await screen.findByRole('heading', { name: 'Merci !' });

    // The answer hangs on the session: the series date became a record for it.
    const [record] = await db.records('scheduledSession').toArray();
    expect(record).toMatchObject({ seriesId: SERIES, occurrenceDate: today });
    const first = await db.records('surveyResponse').toArray();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ sessionId: record!.id, found: 'partly', wouldReturn: 'yes', overall: 4, channel: 'tablet' });

    fireEvent.click(screen.getByRole('button', { name: 'Une autre personne répond' }));
    await screen.findByRole('heading', { name: 'Votre avis nous aide' });
    for (const radio of screen.getAllByRole('radio')) expect((radio as HTMLInputElement).checked).toBe(false);
    // Only the faces this time.
    fireEvent.click(screen.getByRole('radio', { name: 'Pas très content' }));
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    await screen.findByRole('heading', { name: 'Merci !' });
    const answers = await db.records('surveyResponse').toArray();
    expect(answers).toHaveLength(2);
    const second = answers.find((a) => a.id !== first[0]!.id);
    expect(second).toMatchObject({ sessionId: record!.id, overall: 2 });
    expect(second?.found).toBeUndefined();
    expect(second?.wouldReturn).toBeUndefined();
    expect((await db.outbox.toArray()).filter((m) => m.entity === 'surveyResponse')).toHaveLength(2);

    fireEvent.click(screen.getByRole('button', { name: 'Terminer (2 réponse(s))' }));
    await screen.findByRole('heading', { name: 'Journal de bord' });
    await waitFor(() => expect(screen.getByText('2 réponse(s) à l’enquête.')).toBeTruthy());
  });
});
