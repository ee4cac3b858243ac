import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, t, type MessageKey } from '../i18n';
import { useServices } from '../services';
import { useLiveQuery } from '../ui/use-live-query';
import { auditCsv, listAudit, type AuditEventView, type AuditFilters } from './admin-api';
import { describeAdminError } from './errors';

/** Actions an admin can filter on, in the order a person thinks of them. */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'account_created',
  'role_changed',
  'territories_changed',
  'account_changed',
  'account_deactivated',
  'account_reactivated',
  'account_deleted',
  'password_reset',
  'device_revoked',
  'export',
  'family_file_read',
] as const;

function actionLabel(action: string): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`audit.action.${action}` as MessageKey) : action;
}

const ROLES = new Set(['parent', 'animator', 'bus_team', 'coordinator', 'admin']);

/** The detail in words: role and territory names instead of codes; device ids left out. */
function detailText(e: AuditEventView, territoryNames: ReadonlyMap<string, string>): string {
  const word = (v: unknown): string => {
    if (typeof v === 'string' && ROLES.has(v)) return t(`role.${v as 'admin'}`);
    if (typeof v === 'string' && territoryNames.has(v)) return territoryNames.get(v) ?? v;
    return String(v);
  };
  const parts = Object.entries(e.detail)
    .filter(([k]) => k !== 'device')
    .map(([k, v]) => `${k} : ${Array.isArray(v) ? v.map(word).join(', ') : word(v)}`);
  if (e.familyId) parts.unshift(t('audit.family', { id: e.familyId.slice(0, 8) }));
  if (e.claimedAt) parts.push(t('audit.claimedAt', { date: formatDateTime(e.claimedAt) }));
  return parts.join(' · ');
}

/** The audit log: filter, page back in time, export as a spreadsheet. Admins only; needs the server. */
export function AuditPanel({ online }: { online: boolean }) {
  const { api, db } = useServices();
  const staff = useLiveQuery(() => db.records('staffUser').toArray(), [db]) ?? [];
  const territories = useLiveQuery(() => db.records('territory').toArray(), [db]) ?? [];
  const territoryNames = new Map(territories.map((x) => [x.id, x.name]));
  const [filters, setFilters] = useState<AuditFilters>({});
  const [events, setEvents] = useState<AuditEventView[]>();
  const [next, setNext] = useState<number | null>(null);
  const [problem, setProblem] = useState<string>();

  async function load(more: boolean) {
    try {
      const page = await listAudit(api, filters, more ? (next ?? undefined) : undefined);
      setEvents(more ? [...(events ?? []), ...page.events] : page.events);
      setNext(page.next);
      setProblem(undefined);
    } catch (e) {
      setProblem(describeAdminError(e));
    }
  }
  useEffect(() => {
    if (online) void load(false);
  }, [online]);

  async function exportCsv() {
    try {
      const blob = await auditCsv(api, filters);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `journal-audit-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setProblem(describeAdminError(e));
    }
  }

  const set = (key: keyof AuditFilters, value: string) => setFilters({ ...filters, [key]: value || undefined });

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <form
        class="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          void load(false);
        }}
      >
        <div class="copy-info">
          <div class="field">
            <label for="audit-action">{t('audit.filter.action')}</label>
            <select id="audit-action" value={filters.action ?? ''} onChange={(e) => set('action', e.currentTarget.value)}>
              <option value="">{t('audit.filter.all')}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="audit-user">{t('audit.filter.user')}</label>
            <select id="audit-user" value={filters.userId ?? ''} onChange={(e) => set('userId', e.currentTarget.value)}>
              <option value="">{t('audit.filter.everyone')}</option>
              {staff
                .filter((s) => !s.deleted)
                .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
            </select>
          </div>
          <div class="field">
            <label for="audit-from">{t('audit.filter.from')}</label>
            <input id="audit-from" type="date" value={filters.from ?? ''} onInput={(e) => set('from', e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="audit-to">{t('audit.filter.to')}</label>
            <input id="audit-to" type="date" value={filters.to ?? ''} onInput={(e) => set('to', e.currentTarget.value)} />
          </div>
        </div>
        <div class="form__actions">
          <button type="submit" class="btn btn--primary" disabled={!online}>
            {t('audit.filter.apply')}
          </button>
          <button type="button" class="btn" disabled={!online} onClick={() => void exportCsv()}>
            {t('audit.export')}
          </button>
        </div>
      </form>
      {problem ? (
        <p class="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {events === undefined ? null : events.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="audit-log">
            <caption class="sr-only">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.col.at')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.target')}</th>
                <th scope="col">{t('audit.col.device')}</th>
                <th scope="col">{t('audit.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.seq}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{actionLabel(e.action)}</td>
                  <td>{e.actorName ?? e.actorEmail ?? (e.actorId ? e.actorId.slice(0, 8) : '—')}</td>
                  <td>{e.targetName ?? (e.targetUserId ? e.targetUserId.slice(0, 8) : '—')}</td>
                  <td>
                    {e.deviceName ?? '—'}
                    {e.address ? <span class="muted"> ({e.address})</span> : null}
                  </td>
                  <td>{detailText(e, territoryNames)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null ? (
        <button type="button" class="btn" disabled={!online} onClick={() => void load(true)}>
          {t('audit.older')}
        </button>
      ) : null}
    </section>
  );
}
