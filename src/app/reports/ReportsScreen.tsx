import { recordAudit } from '../audit/queue';
import { useMemo, useState } from 'preact/hooks';
import { TOTALS_LABEL, indicatorColumns, indicatorsCsv, indicatorsFileName, psuCsv, psuHeaders, roundHours } from '../../domain/reports/activity-csv';
import type { GroupBy, Indicators, SessionKind } from '../../domain/reports/indicators';
import type { PsuRow } from '../../domain/reports/psu-hours';
import { sessionKinds } from '../../domain/entities/scheduled-session';
import { toZoned } from '../../domain/scheduling/zoned-time';
import { downloadFile } from '../directory/transfer/download';
import { formatDate, formatNumber, t, type MessageKey } from '../i18n';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';
import { BarChart } from './BarChart';
import { buildReport, childNames, loadReportData, reportYears, type Report, type ReportFilters } from './report-data';

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const rate = (r: number | null) => (r === null ? '—' : percent.format(r));
const hours = (h: number) => formatNumber(roundHours(h));

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

/** The key figures on top of the report, each with the anonymous part beside it when there is one. */
const figures: readonly { key: keyof Indicators; label: MessageKey; note?: (i: Indicators) => number; format?: (n: number) => string }[] = [
  { key: 'sessionsHeld', label: 'report.fig.sessions' },
  { key: 'hours', label: 'report.fig.hours', format: hours },
  { key: 'families', label: 'report.fig.families', note: (i) => i.anonymousFamilyContacts },
  { key: 'assistantsMaternels', label: 'report.fig.assistants', note: (i) => i.anonymousAssistantContacts },
  { key: 'gardesADomicile', label: 'report.fig.gardes', note: (i) => i.anonymousGardeContacts },
  { key: 'children', label: 'report.fig.children' },
  { key: 'childPresences', label: 'report.fig.presences' },
  { key: 'socialFamilies', label: 'report.fig.social', note: (i) => i.anonymousSocialContacts },
];

/**
 * The yearly indicators of the person's teams, filtered by team, commune and site: key figures,
 * charts with their tables, the PSU hours of the Baby Bus and the satisfaction survey; exported
 * as CSV for the CAF and printed as the yearly activity report. Computed on the device, offline.
 */
export function ReportsScreen() {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const mine = session.user.territoryIds;
  const data = useLiveQuery(() => loadReportData(db, mine), [db, mine.join(',')]);
  const zone = data?.territories.find((x) => x.id === territoryId)?.timeZone ?? 'Europe/Paris';
  const currentYear = Number(toZoned(Date.now(), zone).localDate.slice(0, 4));
  const [filters, setFilters] = useState<ReportFilters>({ year: currentYear, territoryId: '', commune: '', siteId: '', groupBy: 'commune' });
  const set = (change: Partial<ReportFilters>) => setFilters((f) => ({ ...f, ...change }));
  const report = useMemo(() => (data ? buildReport(data, filters, zone) : undefined), [data, filters, zone]);

  if (!data || !report) return <p class="muted">{t('common.loading')}</p>;

  const territories = data.territories.filter((x) => !x.deleted).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const teamSites = data.sites.filter((s) => !s.deleted && (filters.territoryId === '' || s.territoryId === filters.territoryId));
  const communeName = new Map(data.communes.map((c) => [c.code, c.name]));
  const communes = [...new Set(teamSites.map((s) => s.communeCode))].map((code) => ({ code, name: communeName.get(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const sites = teamSites.filter((s) => filters.commune === '' || s.communeCode === filters.commune).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const scope = [
    filters.territoryId === '' ? t('report.allTeams') : (territories.find((x) => x.id === filters.territoryId)?.name ?? ''),
    filters.commune === '' ? t('report.allCommunes') : (communeName.get(filters.commune) ?? filters.commune),
    filters.siteId === '' ? t('report.allSites') : (data.sites.find((s) => s.id === filters.siteId)?.name ?? ''),
  ].join(' · ');
  const totals = report.indicators.totals;
  const siteNames = new Map(data.sites.map((s) => [s.id, s.name]));
  const children = childNames(data.families);

  return (
    <section class="report" aria-labelledby="report-title">
      <h1 id="report-title">{t('report.title', { year: String(filters.year) })}</h1>
      <p class="report__scope">{scope}</p>
      <p class="print-only muted">{t('report.printedOn', { date: formatDate(toZoned(Date.now(), zone).localDate) })}</p>

      <form class="report__controls no-print" aria-label={t('report.filters')} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="report-year">{t('report.year')}</label>
          <select id="report-year" value={String(filters.year)} onChange={(e) => set({ year: Number(e.currentTarget.value) })}>
            {reportYears(data, currentYear).map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {territories.length > 1 ? (
          <div class="field">
            <label for="report-team">{t('report.team')}</label>
            <select id="report-team" value={filters.territoryId} onChange={(e) => set({ territoryId: e.currentTarget.value, commune: '', siteId: '' })}>
              <option value="">{t('report.allTeams')}</option>
              {territories.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="field">
          <label for="report-commune">{t('report.commune')}</label>
          <select id="report-commune" value={filters.commune} onChange={(e) => set({ commune: e.currentTarget.value, siteId: '' })}>
            <option value="">{t('report.allCommunes')}</option>
            {communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="report-site">{t('report.site')}</label>
          <select id="report-site" value={filters.siteId} onChange={(e) => set({ siteId: e.currentTarget.value })}>
            <option value="">{t('report.allSites')}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="report-group">{t('report.groupBy')}</label>
          <select id="report-group" value={filters.groupBy} onChange={(e) => set({ groupBy: e.currentTarget.value as GroupBy })}>
            {(['territory', 'commune', 'site'] as const).map((g) => (
              <option key={g} value={g}>
                {t(`report.group.${g}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <div class="report__actions no-print">
        <button type="button" class="btn btn--primary" onClick={() => { downloadFile(indicatorsFileName(report.indicators), indicatorsCsv(report.indicators), 'text/csv;charset=utf-8'); void recordAudit(db, { action: 'export', detail: { what: 'caf_indicators', year: filters.year } }); }}>
          {t('report.exportCsv')}
        </button>
        <button type="button" class="btn" disabled={report.psu.length === 0} onClick={() => { downloadFile(`heures-psu-${filters.year}.csv`, psuCsv(report.psu, { sites: siteNames, children }), 'text/csv;charset=utf-8'); void recordAudit(db, { action: 'export', detail: { what: 'psu_hours', year: filters.year } }); }}>
          {t('report.exportPsu')}
        </button>
        <button type="button" class="btn" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </div>

      {totals.sessionsHeld === 0 ? <p class="card card--info">{t('report.empty', { year: String(filters.year) })}</p> : null}

      <h2>{t('report.keyFigures')}</h2>
      <ul class="figures">
        {figures.map((f) => {
          const note = f.note?.(totals) ?? 0;
          return (
            <li key={f.key} class="figure" data-testid={`figure-${f.key}`}>
              <span class="figure__value">{(f.format ?? formatNumber)(totals[f.key] as number)}</span>
              <span class="figure__label">{t(f.label)}</span>
              {note > 0 ? <span class="figure__note">{t('report.anonymous', { count: note })}</span> : null}
            </li>
          );
        })}
        <li class="figure" data-testid="figure-satisfaction">
          <span class="figure__value">{rate(report.survey.satisfactionRate)}</span>
          <span class="figure__label">{t('report.fig.satisfaction')}</span>
          <span class="figure__note">{t('report.responses', { count: report.survey.responses })}</span>
        </li>
      </ul>

      <SessionsByKind totals={totals} />
      <GroupTable report={report} />
      <PsuSection report={report} siteNames={siteNames} childLabels={children} />
      <SurveySection report={report} />
    </section>
  );
}

function SessionsByKind({ totals }: { totals: Indicators }) {
  const rows = sessionKinds.map((k: SessionKind) => ({ label: t(`sessionKind.${k}` as MessageKey), values: [totals.sessionsByKind[k]] }));
  const summary = rows.map((r) => `${r.label} : ${formatNumber(r.values[0]!)}`).join(', ');
  return (
    <section class="report__part" aria-labelledby="report-kinds">
      <h2 id="report-kinds">{t('report.kinds')}</h2>
      <BarChart id="chart-kinds" title={t('report.kindsChart')} summary={summary} series={[t('report.fig.sessions')]} rows={rows}>
        <p class="chart__alt">{summary}.</p>
      </BarChart>
    </section>
  );
}

/** One column per team, commune or site and a totals column; the same numbers as the CSV. */
function GroupTable({ report }: { report: Report }) {
  const { rows, totals, groupBy } = report.indicators;
  const groupWord = t(`report.group.${groupBy}`);
  const chartRows = rows.map((r) => ({ label: r.label, values: [r.sessionsHeld, r.families] }));
  const summary = rows.map((r) => t('report.groupSummary', { label: r.label, sessions: r.sessionsHeld, families: r.families })).join(' ; ');
  return (
    <section class="report__part" aria-labelledby="report-groups">
      <h2 id="report-groups">{t('report.byGroup', { group: groupWord })}</h2>
      {rows.length > 0 ? <BarChart id="chart-groups" title={t('report.groupChart', { group: groupWord })} summary={summary} series={[t('report.fig.sessions'), t('report.fig.families')]} rows={chartRows} /> : null}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="report-groups-caption">
        <table class="table" data-testid="indicator-table">
          <caption id="report-groups-caption">{t('report.tableCaption', { group: groupWord })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.indicator')}</th>
              {rows.map((r) => (
                <th key={r.key} scope="col">
                  {r.label}
                </th>
              ))}
              {/* The CSV's wording: distinct people, so not the sum of the columns. */}
              <th scope="col">{TOTALS_LABEL}</th>
            </tr>
          </thead>
          <tbody>
            {/* Headers as in the CSV for the CAF, so the printed report and the file read the same. */}
            {indicatorColumns.map(([header, value]) => (
              <tr key={header}>
                <th scope="row">{header}</th>
                {rows.map((r) => (
                  <td key={r.key}>{formatNumber(value(r))}</td>
                ))}
                <td class="table__total">{formatNumber(value(totals))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PsuSection({ report, siteNames, childLabels }: { report: Report; siteNames: Map<string, string>; childLabels: Map<string, string> }) {
  const rows = report.psu;
  if (rows.length === 0 && report.realised.flagged.length === 0) return null;
  const months = [...new Set(rows.map((r) => r.month))];
  const chartRows = months.map((m) => {
    const of = rows.filter((r) => r.month === m);
    return { label: monthLabel(m), values: [of.reduce((s, r) => s + r.contractedHours, 0), of.reduce((s, r) => s + r.realisedHours, 0)].map(roundHours) };
  });
  const summary = chartRows.map((r) => t('report.psuSummary', { month: r.label, contracted: hours(r.values[0]!), realised: hours(r.values[1]!) })).join(' ; ');
  const sum = (f: (r: PsuRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  return (
    <section class="report__part" aria-labelledby="report-psu">
      <h2 id="report-psu">{t('report.psu')}</h2>
      <p class="muted">{t('report.psuIntro')}</p>
      <BarChart id="chart-psu" title={t('report.psuChart')} summary={summary} series={[t('report.contracted'), t('report.realised')]} rows={chartRows} format={hours} />
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="report-psu-caption">
        <table class="table" data-testid="psu-table">
          <caption id="report-psu-caption">{t('report.psuCaption')}</caption>
          <thead>
            <tr>
              {psuHeaders.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.month} ${r.siteId} ${r.childId}`}>
                <td class="table__text">{monthLabel(r.month)}</td>
                <td class="table__text">{siteNames.get(r.siteId) ?? ''}</td>
                <th scope="row">{childLabels.get(r.childId) ?? t('report.childUnnamed')}</th>
                <td class="table__text">{r.enrolled ? t('common.yes') : t('common.no')}</td>
                <td>{hours(r.contractedHours)}</td>
                <td>{hours(r.realisedHours)}</td>
                <td>{hours(r.differenceHours)}</td>
                <td>{formatNumber(r.sessions)}</td>
                <td>{formatNumber(r.incomplete)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                {t('report.total')}
              </th>
              <td>{hours(sum((r) => r.contractedHours))}</td>
              <td>{hours(sum((r) => r.realisedHours))}</td>
              <td>{hours(sum((r) => r.realisedHours) - sum((r) => r.contractedHours))}</td>
              <td>{formatNumber(sum((r) => r.sessions))}</td>
              <td>{formatNumber(sum((r) => r.incomplete))}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {report.realised.flagged.length > 0 ? <p class="card card--warning">{t('report.psuFlagged', { count: report.realised.flagged.length })}</p> : null}
    </section>
  );
}

function SurveySection({ report }: { report: Report }) {
  const s = report.survey;
  const bars = [
    { label: t('report.fig.satisfaction'), value: s.satisfactionRate },
    { label: t('report.foundRate'), value: s.foundRate },
    { label: t('report.returnRate'), value: s.wouldReturnRate },
    { label: t('report.responseRate'), value: s.responseRate },
  ];
  const summary = bars.map((b) => `${b.label} : ${rate(b.value)}`).join(', ');
  return (
    <section class="report__part" aria-labelledby="report-survey">
      <h2 id="report-survey">{t('report.survey')}</h2>
      {s.responses === 0 ? (
        <p>{t('report.surveyNone')}</p>
      ) : (
        <BarChart id="chart-survey" title={t('report.surveyChart')} summary={summary} series={[t('report.share')]} rows={bars.flatMap((b) => (b.value === null ? [] : [{ label: b.label, values: [Math.round(b.value * 100)] }]))} format={(n) => `${formatNumber(n)} %`}>
          <dl class="survey-figures" data-testid="survey-figures">
            <dt>{t('report.responsesLabel')}</dt>
            <dd>{formatNumber(s.responses)}</dd>
            <dt>{t('report.fig.satisfaction')}</dt>
            <dd>{rate(s.satisfactionRate)}</dd>
            <dt>{t('report.foundRate')}</dt>
            <dd>{rate(s.foundRate)}</dd>
            <dt>{t('report.returnRate')}</dt>
            <dd>{rate(s.wouldReturnRate)}</dd>
            <dt>{t('report.surveyedSessions')}</dt>
            <dd>{t('report.surveyedOf', { surveyed: s.sessionsSurveyed, held: s.sessionsHeld })}</dd>
            <dt>{t('report.responseRate')}</dt>
            <dd>{s.responseRate === null ? '—' : t('report.responseOf', { rate: rate(s.responseRate), answers: s.linkedResponses, people: s.participants })}</dd>
          </dl>
        </BarChart>
      )}
    </section>
  );
}
