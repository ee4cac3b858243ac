import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { HttpError, NetworkError } from '../sync/api';
import { ValidationError } from '../db/repository';

/** Whether the browser says it has a network; follows changes. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(navigator.onLine);
    window.addEventListener('online', on);
    window.addEventListener('offline', on);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', on);
    };
  }, []);
  return online;
}

/** A failed admin action in plain French: no network, the server's own message, or a generic one. */
export function describeAdminError(e: unknown): string {
  if (e instanceof NetworkError) return t('admin.offline');
  if (e instanceof HttpError) {
    if (e.body?.error.code === 'session_revoked' || e.status === 401) return t('admin.signedOut');
    return e.body?.error.message ?? t('admin.failed');
  }
  if (e instanceof ValidationError) return t('admin.invalid');
  return t('admin.failed');
}
