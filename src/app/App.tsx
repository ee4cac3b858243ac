import { useEffect, useMemo, useState } from 'preact/hooks';
import { getMeta, setMeta } from './db/meta';
import { t } from './i18n';
import { useStaffMessages } from './i18n/use-staff-messages';
import { AppLock, wipeMessage, type AppLockOptions, type Gate } from './lock/app-lock';
import { LockContext } from './lock/context';
import { PinSetupScreen } from './lock/PinSetupScreen';
import { UnlockScreen } from './lock/UnlockScreen';
import { useInactivityLock } from './lock/use-inactivity-lock';
import { ServicesContext, SessionContext, type Services } from './services';
import { PublicShell } from './public/PublicShell';
import { Shell } from './Shell';

/**
 * Opens the local state (works offline), then the sign-in, the choice of a PIN, the PIN screen
 * or the app (src/app/lock/). Family data is shown, and synced, only while unlocked.
 */
export function App({ services, lock: lockOptions }: { services: Services; lock?: AppLockOptions }) {
  const { db, sync } = services;
  const appLock = useMemo(() => new AppLock(db, lockOptions), [db]);
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const [territoryId, setTerritoryId] = useState<string>();
  const unlocked = gate.kind === 'unlocked' ? gate.session : undefined;

  useEffect(() => {
    const off = appLock.subscribe(setGate);
    appLock.start().catch((e: unknown) => console.error('lock not opened', e));
    return off;
  }, [appLock]);

  useEffect(() => {
    if (!unlocked) return;
    let alive = true;
    void getMeta<string>(db, 'territoryId').then((chosen) => {
      if (alive) setTerritoryId(chosen && unlocked.user.territoryIds.includes(chosen) ? chosen : unlocked.user.territoryIds[0]);
    });
    return () => {
      alive = false;
    };
  }, [db, unlocked]);

  // Sync needs the key (pulled records are sealed) and the token: only while unlocked.
  useEffect(() => {
    if (!unlocked) return;
    const off = sync.onRevoked(() => void appLock.revoke());
    sync.start();
    return () => {
      off();
      sync.stop();
    };
  }, [unlocked !== undefined, sync, appLock]);

  useInactivityLock(appLock, unlocked !== undefined);

  // Staff screens (and the notice of a wipe) are in the staff messages, fetched once needed.
  const needsStaff = gate.kind === 'set-up' || gate.kind === 'locked' || gate.kind === 'unlocked' || (gate.kind === 'signed-out' && gate.wiped !== null);
  const staffWords = useStaffMessages(needsStaff);

  function chooseTerritory(id: string) {
    setTerritoryId(id);
    void setMeta(db, 'territoryId', id);
  }

  let content;
  if (gate.kind === 'loading' || (needsStaff && staffWords === 'loading')) content = <p class="loading">{t('common.loading')}</p>;
  else if (needsStaff && staffWords === 'failed')
    content = (
      <p class="card card--warning" role="alert">
        {t('lazy.failed')}
      </p>
    );
  else if (gate.kind === 'signed-out')
    content = (
      <>
        {gate.wiped ? (
          <p class="card card--warning" role="alert" lang="fr" data-testid="wipe-notice">
            {wipeMessage(gate.wiped)}
          </p>
        ) : null}
        <PublicShell
          onLoggedIn={(s) => {
            window.location.hash = '#/annuaire';
            void appLock.signedIn(s);
          }}
        />
      </>
    );
  else if (gate.kind === 'set-up') content = <PinSetupScreen lock={appLock} name={gate.session.user.name} />;
  else if (gate.kind === 'locked') content = <UnlockScreen lock={appLock} session={gate.session} />;
  else if (!territoryId) content = <p class="loading">{t('common.loading')}</p>;
  else
    content = (
      <SessionContext.Provider value={{ session: gate.session, territoryId }}>
        <Shell onTerritory={chooseTerritory} onLoggedOut={() => void appLock.signedOut()} />
      </SessionContext.Provider>
    );
  return (
    <ServicesContext.Provider value={services}>
      <LockContext.Provider value={appLock}>{content}</LockContext.Provider>
    </ServicesContext.Provider>
  );
}
