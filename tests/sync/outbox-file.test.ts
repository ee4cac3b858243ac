import { beforeEach, describe, expect, it } from 'vitest';
import { createRecord, updateRecord } from '../../src/app/db/repository';
import { OutboxImportError, exportOutbox, importOutbox } from '../../src/app/sync/outbox-file';
import { COMMUNE, T1, device, startServer, type Server } from './harness';

let server: Server;
beforeEach(async () => {
  server = await startServer();
});

const entry = (name: string) => ({ kind: 'assistant_maternel' as const, name, communeCode: COMMUNE });

describe('unsent changes saved to a file', () => {
  it('survive a wiped browser: re-imported on a fresh install, they reach the server exactly once', async () => {
    const a = await device(server, 'alice');
    const synced = await createRecord(a.db, 'directoryEntry', T1, entry('Déjà envoyée'));
    await a.sync.syncNow();
    a.online = false;
    const created = await createRecord(a.db, 'directoryEntry', T1, entry('Pas encore envoyée'));
    await updateRecord(a.db, 'directoryEntry', synced.id, { placesAvailable: 4 });
    const file = JSON.stringify(await exportOutbox(a.db, 'alice@test.fr'));
    expect(JSON.parse(file).mutations).toHaveLength(2);

    // The browser storage is cleared: a fresh install, signed in again.
    const fresh = await device(server, 'alice');
    await fresh.sync.syncNow();
    expect(await importOutbox(fresh.db, file)).toEqual({ added: 2, alreadyQueued: 0 });
    expect((await fresh.db.records('directoryEntry').get(synced.id))?.placesAvailable).toBe(4);
    expect(await importOutbox(fresh.db, file)).toEqual({ added: 0, alreadyQueued: 2 });
    await fresh.sync.syncNow();
    expect(await fresh.db.outbox.count()).toBe(0);
    expect((await fresh.db.records('directoryEntry').get(created.id))?.name).toBe('Pas encore envoyée');

    // The old tablet comes back and sends the same changes: acknowledged, not applied again.
    a.online = true;
    await a.sync.syncNow();
    const onServer = await server.store.withTransaction(async (tx) => [await tx.getRecord('directoryEntry', created.id), await tx.getRecord('directoryEntry', synced.id)]);
    expect(onServer.map((r) => r?.version)).toEqual([1, 2]);
    expect(await a.db.records('conflictRecord').count()).toBe(0);
  });

  it.each([
    ['not_json', '{ pas du json'],
    ['not_an_export', JSON.stringify({ format: 'autre', mutations: [] })],
    ['not_an_export', JSON.stringify({ format: 'tournee-unsent-changes', version: 1, exportedAt: '2026-01-01T00:00:00Z', clientId: 'abcdefgh', mutations: [{ mutationId: 'x' }] })],
    ['too_large', ' '.repeat(21 * 1024 * 1024)],
  ])('a bad file (%s) is refused and nothing is queued', async (kind, text) => {
    const a = await device(server, 'alice');
    const err = await importOutbox(a.db, text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboxImportError);
    expect((err as OutboxImportError).kind).toBe(kind);
    expect(await a.db.outbox.count()).toBe(0);
  });
});
