import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { InputField } from '../ui/Field';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';
import { loginErrorMessage } from './login-message';
import { login } from './session';

/**
 * When the server no longer accepts the session (expired, revoked), the person signs in again
 * here without leaving the screen or losing anything: the local data and the outbox stay.
 */
export function ReauthForm() {
  const { db, api, sync } = useServices();
  const { session } = useSession();
  const [password, setPassword] = useState('');
  const { message, busy, run } = useSaveMessage({ describe: loginErrorMessage, clearOnStart: true });

  function submit(e: Event) {
    e.preventDefault();
    void run(async () => {
      await login(db, api, session.user.email, password);
      setPassword('');
      await sync.syncNow();
    });
  }

  return (
    <form class="reauth" onSubmit={submit} aria-label={t('reauth.title')}>
      <InputField id="reauth-password" label={t('reauth.password', { email: session.user.email })} type="password" autocomplete="current-password" value={password} onValue={setPassword} />
      <button type="submit" class="btn btn--primary" disabled={busy || password === ''}>
        {t('reauth.submit')}
      </button>
      <SaveMessageLine message={message} />
    </form>
  );
}
