// @vitest-environment happy-dom
/**
 * The lock as a person meets it in the app: a PIN chosen after the first sign-in, the PIN screen
 * after inactivity or a reload (offline too), growing waits after wrong PINs, revocation, a
 * forgotten PIN. The raw IndexedDB content never holds a sensitive value, and a locked screen
 * shows none.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App';
import { MIN_ITERATIONS } from '../../src/app/crypto/keys';
import { TourneeDB } from '../../src/app/db/database';
import { createRecord } from '../../src/app/db/repository';
import { setLocale } from '../../src/app/i18n';
import type { ApiOptions } from '../../src/app/sync/api';
import { SyncClient } from '../../src/app/sync/sync-client';
import type { FieldsOf } from '../../src/domain/registry';
import { T1, accounts, device, startServer, type Server } from '../sync/harness';
import { leakedSecrets, rawDatabase } from './crypto/raw-idb';

const PIN = '482913';
const AT = '2026-03-01T10:00:00.000Z';
const request: FieldsOf<'intakeRequest'> = {
  phone: '07 61 23 45 89',
  name: 'Karima Benali-Fayolle',
  childBirthDate: '2025-11-03',
  message: 'Je cherche une assistante maternelle, horaires de nuit.',
  needs: ['childcare'],
  status: 'received',
  receiptCode: 'K7M2Q9',
  consent: { textVersion: '2025-01', givenAt: AT },
};
const family: FieldsOf<'family'> = {
  guardians: [{ id: crypto.randomUUID(), firstName: 'Bénédicte', lastName: 'Mathevon-Chambon', phone: '06 12 34 56 78', relation: 'mother' }],
  children: [{ id: crypto.randomUUID(), firstName: 'Maëlle', birthDate: '2024-02-29' }],
  needs: ['childcare'],
  notes: 'Séparation récente, suivi PMI.',
};
const secrets = ['07 61 23 45 89', 'Karima', 'Benali', 'horaires de nuit', '2025-11-03', 'Bénédicte', 'Mathevon', '06 12 34 56 78', 'Maëlle', '2024-02-29', 'Séparation récente'];

let server: Server;
let online: boolean;
let revoke: boolean;
let now: number;
const clock = { now: () => now };

beforeEach(async () => {
  setLocale('fr-FR');
  // The sign-in sits in the parents' frame, which speaks the device's language: French here.
  localStorage.setItem('tournee.parentLanguage', JSON.stringify({ language: 'fr', easyRead: false }));
  server = await startServer();
  online = true;
  revoke = false;
  now = Date.parse('2026-03-02T09:00:00Z');
  // A colleague's tablet sent a request and a family file to the server.
  const colleague = await device(server, 'bob');
  await createRecord(colleague.db, 'intakeRequest', T1, request);
  await createRecord(colleague.db, 'family', T1, family);
  await colleague.sync.syncNow();
  window.location.hash = '#/connexion';
}, 30_000);
afterEach(cleanup);

function services(db = new TourneeDB(`app-${crypto.randomUUID()}`)) {
  const fetchImpl: typeof fetch = async (input, init) => {
    if (!online) throw new TypeError('Failed to fetch');
    const req = new Request(input, init);
    if (revoke && !req.url.endsWith('/api/auth/login')) {
      return new Response(JSON.stringify({ error: { code: 'session_revoked', message: 'Cet appareil a été déconnecté par un administrateur.' } }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    }
    return server.app.fetch(req);
  };
  const api: ApiOptions = {
    baseUrl: 'http://tournee.test',
    fetch: fetchImpl,
    getToken: async () => (await import('../../src/app/auth/session').then((m) => m.loadSession(db)))?.token || undefined,
  };
  return { db, publicDb: new TourneeDB(`app-public-${crypto.randomUUID()}`), api, sync: new SyncClient(db, { ...api, isOnline: () => online }) };
}

function renderApp(s: ReturnType<typeof services>) {
  return render(<App services={s} lock={{ clock, keyring: { iterations: MIN_ITERATIONS } }} />);
}

/** A field's label, with or without the mark of a required field. */
const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
const type = (text: string, value: string) => fireEvent.input(screen.getByLabelText(label(text)), { target: { value } });

async function signIn() {
  await screen.findByLabelText(label('Adresse e-mail'), {}, { timeout: 5000 });
  type('Adresse e-mail', accounts.alice.email);
  type('Mot de passe', accounts.alice.password);
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
  await screen.findByRole('heading', { name: 'Choisissez votre code PIN' });
}

async function choosePin(pin = PIN) {
  type('Code PIN ou phrase de passe', pin);
  type('Le même code, une deuxième fois', pin);
  fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le code PIN' }));
}

async function openRequests() {
  window.location.hash = '#/demandes';
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  return screen.findAllByText(/07 61 23 45 89/, {}, { timeout: 5000 });
}

/** The app signed in, its PIN chosen, the synced requests on screen; returns its services. */
async function openedApp() {
  const s = services();
  const rendered = renderApp(s);
  await signIn();
  await choosePin();
  await openRequests();
  return { s, rendered };
}

async function unlockWith(pin: string) {
  type('Code PIN', pin);
  fireEvent.click(screen.getByRole('button', { name: 'Déverrouiller' }));
}

describe('PIN lock of the app', { timeout: 30_000 }, () => {
  it('a first visit draws the parents\' home and the sign-in without building the device\'s databases; signing in then creates them', async () => {
    const s = services();
    window.location.hash = '#/trouver';
    renderApp(s);
    await screen.findByRole('combobox', { name: 'Territoire' });
    const names = async () => (await indexedDB.databases()).map((d) => d.name);
    // A parent's phone that never signs in keeps no staff database, and no empty public one.
    expect(await names()).not.toContain(s.db.name);
    expect(await names()).not.toContain(s.publicDb.name);
    window.location.hash = '#/connexion';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await signIn();
    await choosePin();
    await screen.findByRole('heading', { name: 'Annuaire', level: 1 });
    expect(await names()).toContain(s.db.name);
    expect(JSON.stringify(await rawDatabase(s.db.name))).toContain('"session"');
  });

  it('after the first sign-in, a PIN is chosen (rules in French) before any family data; then synced data is shown in clear and stored sealed', async () => {
    const s = services();
    renderApp(s);
    await signIn();
    expect(await s.db.outbox.count()).toBe(0);
    expect(await s.db.records('family').count()).toBe(0);
    // Nothing of the session is stored before the PIN protects it.
    expect(JSON.stringify(await rawDatabase(s.db.name))).not.toContain('"session"');

    await choosePin('123456');
    expect((await screen.findByRole('alert')).textContent).toContain('trop facile à deviner');
    type('Code PIN ou phrase de passe', '28461937');
    type('Le même code, une deuxième fois', '28461973');
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le code PIN' }));
    await screen.findByText('Les deux codes ne sont pas les mêmes.');

    await choosePin();
    await openRequests();
    await waitFor(async () => expect(await s.db.records('family').count()).toBe(1));
    const { raw, leaked } = await leakedSecrets(s.db.name, secrets);
    expect(leaked).toEqual([]);
    expect(raw).toContain('K7M2Q9');
    const token = (await import('../../src/app/auth/session').then((m) => m.loadSession(s.db)))?.token;
    expect(token).toBeTruthy();
    expect(raw).not.toContain(token);
  });

  it('locks after 5 minutes without activity: the screen shows no family data, and the PIN opens it again offline', async () => {
    await openedApp();

    now += 4 * 60_000;
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('heading', { name: 'Tournée est verrouillée' })).toBeNull();
    now += 5 * 60_000 + 1;
    fireEvent.pointerDown(document.body);
    await screen.findByRole('heading', { name: 'Tournée est verrouillée' });
    for (const secret of secrets) expect(document.body.textContent).not.toContain(secret);

    online = false;
    await unlockWith(PIN);
    await screen.findAllByText(/07 61 23 45 89/);
  });

  it('changes the PIN offline in the settings: the current one is asked first, then only the new one opens the data', async () => {
    const { s } = await openedApp();
    online = false;
    window.location.hash = '#/reglages';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await screen.findByRole('heading', { name: 'Code PIN de cet appareil' });
    const change = screen.getByRole('button', { name: 'Changer le code PIN' });

    // A wrong current PIN counts as a wrong unlock, and nothing changes.
    type('Code PIN actuel', '000111');
    type('Nouveau code PIN ou phrase de passe', '730518');
    type('Le même code, une deuxième fois', '730518');
    fireEvent.click(change);
    expect((await screen.findByRole('alert')).textContent).toBe('Code PIN incorrect (encore 9 essais avant l’effacement des données de cet appareil).');
    // The new one follows the set-up's rules.
    type('Code PIN actuel', PIN);
    type('Nouveau code PIN ou phrase de passe', '123456');
    type('Le même code, une deuxième fois', '123456');
    fireEvent.click(change);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Ce code PIN est trop facile à deviner : évitez les chiffres identiques ou qui se suivent.'));

    type('Nouveau code PIN ou phrase de passe', '730518');
    type('Le même code, une deuxième fois', '730518');
    fireEvent.click(change);
    expect((await screen.findByText('Code PIN changé. Il sera demandé à la prochaine ouverture.', {}, { timeout: 10_000 })).getAttribute('role')).toBe('status');
    expect((screen.getByLabelText(label('Code PIN actuel')) as HTMLInputElement).value).toBe('');

    fireEvent.click(screen.getByTestId('lock-now'));
    await screen.findByRole('heading', { name: 'Tournée est verrouillée' });
    await unlockWith(PIN);
    await screen.findByText(/Code PIN incorrect/);
    await unlockWith('730518');
    await screen.findByRole('heading', { name: 'Code PIN de cet appareil' });
    expect(JSON.stringify(await rawDatabase(s.db.name))).not.toContain('730518');
  });

  it('a reload always asks the PIN; wrong PINs get a growing wait', async () => {
    const { s, rendered } = await openedApp();
    rendered.unmount();
    online = false;

    renderApp(s);
    await screen.findByRole('heading', { name: 'Tournée est verrouillée' });
    for (let i = 1; i <= 4; i++) {
      await unlockWith('111222');
      await screen.findByText(`Code PIN incorrect (encore ${10 - i} essais avant l’effacement des données de cet appareil).`);
    }
    await unlockWith('111222');
    await screen.findByText('Trop d’essais : réessayez dans 30 s.');
    expect(screen.getByRole('button', { name: 'Déverrouiller' }).hasAttribute('disabled')).toBe(true);

    type('Code PIN', PIN);
    expect(screen.getByRole('button', { name: 'Déverrouiller' }).hasAttribute('disabled')).toBe(true);
    now += 30_000;
    await waitFor(() => expect(screen.getByRole('button', { name: 'Déverrouiller' }).hasAttribute('disabled')).toBe(false), { timeout: 3000 });
    expect(screen.queryByTestId('pin-wait')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Déverrouiller' }));
    await screen.findAllByText(/07 61 23 45 89/);
  });

  it('a device revoked by the server locks, wipes its data and says why', async () => {
    const { s } = await openedApp();
    revoke = true;
    await s.sync.syncNow();
    const notice = await screen.findByTestId('wipe-notice');
    expect(notice.textContent).toContain('déconnecté par l’administration');
    const raw = await rawDatabase(s.db.name);
    expect(raw.intakeRequests).toEqual([]);
    expect(raw.families).toEqual([]);
    expect(JSON.stringify(raw)).not.toContain('keyring":{');
  });

  it('a forgotten PIN: signing in again online resets the device and a new PIN opens the data fetched again', async () => {
    const { s, rendered } = await openedApp();
    rendered.unmount();

    renderApp(s);
    await screen.findByRole('heading', { name: 'Tournée est verrouillée' });
    fireEvent.click(screen.getByRole('button', { name: 'Code PIN oublié ?' }));
    await screen.findByRole('heading', { name: 'Code PIN oublié' });
    type('Mot de passe', accounts.alice.password);
    fireEvent.click(screen.getByRole('button', { name: 'Se reconnecter et effacer cet appareil' }));
    await screen.findByRole('heading', { name: 'Choisissez votre code PIN' });
    await choosePin('2580147');
    await openRequests();
    expect((await leakedSecrets(s.db.name, secrets)).leaked).toEqual([]);
  });
});
