import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { InputField } from '../ui/Field';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';
import type { AppLock } from './app-lock';

/** Why the lock could not do what was asked, when it failed rather than refused. */
export const lockErrorMessage = (err: unknown) => t('lock.error', { message: err instanceof Error ? err.message : String(err) });

/** After a first sign-in on this device: the PIN that will protect family files here. */
export function PinSetupScreen({ lock, name }: { lock: AppLock; name: string }) {
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const { message, busy, run } = useSaveMessage({ describe: lockErrorMessage, clearOnStart: true });

  function submit(e: Event) {
    e.preventDefault();
    void run(() => lock.setUp(pin, again));
  }

  return (
    <main id="main" class="login" aria-labelledby="pin-setup-title">
      <form class="card" onSubmit={submit} aria-labelledby="pin-setup-title">
        <h1 id="pin-setup-title">{t('lock.setUp.title')}</h1>
        <p>{t('lock.setUp.intro', { name })}</p>
        <p>{t('lock.setUp.rules')}</p>
        <InputField id="pin-new" label={t('lock.setUp.pin')} required type="password" autocomplete="new-password" value={pin} onValue={setPin} />
        <InputField id="pin-again" label={t('lock.setUp.again')} required type="password" autocomplete="new-password" value={again} onValue={setAgain} />
        <SaveMessageLine message={message} />
        <button type="submit" class="btn btn--primary" disabled={busy}>
          {t('lock.setUp.submit')}
        </button>
      </form>
    </main>
  );
}
