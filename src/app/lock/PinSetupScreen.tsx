import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { Field } from '../ui/Field';
import type { AppLock } from './app-lock';

/** After a first sign-in on this device: the PIN that will protect family files here. */
export function PinSetupScreen({ lock, name }: { lock: AppLock; name: string }) {
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const problem = await lock.setUp(pin, again);
      if (problem) setError(problem);
    } catch (err) {
      setError(t('lock.error', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="login" aria-labelledby="pin-setup-title">
      <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="pin-setup-title">
        <h1 id="pin-setup-title">{t('lock.setUp.title')}</h1>
        <p>{t('lock.setUp.intro', { name })}</p>
        <p>{t('lock.setUp.rules')}</p>
        <Field id="pin-new" label={t('lock.setUp.pin')} required>
          {(p) => <input {...p} type="password" autocomplete="new-password" value={pin} onInput={(e) => setPin(e.currentTarget.value)} />}
        </Field>
        <Field id="pin-again" label={t('lock.setUp.again')} required>
          {(p) => <input {...p} type="password" autocomplete="new-password" value={again} onInput={(e) => setAgain(e.currentTarget.value)} />}
        </Field>
        {error ? (
          <p class="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn--primary" disabled={busy}>
          {t('lock.setUp.submit')}
        </button>
      </form>
    </main>
  );
}
