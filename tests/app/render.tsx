import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import type { LocalSession } from '../../src/app/auth/session';
import { TourneeDB } from '../../src/app/db/database';
import { setLocale } from '../../src/app/i18n';
import { ServicesContext, SessionContext } from '../../src/app/services';
import { SyncClient } from '../../src/app/sync/sync-client';

export const TERRITORY = '6f1c2f1e-6a3b-4c55-9d1e-2b3c4d5e6f70';

export const session: LocalSession = {
  token: 'test-token',
  user: {
    id: '0b5d1d0e-1111-4aaa-8bbb-000000000001',
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    deleted: false,
    territoryId: TERRITORY,
    name: 'Alice',
    email: 'alice@test.fr',
    role: 'animator',
    territoryIds: [TERRITORY],
    active: true,
  },
};

/**
 * A database as the app has it once unlocked: sealing on, a data key in memory (made at once,
 * without a PIN). Writes wait for the key; reads see plain values.
 */
export function unlockedDb(db = new TourneeDB(`ui-${crypto.randomUUID()}`)): TourneeDB {
  let key: CryptoKey | null = null;
  const ready = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']).then((k) => {
    key = k;
  });
  db.vault.attach({ current: () => key }, ready);
  void db.vault.open();
  return db;
}

/** Renders a screen with a fresh local database, unlocked; the network is unreachable, as in a van. */
export function renderWithServices(
  ui: ComponentChildren,
  db = unlockedDb(),
  publicDb = new TourneeDB(`ui-public-${crypto.randomUUID()}`),
  who: LocalSession = session,
) {
  setLocale('fr-FR');
  const api = { baseUrl: 'http://tournee.test', fetch: () => Promise.reject(new TypeError('offline')), getToken: async () => 'test-token' };
  const sync = new SyncClient(db, api);
  const result = render(
    <ServicesContext.Provider value={{ db, publicDb, api, sync }}>
      <SessionContext.Provider value={{ session: who, territoryId: TERRITORY }}>{ui}</SessionContext.Provider>
    </ServicesContext.Provider>,
  );
  return { ...result, db, publicDb, sync };
}
