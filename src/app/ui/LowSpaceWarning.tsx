import { useEffect, useState } from 'preact/hooks';
import { formatBytes, t } from '../i18n';
import { useServices } from '../services';
import { storageStatus, type StorageStatus } from '../settings/storage-status';

/**
 * Warns on every screen when the device is short of space, before the next large download
 * (a first sync, a map pack) fails half-way; checked at start and after each sync.
 */
export function LowSpaceWarning() {
  const { sync } = useServices();
  const [status, setStatus] = useState<StorageStatus>();
  useEffect(() => {
    let last: string | undefined | null = null;
    return sync.subscribe((s) => {
      if (s.lastSyncAt === last) return;
      last = s.lastSyncAt;
      void storageStatus().then(setStatus);
    });
  }, [sync]);
  if (!status?.low || status.quota === undefined || status.usage === undefined) return null;
  return (
    <p class="banner" role="alert" data-testid="low-space">
      {t('settings.lowSpace', { free: formatBytes(status.quota - status.usage) })}
    </p>
  );
}
