// @vitest-environment happy-dom
/**
 * The parent frame opens in the device's language, changes language in one tap, remembers it,
 * and announces errors in it; a professional signing in gets French.
 */
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ar } from '../../src/app/i18n/ar';
import { fr } from '../../src/app/i18n/fr';
import { frEasy } from '../../src/app/i18n/fr-easy';
import { LANGUAGE_KEY } from '../../src/app/i18n/preference';
import { tr } from '../../src/app/i18n/tr';
import { PublicShell } from '../../src/app/public/PublicShell';
import { renderWithServices } from './render';

function deviceLanguages(languages: string[]) {
  Object.defineProperty(navigator, 'languages', { value: languages, configurable: true });
}

beforeEach(() => {
  localStorage.clear();
  window.location.hash = '#/trouver';
});
afterEach(() => {
  cleanup();
  deviceLanguages(['en-US']);
});

describe('the parent frame’s language', () => {
  it('follows the device, and shows errors in that language in a live region', async () => {
    deviceLanguages(['tr-TR', 'fr-FR']);
    renderWithServices(<PublicShell onLoggedIn={() => undefined} />);
    await screen.findByRole('heading', { name: tr['find.chooseTitle'] });
    expect(document.documentElement.lang).toBe('tr');
    // The network is unreachable in these tests: the territory list cannot come.
    expect((await screen.findByRole('alert')).textContent).toContain(tr['find.error.offline']);
    expect(screen.getByRole('button', { name: 'Türkçe' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('changes in one tap, right to left for Arabic, and is remembered over the device’s language', async () => {
    deviceLanguages(['en-GB']);
    const first = renderWithServices(<PublicShell onLoggedIn={() => undefined} />);
    await screen.findByRole('heading', { name: 'Find childcare or a service' });
    fireEvent.click(screen.getByRole('button', { name: 'العربية' }));
    await screen.findByRole('heading', { name: ar['find.title'] });
    expect(document.documentElement.dir).toBe('rtl');
    expect(JSON.parse(localStorage.getItem(LANGUAGE_KEY) ?? '{}')).toEqual({ language: 'ar', easyRead: false });
    first.unmount();

    renderWithServices(<PublicShell onLoggedIn={() => undefined} />);
    await screen.findByRole('heading', { name: ar['find.title'] });
    fireEvent.click(screen.getByTestId('easy-read'));
    await screen.findByRole('heading', { name: frEasy['find.title'] });
    expect(document.documentElement).toMatchObject({ lang: 'fr', dir: 'ltr' });
    expect(screen.getByTestId('easy-read').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Français' }));
    await screen.findByRole('heading', { name: fr['find.title'] });
  });

  it('keeps the staff sign-in in French, marked so, with a note in the parent’s language', async () => {
    deviceLanguages(['ar']);
    window.location.hash = '#/connexion';
    renderWithServices(<PublicShell onLoggedIn={() => undefined} />);
    await screen.findByText(ar['lang.staffArea']);
    // The sign-in is loaded when opened, with the staff messages.
    const title = await screen.findByRole('heading', { name: fr['login.title'] });
    expect(title.closest('[lang]')?.getAttribute('lang')).toBe('fr');
    expect(title.closest('[dir]')?.getAttribute('dir')).toBe('ltr');
  });
});
