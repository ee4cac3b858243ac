import { t } from '../i18n';
import { LoginError } from './session';

/** Why signing in failed, in words for the person. */
export function loginErrorMessage(err: unknown): string {
  const kind = err instanceof LoginError ? err.kind : 'other';
  if (kind === 'failed') return t('login.failed');
  if (kind === 'offline') return t('login.offline');
  if (kind === 'rateLimited') return t('login.rateLimited');
  return t('login.error', { message: err instanceof Error ? err.message : String(err) });
}
