import { useEffect, useMemo, useState } from 'preact/hooks';
import { needKinds } from '../../domain/entities/family';
import { collectBundle, type TerritoryRecords } from '../../domain/families/bundle';
import { resolveFamilyId } from '../../domain/families/merge';
import { familyLabel } from '../../domain/families/search';
import { telHref } from '../../domain/phone';
import { recordAudit } from '../audit/queue';
import { updateRecord } from '../db/repository';
import { formatDate, formatDateTime, t } from '../i18n';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { useLiveQuery } from '../ui/use-live-query';
import { DocumentsChecklist } from './DocumentsChecklist';
import type { EraseReport } from './family-data';
import { FamilyNotes } from './FamilyNotes';
import { orientationLabel, questionLabel } from './labels';
import { familyHref } from './link';
import { RgpdActions } from './RgpdActions';
import { SupportPanel } from './SupportPanel';

/** One family file: who they are, what they need, everything done with them, and their papers. */
export function FamilyFile({ records, familyId }: { records: TerritoryRecords; familyId: string }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const [message, setMessage] = useState<string>();
  const [erased, setErased] = useState<EraseReport>();
  const bundle = useMemo(() => collectBundle(records, familyId), [records, familyId]);
  // Who opened which file is kept for the audit log (queued offline, sent when connected).
  const found = bundle !== undefined;
  useEffect(() => {
    if (found) void recordAudit(db, { action: 'family_file_read', familyId });
  }, [db, familyId, found]);
  const staff = useLiveQuery(() => db.records('staffUser').filter((u) => !u.deleted && u.territoryIds.includes(territoryId)).toArray(), [db, territoryId]) ?? [];
  const staffName = (id: string) => staff.find((u) => u.id === id)?.name ?? t('family.someone');
  const back = (
    <p>
      <a href="#/familles">{t('family.back')}</a>
    </p>
  );
  if (!bundle) {
    return (
      <section aria-labelledby="family-title">
        <h1 id="family-title">{t('family.notFound')}</h1>
        {back}
      </section>
    );
  }
  const { family } = bundle;
  if (family.deleted) {
    const byId = new Map(records.families.map((f) => [f.id, f]));
    const live = resolveFamilyId(family.id, byId);
    return (
      <section aria-labelledby="family-title">
        <h1 id="family-title">{family.erasedAt ? t('rgpd.erasedTitle') : t('family.deletedTitle')}</h1>
        {erased ? (
          <p class="card card--success" role="status">
            {t('rgpd.erased', { requests: erased.intakeRequests, appointments: erased.appointments, enrolments: erased.busEnrollments })}
          </p>
        ) : null}
        {live ? (
          <p>
            <a href={familyHref(live)}>{t('family.mergedInto')}</a>
          </p>
        ) : null}
        {back}
      </section>
    );
  }

  async function save(edit: Parameters<typeof updateRecord<'family'>>[3]) {
    setMessage(undefined);
    try {
      await updateRecord(db, 'family', family.id, edit);
    } catch (e) {
      setMessage(describeSaveError(e).message);
    }
  }

  const name = familyLabel(family) ?? t('family.noName');
  return (
    <article aria-labelledby="family-title" class="family">
      {back}
      <h1 id="family-title">
        <bdi>{name}</bdi>
      </h1>
      {message ? (
        <p class="form-error" role="alert">
          {message}
        </p>
      ) : null}

      <section aria-labelledby="family-people">
        <h2 id="family-people">{t('family.guardians')}</h2>
        {family.guardians.length === 0 ? <p class="muted">{t('family.noneYet')}</p> : null}
        <ul class="family__list">
          {family.guardians.map((g) => (
            <li key={g.id}>
              <bdi>{[g.firstName, g.lastName].filter(Boolean).join(' ') || t('family.noName')}</bdi>
              {g.relation ? <> · {t(`family.relation.${g.relation}`)}</> : null}
              {g.phone ? (
                <>
                  {' · '}
                  <a href={telHref(g.phone)}>{g.phone}</a>
                </>
              ) : null}
              {g.email ? <> · {g.email}</> : null}
              {g.languages?.length ? <> · {t('family.languages', { list: g.languages.join(', ') })}</> : null}
            </li>
          ))}
        </ul>
        <h2 id="family-children">{t('family.children')}</h2>
        {family.children.length === 0 ? <p class="muted">{t('family.noneYet')}</p> : null}
        <ul class="family__list">
          {family.children.map((c) => (
            <li key={c.id}>
              <bdi>{c.firstName || t('family.childNoName')}</bdi>
              {' · '}
              {c.birthDate ? t('family.born', { date: formatDate(c.birthDate) }) : c.expectedDate ? t('family.expected', { date: formatDate(c.expectedDate) }) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="family-needs">
        <h2 id="family-needs">{t('family.needs')}</h2>
        <fieldset class="field days">
          <legend class="sr-only">{t('family.needs')}</legend>
          {needKinds.map((n) => (
            <label key={n} class="check">
              <input
                type="checkbox"
                checked={family.needs.includes(n)}
                onChange={(e) => void save({ needs: needKinds.filter((k) => (k === n ? e.currentTarget.checked : family.needs.includes(k))) })}
              />
              {t(`need.${n}`)}
            </label>
          ))}
        </fieldset>
        <div class="field field--inline">
          <label for="family-referent">{t('family.referent')}</label>
          <select id="family-referent" value={family.referentId ?? ''} onChange={(e) => void save({ referentId: e.currentTarget.value || undefined })}>
            <option value="">{t('family.noReferent')}</option>
            {staff.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        {family.consent ? <p class="muted">{t('family.consent', { date: formatDateTime(family.consent.givenAt), version: family.consent.textVersion })}</p> : <p class="muted">{t('family.noConsent')}</p>}
      </section>

      <DocumentsChecklist family={family} />
      <FamilyNotes family={family} />

      <section aria-labelledby="family-contacts">
        <h2 id="family-contacts">{t('family.contacts')}</h2>
        {bundle.contacts.length === 0 ? <p class="muted">{t('family.noneYet')}</p> : null}
        <ul class="family__list">
          {bundle.contacts.map((c) => (
            <li key={c.logId}>
              {formatDateTime(c.loggedAt)} · {staffName(c.authorId)}
              {c.theme ? <> · <bdi>{c.theme}</bdi></> : null}
              {c.contacts.map((x, i) => (
                <span key={i}>
                  {x.questionType ? <> · <bdi>{questionLabel(x.questionType)}</bdi></> : null}
                  {x.orientation ? <> · {t('family.orientedTo', { to: orientationLabel(x.orientation) })}</> : null}
                </span>
              ))}
            </li>
          ))}
        </ul>
      </section>

      <SupportPanel family={family} notes={bundle.supportNotes} staffName={staffName} />

      <section aria-labelledby="family-proposals">
        <h2 id="family-proposals">{t('family.proposals')}</h2>
        {(family.childcareProposals ?? []).length === 0 ? <p class="muted">{t('family.noneYet')}</p> : null}
        <ul class="family__list">
          {(family.childcareProposals ?? []).map((p) => (
            <li key={p.id}>
              <bdi>{p.entryName}</bdi> · {t('family.from', { date: formatDate(p.startDate) })} · {t(`family.proposal.${p.status}`)} · {t('family.proposedBy', { who: staffName(p.proposedBy), date: formatDateTime(p.proposedAt) })}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="family-appointments">
        <h2 id="family-appointments">{t('family.appointments')}</h2>
        {bundle.appointments.length === 0 ? <p class="muted">{t('family.noneYet')}</p> : null}
        <ul class="family__list">
          {bundle.appointments.map((a) => (
            <li key={a.id}>
              {formatDateTime(a.start, a.timeZone)} · {t(`family.appointment.${a.kind}`)} · {t(`family.appointmentStatus.${a.status}`)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="family-requests">
        <h2 id="family-requests">{t('family.requests')}</h2>
        {bundle.intakeRequests.length === 0 ? <p class="muted">{t('family.noneYet')}</p> : null}
        <ul class="family__list">
          {bundle.intakeRequests.map((r) => (
            <li key={r.id}>
              {r.receiptCode} · {t(`status.${r.status}`)} · {formatDateTime(r.consent.givenAt)} · {r.needs.map((n) => t(`need.${n}`)).join(', ')}
            </li>
          ))}
        </ul>
        {bundle.busEnrollments.length > 0 ? (
          <>
            <h3>{t('family.bus')}</h3>
            <ul class="family__list">
              {bundle.busEnrollments.map((e) => (
                <li key={e.id}>
                  {t('family.busPeriod', { from: formatDate(e.from), to: formatDate(e.to), hours: e.hoursPerMonth })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <RgpdActions bundle={bundle} onErased={setErased} />
    </article>
  );
}
