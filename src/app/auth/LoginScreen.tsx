import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useServices } from '../services';
import { loginErrorMessage } from './login-message';
import { login, type LocalSession } from './session';
import { Field } from '../ui/Field';

/** First sign-in needs a network; afterwards the session lives on the device. */
export function LoginScreen({ onLoggedIn }: { onLoggedIn: (s: LocalSession) => void }) {
  const { db, api } = useServices();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLoggedIn(await login(db, api, email.trim(), password));
    } catch (err) {
      setError(loginErrorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="login" aria-labelledby="login-title">
      <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p>{t('login.intro')}</p>
        <Field id="login-email" label={t('login.email')} required>
          {(p) => <input {...p} type="email" autocomplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <Field id="login-password" label={t('login.password')} required>
          {(p) => (
            <input {...p} type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        {error ? (
          <p class="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn--primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
