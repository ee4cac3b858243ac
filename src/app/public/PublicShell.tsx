import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { LocalSession } from '../auth/session';
import { isLanguageLoaded, loadLanguage, loadStaffMessages, t } from '../i18n';
import { applyLanguageChoice, applyStaffLanguage, readLanguageChoice, saveLanguageChoice, type LanguageChoice } from '../i18n/preference';
import { TabNav, type Tab } from '../ui/TabNav';
import { LowSpaceWarning } from '../ui/LowSpaceWarning';
import { publicRoutes, useRoute, type PublicRoute } from '../ui/route';
import { UpdateBanner } from '../ui/UpdateBanner';
import { LanguagePicker } from './LanguagePicker';
import { ParentDirectory, ParentVisits } from './ParentDirectory';
import { useRequestSync } from './request/use-request-sync';
import { lazyComponent } from '../ui/lazy';

// A parent's request screens are loaded when opened (precached for offline use); sending runs always.
const RequestScreen = lazyComponent(() => import('./request/RequestScreens').then((m) => m.RequestScreen));
const MyRequestsScreen = lazyComponent(() => import('./request/RequestScreens').then((m) => m.MyRequestsScreen));
// The staff sign-in comes with the staff screens' messages: a parent's phone needs neither.
const LoginScreen = lazyComponent(() => loadStaffMessages().then(() => import('../auth/LoginScreen')).then((m) => m.LoginScreen));

const nav: Tab<PublicRoute>[] = [
  { route: 'trouver', label: 'nav.find' },
  { route: 'passages', label: 'nav.visits' },
  { route: 'demande', label: 'request.nav.new' },
  { route: 'suivi', label: 'request.nav.mine' },
  { route: 'connexion', label: 'nav.staff' },
];

/** The app without an account: what a parent installs on their phone, and the staff sign-in. */
export function PublicShell({ onLoggedIn }: { onLoggedIn: (s: LocalSession) => void }) {
  const route = useRoute(publicRoutes, 'trouver');
  useRequestSync();
  const [language, setLanguage] = useState<LanguageChoice>(readLanguageChoice);
  // Applied while the first render runs, so no screen is ever drawn in the wrong language; a
  // language whose messages are not loaded yet waits for them (a few milliseconds, from cache).
  const [ready, setReady] = useState(() => {
    const loaded = isLanguageLoaded(language.language, language.easyRead);
    if (loaded) applyLanguageChoice(language);
    return loaded;
  });
  useEffect(() => {
    if (ready) return;
    let live = true;
    const done = (choice: LanguageChoice) => {
      if (!live) return;
      applyLanguageChoice(choice);
      setReady(true);
    };
    loadLanguage(language.language, language.easyRead).then(
      () => done(language),
      () => done({ language: 'fr', easyRead: false }),
    );
    return () => {
      live = false;
    };
  }, [ready, language]);

  async function chooseLanguage(choice: LanguageChoice) {
    try {
      await loadLanguage(choice.language, choice.easyRead);
    } catch {
      return; // Not downloadable now (no network, not cached yet): the current language stays.
    }
    applyLanguageChoice(choice);
    saveLanguageChoice(choice);
    setLanguage(choice);
  }

  if (!ready) return <div class="app app--public" aria-busy="true" />;
  return (
    <div class="app app--public">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header class="top">
        <p class="brand">
          {t('app.name')} <span class="brand__tagline">{t('app.tagline')}</span>
        </p>
        <LanguagePicker choice={language} onChange={(c) => void chooseLanguage(c)} />
      </header>
      <TabNav tabs={nav} current={route} />
      <main id="main" tabIndex={-1}>
        {/* Drawn anew on a change of language: no list or search index keeps words of the old one. */}
        <Fragment key={`${language.language}-${language.easyRead}`}>
          {route === 'trouver' ? <ParentDirectory /> : null}
          {route === 'passages' ? <ParentVisits /> : null}
          {route === 'demande' ? <RequestScreen /> : null}
          {route === 'suivi' ? <MyRequestsScreen /> : null}
          {route === 'connexion' ? (
            <>
              <p class="card card--info staff-note">{t('lang.staffArea')}</p>
              {/* The staff sign-in, like every staff screen, is in French: marked so for screen readers. */}
              <div lang="fr" dir="ltr">
                <LoginScreen
                  onLoggedIn={(s) => {
                    applyStaffLanguage();
                    onLoggedIn(s);
                  }}
                />
              </div>
            </>
          ) : null}
        </Fragment>
      </main>
      {/* After the page, held at the screen's bottom edge: a banner appearing later never pushes the page down. */}
      <div class="public-banners">
        <UpdateBanner />
        <LowSpaceWarning />
      </div>
    </div>
  );
}
