import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ReauthForm } from '../auth/ReauthForm';
import { formatDateTime, t } from '../i18n';
import { useServices } from '../services';
import type { SyncState } from '../sync/sync-client';
import { useLiveQuery } from './use-live-query';

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/**
 * Always-visible sync state: connection, unsent changes, last sync, errors, "sync now"; `children`
 * (the lock button) sit next to that button, so the header keeps to one line on a tablet.
 */
export function SyncBar({ children }: { children?: ComponentChildren }) {
  const { db, sync } = useServices();
  const [state, setState] = useState<SyncState>(sync.getState());
  useEffect(() => sync.subscribe(setState), [sync]);
  const online = useOnline();
  const unsent = useLiveQuery(() => db.outbox.where('state').equals('pending').count(), [db]) ?? 0;
  const rejected = useLiveQuery(() => db.outbox.where('state').equals('rejected').toArray(), [db]) ?? [];
  const conflicts = useLiveQuery(() => db.records('conflictRecord').where('status').equals('open').count(), [db]) ?? 0;

  const syncing = state.phase === 'syncing';
  return (
    <section class="syncbar" aria-label={t('sync.region')}>
      <p class="syncbar__status" role="status" data-testid="sync-status">
        <span class={online ? 'dot dot--on' : 'dot dot--off'} aria-hidden="true" />
        <span data-testid="sync-online">{syncing ? t('sync.syncing') : online ? t('sync.online') : t('sync.offline')}</span>
        {' · '}
        <span data-testid="sync-unsent">{unsent > 0 ? t('sync.unsent', { count: unsent }) : t('sync.allSent')}</span>
        {' · '}
        <span>{state.lastSyncAt ? t('sync.last', { time: formatDateTime(state.lastSyncAt) }) : t('sync.never')}</span>
      </p>
      {state.error && state.phase !== 'idle' ? (
        <p class="syncbar__error" role="alert">
          {t(`sync.error.${state.error}`)}
        </p>
      ) : null}
      {state.error === 'auth' && state.phase === 'error' ? <ReauthForm /> : null}
      {rejected.length > 0 ? (
        <details class="syncbar__rejected">
          <summary>{t('sync.rejected', { count: rejected.length })}</summary>
          <ul>
            {rejected.map((r) => (
              <li key={r.mutationId}>
                {t('sync.rejectedDetail', { message: r.error ?? '' })}{' '}
                <button type="button" class="btn btn--small" onClick={() => void db.outbox.delete(r.seq!)}>
                  {t('sync.discard')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {conflicts > 0 ? (
        <p>
          <a href="#/conflits">{t('sync.conflictsFound', { count: conflicts })}</a>
        </p>
      ) : null}
      <button type="button" class="btn" onClick={() => void sync.syncNow()} disabled={syncing} data-testid="sync-now">
        {t('sync.now')}
      </button>
      {children}
    </section>
  );
}
