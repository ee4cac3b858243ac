import { useEffect, useState } from 'preact/hooks';
import { loginErrorMessage } from '../auth/login-message';
import { login, type LocalSession } from '../auth/session';
import { t } from '../i18n';
import { useServices } from '../services';
import { InputField } from '../ui/Field';
import { useLiveQuery } from '../ui/use-live-query';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';
import { unlockMessage } from '../crypto/pin-lock';
import type { AppLock } from './app-lock';
import { lockErrorMessage } from './PinSetupScreen';

/** The app is locked (inactivity, on demand, after a reload): the PIN opens it, offline too. */
export function UnlockScreen({ lock, session }: { lock: AppLock; session: LocalSession }) {
  const [pin, setPin] = useState('');
  const { message, busy, run } = useSaveMessage({ describe: lockErrorMessage, clearOnStart: true });
  const [forgot, setForgot] = useState(false);
  const [tick, setTick] = useState(0);
  const now = lock.clock.now();
  const status = lock.status();
  const retryAt = status.state === 'locked' ? status.retryAt : 0;
  const waiting = retryAt > now;

  // While a wait runs, the message counts down and the button comes back when it is over.
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.min(1000, retryAt - now));
    return () => clearTimeout(timer);
  }, [waiting, tick]);

  async function submit(e: Event) {
    e.preventDefault();
    await run(async () => {
      const refused = await lock.unlock(pin);
      setPin('');
      return refused;
    });
    setTick((n) => n + 1);
  }

  if (forgot) return <ForgotPin lock={lock} email={session.user.email} onBack={() => setForgot(false)} />;
  return (
    <main id="main" class="login" aria-labelledby="unlock-title">
      <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="unlock-title">
        <h1 id="unlock-title">{t('lock.locked.title')}</h1>
        <p>{t('lock.locked.intro', { name: session.user.name })}</p>
        <InputField id="pin-unlock" label={t('lock.locked.pin')} required type="password" autocomplete="current-password" value={pin} onValue={setPin} />
        <SaveMessageLine message={message} />
        {waiting ? (
          <p role="status" data-testid="pin-wait">
            {unlockMessage({ ok: false, reason: 'wait', retryAt }, now)}
          </p>
        ) : null}
        <button type="submit" class="btn btn--primary" disabled={busy || waiting || pin === ''}>
          {t('lock.locked.submit')}
        </button>
        <p>
          <button type="button" class="btn" onClick={() => setForgot(true)}>
            {t('lock.forgot.link')}
          </button>
        </p>
      </form>
    </main>
  );
}

/** A forgotten PIN: sign in again online; this device starts afresh from the server. */
function ForgotPin({ lock, email, onBack }: { lock: AppLock; email: string; onBack: () => void }) {
  const { db, api } = useServices();
  const unsent = useLiveQuery(() => db.outbox.count(), [db]) ?? 0;
  const [address, setAddress] = useState(email);
  const [password, setPassword] = useState('');
  const { message, busy, run } = useSaveMessage({ describe: loginErrorMessage, clearOnStart: true });

  function submit(e: Event) {
    e.preventDefault();
    // Locked, login keeps the session in memory only; the reset below deletes the old data.
    void run(async () => lock.signedIn(await login(db, api, address.trim(), password)));
  }

  return (
    <main id="main" class="login" aria-labelledby="forgot-title">
      <form class="card" onSubmit={submit} aria-labelledby="forgot-title">
        <h1 id="forgot-title">{t('lock.forgot.title')}</h1>
        <p>{t('lock.forgot.intro')}</p>
        {unsent > 0 ? (
          <p class="form-error" role="alert">
            {t('lock.forgot.unsent', { count: unsent })}
          </p>
        ) : null}
        <InputField id="forgot-email" label={t('login.email')} required type="email" autocomplete="username" value={address} onValue={setAddress} />
        <InputField id="forgot-password" label={t('login.password')} required type="password" autocomplete="current-password" value={password} onValue={setPassword} />
        <SaveMessageLine message={message} />
        <button type="submit" class="btn btn--primary" disabled={busy}>
          {t('lock.forgot.submit')}
        </button>
        <p>
          <button type="button" class="btn" onClick={onBack}>
            {t('lock.forgot.back')}
          </button>
        </p>
      </form>
    </main>
  );
}
