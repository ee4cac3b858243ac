import { useMemo, useState } from 'preact/hooks';
import { collectBundle, type TerritoryRecords } from '../../domain/families/bundle';
import { DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS, staleFiles } from '../../domain/families/retention';
import { familyLabel } from '../../domain/families/search';
import { formatDateTime, t } from '../i18n';
import { useServices, useSession } from '../services';
import { ConfirmCard } from '../ui/ConfirmCard';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';
import { eraseFamilies, type EraseReport } from './family-data';
import { familyHref } from './link';

/**
 * Coordination: files untouched past the retention period, and their purge (an erasure of each,
 * synced like any change), with a report of what went.
 */
export function RetentionPanel({ records }: { records: TerritoryRecords }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const [monthsText, setMonthsText] = useState(String(DEFAULT_RETENTION_MONTHS));
  const [confirming, setConfirming] = useState(false);
  const [report, setReport] = useState<{ files: number; counts: EraseReport; months: number }>();
  const { message, run } = useSaveMessage({ clearOnStart: true });
  const months = Number(monthsText);
  const valid = Number.isInteger(months) && months >= MIN_RETENTION_MONTHS && months <= MAX_RETENTION_MONTHS;
  const now = useMemo(() => new Date().toISOString(), [records]);
  const stale = useMemo(() => {
    if (!valid) return [];
    const bundles = records.families.filter((f) => !f.deleted).flatMap((f) => collectBundle(records, f.id) ?? []);
    return staleFiles(bundles, now, months);
  }, [records, now, months, valid]);
  const byId = new Map(records.families.map((f) => [f.id, f]));

  function purge() {
    return run(async () => {
      const counts = await eraseFamilies(db, territoryId, stale.map((s) => s.familyId));
      setReport({ files: counts.families, counts, months });
      setConfirming(false);
    });
  }

  return (
    <section aria-labelledby="retention-title">
      <p>
        <a href="#/familles">{t('family.back')}</a>
      </p>
      <h1 id="retention-title">{t('rgpd.retentionTitle')}</h1>
      <p class="muted">{t('rgpd.retentionIntro')}</p>
      <div class="field field--inline">
        <label for="retention-months">{t('rgpd.retentionMonths')}</label>
        <input id="retention-months" type="number" inputMode="numeric" min={MIN_RETENTION_MONTHS} max={MAX_RETENTION_MONTHS} value={monthsText} onInput={(e) => setMonthsText(e.currentTarget.value)} aria-invalid={!valid} aria-describedby="retention-months-error" />
      </div>
      {!valid ? (
        <p id="retention-months-error" class="form-error" role="alert">
          {t('rgpd.retentionInvalid', { min: MIN_RETENTION_MONTHS, max: MAX_RETENTION_MONTHS })}
        </p>
      ) : null}
      {report ? (
        <p class="card card--success" role="status" data-testid="purge-report">
          {t('rgpd.purged', { files: report.files, months: report.months, requests: report.counts.intakeRequests, appointments: report.counts.appointments, enrolments: report.counts.busEnrollments })}
        </p>
      ) : null}
      <p role="status">{t('rgpd.staleCount', { count: stale.length })}</p>
      <ul class="family__list" data-testid="stale-files">
        {stale.map((s) => {
          const f = byId.get(s.familyId);
          return (
            <li key={s.familyId}>
              <a href={familyHref(s.familyId)}>
                <bdi>{(f && familyLabel(f)) ?? t('family.noName')}</bdi>
              </a>{' '}
              · {t('rgpd.lastActivity', { date: formatDateTime(s.lastActivity) })}
            </li>
          );
        })}
      </ul>
      {stale.length > 0 && !confirming ? (
        <button type="button" class="btn btn--danger" onClick={() => setConfirming(true)}>
          {t('rgpd.purge', { count: stale.length })}
        </button>
      ) : null}
      {confirming ? (
        <ConfirmCard id="purge-confirm" text={t('rgpd.purgeConfirm', { count: stale.length })} confirm={t('rgpd.purgeYes')} onConfirm={() => void purge()} onCancel={() => setConfirming(false)} />
      ) : null}
      <SaveMessageLine message={message} />
    </section>
  );
}
