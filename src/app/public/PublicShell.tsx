import type { LocalSession } from '../auth/session';
import { LoginScreen } from '../auth/LoginScreen';
import { t, type MessageKey } from '../i18n';
import { LowSpaceWarning } from '../ui/LowSpaceWarning';
import { publicRoutes, useRoute, type PublicRoute } from '../ui/route';
import { UpdateBanner } from '../ui/UpdateBanner';
import { ParentDirectory, ParentVisits } from './ParentDirectory';

const nav: { route: PublicRoute; label: MessageKey }[] = [
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
      <nav aria-label={t('nav.label')} class="tabs">
        <ul>
          {nav.map((n) => (
            <li key={n.route}>
              <a href={`#/${n.route}`} aria-current={route === n.route ? 'page' : undefined}>
                {t(n.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {route === 'trouver' ? <ParentDirectory /> : null}
        {route === 'passages' ? <ParentVisits /> : null}
        {route === 'connexion' ? <LoginScreen onLoggedIn={onLoggedIn} /> : null}
      </main>
    </div>
  );
}
