import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { TOTALS_LABEL, indicatorColumns, indicatorsCsv, indicatorsFileName, psuCsv, psuHeaders, roundHours } from '../../../src/domain/reports/activity-csv';
import { computeIndicators, yearPeriod, type IndicatorReport } from '../../../src/domain/reports/indicators';
import type { PsuRow } from '../../../src/domain/reports/psu-hours';
import { S1, input, sites, uid } from './data';

/** What a French spreadsheet reads: BOM stripped, `;` between cells, decimal comma. */
function parse(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const result = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}
const num = (cell: string | undefined): number => Number((cell ?? '').replace(',', '.'));

function expectSameNumbers(report: IndicatorReport, lead: number): void {
  const [header, ...body] = parse(indicatorsCsv(report));
  expect(header?.slice(lead)).toEqual(indicatorColumns.map(([h]) => h));
  expect(body).toHaveLength(report.rows.length + 1);
  [...report.rows, report.totals].forEach((row, i) => {
    const cells = body[i] ?? [];
    expect(cells.slice(lead).map(num)).toEqual(indicatorColumns.map(([, value]) => value(row)));
  });
}

describe('activity report CSV', () => {
  const year = yearPeriod(2025);

  it('by commune: French headers, a code column, one row per commune, totals last', () => {
    const report = computeIndicators(input, year, 'commune');
    const rows = parse(indicatorsCsv(report));
    expect(rows[0]?.slice(0, 3)).toEqual(['Commune', 'Code INSEE', 'Séances tenues']);
    expect(rows.map((r) => r[0])).toEqual(['Commune', 'Jonzac', 'Montendre', 'Saint-Joseph', TOTALS_LABEL]);
    expect(rows[2]?.[1]).toBe('17306');
    expectSameNumbers(report, 2);
  });

  it('writes hours with a decimal comma', () => {
    const csv = indicatorsCsv(computeIndicators(input, year, 'commune'));
    const hoursAt = indicatorColumns.findIndex(([h]) => h === 'Heures de séance') + 2;
    // Totals: 19.5 hours.
    expect(parse(csv).at(-1)?.[hoursAt]).toBe('19,5');
  });

  it('by team: no code column', () => {
    const report = computeIndicators(input, year, 'territory');
    expect(parse(indicatorsCsv(report)).map((r) => r[0])).toEqual(['Équipe', 'Haute-Saintonge', 'Sud Réunion', TOTALS_LABEL]);
    expectSameNumbers(report, 1);
  });

  it('by site, with a site name that a spreadsheet would run as a formula', () => {
    const hostile = '=HYPERLINK("http://example.invalid";"clic")';
    const report = computeIndicators({ ...input, sites: sites.map((s) => (s.id === S1 ? { ...s, name: hostile } : s)) }, year, 'site');
    const rows = parse(indicatorsCsv(report));
    // Shown as text: the leading apostrophe is what spreadsheets hide.
    expect(rows.map((r) => r[0])).toContain(`'${hostile}`);
    expect(rows.some((r) => r[0] === hostile)).toBe(false);
    expectSameNumbers(report, 2);
  });

  it('names the file after the grouping and the period', () => {
    expect(indicatorsFileName(computeIndicators(input, year, 'commune'))).toBe('indicateurs-commune-2025-01-01_2025-12-31.csv');
  });
});

describe('PSU hours CSV', () => {
  const row = (childId: string, month: string, contracted: number, realised: number, extra: Partial<PsuRow> = {}): PsuRow => ({
    childId,
    siteId: S1,
    month,
    contractedHours: contracted,
    realisedHours: realised,
    differenceHours: realised - contracted,
    sessions: 3,
    incomplete: 0,
    enrolled: contracted > 0,
    ...extra,
  });
  const rows = [row(uid(61), '2025-10', 80, 3.5), row(uid(62), '2025-10', 0, 4.5, { incomplete: 1 }), row(uid(63), '2025-11', 62 * (15 / 30), 1 / 3)];

  it('one row per child and month, hours rounded to the hundredth, totals last', () => {
    const parsed = parse(psuCsv(rows, { sites: new Map([[S1, '-Bus Montendre']]), children: new Map([[uid(61), 'Inès B.']]) }));
    expect(parsed[0]).toEqual([...psuHeaders]);
    expect(parsed[1]).toEqual(['2025-10', "'-Bus Montendre", 'Inès B.', 'oui', '80', '3,5', '-76,5', '3', '0']);
    // A child without a name shows the id; no contract reads "non".
    expect(parsed[2]?.slice(2, 4)).toEqual([uid(62), 'non']);
    expect(parsed[3]?.slice(4, 7).map(num)).toEqual([31, 0.33, roundHours(1 / 3 - 31)]);
    expect(parsed[4]?.[0]).toBe('Total');
    expect(parsed[4]?.slice(4).map(num)).toEqual([111, roundHours(3.5 + 4.5 + 1 / 3), roundHours(3.5 + 4.5 + 1 / 3 - 111), 9, 1]);
  });
});
