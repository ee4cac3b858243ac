import { useEffect, useMemo, useState } from 'preact/hooks';
import { intakeStatuses } from '../../domain/entities/intake-request';
import { updateRecord } from '../db/repository';
import { formatDate, formatDateTime, t } from '../i18n';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { hasDraft } from '../ui/use-draft';
import { useLiveQuery } from '../ui/use-live-query';
import { IntakeForm } from './IntakeForm';
import { FamilyFileLink } from '../families/FamilyFileLink';
import { AppointmentReply } from './AppointmentReply';
import { MatchPanel } from './MatchPanel';

type Status = (typeof intakeStatuses)[number];

/** Requests from families, newest first, with their status; new ones can be taken offline. */
export function IntakeScreen() {
  const { db } = useServices();
  const { territoryId } = useSession();
  const [adding, setAdding] = useState(false);
  const [receipt, setReceipt] = useState<string>();
  const [error, setError] = useState<string>();
  const [matching, setMatching] = useState<string>();
  const [replying, setReplying] = useState<string>();
  // A request being typed when the tab was closed opens again with what was typed.
  useEffect(() => {
    void hasDraft(db, 'intake:new').then((found) => found && setAdding(true));
  }, [db]);
  const requests = useLiveQuery(
    () => db.records('intakeRequest').where('territoryId').equals(territoryId).filter((r) => !r.deleted).toArray(),
    [db, territoryId],
  );
  const communes = useLiveQuery(() => db.records('commune').where('territoryId').equals(territoryId).sortBy('name'), [db, territoryId]) ?? [];
  const appointments = useLiveQuery(() => db.records('appointment').where('territoryId').equals(territoryId).filter((a) => !a.deleted && a.intakeRequestId !== undefined).toArray(), [db, territoryId]) ?? [];
  const sites = useLiveQuery(() => db.records('site').where('territoryId').equals(territoryId).filter((x) => !x.deleted).sortBy('name'), [db, territoryId]) ?? [];
  const staff = useLiveQuery(() => db.records('staffUser').filter((u) => !u.deleted && u.active && u.territoryIds.includes(territoryId)).sortBy('name'), [db, territoryId]) ?? [];
  const byRequest = useMemo(() => {
    const map = new Map<string, typeof appointments>();
    for (const a of appointments) map.set(a.intakeRequestId!, [...(map.get(a.intakeRequestId!) ?? []), a]);
    return map;
  }, [appointments]);
  const communeName = useMemo(() => new Map(communes.map((c) => [c.code, c.name])), [communes]);
  const sorted = useMemo(() => [...(requests ?? [])].sort((a, b) => b.consent.givenAt.localeCompare(a.consent.givenAt)), [requests]);

  async function edit(id: string, changes: { status?: Status; assignedTo?: string | undefined }) {
    try {
      setError(undefined);
      await updateRecord(db, 'intakeRequest', id, changes);
    } catch (e) {
      setError(describeSaveError(e).message);
    }
  }

  return (
    <section aria-labelledby="intake-title">
      <div class="screen-head">
        <h1 id="intake-title">{t('intake.title')}</h1>
        <button type="button" class="btn btn--primary" onClick={() => { setAdding(true); setReceipt(undefined); }} disabled={adding}>
          {t('intake.add')}
        </button>
      </div>
      {receipt ? (
        <p class="card card--success" role="status" data-testid="intake-receipt">
          {t('intake.receipt', { code: receipt })}
        </p>
      ) : null}
      {adding ? (
        <IntakeForm
          communes={communes}
          onSaved={(code) => {
            setAdding(false);
            setReceipt(code);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <p class="muted">{t('intake.count', { count: sorted.length })}</p>
      <ul class="cards" data-testid="intake-list">
        {sorted.map((r) => (
          <li key={r.id} class={matching === r.id || replying === r.id ? 'card entry card--span' : 'card entry'}>
            <h2 class="entry__name">
              {r.name ?? r.phone} <span class="muted">· {r.receiptCode}</span>
              {r.accessHash ? <span class="badge"> {t('reply.fromPhone')}</span> : null}
            </h2>
            <p class="entry__meta">
              <a href={`tel:${r.phone.replace(/[^+\d]/g, '')}`}>{r.phone}</a>
              {r.childBirthDate ? <> · {formatDate(r.childBirthDate)}</> : r.childExpectedDate ? <> · {formatDate(r.childExpectedDate)}</> : null}
              {r.communeCode ? <> · {communeName.get(r.communeCode) ?? r.communeCode}</> : null}
              {' · '}
              {formatDateTime(r.consent.givenAt)}
            </p>
            {r.needs.length > 0 ? <p>{r.needs.map((n) => t(`need.${n}`)).join(', ')}</p> : null}
            {r.message ? <p>{r.message}</p> : null}
            <div class="field field--inline">
              <label for={`status-${r.id}`}>{t('intake.status')}</label>
              <select id={`status-${r.id}`} value={r.status} onChange={(e) => void edit(r.id, { status: e.currentTarget.value as Status })}>
                {intakeStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field field--inline">
              <label for={`assign-${r.id}`}>{t('reply.assign')}</label>
              <select id={`assign-${r.id}`} value={r.assignedTo ?? ''} onChange={(e) => void edit(r.id, { assignedTo: e.currentTarget.value || undefined })}>
                <option value="">{t('reply.nobody')}</option>
                {staff.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </div>
            {(byRequest.get(r.id) ?? []).some((a) => a.status === 'requested') ? (
              <p class="card card--info" data-testid="appointment-asked">
                {t('reply.asked')}
              </p>
            ) : null}
            <p class="entry__actions">
              <FamilyFileLink request={r} />
              <button type="button" class="btn btn--small" aria-expanded={replying === r.id} onClick={() => setReplying(replying === r.id ? undefined : r.id)}>
                {t('reply.open')}
                <span class="sr-only"> {r.receiptCode}</span>
              </button>
            </p>
            {replying === r.id ? <AppointmentReply request={r} appointments={byRequest.get(r.id) ?? []} sites={sites} /> : null}
            {r.needs.includes('childcare') ? (
              <p class="entry__actions">
                <button
                  type="button"
                  class="btn btn--small"
                  aria-expanded={matching === r.id}
                  aria-label={t('match.openLabel', { code: r.receiptCode })}
                  onClick={() => setMatching(matching === r.id ? undefined : r.id)}
                >
                  {t('match.open')}
                </button>
              </p>
            ) : null}
            {matching === r.id ? <MatchPanel request={r} onClose={() => setMatching(undefined)} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
