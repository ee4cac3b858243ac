import { useMemo, useState } from 'preact/hooks';
import { needKinds } from '../../../domain/entities/family';
import { publicRequestSchema, type AppointmentAsk, type PublicRequest } from '../../../domain/public/request';
import { receiptCode } from '../../../domain/receipt';
import { t } from '../../i18n';
import { useServices } from '../../services';
import { CommuneField, NeedsField } from '../../intake/request-fields';
import { FormEnd } from '../../ui/FormEnd';
import { Field } from '../../ui/Field';
import { useDraft } from '../../ui/use-draft';
import { useLiveQuery } from '../../ui/use-live-query';
import type { FieldErrors } from '../../ui/errors';
import { keep, newSecret, type KeptRequest } from './kept-requests';
import { SlotPicker, slotAsk, type AskKind } from './SlotPicker';
import { REQUEST_QUEUED } from './use-request-sync';

type Need = (typeof needKinds)[number];

/** Version of the consent wording shown to parents; kept with each request. */
export const PARENT_CONSENT_VERSION = 'parent-fr-2026-11';

const empty = {
  phone: '',
  birthDate: '',
  expectedDate: '',
  name: '',
  communeCode: '',
  message: '',
  needs: [] as Need[],
  wantsAppointment: false,
  appointmentKind: 'permanence' as AskKind,
  slotKey: '',
  consent: false,
};
type Draft = typeof empty;

/** Field of the request a schema issue names, for the message next to it. */
const fieldOf: Record<string, string> = {
  phone: 'phone',
  childBirthDate: 'birthDate',
  childExpectedDate: 'expectedDate',
  name: 'name',
  communeCode: 'communeCode',
  message: 'message',
};

/** What the form holds, as the request the server takes, or the errors to show by field. */
function toRequest(draft: Draft, territoryId: string, ask: AppointmentAsk | undefined): { ok: true; request: PublicRequest } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!draft.phone.trim()) errors.phone = t('request.error.phone');
  if (!draft.birthDate && !draft.expectedDate) errors.birthDate = t('request.error.date');
  if (draft.wantsAppointment && !ask) errors.slot = t('request.error.slot');
  if (!draft.consent) errors.consent = t('request.error.consent');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const candidate = {
    id: crypto.randomUUID(),
    territoryId,
    secret: newSecret(),
    receiptCode: receiptCode(crypto.getRandomValues(new Uint8Array(8))),
    phone: draft.phone.trim(),
    needs: draft.needs,
    consent: { textVersion: PARENT_CONSENT_VERSION, givenAt: new Date().toISOString() },
    ...(draft.birthDate ? { childBirthDate: draft.birthDate } : {}),
    ...(draft.expectedDate ? { childExpectedDate: draft.expectedDate } : {}),
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(draft.communeCode ? { communeCode: draft.communeCode } : {}),
    ...(draft.message.trim() ? { message: draft.message.trim() } : {}),
    ...(ask ? { appointment: ask } : {}),
  };
  const parsed = publicRequestSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, request: parsed.data };
  for (const issue of parsed.error.issues) {
    const field = fieldOf[String(issue.path[0])];
    if (field && !errors[field]) errors[field] = t(`request.error.${field === 'birthDate' || field === 'expectedDate' ? 'date' : field === 'phone' ? 'phone' : 'tooLong'}`);
  }
  if (Object.keys(errors).length === 0) errors.form = t('request.error.other');
  return { ok: false, errors };
}

/**
 * The one-minute request on a parent's phone: a phone number and a child's date are enough.
 * Kept as typed; once sent it is queued on the phone and leaves when there is a network.
 */
export function RequestForm({ territoryId, onQueued }: { territoryId: string; onQueued: (kept: KeptRequest) => void }) {
  const { publicDb: db } = useServices();
  const draft = useDraft(db, 'request:new', empty);
  const value = draft.value;
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const communes = useLiveQuery(() => db.records('commune').where('territoryId').equals(territoryId).sortBy('name'), [db, territoryId]) ?? [];
  const sites = useLiveQuery(() => db.records('site').where('territoryId').equals(territoryId).toArray(), [db, territoryId]) ?? [];
  const siteById = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites]);

  const set = (k: 'phone' | 'birthDate' | 'expectedDate' | 'name' | 'communeCode' | 'message') => (e: Event) =>
    draft.set({ ...value, [k]: (e.currentTarget as HTMLInputElement).value });

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const ask = value.wantsAppointment ? await slotAsk(db, territoryId, value.slotKey, value.appointmentKind, siteById) : undefined;
    const built = toRequest(value, territoryId, ask);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    try {
      const r = built.request;
      const kept: KeptRequest = { id: r.id, secret: r.secret, receiptCode: r.receiptCode, createdAt: r.consent.givenAt, pending: r };
      await keep(db, kept);
      await draft.discard();
      window.dispatchEvent(new Event(REQUEST_QUEUED));
      onQueued(kept);
    } catch {
      setErrors({ form: t('request.error.save') });
    } finally {
      setBusy(false);
    }
  }

  const errorCount = Object.keys(errors).length;
  return (
    <form class="card form request-form" onSubmit={(e) => void submit(e)} aria-labelledby="request-form-title" noValidate>
      <h2 id="request-form-title">{t('request.form.title')}</h2>
      <p>{t('request.form.intro')}</p>
      {draft.restored ? (
        <p class="card card--info" role="status">
          {t('request.form.restored')}
        </p>
      ) : null}
      <Field id="request-phone" label={t('request.field.phone')} hint={t('request.field.phoneHint')} error={errors.phone} required>
        {(p) => <input {...p} type="tel" inputMode="tel" value={value.phone} onInput={set('phone')} autocomplete="tel" />}
      </Field>
      <Field id="request-birth" label={t('request.field.birthDate')} error={errors.birthDate}>
        {(p) => <input {...p} type="date" value={value.birthDate} onInput={set('birthDate')} />}
      </Field>
      <Field id="request-expected" label={t('request.field.expectedDate')} error={errors.expectedDate}>
        {(p) => <input {...p} type="date" value={value.expectedDate} onInput={set('expectedDate')} />}
      </Field>
      <NeedsField legend={t('request.field.needs')} label={(n) => t(`request.need.${n}`)} needs={value.needs} onChange={(needs) => draft.set({ ...value, needs })} />
      <details class="request-form__more" open={Boolean(value.name || value.communeCode || value.message)}>
        <summary>{t('request.form.more')}</summary>
        <Field id="request-name" label={t('request.field.name')} error={errors.name}>
          {(p) => <input {...p} value={value.name} onInput={set('name')} autocomplete="name" />}
        </Field>
        <CommuneField id="request-commune" label={t('request.field.commune')} error={errors.communeCode} communes={communes} value={value.communeCode} onChange={(communeCode) => draft.set({ ...value, communeCode })} />
        <Field id="request-message" label={t('request.field.message')} error={errors.message}>
          {(p) => <textarea {...p} rows={3} value={value.message} onInput={set('message')} />}
        </Field>
      </details>
      <label class="check">
        <input type="checkbox" checked={value.wantsAppointment} onChange={(e) => draft.set({ ...value, wantsAppointment: e.currentTarget.checked })} />{' '}
        {t('request.field.wantsAppointment')}
      </label>
      {value.wantsAppointment ? (
        <SlotPicker
          territoryId={territoryId}
          kind={value.appointmentKind}
          slotKey={value.slotKey}
          error={errors.slot}
          siteById={siteById}
          onKind={(k) => draft.set({ ...value, appointmentKind: k })}
          onSlot={(key) => draft.set({ ...value, slotKey: key })}
        />
      ) : null}
      <div class={errors.consent ? 'field field--error' : 'field'}>
        <p class="field__hint" id="request-consent-text">
          {t('request.consent.text')}
        </p>
        <label class="check">
          <input
            type="checkbox"
            checked={value.consent}
            onChange={(e) => draft.set({ ...value, consent: e.currentTarget.checked })}
            aria-invalid={errors.consent ? 'true' : undefined}
            aria-describedby={errors.consent ? 'request-consent-text request-consent-error' : 'request-consent-text'}
          />{' '}
          {t('request.consent.agree')}
        </label>
        {errors.consent ? (
          <p class="field__error" id="request-consent-error">
            {errors.consent}
          </p>
        ) : null}
      </div>
      <FormEnd error={errorCount > 0 ? (errors.form ?? t('request.error.summary', { count: errorCount })) : undefined}>
        <button type="submit" class="btn btn--primary" disabled={busy}>
          {t('request.form.send')}
        </button>
      </FormEnd>
    </form>
  );
}
