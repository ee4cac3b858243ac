import { useEffect, useState } from 'preact/hooks';
import { logout, PendingChangesError } from '../auth/session';
import { formatBytes, t } from '../i18n';
import { ChangePinPanel } from '../lock/ChangePinPanel';
import { useServices, useSession } from '../services';
import { storageStatus, type StorageStatus } from './storage-status';
import { UnsentChanges } from './UnsentChanges';

/** Who is signed in, what the device stores, unsent changes to a file, and signing out. */
export function SettingsScreen({ onLoggedOut }: { onLoggedOut: () => void }) {
  const { db, api, sync } = useServices();
  const { session } = useSession();
  const [status, setStatus] = useState<StorageStatus>();
  const [pending, setPending] = useState<number>();
  useEffect(() => {
    void storageStatus().then(setStatus);
  }, []);

  async function signOut(force: boolean) {
    try {
      sync.stop();
      await logout(db, api, { force });
      onLoggedOut();
    } catch (e) {
      sync.start();
      if (e instanceof PendingChangesError) setPending(e.count);
      else throw e;
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <p>{t('settings.user', { name: session.user.name, role: t(`role.${session.user.role}`) })}</p>
      <section aria-labelledby="storage-title" class="card">
        <h2 id="storage-title">{t('settings.storageTitle')}</h2>
        <p data-testid="storage-usage">
          {status?.usage !== undefined && status.quota !== undefined
            ? t('settings.storage', { used: formatBytes(status.usage), quota: formatBytes(status.quota) })
            : t('settings.storageUnknown')}
        </p>
        {status?.persisted !== undefined ? <p>{status.persisted ? t('settings.persisted') : t('settings.notPersisted')}</p> : null}
        {status?.low && status.quota !== undefined && status.usage !== undefined ? (
          <p class="form-error" role="alert">
            {t('settings.lowSpace', { free: formatBytes(status.quota - status.usage) })}
          </p>
        ) : null}
      </section>
      <ChangePinPanel />
      <UnsentChanges />
      {pending ? (
        <div class="card card--warning" role="alert">
          <p>{t('logout.pending', { count: pending })}</p>
          <div class="form__actions">
            <button type="button" class="btn" onClick={() => void sync.syncNow()}>
              {t('sync.now')}
            </button>
            <button type="button" class="btn btn--danger" onClick={() => void signOut(true)}>
              {t('logout.confirm')}
            </button>
          </div>
        </div>
      ) : null}
      <button type="button" class="btn" onClick={() => void signOut(false)}>
        {t('logout.button')}
      </button>
    </section>
  );
}
