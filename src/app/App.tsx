import { useEffect, useState } from 'preact/hooks';
import { loadSession, type LocalSession } from './auth/session';
import { getMeta, setMeta } from './db/meta';
import { t } from './i18n';
import { ServicesContext, SessionContext, type Services } from './services';
import { PublicShell } from './public/PublicShell';
import { Shell } from './Shell';

/** Opens the local session (works offline), then either the login screen or the app. */
export function App({ services }: { services: Services }) {
  const { db, sync } = services;
  const [session, setSession] = useState<LocalSession | null | undefined>(undefined);
  const [territoryId, setTerritoryId] = useState<string>();

  useEffect(() => {
    void (async () => {
      const s = await loadSession(db);
      const chosen = await getMeta<string>(db, 'territoryId');
      setTerritoryId(s && chosen && s.user.territoryIds.includes(chosen) ? chosen : s?.user.territoryIds[0]);
      setSession(s ?? null);
    })();
  }, [db]);

  useEffect(() => {
    if (!session) return;
    sync.start();
    return () => sync.stop();
  }, [session, sync]);

  function chooseTerritory(id: string) {
    setTerritoryId(id);
    void setMeta(db, 'territoryId', id);
  }

  let content;
  if (session === undefined) content = <p class="loading">{t('common.loading')}</p>;
  else if (session === null || !territoryId)
    content = (
      <PublicShell
        onLoggedIn={(s) => {
          setTerritoryId(s.user.territoryIds[0]);
          setSession(s);
          window.location.hash = '#/annuaire';
        }}
      />
    );
  else
    content = (
      <SessionContext.Provider value={{ session, territoryId }}>
        <Shell onTerritory={chooseTerritory} onLoggedOut={() => setSession(null)} />
      </SessionContext.Provider>
    );
  return <ServicesContext.Provider value={services}>{content}</ServicesContext.Provider>;
}
