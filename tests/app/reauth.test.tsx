// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSession } from '../../src/app/auth/session';
import { createRecord } from '../../src/app/db/repository';
import { TourneeDB } from '../../src/app/db/database';
import { setLocale } from '../../src/app/i18n';
import { ServicesContext, SessionContext } from '../../src/app/services';
import { SyncBar } from '../../src/app/ui/SyncBar';
import { COMMUNE, T1, accounts, device, startServer } from '../sync/harness';

afterEach(cleanup);

describe('session refused by the server', () => {
  it('the person signs in again from the sync bar and the unsent changes go, nothing lost', async () => {
    setLocale('fr-FR');
    const server = await startServer();
    const a = await device(server, 'alice');
    const session = (await loadSession(a.db))!;
    const rec = await createRecord(a.db, 'directoryEntry', T1, { kind: 'mam', name: 'MAM des Sucs', communeCode: COMMUNE });
    // An administrator revoked this device's session (here: the session is closed on the server).
    await server.app.request('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });

    render(
      <ServicesContext.Provider value={{ db: a.db, publicDb: new TourneeDB(`public-${crypto.randomUUID()}`), api: a.api, sync: a.sync }}>
        <SessionContext.Provider value={{ session, territoryId: T1 }}>
          <SyncBar />
        </SessionContext.Provider>
      </ServicesContext.Provider>,
    );
    await a.sync.syncNow();
    await screen.findByText(/Votre session a expiré/);
    expect(await a.db.outbox.count()).toBe(1);

    fireEvent.input(screen.getByLabelText(`Mot de passe de ${accounts.alice.email}`), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Se reconnecter et envoyer' }));
    await screen.findByText('Adresse e-mail ou mot de passe incorrect.');

    fireEvent.input(screen.getByLabelText(`Mot de passe de ${accounts.alice.email}`), { target: { value: accounts.alice.password } });
    fireEvent.click(screen.getByRole('button', { name: 'Se reconnecter et envoyer' }));
    await waitFor(async () => expect(await a.db.outbox.count()).toBe(0));
    expect(await server.store.withTransaction((tx) => tx.getRecord('directoryEntry', rec.id))).toBeDefined();
    await waitFor(() => expect(screen.queryByText(/Votre session a expiré/)).toBeNull());
    expect((await loadSession(a.db))?.token).not.toBe(session.token);
  });
});
