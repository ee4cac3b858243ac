import { useState } from 'preact/hooks';
import { weekdays, type Weekday } from '../../domain/common';
import { directoryKinds, type DirectoryKind } from '../../domain/entities/directory-entry';
import type { RecordOf } from '../../domain/registry';
import { createRecord, updateRecord } from '../db/repository';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { useDirtyForm } from '../ui/dirty-forms';
import { useDraft } from '../ui/use-draft';
import { describeSaveError, type FieldErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { FormFooter } from '../ui/FormFooter';

type Entry = RecordOf<'directoryEntry'>;
type Commune = RecordOf<'commune'>;

interface Draft {
  name: string;
  kind: DirectoryKind;
  communeCode: string;
  address: string;
  phone: string;
  email: string;
  placesAvailable: string;
  availableFrom: string;
  ageMinMonths: string;
  ageMaxMonths: string;
  openDays: Weekday[];
  opensAt: string;
  closesAt: string;
  atypicalHours: boolean;
  disabilityWelcome: boolean;
  languages: string[];
  notes: string;
}

/** Languages families of the territories speak most, offered as boxes to tick. */
const commonLanguages = ['fr', 'ar', 'en', 'tr', 'pt', 'es', 'ro', 'swb', 'mg', 'rcf'];

function draftOf(entry: Entry | undefined, communes: Commune[]): Draft {
  return {
    name: entry?.name ?? '',
    kind: entry?.kind ?? 'assistant_maternel',
    communeCode: entry?.communeCode ?? communes[0]?.code ?? '',
    address: entry?.address ?? '',
    phone: entry?.phone ?? '',
    email: entry?.email ?? '',
    placesAvailable: entry?.placesAvailable?.toString() ?? '',
    availableFrom: entry?.availableFrom ?? '',
    ageMinMonths: entry?.ageMinMonths?.toString() ?? '',
    ageMaxMonths: entry?.ageMaxMonths?.toString() ?? '',
    openDays: entry?.openDays ?? [],
    opensAt: entry?.opensAt ?? '',
    closesAt: entry?.closesAt ?? '',
    atypicalHours: entry?.atypicalHours ?? false,
    disabilityWelcome: entry?.disabilityWelcome ?? false,
    languages: entry?.languages ?? [],
    notes: entry?.notes ?? '',
  };
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['fr'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const optional = (s: string) => (s.trim() === '' ? undefined : s.trim());
const optionalNumber = (s: string) => (s.trim() === '' ? undefined : Number(s));
const optionalList = <T,>(list: T[]) => (list.length === 0 ? undefined : list);

/** Create or edit a directory entry; saved on the device first, synced later. */
export function DirectoryForm({ entry, communes, onDone }: { entry?: Entry | undefined; communes: Commune[]; onDone: () => void }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const initial = draftOf(entry, communes);
  const stored = useDraft<Draft>(db, `directory:${entry?.id ?? 'new'}`, initial);
  const [draft, setDraft] = [stored.value, stored.set];
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string>();
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useDirtyForm(dirty);

  const set = (k: keyof Draft) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });

  async function submit(e: Event) {
    e.preventDefault();
    const places = optional(draft.placesAvailable);
    const fields = {
      name: draft.name.trim(),
      kind: draft.kind,
      communeCode: draft.communeCode,
      address: optional(draft.address),
      phone: optional(draft.phone),
      email: optional(draft.email),
      placesAvailable: places === undefined ? undefined : Number(places),
      availableFrom: optional(draft.availableFrom),
      ageMinMonths: optionalNumber(draft.ageMinMonths),
      ageMaxMonths: optionalNumber(draft.ageMaxMonths),
      openDays: optionalList(draft.openDays),
      opensAt: optional(draft.opensAt),
      closesAt: optional(draft.closesAt),
      // Unticked means "not said": only a tick is stored, so an import's "non" is not overwritten by nothing.
      atypicalHours: draft.atypicalHours || (entry?.atypicalHours === false ? false : undefined),
      disabilityWelcome: draft.disabilityWelcome || (entry?.disabilityWelcome === false ? false : undefined),
      languages: optionalList(draft.languages),
      notes: optional(draft.notes),
    };
    try {
      if (entry) await updateRecord(db, 'directoryEntry', entry.id, fields);
      else await createRecord(db, 'directoryEntry', territoryId, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as typeof fields);
      setErrors({});
      await stored.discard();
      onDone();
    } catch (err) {
      const d = describeSaveError(err);
      setErrors(d.fields);
      setMessage(d.message);
    }
  }

  const title = entry ? t('directory.edit') : t('directory.add');
  return (
    <form class="card form" onSubmit={(e) => void submit(e)} aria-labelledby="directory-form-title" noValidate>
      <h2 id="directory-form-title">{title}</h2>
      {stored.restored ? (
        <p class="card card--info" role="status">
          {t('draft.restored')}
        </p>
      ) : null}
      <Field id="dir-name" label={t('directory.field.name')} error={errors.name} required>
        {(p) => <input {...p} value={draft.name} onInput={set('name')} autocomplete="off" />}
      </Field>
      <Field id="dir-kind" label={t('directory.field.kind')} error={errors.kind} required>
        {(p) => (
          <select {...p} value={draft.kind} onChange={set('kind')}>
            {directoryKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="dir-commune" label={t('directory.field.commune')} error={errors.communeCode} required>
        {(p) => (
          <select {...p} value={draft.communeCode} onChange={set('communeCode')}>
            {communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="dir-address" label={t('directory.field.address')} error={errors.address}>
        {(p) => <input {...p} value={draft.address} onInput={set('address')} autocomplete="street-address" />}
      </Field>
      <div class="form__row">
        <Field id="dir-phone" label={t('directory.field.phone')} error={errors.phone}>
          {(p) => <input {...p} type="tel" value={draft.phone} onInput={set('phone')} autocomplete="tel" />}
        </Field>
        <Field id="dir-email" label={t('directory.field.email')} error={errors.email}>
          {(p) => <input {...p} type="email" value={draft.email} onInput={set('email')} autocomplete="email" />}
        </Field>
      </div>
      <div class="form__row">
        <Field id="dir-places" label={t('directory.field.places')} error={errors.placesAvailable}>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={draft.placesAvailable} onInput={set('placesAvailable')} />}
        </Field>
        <Field id="dir-from" label={t('directory.field.availableFrom')} error={errors.availableFrom}>
          {(p) => <input {...p} type="date" value={draft.availableFrom} onInput={set('availableFrom')} />}
        </Field>
      </div>
      <div class="form__row">
        <Field id="dir-age-min" label={t('directory.field.ageMin')} error={errors.ageMinMonths}>
          {(p) => <input {...p} type="number" min={0} max={216} inputMode="numeric" value={draft.ageMinMonths} onInput={set('ageMinMonths')} />}
        </Field>
        <Field id="dir-age-max" label={t('directory.field.ageMax')} error={errors.ageMaxMonths}>
          {(p) => <input {...p} type="number" min={0} max={216} inputMode="numeric" value={draft.ageMaxMonths} onInput={set('ageMaxMonths')} />}
        </Field>
        <Field id="dir-opens" label={t('directory.field.opensAt')} error={errors.opensAt}>
          {(p) => <input {...p} type="time" value={draft.opensAt} onInput={set('opensAt')} />}
        </Field>
        <Field id="dir-closes" label={t('directory.field.closesAt')} error={errors.closesAt}>
          {(p) => <input {...p} type="time" value={draft.closesAt} onInput={set('closesAt')} />}
        </Field>
      </div>
      <fieldset class="field days">
        <legend>{t('directory.field.openDays')}</legend>
        {weekdays.map((d) => (
          <label key={d} class="check">
            <input
              type="checkbox"
              checked={draft.openDays.includes(d)}
              onChange={(e) => setDraft({ ...draft, openDays: weekdays.filter((x) => (x === d ? e.currentTarget.checked : draft.openDays.includes(x))) })}
            />
            {t(`day.${d}`)}
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" checked={draft.atypicalHours} onChange={(e) => setDraft({ ...draft, atypicalHours: e.currentTarget.checked })} />
        {t('filters.atypicalHours')}
      </label>
      <label class="check">
        <input type="checkbox" checked={draft.disabilityWelcome} onChange={(e) => setDraft({ ...draft, disabilityWelcome: e.currentTarget.checked })} />
        {t('filters.disabilityWelcome')}
      </label>
      <fieldset class="field days">
        <legend>{t('directory.field.languages')}</legend>
        {[...new Set([...commonLanguages, ...draft.languages])].map((l) => (
          <label key={l} class="check">
            <input
              type="checkbox"
              checked={draft.languages.includes(l)}
              onChange={(e) => setDraft({ ...draft, languages: e.currentTarget.checked ? [...draft.languages, l] : draft.languages.filter((x) => x !== l) })}
            />
            {languageName(l)}
          </label>
        ))}
      </fieldset>
      <Field id="dir-notes" label={t('directory.field.notes')} hint={t('directory.field.notesHint')} error={errors.notes}>
        {(p) => <textarea {...p} rows={3} value={draft.notes} onInput={set('notes')} />}
      </Field>
      <FormFooter
        message={message}
        onCancel={() => {
          void stored.discard();
          onDone();
        }}
      />
    </form>
  );
}
