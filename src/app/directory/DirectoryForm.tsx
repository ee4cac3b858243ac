import { useState } from 'preact/hooks';
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
  notes: string;
}

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
    notes: entry?.notes ?? '',
  };
}

const optional = (s: string) => (s.trim() === '' ? undefined : s.trim());

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
      <Field id="dir-notes" label={t('directory.field.notes')} error={errors.notes}>
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
