import { beforeEach, describe, expect, it } from 'vitest';
import { createRecord, deleteRecord, updateRecord } from '../../src/app/db/repository';
import { getClientId, getMeta } from '../../src/app/db/meta';
import { pullChanges } from '../../src/app/sync/pull';
import { pushOutbox } from '../../src/app/sync/push';
import { COMMUNE, T1, T2, device, startServer, type Server } from './harness';

let server: Server;
beforeEach(async () => {
  server = await startServer();
});

const entry = (name: string) => ({ kind: 'assistant_maternel' as const, name, communeCode: COMMUNE, placesAvailable: 2 });

async function serverCopy(id: string) {
  return server.store.withTransaction((tx) => tx.getRecord('directoryEntry', id));
}

describe('sync client against the in-process server', () => {
  it('keeps an offline creation in the outbox, then sends it and another device pulls it', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    a.online = false;
    const created = await createRecord(a.db, 'directoryEntry', T1, entry('Nadia Rey'));
    await a.sync.syncNow();
    expect(a.sync.getState().phase).toBe('offline');
    expect(await a.db.outbox.count()).toBe(1);
    expect(await serverCopy(created.id)).toBeUndefined();

    a.online = true;
    await a.sync.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    expect((await a.db.records('directoryEntry').get(created.id))?.version).toBe(1);
    expect((await serverCopy(created.id))?.data.name).toBe('Nadia Rey');
    expect(await getMeta<number>(a.db, 'pullSince')).toBeGreaterThan(0);

    await b.sync.syncNow();
    const onB = await b.db.records('directoryEntry').get(created.id);
    expect(onB?.name).toBe('Nadia Rey');
    expect(onB?.version).toBe(1);
  });

  it('merges edits of different fields made offline on two devices', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Maison des Lutins'));
    await a.sync.syncNow();
    await b.sync.syncNow();

    a.online = b.online = false;
    await updateRecord(a.db, 'directoryEntry', rec.id, { phone: '04 77 51 20 30' });
    await updateRecord(b.db, 'directoryEntry', rec.id, { placesAvailable: 0 });
    a.online = b.online = true;
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.sync.syncNow();

    for (const d of [a, b]) {
      const r = await d.db.records('directoryEntry').get(rec.id);
      expect(r).toMatchObject({ phone: '04 77 51 20 30', placesAvailable: 0, version: 3 });
      expect(await d.db.records('conflictRecord').count()).toBe(0);
    }
  });

  it('same field edited on two devices: the later on the server wins, the other value is kept in a conflict record', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('MAM Les Petits Pas'));
    await a.sync.syncNow();
    await b.sync.syncNow();

    a.online = b.online = false;
    await updateRecord(a.db, 'directoryEntry', rec.id, { name: 'MAM Les Petits Pas (Marlhes)' });
    await updateRecord(b.db, 'directoryEntry', rec.id, { name: 'MAM Petits Pas' });
    a.online = b.online = true;
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(b.sync.getState().lastConflicts).toBe(1);
    await a.sync.syncNow();

    for (const d of [a, b]) {
      expect((await d.db.records('directoryEntry').get(rec.id))?.name).toBe('MAM Petits Pas');
      const conflicts = await d.db.records('conflictRecord').toArray();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({ recordId: rec.id, field: 'name', otherValue: 'MAM Les Petits Pas (Marlhes)', keptValue: 'MAM Petits Pas', status: 'open' });
    }
  });

  it('an edit typed while a push is in flight survives the push answer', async () => {
    const a = await device(server, 'alice');
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Crèche Les Mésanges'));
    await a.sync.syncNow();

    await updateRecord(a.db, 'directoryEntry', rec.id, { placesAvailable: 5 });
    a.hook = async (req, forward) => {
      if (req.url.includes('/push')) await updateRecord(a.db, 'directoryEntry', rec.id, { notes: 'Rappeler lundi' });
      return forward();
    };
    await a.sync.syncNow();
    // The second edit is still local and unsent at this point of the first run; the next run sends it.
    const local = await a.db.records('directoryEntry').get(rec.id);
    expect(local).toMatchObject({ placesAvailable: 5, notes: 'Rappeler lundi' });
    a.hook = undefined;
    await a.sync.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    expect((await serverCopy(rec.id))?.data).toMatchObject({ placesAvailable: 5, notes: 'Rappeler lundi' });
  });

  it('a lost push answer leads to a resend that the server acknowledges without applying twice', async () => {
    const a = await device(server, 'alice');
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Lucie Marcon'));
    a.hook = async (req, forward) => {
      if (req.url.includes('/push')) {
        await forward();
        throw new TypeError('connection reset');
      }
      return forward();
    };
    await a.sync.syncNow();
    expect(await a.db.outbox.count()).toBe(1);
    expect((await serverCopy(rec.id))?.version).toBe(1);

    a.hook = undefined;
    await a.sync.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    expect((await serverCopy(rec.id))?.version).toBe(1);
    expect((await a.db.records('directoryEntry').get(rec.id))?.version).toBe(1);
  });

  it('a resend answered after a pull of newer versions does not leave the old value on screen', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Crèche'));
    await a.sync.syncNow();
    await b.sync.syncNow();
    await updateRecord(a.db, 'directoryEntry', rec.id, { name: 'Ribambelle' });
    a.hook = async (req, forward) => {
      await forward();
      throw new TypeError('answer lost');
    };
    await pushOutbox(a.db, a.api, await getClientId(a.db)).catch(() => undefined);
    a.hook = undefined;
    await updateRecord(b.db, 'directoryEntry', rec.id, { name: 'Pirouette' });
    await b.sync.syncNow();
    await pullChanges(a.db, a.api);
    await pushOutbox(a.db, a.api, await getClientId(a.db));
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.records('directoryEntry').get(rec.id)).toMatchObject({ name: 'Pirouette', version: 3 });
  });

  it('a deletion reaches the other device as a tombstone', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Ludothèque du Pilat'));
    await a.sync.syncNow();
    await b.sync.syncNow();
    await deleteRecord(b.db, 'directoryEntry', rec.id);
    await b.sync.syncNow();
    await a.sync.syncNow();
    expect((await a.db.records('directoryEntry').get(rec.id))?.deleted).toBe(true);
  });

  it('a mutation the server refuses is kept and marked, and the others still go through', async () => {
    const a = await device(server, 'alice');
    const good = await createRecord(a.db, 'directoryEntry', T1, entry('Relais du Pilat'));
    // Out of alice's territory: the server refuses it; the device keeps it for the person to see.
    const bad = await createRecord(a.db, 'directoryEntry', T2, entry('Hors territoire'));
    await a.sync.syncNow();
    const rejected = await a.db.outbox.where('state').equals('rejected').toArray();
    expect(rejected.map((r) => r.recordId)).toEqual([bad.id]);
    expect(rejected[0]?.error).toBeTruthy();
    expect(await a.db.outbox.where('state').equals('pending').count()).toBe(0);
    expect(await serverCopy(good.id)).toBeDefined();
    expect(await serverCopy(bad.id)).toBeUndefined();
  });

  it('pull is scoped: a device of another territory never receives these records', async () => {
    const a = await device(server, 'alice');
    const c = await device(server, 'carol');
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Privé Pilat'));
    await a.sync.syncNow();
    await c.sync.syncNow();
    expect(await c.db.records('directoryEntry').get(rec.id)).toBeUndefined();
    expect(c.sync.getState().phase).toBe('idle');
  });

  it('a revoked session stops sync with an auth error and keeps the outbox', async () => {
    const a = await device(server, 'alice');
    await createRecord(a.db, 'directoryEntry', T1, entry('Jeanne Faure'));
    a.hook = async (req, forward) => (req.url.includes('/api/sync') ? new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'x' } }), { status: 401 }) : forward());
    await a.sync.syncNow();
    expect(a.sync.getState()).toMatchObject({ phase: 'error', error: 'auth' });
    expect(await a.db.outbox.count()).toBe(1);
  });
});

describe('sync in the background', () => {
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
    return check();
  };

  it('a local write is sent shortly after, without anyone pressing a button', async () => {
    const a = await device(server, 'alice');
    a.sync.start(60_000, 30);
    try {
      await until(async () => a.sync.getState().lastSyncAt !== undefined);
      const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Envoi automatique'));
      expect(await until(async () => (await serverCopy(rec.id)) !== undefined)).toBe(true);
      expect(await until(async () => (await a.db.outbox.count()) === 0)).toBe(true);
    } finally {
      a.sync.stop();
    }
  });

  it('the interval pulls what other devices sent', async () => {
    const a = await device(server, 'alice');
    const b = await device(server, 'bob');
    b.sync.start(40, 60_000);
    try {
      // b's first sync (at start) is over before a sends anything: only the interval can bring it.
      await until(async () => b.sync.getState().lastSyncAt !== undefined);
      const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Vue par intervalle'));
      await a.sync.syncNow();
      expect(await until(async () => (await b.db.records('directoryEntry').get(rec.id)) !== undefined)).toBe(true);
    } finally {
      b.sync.stop();
    }
  });
});

describe('unreliable networks', () => {
  it('after a failed attempt it retries by itself, even when no "online" event ever comes', async () => {
    const a = await device(server, 'alice');
    a.online = false;
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Wi-Fi sans internet'));
    a.sync.start(60_000, 10);
    try {
      for (let i = 0; i < 100 && a.sync.getState().error !== 'network'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(a.sync.getState()).toMatchObject({ phase: 'offline', error: 'network' });
      a.online = true;
      for (let i = 0; i < 300 && (await serverCopy(rec.id)) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await serverCopy(rec.id)).toBeDefined();
    } finally {
      a.sync.stop();
    }
  });

  it('a request that never answers is abandoned, and the next run sends the change', async () => {
    const a = await device(server, 'alice');
    a.api.timeoutMs = 100;
    const rec = await createRecord(a.db, 'directoryEntry', T1, entry('Requête bloquée'));
    a.hook = (req) =>
      new Promise<Response>((_, reject) => {
        req.signal.addEventListener('abort', () => reject(req.signal.reason));
      });
    await a.sync.syncNow();
    expect(a.sync.getState()).toMatchObject({ phase: 'offline', error: 'network' });
    expect(await a.db.outbox.count()).toBe(1);
    a.hook = undefined;
    await a.sync.syncNow();
    expect((await serverCopy(rec.id))?.version).toBe(1);
  });
});
