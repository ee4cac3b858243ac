import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { InputField } from '../ui/Field';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';
import { useAppLock } from './context';
import { lockErrorMessage } from './PinSetupScreen';

/** In the settings: a new PIN for this device, the current one asked first. Works offline. */
export function ChangePinPanel() {
  const lock = useAppLock();
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const { message, busy, run } = useSaveMessage({ describe: lockErrorMessage, clearOnStart: true });
  if (!lock) return null;
  const appLock = lock;

  function submit(e: Event) {
    e.preventDefault();
    void run(async () => {
      const refused = await appLock.changePin(current, pin, again);
      if (refused) return refused;
      // Nothing typed stays on screen once the new PIN is in place.
      setCurrent('');
      setPin('');
      setAgain('');
    }, t('lock.change.done'));
  }

  return (
    <section aria-labelledby="pin-change-title" class="card">
      <h2 id="pin-change-title">{t('lock.change.title')}</h2>
      <form onSubmit={submit} aria-labelledby="pin-change-title">
        <p>{t('lock.setUp.rules')}</p>
        <InputField id="pin-change-current" label={t('lock.change.current')} required type="password" autocomplete="current-password" value={current} onValue={setCurrent} />
        <InputField id="pin-change-new" label={t('lock.change.new')} required type="password" autocomplete="new-password" value={pin} onValue={setPin} />
        <InputField id="pin-change-again" label={t('lock.setUp.again')} required type="password" autocomplete="new-password" value={again} onValue={setAgain} />
        <SaveMessageLine message={message} />
        <button type="submit" class="btn" disabled={busy}>
          {t('lock.change.submit')}
        </button>
      </form>
    </section>
  );
}
