import { ConflictsScreen } from './conflicts/ConflictsScreen';
import { DirectoryScreen } from './directory/DirectoryScreen';
import { t } from './i18n';
import { TabNav, type Tab } from './ui/TabNav';
import { IntakeScreen } from './intake/IntakeScreen';
import { useServices, useSession } from './services';
import { SettingsScreen } from './settings/SettingsScreen';
import { lazyComponent } from './ui/lazy';
import { routes, useRoute, type Route } from './ui/route';
import { SyncBar } from './ui/SyncBar';
import { UpdateBanner } from './ui/UpdateBanner';
import { LowSpaceWarning } from './ui/LowSpaceWarning';
import { useLiveQuery } from './ui/use-live-query';

// The tour screen carries the planner and the router: loaded when opened, precached for offline use.
const ScheduleScreen = lazyComponent(() => import('./schedule/ScheduleScreen').then((m) => m.ScheduleScreen));
const TourScreen = lazyComponent(() => import('./tour/TourScreen').then((m) => m.TourScreen));

const nav: Tab<Route>[] = [
  { route: 'annuaire', label: 'nav.directory' },
  { route: 'planning', label: 'nav.schedule' },
  { route: 'tournee', label: 'nav.tour' },
  { route: 'demandes', label: 'nav.intake' },
  { route: 'conflits', label: 'nav.conflicts' },
  { route: 'reglages', label: 'nav.settings' },
];

/** The signed-in frame: update banner, sync state, navigation and the current screen. */
export function Shell({ onTerritory, onLoggedOut }: { onTerritory: (id: string) => void; onLoggedOut: () => void }) {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const route = useRoute(routes, 'annuaire');
  const territories = useLiveQuery(() => db.records('territory').toArray(), [db]) ?? [];
  const mine = territories.filter((x) => session.user.territoryIds.includes(x.id));
  const conflicts = useLiveQuery(() => db.records('conflictRecord').where('status').equals('open').count(), [db]) ?? 0;

  return (
    <div class="app">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <UpdateBanner />
      <LowSpaceWarning />
      <header class="top">
        <p class="brand">{t('app.name')}</p>
        {mine.length > 1 ? (
          <div class="field field--inline">
            <label for="territory">{t('territory.label')}</label>
            <select id="territory" value={territoryId} onChange={(e) => onTerritory(e.currentTarget.value)}>
              {mine.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p class="territory">{mine[0]?.name ?? ''}</p>
        )}
        <SyncBar />
      </header>
      <TabNav tabs={nav} current={route} extra={(r) => (r === 'conflits' && conflicts > 0 ? <span class="badge badge--alert">{conflicts}</span> : null)} />
      <main id="main" tabIndex={-1}>
        {route === 'annuaire' ? <DirectoryScreen /> : null}
        {route === 'planning' ? <ScheduleScreen /> : null}
        {route === 'tournee' ? <TourScreen /> : null}
        {route === 'demandes' ? <IntakeScreen /> : null}
        {route === 'conflits' ? <ConflictsScreen /> : null}
        {route === 'reglages' ? <SettingsScreen onLoggedOut={onLoggedOut} /> : null}
      </main>
    </div>
  );
}
