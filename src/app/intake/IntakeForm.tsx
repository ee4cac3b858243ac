import { useState } from 'preact/hooks';
import { needKinds } from '../../domain/entities/family';
import type { FieldsOf, RecordOf } from '../../domain/registry';
import { receiptCode } from '../../domain/receipt';
import { createRecord } from '../db/repository';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { useDirtyForm } from '../ui/dirty-forms';
import { useDraft } from '../ui/use-draft';
import { describeSaveError, type FieldErrors } from '../ui/errors';
import { CommuneField, NeedsField } from './request-fields';
import { Field } from '../ui/Field';
import { FormFooter } from '../ui/FormFooter';

type Need = (typeof needKinds)[number];
/** Version of the consent wording above; stored with each intake so it can be shown later. */
export const CONSENT_TEXT_VERSION = 'fr-2026-11';

const empty = { phone: '', birthDate: '', expectedDate: '', name: '', communeCode: '', message: '', needs: [] as Need[], consent: false };

/** The one-minute intake: a phone number and a child's date are enough. */
export function IntakeForm({ communes, onSaved, onCancel }: { communes: RecordOf<'commune'>[]; onSaved: (code: string) => void; onCancel: () => void }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const stored = useDraft(db, 'intake:new', empty);
  const [draft, setDraft] = [stored.value, stored.set];
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string>();
  useDirtyForm(JSON.stringify(draft) !== JSON.stringify(empty));

  const set = (k: 'phone' | 'birthDate' | 'expectedDate' | 'name' | 'communeCode' | 'message') => (e: Event) =>
    setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });

  async function submit(e: Event) {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!draft.birthDate && !draft.expectedDate) local.childBirthDate = t('intake.dateRequired');
    if (!draft.consent) local.consent = t('intake.consentRequired');
    if (!draft.phone.trim()) local.phone = t('validation.required');
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setMessage(t('error.validation'));
      return;
    }
    const code = receiptCode(crypto.getRandomValues(new Uint8Array(8)));
    const fields: FieldsOf<'intakeRequest'> = {
      phone: draft.phone.trim(),
      needs: draft.needs,
      status: 'received',
      receiptCode: code,
      consent: { textVersion: CONSENT_TEXT_VERSION, givenAt: new Date().toISOString() },
      ...(draft.birthDate ? { childBirthDate: draft.birthDate } : {}),
      ...(draft.expectedDate ? { childExpectedDate: draft.expectedDate } : {}),
      ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
      ...(draft.communeCode ? { communeCode: draft.communeCode } : {}),
      ...(draft.message.trim() ? { message: draft.message.trim() } : {}),
    };
    try {
      await createRecord(db, 'intakeRequest', territoryId, fields);
      await stored.discard();
      onSaved(code);
    } catch (err) {
      const d = describeSaveError(err);
      setErrors(d.fields);
      setMessage(d.message);
    }
  }

  return (
    <form class="card form" onSubmit={(e) => void submit(e)} aria-labelledby="intake-form-title" noValidate>
      <h2 id="intake-form-title">{t('intake.add')}</h2>
      <p>{t('intake.intro')}</p>
      {stored.restored ? (
        <p class="card card--info" role="status">
          {t('draft.restored')}
        </p>
      ) : null}
      <Field id="intake-phone" label={t('intake.field.phone')} error={errors.phone} required>
        {(p) => <input {...p} type="tel" value={draft.phone} onInput={set('phone')} autocomplete="tel" />}
      </Field>
      <div class="form__row">
        <Field id="intake-birth" label={t('intake.field.birthDate')} error={errors.childBirthDate}>
          {(p) => <input {...p} type="date" value={draft.birthDate} onInput={set('birthDate')} />}
        </Field>
        <Field id="intake-expected" label={t('intake.field.expectedDate')} error={errors.childExpectedDate}>
          {(p) => <input {...p} type="date" value={draft.expectedDate} onInput={set('expectedDate')} />}
        </Field>
      </div>
      <Field id="intake-name" label={t('intake.field.name')} error={errors.name}>
        {(p) => <input {...p} value={draft.name} onInput={set('name')} autocomplete="name" />}
      </Field>
      <CommuneField id="intake-commune" label={t('intake.field.commune')} error={errors.communeCode} communes={communes} value={draft.communeCode} onChange={(communeCode) => setDraft({ ...draft, communeCode })} />
      <NeedsField legend={t('intake.field.needs')} label={(n) => t(`need.${n}`)} needs={draft.needs} onChange={(needs) => setDraft({ ...draft, needs })} />
      <Field id="intake-message" label={t('intake.field.message')} error={errors.message}>
        {(p) => <textarea {...p} rows={3} value={draft.message} onInput={set('message')} />}
      </Field>
      <div class={errors.consent ? 'field field--error' : 'field'}>
        <label class="check">
          <input
            type="checkbox"
            checked={draft.consent}
            onChange={(e) => setDraft({ ...draft, consent: e.currentTarget.checked })}
            aria-invalid={errors.consent ? 'true' : undefined}
            aria-describedby={errors.consent ? 'intake-consent-error' : undefined}
          />{' '}
          {t('intake.field.consent')}
        </label>
        {errors.consent ? (
          <p class="field__error" id="intake-consent-error">
            {errors.consent}
          </p>
        ) : null}
      </div>
      <FormFooter
        message={message}
        onCancel={() => {
          void stored.discard();
          onCancel();
        }}
      />
    </form>
  );
}
