import { describe, expect, it } from 'vitest';
import { TourneeDB } from '../../src/app/db/database';
import { confirmAppointment } from '../../src/app/intake/appointment-reply';
import { keep, keptRequests, newSecret, type KeptRequest } from '../../src/app/public/request/kept-requests';
import { queueAppointment, refreshStatuses, sendPending } from '../../src/app/public/request/send';
import type { ApiOptions } from '../../src/app/sync/api';
import { publicRequestSchema } from '../../src/domain/public/request';
import { serverFieldMeta } from '../../src/server/sync/push';
import { T1, device, startServer, type Server } from './harness';

const SITE = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

async function withSite(): Promise<Server> {
  const server = await startServer();
  const data = { name: 'Mairie de Marlhes', kind: 'mairie', communeCode: '42139', address: '1 place de l’Église', timeZone: 'Europe/Paris', deleted: false, territoryId: T1 };
  const at = '2026-01-01T00:00:00.000Z';
  await server.store.withTransaction((tx) => tx.putRecord({ entity: 'site', id: SITE, version: 1, updatedAt: at, data, fields: serverFieldMeta(data, 1, at) }));
  return server;
}

/** A parent's phone: no account, a network that comes and goes. */
function phone(server: Server) {
  const db = new TourneeDB(`phone-${crypto.randomUUID()}`);
  const state = { online: false, requests: 0 };
  const api: ApiOptions = {
    baseUrl: 'http://tournee.test',
    getToken: async () => undefined,
    fetch: async (input, init) => {
      if (!state.online) throw new TypeError('Failed to fetch');
      state.requests += 1;
      return server.app.fetch(new Request(input, init));
    },
  };
  return { db, api, state };
}

function request(start: string): KeptRequest {
  const pending = publicRequestSchema.parse({
    id: crypto.randomUUID(),
    territoryId: T1,
    secret: newSecret(),
    receiptCode: 'HX4M7Q2P',
    phone: '07 61 23 45 67',
    childExpectedDate: '2026-04-02',
    needs: ['childcare', 'parenting_support'],
    consent: { textVersion: 'parent-fr-2026-11', givenAt: new Date().toISOString() },
    appointment: { id: crypto.randomUUID(), kind: 'permanence', siteId: SITE, start, end: new Date(Date.parse(start) + 3 * 3600_000).toISOString(), timeZone: 'Europe/Paris' },
  });
  return { id: pending.id, secret: pending.secret, receiptCode: pending.receiptCode, createdAt: pending.consent.givenAt, pending };
}

describe('a parent asks for an appointment offline; staff confirm it; the parent sees it', () => {
  it('goes from the phone to the staff tablet and back, with one request however often it is sent', async () => {
    const server = await withSite();
    const parent = phone(server);
    const start = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const kept = request(start);

    // Offline: kept on the phone, nothing leaves.
    await keep(parent.db, kept);
    expect(await sendPending(parent.db, parent.api)).toBe(1);
    expect((await keptRequests(parent.db))[0]!.pending).toBeDefined();

    // Back online: sent once, status read back.
    parent.state.online = true;
    expect(await sendPending(parent.db, parent.api)).toBe(0);
    let mine = (await keptRequests(parent.db))[0]!;
    expect(mine.pending).toBeUndefined();
    expect(mine.status?.status).toBe('received');
    expect(mine.status?.appointments.map((a) => a.status)).toEqual(['requested']);

    // The answer was lost and the phone sends again: still one request for staff.
    await keep(parent.db, { ...mine, pending: kept.pending });
    expect(await sendPending(parent.db, parent.api)).toBe(0);

    const tablet = await device(server, 'alice');
    await tablet.sync.syncNow();
    const inbox = await tablet.db.records('intakeRequest').toArray();
    expect(inbox.map((r) => r.receiptCode)).toEqual(['HX4M7Q2P']);
    const [asked] = await tablet.db.records('appointment').toArray();
    expect(asked).toMatchObject({ status: 'requested', intakeRequestId: kept.id, siteId: SITE });

    // Staff confirm 10:00 local, offline on the tablet, then sync.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(start));
    await confirmAppointment(tablet.db, inbox[0]!, asked!, { siteId: SITE, date: day, time: '10:00', minutes: 60, timeZone: 'Europe/Paris' }, '0b5d1d0e-1111-4aaa-8bbb-000000000001');
    await tablet.sync.syncNow();

    await refreshStatuses(parent.db, parent.api);
    mine = (await keptRequests(parent.db))[0]!;
    expect(mine.status?.status).toBe('appointment_proposed');
    const [confirmed] = mine.status!.appointments;
    expect(confirmed).toMatchObject({ status: 'confirmed', siteName: 'Mairie de Marlhes', address: '1 place de l’Église' });
    expect(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(new Date(confirmed!.start))).toBe('10:00');
  });

  it('queues a slot asked from the status page until the phone is online', async () => {
    const server = await withSite();
    const parent = phone(server);
    parent.state.online = true;
    const kept = request(new Date(Date.now() + 3 * 86_400_000).toISOString());
    const { appointment: _first, ...withoutSlot } = kept.pending!;
    await keep(parent.db, { ...kept, pending: withoutSlot });
    await sendPending(parent.db, parent.api);

    parent.state.online = false;
    const start = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const sent = (await keptRequests(parent.db))[0]!;
    await queueAppointment(parent.db, sent, { id: crypto.randomUUID(), kind: 'parenting_support', siteId: SITE, start, end: new Date(Date.parse(start) + 3600_000).toISOString(), timeZone: 'Europe/Paris' });
    expect(await sendPending(parent.db, parent.api)).toBe(1);
    expect((await keptRequests(parent.db))[0]!.asks).toHaveLength(1);

    parent.state.online = true;
    expect(await sendPending(parent.db, parent.api)).toBe(0);
    const after = (await keptRequests(parent.db))[0]!;
    expect(after.asks).toEqual([]);
    expect(after.status?.appointments.map((a) => a.kind)).toEqual(['parenting_support']);
  });

  it('keeps a request the server refuses, with its French reason, and does not send it again', async () => {
    const server = await withSite();
    const parent = phone(server);
    parent.state.online = true;
    const kept = request(new Date(Date.now() + 86_400_000).toISOString());
    await keep(parent.db, { ...kept, pending: { ...kept.pending!, territoryId: '00000000-0000-4000-8000-000000000000' } });
    await sendPending(parent.db, parent.api);
    const [refused] = await keptRequests(parent.db);
    expect(refused!.refused).toBe('Territoire inconnu.');
    const before = parent.state.requests;
    await sendPending(parent.db, parent.api);
    expect(parent.state.requests).toBe(before);
  });
});
