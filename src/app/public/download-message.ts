import { HttpError, NetworkError } from '../sync/api';
import { t } from '../i18n';

/** Why a download of public data failed, in words for a parent; the copy on the phone is kept. */
export function downloadErrorMessage(err: unknown): string {
  if (err instanceof NetworkError) return t('find.error.offline');
  if (err instanceof HttpError && err.status === 404) return t('find.error.gone');
  if (err instanceof DOMException && err.name === 'QuotaExceededError') return t('error.storage');
  return t('find.error.other');
}
