// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TourneeDB } from '../../src/app/db/database';
import { ReportsScreen } from '../../src/app/reports/ReportsScreen';
import { indicatorColumns, TOTALS_LABEL } from '../../src/domain/reports/activity-csv';
import { toInstant } from '../../src/domain/scheduling/zoned-time';
import { TERRITORY, renderWithServices, session } from './render';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const env = { version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, territoryId: TERRITORY };
const ZONE = 'Europe/Paris';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [SITE_A, SITE_B, SITE_C, F1, F2, LINA, E1, G1] = [1, 2, 3, 4, 5, 6, 7, 8].map(id) as [string, string, string, string, string, string, string, string];
const [S1, S2, S3, S4, S5] = [11, 12, 13, 14, 15].map(id) as [string, string, string, string, string];
const author = session.user.id;

function sessionRecord(sid: string, kind: 'permanence' | 'temps_collectif' | 'bus_day', siteId: string, date: string, from: string, to: string, status: 'planned' | 'cancelled' = 'planned') {
  return { id: sid, ...env, kind, siteId, start: toInstant(date, from, ZONE), end: toInstant(date, to, ZONE), timeZone: ZONE, staffIds: [author], status };
}

function log(n: number, sessionId: string, contacts: { personKind: 'family' | 'assistant_maternel' | 'garde_domicile' | 'other'; personId?: string; questionType?: string }[], childrenCount?: number) {
  return { id: id(100 + n), ...env, sessionId, authorId: author, loggedAt: '2026-12-20T10:00:00.000Z', contacts, ...(childrenCount !== undefined ? { childrenCount } : {}) };
}

/**
 * A year of a relais and a bus in the Loire, small enough to count by hand:
 * - S1 permanence at Saint-Genest (A), 10 March 2026, 3 h: Marie Durand (F1) about paperwork
 *   (social side), a family without a file, the assistant maternel E1.
 * - S2 temps collectif at Marlhes (B), 12 May 2026, 2 h: E1 again and the garde à domicile G1, 6 children.
 * - S3 permanence in 2025 and S4 cancelled in June 2026: neither counts for 2026.
 * - S5 Baby Bus day at Marlhes (C), 7 December 2026, 7 h 30: Lina (F2) from 8:45 to 12:45.
 * - Two answers to the survey after S1 (one happy, one not), one after S3 (2025).
 */
async function seed(db: TourneeDB) {
  await db.records('territory').put({ id: TERRITORY, ...env, name: 'Monts du Pilat', timeZone: ZONE });
  await db.records('commune').bulkPut([
    { id: id(21), ...env, code: '42224', name: 'Saint-Genest-Malifaux', postcodes: ['42660'], lat: 45.34, lon: 4.42 },
    { id: id(22), ...env, code: '42139', name: 'Marlhes', postcodes: ['42660'], lat: 45.28, lon: 4.39 },
  ]);
  await db.records('site').bulkPut([
    // A hostile name: the CSV must show it, never run it.
    { id: SITE_A, ...env, name: '=1+1 France Services', kind: 'france_services', communeCode: '42224', timeZone: ZONE },
    { id: SITE_B, ...env, name: 'Mairie de Marlhes', kind: 'mairie', communeCode: '42139', timeZone: ZONE },
    { id: SITE_C, ...env, name: 'Arrêt du Baby Bus', kind: 'bus_stop', communeCode: '42139', timeZone: ZONE },
  ]);
  await db.records('family').bulkPut([
    { id: F1, ...env, guardians: [{ id: id(31), firstName: 'Marie', lastName: 'Durand' }], children: [], needs: ['paperwork'] },
    { id: F2, ...env, guardians: [{ id: id(32), lastName: 'Grondin' }], children: [{ id: LINA, firstName: 'Lina', birthDate: '2024-09-03' }], needs: ['childcare'] },
  ]);
  await db.records('scheduledSession').bulkPut([
    sessionRecord(S1, 'permanence', SITE_A, '2026-03-10', '09:00', '12:00'),
    sessionRecord(S2, 'temps_collectif', SITE_B, '2026-05-12', '09:30', '11:30'),
    sessionRecord(S3, 'permanence', SITE_A, '2025-06-10', '09:00', '12:00'),
    sessionRecord(S4, 'permanence', SITE_B, '2026-06-02', '09:00', '12:00', 'cancelled'),
    sessionRecord(S5, 'bus_day', SITE_C, '2026-12-07', '08:30', '16:00'),
  ]);
  await db.records('sessionLog').bulkPut([
    log(1, S1, [{ personKind: 'family', personId: F1, questionType: 'social' }, { personKind: 'family', questionType: 'mode_accueil' }, { personKind: 'assistant_maternel', personId: E1 }]),
    log(2, S2, [{ personKind: 'assistant_maternel', personId: E1 }, { personKind: 'garde_domicile', personId: G1 }], 6),
    log(3, S3, [{ personKind: 'family', personId: F1 }]),
    log(4, S4, [{ personKind: 'family' }]),
  ]);
  await db.records('attendanceEvent').bulkPut([
    { id: id(201), ...env, sessionId: S5, childId: LINA, familyId: F2, type: 'check_in', at: toInstant('2026-12-07', '08:45', ZONE), recordedBy: author },
    { id: id(202), ...env, sessionId: S5, childId: LINA, familyId: F2, type: 'check_out', at: toInstant('2026-12-07', '12:45', ZONE), recordedBy: author },
  ]);
  await db.records('busEnrollment').put({ id: id(301), ...env, childId: LINA, familyId: F2, siteId: SITE_C, from: '2026-12-01', to: '2027-06-30', hoursPerMonth: 40, days: ['mon'] });
  await db.records('surveyResponse').bulkPut([
    { id: id(401), ...env, sessionId: S1, overall: 4, found: 'yes', answeredAt: '2026-03-10T11:00:00.000Z', channel: 'tablet' },
    { id: id(402), ...env, sessionId: S1, overall: 2, found: 'no', answeredAt: '2026-03-10T11:05:00.000Z', channel: 'tablet' },
    { id: id(403), ...env, sessionId: S3, overall: 1, answeredAt: '2025-06-10T11:00:00.000Z', channel: 'tablet' },
  ]);
}

/** Text as a person reads it: French number spaces made plain. */
const plain = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const number = (s: string | null | undefined) => Number(plain(s).replace(/ /g, '').replace(',', '.').replace('−', '-'));
const figure = (key: string) => plain(screen.getByTestId(`figure-${key}`).querySelector('.figure__value')?.textContent);

/** Clicks a download button and returns the file the person gets, as its text. */
async function download(button: HTMLElement): Promise<string> {
  let blob: Blob | undefined;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
    blob = b as Blob;
    return 'blob:report';
  });
  fireEvent.click(button);
  expect(blob).toBeDefined();
  return blob!.text();
}

function parseCsv(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** The indicator table on screen as { column label → { indicator → number } }. */
function screenTable(): Map<string, Map<string, number>> {
  const table = screen.getByTestId('indicator-table');
  const heads = [...table.querySelectorAll('thead th')].map((th) => plain(th.textContent)).slice(1);
  const out = new Map(heads.map((h) => [h, new Map<string, number>()]));
  for (const tr of table.querySelectorAll('tbody tr')) {
    const name = plain(tr.querySelector('th')?.textContent);
    [...tr.querySelectorAll('td')].forEach((td, i) => out.get(heads[i]!)!.set(name, number(td.textContent)));
  }
  return out;
}

async function open2026(db: TourneeDB) {
  await seed(db);
  const year = (await screen.findByLabelText('Année')) as HTMLSelectElement;
  await within(year).findByRole('option', { name: '2026' });
  fireEvent.change(year, { target: { value: '2026' } });
  await screen.findByRole('heading', { name: 'Rapport d’activité 2026', level: 1 });
  await waitFor(() => expect(figure('sessionsHeld')).toBe('3'));
}

describe('yearly report', () => {
  it('shows the numbers worked out by hand for 2026, each person counted once', async () => {
    const { db } = renderWithServices(<ReportsScreen />);
    await open2026(db);
    expect(figure('hours')).toBe('12,5');
    expect(figure('families')).toBe('2');
    expect(plain(screen.getByTestId('figure-families').textContent)).toContain('et 1 contact(s) non nominatif(s)');
    expect(figure('assistantsMaternels')).toBe('1');
    expect(figure('gardesADomicile')).toBe('1');
    expect(figure('children')).toBe('1');
    expect(figure('childPresences')).toBe('7');
    expect(figure('socialFamilies')).toBe('1');
    expect(figure('satisfaction')).toBe('50 %');
    expect(plain(screen.getByTestId('survey-figures').textContent)).toContain('67 % (2 réponse(s) pour 3 personne(s) rencontrée(s))');

    // By commune: E1 came to both communes, counted in each column but once in the total.
    const table = screenTable();
    expect([...table.keys()]).toEqual(['Marlhes', 'Saint-Genest-Malifaux', TOTALS_LABEL]);
    expect(table.get('Marlhes')?.get('Assistants maternels accompagnés')).toBe(1);
    expect(table.get('Saint-Genest-Malifaux')?.get('Assistants maternels accompagnés')).toBe(1);
    expect(table.get(TOTALS_LABEL)?.get('Assistants maternels accompagnés')).toBe(1);
    expect(table.get('Marlhes')?.get('Séances tenues')).toBe(2);

    // Each chart has its figures in words for those who cannot see it.
    const chart = screen.getByRole('img', { name: /Permanence : 1, Temps collectif : 1, Journée Baby Bus : 1/ });
    expect(chart.tagName.toLowerCase()).toBe('svg');

    // PSU: Lina's December, 40 h contracted and 4 h realised.
    const psu = screen.getByTestId('psu-table');
    const lina = within(psu).getByRole('rowheader', { name: 'Lina G.' }).closest('tr')!;
    expect([...lina.querySelectorAll('td')].map((td) => plain(td.textContent))).toEqual(['décembre 2026', 'Arrêt du Baby Bus', 'Oui', '40', '4', '-36', '1', '0']);

    // The commune filter narrows every figure to Marlhes.
    fireEvent.change(screen.getByLabelText('Commune'), { target: { value: '42139' } });
    await waitFor(() => expect(figure('sessionsHeld')).toBe('2'));
    expect(figure('families')).toBe('1');
    expect(figure('socialFamilies')).toBe('0');
    expect(screen.getByText('Aucune réponse à l’enquête pour ce choix.')).toBeTruthy();
  });

  it('the CSV for the CAF, read back by papaparse, holds the numbers on screen', async () => {
    const { db } = renderWithServices(<ReportsScreen />);
    await open2026(db);
    const rows = parseCsv(await download(screen.getByRole('button', { name: 'Exporter pour la CAF (CSV)' })));
    expect(rows[0]).toEqual(['Commune', 'Code INSEE', ...indicatorColumns.map(([h]) => h)]);
    const table = screenTable();
    expect(rows.slice(1).map((r) => r[0])).toEqual([...table.keys()]);
    for (const row of rows.slice(1)) {
      const column = table.get(row[0]!)!;
      expect(row.slice(2).map(number)).toEqual(indicatorColumns.map(([h]) => column.get(h)));
    }
    // The key figures on top are the totals of the file.
    const totals = rows.at(-1)!;
    const cell = (h: string) => number(totals[2 + indicatorColumns.findIndex(([x]) => x === h)]);
    expect(cell('Familles accompagnées')).toBe(number(figure('families')));
    expect(cell('Heures de séance')).toBe(12.5);
    expect(cell('Présences d’enfants')).toBe(number(figure('childPresences')));

    // By site, a name that looks like a formula is written as text.
    fireEvent.change(screen.getByLabelText('Détail par'), { target: { value: 'site' } });
    await waitFor(() => expect(screenTable().has('=1+1 France Services')).toBe(true));
    const bySite = parseCsv(await download(screen.getByRole('button', { name: 'Exporter pour la CAF (CSV)' })));
    expect(bySite.map((r) => r[0])).toContain("'=1+1 France Services");
    for (const row of bySite.slice(1)) {
      const column = screenTable().get(row[0]!.replace(/^'/, ''))!;
      expect(row.slice(2).map(number)).toEqual(indicatorColumns.map(([h]) => column.get(h)));
    }
  });

  it('prints the yearly activity report and exports the PSU hours', async () => {
    const { db } = renderWithServices(<ReportsScreen />);
    await open2026(db);
    // happy-dom has no print dialog: the browser test prints for real.
    const print = vi.fn();
    Object.defineProperty(window, 'print', { value: print, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Imprimer le rapport d’activité' }));
    expect(print).toHaveBeenCalledTimes(1);

    const psu = parseCsv(await download(screen.getByRole('button', { name: 'Heures PSU (CSV)' })));
    expect(psu[1]).toEqual(['2026-12', 'Arrêt du Baby Bus', 'Lina G.', 'oui', '40', '4', '-36', '1', '0']);
    expect(psu.at(-1)?.slice(0, 1)).toEqual(['Total']);
  });
});
