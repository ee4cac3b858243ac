import { DirectoryScreen } from './directory/DirectoryScreen';
import { t } from './i18n';
import { TabNav, type Tab } from './ui/TabNav';
import { useServices, useSession } from './services';
import { lazyComponent } from './ui/lazy';
import { LazyReminderBanner } from './reminders/LazyReminderBanner';
import { routes, useRoute, type Route } from './ui/route';
import { SyncBar } from './ui/SyncBar';
import { useAuditSender } from './audit/sender';
import { UpdateBanner } from './ui/UpdateBanner';
import { LowSpaceWarning } from './ui/LowSpaceWarning';
import { LockButton } from './lock/LockButton';
import { useLiveQuery } from './ui/use-live-query';

// The tour screen carries the planner and the router: loaded when opened, precached for offline use.
const ScheduleScreen = lazyComponent(() => import('./schedule/ScheduleScreen').then((m) => m.ScheduleScreen));
const TourScreen = lazyComponent(() => import('./tour/TourScreen').then((m) => m.TourScreen));
const FamiliesScreen = lazyComponent(() => import('./families/FamiliesScreen').then((m) => m.FamiliesScreen));
const JournalScreen = lazyComponent(() => import('./logbook/JournalScreen').then((m) => m.JournalScreen));
const ReportsScreen = lazyComponent(() => import('./reports/ReportsScreen').then((m) => m.ReportsScreen));
// Accounts, devices and the audit log: coordinators and admins only.
const IntakeScreen = lazyComponent(() => import('./intake/IntakeScreen').then((m) => m.IntakeScreen));
const ConflictsScreen = lazyComponent(() => import('./conflicts/ConflictsScreen').then((m) => m.ConflictsScreen));
const SettingsScreen = lazyComponent(() => import('./settings/SettingsScreen').then((m) => m.SettingsScreen));
const AdminScreen = lazyComponent(() => import('./admin/AdminScreen').then((m) => m.AdminScreen));
const adminTab: Tab<Route> = { route: 'admin', label: 'admin.nav' };

const nav: Tab<Route>[] = [
  { route: 'annuaire', label: 'nav.directory' },
  { route: 'planning', label: 'nav.schedule' },
  { route: 'tournee', label: 'nav.tour' },
  { route: 'journal', label: 'log.nav' },
  { route: 'bilan', label: 'report.nav' },
  { route: 'demandes', label: 'nav.intake' },
  { route: 'familles', label: 'family.nav' },
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
  const manager = session.user.role === 'admin' || session.user.role === 'coordinator';
  useAuditSender();

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
        <SyncBar>
          <LockButton />
        </SyncBar>
      </header>
      <TabNav tabs={manager ? [...nav, adminTab] : nav} current={route} extra={(r) => (r === 'conflits' && conflicts > 0 ? <span class="badge badge--alert">{conflicts}</span> : null)} />
      <main id="main" tabIndex={-1}>
        <LazyReminderBanner />
        {route === 'annuaire' ? <DirectoryScreen /> : null}
        {route === 'planning' ? <ScheduleScreen /> : null}
        {route === 'tournee' ? <TourScreen /> : null}
        {route === 'journal' ? <JournalScreen /> : null}
        {route === 'bilan' ? <ReportsScreen /> : null}
        {route === 'demandes' ? <IntakeScreen /> : null}
        {route === 'familles' ? <FamiliesScreen /> : null}
        {route === 'conflits' ? <ConflictsScreen /> : null}
        {route === 'reglages' ? <SettingsScreen onLoggedOut={onLoggedOut} /> : null}
        {route === 'admin' && manager ? <AdminScreen /> : null}
      </main>
    </div>
  );
}
