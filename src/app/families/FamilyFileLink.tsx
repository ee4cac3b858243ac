import { useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { t } from '../i18n';
import { useServices } from '../services';
import { describeSaveError } from '../ui/errors';
import { ensureFamilyForRequest } from './from-request';
import { familyHref, openFamilyFile } from './link';

/**
 * For a request in the inbox: a link to its family file, or "Créer le dossier", which makes the
 * file from the request and opens it. Light: the files screen itself loads when opened.
 */
export function FamilyFileLink({ request }: { request: RecordOf<'intakeRequest'> }) {
  const { db } = useServices();
  const [error, setError] = useState<string>();
  if (request.familyId) {
    return (
      <a class="btn btn--small" href={familyHref(request.familyId)} aria-label={t('family.openFor', { code: request.receiptCode })}>
        {t('family.open')}
      </a>
    );
  }
  async function create() {
    setError(undefined);
    try {
      openFamilyFile((await ensureFamilyForRequest(db, request)).id);
    } catch (e) {
      setError(describeSaveError(e).message);
    }
  }
  return (
    <>
      <button type="button" class="btn btn--small" onClick={() => void create()} aria-label={t('family.createFor', { code: request.receiptCode })}>
        {t('family.create')}
      </button>
      {error ? (
        <span class="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
