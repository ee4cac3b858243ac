import { useState } from 'preact/hooks';
import type { FamilyDocument } from '../../domain/entities/family';
import type { RecordOf } from '../../domain/registry';
import { updateRecord } from '../db/repository';
import { formatDate, t } from '../i18n';
import { useServices } from '../services';
import { describeSaveError } from '../ui/errors';

const MAX_DOCUMENTS = 50;
const MAX_LABEL = 120;
/** Papers teams ask for most, offered as suggestions; any other label can be typed. */
const suggestions = ['Attestation CAF', 'Justificatif de domicile', 'Livret de famille', 'Carnet de santé (vaccins)', 'Bulletin de salaire', 'Avis d’imposition', 'Contrat de travail de l’assistant maternel'];

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The papers asked of the family, ticked off as they come in; saved on the device at once. */
export function DocumentsChecklist({ family }: { family: RecordOf<'family'> }) {
  const { db } = useServices();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string>();
  const documents = family.documents ?? [];

  async function write(next: FamilyDocument[]) {
    setError(undefined);
    try {
      await updateRecord(db, 'family', family.id, { documents: next.length > 0 ? next : undefined });
      return true;
    } catch (e) {
      setError(describeSaveError(e).message);
      return false;
    }
  }

  async function add(e: Event) {
    e.preventDefault();
    const clean = label.trim();
    if (clean === '') return setError(t('family.doc.labelRequired'));
    if (clean.length > MAX_LABEL) return setError(t('family.doc.labelTooLong', { max: MAX_LABEL }));
    if (documents.length >= MAX_DOCUMENTS) return setError(t('family.doc.tooMany', { max: MAX_DOCUMENTS }));
    if (await write([...documents, { id: crypto.randomUUID(), label: clean, status: 'missing' }])) setLabel('');
  }

  function toggle(doc: FamilyDocument, received: boolean) {
    const { receivedAt: _unused, ...rest } = doc;
    void write(documents.map((d) => (d.id === doc.id ? (received ? { ...rest, status: 'received', receivedAt: today() } : { ...rest, status: 'missing' }) : d)));
  }

  const missing = documents.filter((d) => d.status === 'missing').length;
  return (
    <section aria-labelledby="family-documents">
      <h2 id="family-documents">{t('family.documents')}</h2>
      <p class="muted">{documents.length === 0 ? t('family.doc.none') : t('family.doc.missingCount', { count: missing, total: documents.length })}</p>
      <ul class="family__list" data-testid="documents">
        {documents.map((d) => (
          <li key={d.id} class="family__doc">
            <label class="check">
              <input type="checkbox" checked={d.status === 'received'} onChange={(e) => toggle(d, e.currentTarget.checked)} />
              <bdi>{d.label}</bdi>
              {d.status === 'received' ? <> · {d.receivedAt ? t('family.doc.receivedOn', { date: formatDate(d.receivedAt) }) : t('family.doc.received')}</> : <> · {t('family.doc.missing')}</>}
            </label>{' '}
            <button type="button" class="btn btn--small" onClick={() => void write(documents.filter((x) => x.id !== d.id))} aria-label={t('family.doc.removeLabel', { label: d.label })}>
              {t('common.delete')}
            </button>
          </li>
        ))}
      </ul>
      <form class="form__row" onSubmit={(e) => void add(e)}>
        <div class="field">
          <label for="family-doc-label">{t('family.doc.add')}</label>
          <input id="family-doc-label" list="family-doc-suggestions" value={label} maxLength={MAX_LABEL + 1} onInput={(e) => setLabel(e.currentTarget.value)} />
          <datalist id="family-doc-suggestions">
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <button type="submit" class="btn">
          {t('family.doc.addButton')}
        </button>
      </form>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
