import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useServices } from '../services';
import { loginErrorMessage } from './login-message';
import { login, type LocalSession } from './session';
import { InputField } from '../ui/Field';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';

/** First sign-in needs a network; afterwards the session lives on the device. */
export function LoginScreen({ onLoggedIn }: { onLoggedIn: (s: LocalSession) => void }) {
  const { db, api } = useServices();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { message, busy, run } = useSaveMessage({ describe: loginErrorMessage, clearOnStart: true });

  function submit(e: Event) {
    e.preventDefault();
    void run(async () => onLoggedIn(await login(db, api, email.trim(), password)));
  }

  return (
    <section class="login" aria-labelledby="login-title">
      <form class="card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p>{t('login.intro')}</p>
        <InputField id="login-email" label={t('login.email')} required type="email" autocomplete="username" value={email} onValue={setEmail} />
        <InputField id="login-password" label={t('login.password')} required type="password" autocomplete="current-password" value={password} onValue={setPassword} />
        <SaveMessageLine message={message} />
        <button type="submit" class="btn btn--primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
