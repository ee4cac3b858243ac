/**
 * The activity report for the CAF and the PSU hours, as CSV that French spreadsheets open
 * (`;`, decimal comma, BOM, formulas neutralised by toCsv). One header row, one row per group,
 * a totals row last.
 */
import { toCsv, type CsvCell } from '../csv/write';
import type { GroupBy, IndicatorReport, Indicators } from './indicators';
import type { PsuRow } from './psu-hours';

/** Hours with two decimals: more reads as noise in a spreadsheet. */
export const roundHours = (h: number): number => Math.round(h * 100) / 100;

/** Measure columns of the activity report, in order, with their French headers. */
export const indicatorColumns: readonly (readonly [header: string, value: (i: Indicators) => number])[] = [
  ['Séances tenues', (i) => i.sessionsHeld],
  ['dont permanences', (i) => i.sessionsByKind.permanence],
  ['dont temps collectifs', (i) => i.sessionsByKind.temps_collectif],
  ['dont journées Baby Bus', (i) => i.sessionsByKind.bus_day],
  ['dont ateliers parentalité', (i) => i.sessionsByKind.atelier_parentalite],
  ['dont ateliers sociaux', (i) => i.sessionsByKind.atelier_social],
  ['Heures de séance', (i) => roundHours(i.hours)],
  ['Familles accompagnées', (i) => i.families],
  ['Contacts familles non nominatifs', (i) => i.anonymousFamilyContacts],
  ['Assistants maternels accompagnés', (i) => i.assistantsMaternels],
  ['Contacts assistants maternels non nominatifs', (i) => i.anonymousAssistantContacts],
  ['Gardes à domicile accompagnées', (i) => i.gardesADomicile],
  ['Contacts gardes à domicile non nominatifs', (i) => i.anonymousGardeContacts],
  ['Autres contacts', (i) => i.otherContacts],
  ['Enfants accueillis', (i) => i.children],
  ['Présences d’enfants', (i) => i.childPresences],
  ['dont présences non nominatives', (i) => i.anonymousChildPresences],
  ['Familles accompagnées (volet social)', (i) => i.socialFamilies],
  ['Contacts sociaux non nominatifs', (i) => i.anonymousSocialContacts],
];

const groupHeaders: Record<GroupBy, string> = { territory: 'Équipe', commune: 'Commune', site: 'Site' };

/** Label of the totals row: distinct counts there are not the sum of the rows above. */
export const TOTALS_LABEL = 'Total (chaque personne comptée une fois)';

/** The activity report as CSV: one row per team, commune or site, then the totals. */
export function indicatorsCsv(report: IndicatorReport): string {
  const withCode = report.groupBy !== 'territory';
  const lead = (label: string, code: string | undefined): CsvCell[] => (withCode ? [label, code ?? ''] : [label]);
  const rows: CsvCell[][] = [[...lead(groupHeaders[report.groupBy], 'Code INSEE'), ...indicatorColumns.map(([h]) => h)]];
  for (const row of report.rows) rows.push([...lead(row.label, row.communeCode), ...indicatorColumns.map(([, v]) => v(row))]);
  rows.push([...lead(TOTALS_LABEL, ''), ...indicatorColumns.map(([, v]) => v(report.totals))]);
  return toCsv(rows);
}

/** File name such as `indicateurs-commune-2025-01-01_2025-12-31.csv`. */
export function indicatorsFileName(report: IndicatorReport): string {
  const group = { territory: 'equipe', commune: 'commune', site: 'site' }[report.groupBy];
  return `indicateurs-${group}-${report.period.from}_${report.period.to}.csv`;
}

export const psuHeaders = [
  'Mois',
  'Site',
  'Enfant',
  'Sous contrat',
  'Heures contractualisées',
  'Heures réalisées',
  'Écart (réalisées − contractualisées)',
  'Jours de présence',
  'Pointages à vérifier',
] as const;

export interface PsuCsvNames {
  sites?: ReadonlyMap<string, string>;
  /** How a child is shown (first name and initial, file number…); the id otherwise. */
  children?: ReadonlyMap<string, string>;
}

/** PSU hours as CSV: one row per child, site and month, then the totals. */
export function psuCsv(rows: readonly PsuRow[], names: PsuCsvNames = {}): string {
  const out: CsvCell[][] = [[...psuHeaders]];
  const total = { contracted: 0, realised: 0, sessions: 0, incomplete: 0 };
  for (const r of rows) {
    out.push([
      r.month,
      names.sites?.get(r.siteId) ?? r.siteId,
      names.children?.get(r.childId) ?? r.childId,
      r.enrolled,
      roundHours(r.contractedHours),
      roundHours(r.realisedHours),
      roundHours(r.differenceHours),
      r.sessions,
      r.incomplete,
    ]);
    total.contracted += r.contractedHours;
    total.realised += r.realisedHours;
    total.sessions += r.sessions;
    total.incomplete += r.incomplete;
  }
  out.push([
    'Total',
    '',
    '',
    '',
    roundHours(total.contracted),
    roundHours(total.realised),
    roundHours(total.realised - total.contracted),
    total.sessions,
    total.incomplete,
  ]);
  return toCsv(out);
}
