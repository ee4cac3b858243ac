import { useEffect, useState } from 'preact/hooks';
import { logout, PendingChangesError } from '../auth/session';
import { formatBytes, t } from '../i18n';
import { useServices, useSession } from '../services';

/** Who is signed in, how much the device stores, and signing out. */
export function SettingsScreen({ onLoggedOut }: { onLoggedOut: () => void }) {
  const { db, api, sync } = useServices();
  const { session } = useSession();
  const [estimate, setEstimate] = useState<StorageEstimate>();
  const [pending, setPending] = useState<number>();
  useEffect(() => {
    void navigator.storage?.estimate?.().then(setEstimate);
  }, []);

  async function signOut(force: boolean) {
    try {
      sync.stop();
      await logout(db, api, { force });
      onLoggedOut();
    } catch (e) {
      if (e instanceof PendingChangesError) setPending(e.count);
      else throw e;
      sync.start();
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <p>{t('settings.user', { name: session.user.name, role: t(`role.${session.user.role}`) })}</p>
      <p>
        {estimate?.usage !== undefined && estimate.quota !== undefined
          ? t('settings.storage', { used: formatBytes(estimate.usage), quota: formatBytes(estimate.quota) })
          : t('settings.storageUnknown')}
      </p>
      {pending ? (
        <div class="card card--warning" role="alert">
          <p>{t('logout.pending', { count: pending })}</p>
          <button type="button" class="btn" onClick={() => void sync.syncNow()}>
            {t('sync.now')}
          </button>{' '}
          <button type="button" class="btn btn--danger" onClick={() => void signOut(true)}>
            {t('logout.confirm')}
          </button>
        </div>
      ) : null}
      <button type="button" class="btn" onClick={() => void signOut(false)}>
        {t('logout.button')}
      </button>
    </section>
  );
}
