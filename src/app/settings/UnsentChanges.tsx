import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { exportOutbox, importOutbox, OutboxImportError } from '../sync/outbox-file';
import { useLiveQuery } from '../ui/use-live-query';

/** Save unsent changes to a file, and take them back from one. */
export function UnsentChanges() {
  const { db } = useServices();
  const { session } = useSession();
  const count = useLiveQuery(() => db.outbox.count(), [db]) ?? 0;
  const [message, setMessage] = useState<{ text: string; error: boolean }>();

  async function download() {
    const file = await exportOutbox(db, session.user.email);
    const blob = new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `tournee-modifications-${file.exportedAt.slice(0, 19).replace(/[:T]/g, '-')}.json`;
    a.click();
    URL.revokeObjectURL(url);
    setMessage({ text: t('settings.exportDone', { count: file.mutations.length }), error: false });
  }

  async function upload(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const { added, alreadyQueued } = await importOutbox(db, await file.text());
      setMessage({ text: t('settings.importDone', { added, already: alreadyQueued }), error: false });
    } catch (err) {
      if (!(err instanceof OutboxImportError)) throw err;
      setMessage({ text: t(`settings.import.${err.kind}`), error: true });
    } finally {
      input.value = '';
    }
  }

  return (
    <section aria-labelledby="unsent-title" class="card">
      <h2 id="unsent-title">{t('settings.unsentTitle')}</h2>
      <p>{t('settings.unsentCount', { count })}</p>
      <div class="form__actions">
        <button type="button" class="btn" onClick={() => void download()} disabled={count === 0}>
          {t('settings.export')}
        </button>
        <label class="btn file-button">
          {t('settings.import')}
          <input type="file" accept="application/json,.json" class="sr-only" onChange={(e) => void upload(e)} />
        </label>
      </div>
      {message ? (
        <p class={message.error ? 'form-error' : ''} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
