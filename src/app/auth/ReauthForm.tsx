import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { Field } from '../ui/Field';
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
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(db, api, session.user.email, password);
      setPassword('');
      await sync.syncNow();
    } catch (err) {
      setError(loginErrorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="reauth" onSubmit={(e) => void submit(e)} aria-label={t('reauth.title')}>
      <Field id="reauth-password" label={t('reauth.password', { email: session.user.email })}>
        {(p) => <input {...p} type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
      </Field>
      <button type="submit" class="btn btn--primary" disabled={busy || password === ''}>
        {t('reauth.submit')}
      </button>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
