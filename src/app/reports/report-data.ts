/**
 * What the yearly report reads from the device, and the filters (team, commune, site) applied
 * before the pure computations of src/domain/reports: a session kept by the filters brings its
 * logs, check-ins and survey answers with it, since they all hang on the session.
 */
import { computeIndicators, localDate, yearPeriod, type GroupBy, type IndicatorReport } from '../../domain/reports/indicators';
import { contractedVsRealised, realisedHours, type PsuRow, type RealisedHours } from '../../domain/reports/psu-hours';
import { surveyRates, type SurveyRates } from '../../domain/reports/survey';
import type { RecordOf } from '../../domain/registry';
import type { TourneeDB } from '../db/database';

export interface ReportData {
  territories: RecordOf<'territory'>[];
  communes: RecordOf<'commune'>[];
  sites: RecordOf<'site'>[];
  sessions: RecordOf<'scheduledSession'>[];
  logs: RecordOf<'sessionLog'>[];
  attendance: RecordOf<'attendanceEvent'>[];
  families: RecordOf<'family'>[];
  enrollments: RecordOf<'busEnrollment'>[];
  responses: RecordOf<'surveyResponse'>[];
}

/** Everything of the person's teams that the report counts. */
export async function loadReportData(db: TourneeDB, territoryIds: readonly string[]): Promise<ReportData> {
  const of = <E extends Parameters<TourneeDB['records']>[0]>(entity: E) => db.records(entity).where('territoryId').anyOf([...territoryIds]).toArray();
  const [territories, communes, sites, sessions, logs, attendance, families, enrollments, responses] = await Promise.all([
    db.records('territory').where('id').anyOf([...territoryIds]).toArray(),
    of('commune'),
    of('site'),
    of('scheduledSession'),
    of('sessionLog'),
    of('attendanceEvent'),
    of('family'),
    of('busEnrollment'),
    of('surveyResponse'),
  ]);
  return { territories, communes, sites, sessions, logs, attendance, families, enrollments, responses };
}

export interface ReportFilters {
  year: number;
  /** Empty: every team of the person. */
  territoryId: string;
  /** INSEE code; empty: every commune. */
  commune: string;
  siteId: string;
  groupBy: GroupBy;
}

export interface Report {
  filters: ReportFilters;
  indicators: IndicatorReport;
  survey: SurveyRates;
  psu: PsuRow[];
  realised: RealisedHours;
}

/** Years that have a session, and the current one, newest first. */
export function reportYears(data: Pick<ReportData, 'sessions'>, current: number): number[] {
  const years = new Set([current]);
  for (const s of data.sessions) if (!s.deleted) years.add(Number(localDate(s.start, s.timeZone).slice(0, 4)));
  return [...years].sort((a, b) => b - a);
}

/** The report of a year for the filters given. `zone` dates survey answers given outside a session. */
export function buildReport(data: ReportData, filters: ReportFilters, zone: string): Report {
  const siteById = new Map(data.sites.map((s) => [s.id, s]));
  const keepSite = (siteId: string) => {
    const site = siteById.get(siteId);
    return (filters.siteId === '' || siteId === filters.siteId) && (filters.commune === '' || site?.communeCode === filters.commune);
  };
  const sessions = data.sessions.filter((s) => (filters.territoryId === '' || s.territoryId === filters.territoryId) && keepSite(s.siteId));
  const kept = new Set(sessions.map((s) => s.id));
  const known = new Set(data.sessions.map((s) => s.id));
  const placeFilter = filters.commune !== '' || filters.siteId !== '';
  // An answer outside any session (an event) belongs to a team, not to a commune or a site.
  const responses = data.responses.filter((r) =>
    r.sessionId !== undefined && known.has(r.sessionId) ? kept.has(r.sessionId) : !placeFilter && (filters.territoryId === '' || r.territoryId === filters.territoryId),
  );
  const period = yearPeriod(filters.year);
  const input = { sessions, logs: data.logs, attendance: data.attendance, sites: data.sites, families: data.families, territories: data.territories, communes: data.communes.map((c) => ({ code: c.code, name: c.name })) };
  const indicators = computeIndicators(input, period, filters.groupBy);
  const survey = surveyRates({ sessions, logs: data.logs, attendance: data.attendance, families: data.families, responses }, period, zone);
  const busSessions = sessions.filter((s) => s.kind === 'bus_day');
  const realised = realisedHours(data.attendance, busSessions, period);
  const enrollments = data.enrollments.filter((e) => (filters.territoryId === '' || e.territoryId === filters.territoryId) && keepSite(e.siteId));
  const psu = contractedVsRealised(enrollments, realised.rows, period);
  return { filters, indicators, survey, psu, realised };
}

/** Names of the children for the PSU table: first name and the initial of a guardian's last name. */
export function childNames(families: readonly RecordOf<'family'>[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const f of families) {
    if (f.deleted) continue;
    const last = f.guardians.map((g) => (typeof g.lastName === 'string' ? g.lastName.trim() : '')).find(Boolean);
    for (const c of f.children) {
      const first = typeof c.firstName === 'string' ? c.firstName.trim() : '';
      if (first) names.set(c.id, last ? `${first} ${last[0]}.` : first);
    }
  }
  return names;
}
