import { useEffect, useState } from 'preact/hooks';
import { useDatabaseExists } from '../db/use-database-exists';
import { t } from '../i18n';
import { applyUpdate, subscribePwa, type PwaState } from '../pwa/sw-bridge';
import { useServices } from '../services';
import { hasDirtyForm, onDirtyChange } from './dirty-forms';
import { useLiveQuery } from './use-live-query';

/**
 * Offers a new version. Reloading is refused while the outbox holds unsent changes or a form is
 * being typed, so an update can never cost a person their work.
 */
export function UpdateBanner() {
  const { db } = useServices();
  const [pwa, setPwa] = useState<PwaState>({ offlineReady: false, updateWaiting: false });
  const [dirty, setDirty] = useState(hasDirtyForm());
  const [readyDismissed, setReadyDismissed] = useState(false);
  useEffect(() => subscribePwa(setPwa), []);
  useEffect(() => onDirtyChange(() => setDirty(hasDirtyForm())), []);
  const hasDb = useDatabaseExists(db);
  const unsent = useLiveQuery(() => (hasDb ? db.outbox.where('state').equals('pending').count() : 0), [db, hasDb]) ?? 0;

  if (pwa.updateWaiting) {
    const blocked = unsent > 0 ? t('update.waitOutbox') : dirty ? t('update.waitForm') : undefined;
    return (
      <div class="banner" role="status" data-testid="update-banner">
        <span>{t('update.available')}</span> {blocked ? <span>{blocked}</span> : null}
        <button type="button" class="btn" disabled={blocked !== undefined} onClick={applyUpdate}>
          {t('update.reload')}
        </button>
      </div>
    );
  }
  if (pwa.offlineReady && !readyDismissed) {
    return (
      <div class="banner banner--info" role="status">
        <span>{t('update.offlineReady')}</span>
        <button type="button" class="btn btn--small" onClick={() => setReadyDismissed(true)}>
          {t('common.close')}
        </button>
      </div>
    );
  }
  return null;
}
