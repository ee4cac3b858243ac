import { t } from '../i18n';
import { useAppLock } from './context';

/** Locks the app now: the PIN is asked before anything is shown again. */
export function LockButton() {
  const lock = useAppLock();
  if (!lock) return null;
  return (
    <button type="button" class="btn" onClick={() => lock.lockNow()} data-testid="lock-now">
      {t('lock.lockNow')}
    </button>
  );
}
