import type { LocalSession } from '../auth/session';
import { LoginScreen } from '../auth/LoginScreen';
import { t } from '../i18n';
import { TabNav, type Tab } from '../ui/TabNav';
import { LowSpaceWarning } from '../ui/LowSpaceWarning';
import { publicRoutes, useRoute, type PublicRoute } from '../ui/route';
import { UpdateBanner } from '../ui/UpdateBanner';
import { ParentDirectory, ParentVisits } from './ParentDirectory';

const nav: Tab<PublicRoute>[] = [
  { route: 'trouver', label: 'nav.find' },
  { route: 'passages', label: 'nav.visits' },
  { route: 'connexion', label: 'nav.staff' },
];

/** The app without an account: what a parent installs on their phone, and the staff sign-in. */
export function PublicShell({ onLoggedIn }: { onLoggedIn: (s: LocalSession) => void }) {
  const route = useRoute(publicRoutes, 'trouver');
  return (
    <div class="app app--public">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <UpdateBanner />
      <LowSpaceWarning />
      <header class="top">
        <p class="brand">
          {t('app.name')} <span class="brand__tagline">{t('app.tagline')}</span>
        </p>
      </header>
      <TabNav tabs={nav} current={route} />
      <main id="main" tabIndex={-1}>
        {route === 'trouver' ? <ParentDirectory /> : null}
        {route === 'passages' ? <ParentVisits /> : null}
        {route === 'connexion' ? <LoginScreen onLoggedIn={onLoggedIn} /> : null}
      </main>
    </div>
  );
}
