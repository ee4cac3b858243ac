import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicRequestStatusSchema, type PublicRequest } from '../../src/domain/public/request';
import { TA, TB, changes, error, harness, mutation, type Harness, type Json } from './helpers';

const SECRET = 'k3Yq9xW2_pLm-ZtR8vN4sA';
const OTHER_SECRET = 'Z9z9Z9z9Z9z9Z9z9Z9z9Z9';
const SITE = randomUUID();

function request(extra: Partial<PublicRequest> = {}): PublicRequest {
  return {
    id: randomUUID(),
    territoryId: TA,
    secret: SECRET,
    receiptCode: 'K7PQ2M9X',
    phone: '06 12 34 56 78',
    childBirthDate: '2025-09-14',
    needs: ['childcare'],
    consent: { textVersion: 'fr-2026-11', givenAt: '2026-01-05T07:30:00.000Z' },
    ...extra,
  };
}

const slot = (extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  kind: 'permanence' as const,
  siteId: SITE,
  start: '2026-01-12T09:00:00.000Z',
  end: '2026-01-12T10:00:00.000Z',
  timeZone: 'Europe/Paris',
  ...extra,
});

/** A harness whose territory A has a commune and a site where appointments are held. */
async function withSite(): Promise<Harness> {
  const h = await harness({ trustProxy: true });
  const coord = await h.login('coord.a@example.fr');
  const commune = mutation({ entity: 'commune', changes: { code: '42168', name: 'Pélussin', postcodes: ['42410'], lat: 45.42, lon: 4.68 } });
  const site = mutation({
    entity: 'site',
    recordId: SITE,
    changes: { name: 'France Services de Pélussin', kind: 'france_services', communeCode: '42168', address: '2 place de la Mairie', timeZone: 'Europe/Paris' },
  });
  expect((await h.push(coord, 'coord-device', [commune, site])).status).toBe(200);
  return h;
}

const send = (h: Harness, body: unknown, ip = '203.0.113.7') => h.request('POST', '/api/public/requests', undefined, body, { 'x-forwarded-for': ip });
const status = (h: Harness, id: string, secret = SECRET) => h.request('GET', `/api/public/requests/${id}`, undefined, undefined, { 'x-request-secret': secret });

async function intakeRecords(h: Harness): Promise<Json[]> {
  const token = await h.login('anim.a@example.fr');
  const page = await h.pull(token);
  return changes(page.body).filter((c) => c.entity === 'intakeRequest').map((c) => c.record);
}

describe('a parent sends a request from their phone, without an account', () => {
  it('creates the request in the territory inbox and answers with its status', async () => {
    const h = await withSite();
    const r = request({ name: 'Awa Diallo', communeCode: '42168', message: 'Je reprends le travail en mars.' });
    const res = await send(h, r);
    expect(res.status).toBe(201);
    const body = publicRequestStatusSchema.parse(await res.json());
    expect(body).toMatchObject({ id: r.id, receiptCode: 'K7PQ2M9X', status: 'received', receivedAt: r.consent.givenAt, appointments: [] });

    const inbox = await intakeRecords(h);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ id: r.id, phone: '06 12 34 56 78', name: 'Awa Diallo', status: 'received', territoryId: TA });
    // Only the hash of the secret is kept.
    expect(JSON.stringify(inbox[0])).not.toContain(SECRET);
    expect(inbox[0]!.accessHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats a resend of the same request (lost answer, replay) as the same request', async () => {
    const h = await withSite();
    const r = request({ appointment: slot() });
    expect((await send(h, r)).status).toBe(201);
    const again = await send(h, r);
    expect(again.status).toBe(200);
    expect(publicRequestStatusSchema.parse(await again.json()).appointments).toHaveLength(1);
    expect(await intakeRecords(h)).toHaveLength(1);

    // The same id with another secret is somebody else's: refused, nothing changed.
    const before = await h.dump();
    const forged = await send(h, { ...r, secret: OTHER_SECRET, phone: '07 00 00 00 00' });
    expect(forged.status).toBe(409);
    expect(await h.dump()).toBe(before);
  });

  it('shows the family what staff did: status, then the appointment confirmed at its place', async () => {
    const h = await withSite();
    const ask = slot();
    const r = request({ appointment: ask });
    await send(h, r);
    let seen = publicRequestStatusSchema.parse(await (await status(h, r.id)).json());
    expect(seen.appointments).toEqual([
      { id: ask.id, kind: 'permanence', status: 'requested', start: ask.start, end: ask.end, timeZone: 'Europe/Paris', siteName: 'France Services de Pélussin', address: '2 place de la Mairie' },
    ]);

    const anim = await h.login('anim.a@example.fr');
    h.advance(60_000);
    const confirm = [
      mutation({ entity: 'intakeRequest', recordId: r.id, baseVersion: 1, changes: { status: 'appointment_proposed' } }),
      mutation({ entity: 'appointment', recordId: ask.id, baseVersion: 1, changes: { status: 'confirmed', start: '2026-01-12T09:30:00.000Z', end: '2026-01-12T10:30:00.000Z' } }),
    ];
    expect((await h.push(anim, 'tablet-a', confirm)).status).toBe(200);

    seen = publicRequestStatusSchema.parse(await (await status(h, r.id)).json());
    expect(seen.status).toBe('appointment_proposed');
    expect(seen.appointments[0]).toMatchObject({ status: 'confirmed', start: '2026-01-12T09:30:00.000Z' });
    expect(Date.parse(seen.updatedAt)).toBeGreaterThan(Date.parse(seen.receivedAt));
  });

  it('asks a slot later from the status page, once', async () => {
    const h = await withSite();
    const r = request();
    await send(h, r);
    const ask = { ...slot(), kind: 'parenting_support' as const };
    const path = `/api/public/requests/${r.id}/appointment`;
    const first = await h.request('POST', path, undefined, ask, { 'x-request-secret': SECRET });
    expect(first.status).toBe(201);
    const replay = await h.request('POST', path, undefined, ask, { 'x-request-secret': SECRET });
    expect(replay.status).toBe(200);
    expect(publicRequestStatusSchema.parse(await replay.json()).appointments.map((a) => a.kind)).toEqual(['parenting_support']);

    const before = await h.dump();
    expect((await h.request('POST', path, undefined, slot(), { 'x-request-secret': OTHER_SECRET })).status).toBe(404);
    expect(await h.dump()).toBe(before);
  });

  it('tells nothing to someone without the secret: same answer for a wrong secret and an unknown request', async () => {
    const h = await withSite();
    const r = request();
    await send(h, r);
    const wrong = await status(h, r.id, OTHER_SECRET);
    const unknown = await status(h, randomUUID());
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect((await h.request('GET', `/api/public/requests/${r.id}`)).status).toBe(400);
    expect((await h.request('GET', '/api/public/requests/not-an-id', undefined, undefined, { 'x-request-secret': SECRET })).status).toBe(400);
  });

  it('refuses bad input with a French message and stores nothing', async () => {
    const h = await withSite();
    const before = await h.dump();
    const cases: Array<[unknown, number, RegExp]> = [
      [{ ...request(), childBirthDate: undefined }, 400, /date de naissance ou date prévue/],
      [{ ...request(), childBirthDate: '2025-02-30' }, 400, /childBirthDate/],
      [{ ...request(), phone: 'appelez-moi' }, 400, /phone/],
      [{ ...request(), secret: 'court' }, 400, /secret/],
      [{ ...request(), isAdmin: true }, 400, /Champ inconnu/],
      [{ ...request(), territoryId: randomUUID() }, 404, /Territoire inconnu/],
      [{ ...request(), communeCode: '97411' }, 400, /commune/],
      [{ ...request(), consent: { textVersion: 'fr-2026-11', givenAt: '2027-06-01T00:00:00.000Z' } }, 400, /futur/],
      [{ ...request(), appointment: slot({ siteId: randomUUID() }) }, 400, /lieu/],
      [{ ...request(), appointment: slot({ end: '2026-01-12T08:00:00.000Z' }) }, 400, /fin du rendez-vous/],
      [{ ...request(), appointment: slot({ start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z' }) }, 400, /180 jours/],
      ['{"id":', 400, /JSON/],
      [{ ...request(), message: 'x'.repeat(40_000) }, 413, /volumineuse/],
    ];
    for (const [body, code, message] of cases) {
      const res = await send(h, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(code);
      expect(error((await res.json()) as Json).message).toMatch(message);
    }
    expect(await h.dump()).toBe(before);
  });

  it('stores hostile text as text', async () => {
    const h = await withSite();
    const hostile = '<img src=x onerror=alert(1)> =HYPERLINK("http://x") \u202Eevil\u202C \'; DROP TABLE records; --';
    const r = request({ name: hostile, message: hostile });
    expect((await send(h, r)).status).toBe(201);
    const [stored] = await intakeRecords(h);
    expect(stored).toMatchObject({ name: hostile, message: hostile });
  });

  it('limits how many requests one connection sends', async () => {
    const h = await withSite();
    for (let i = 0; i < 20; i++) expect((await send(h, request(), '198.51.100.9')).status).toBe(201);
    const before = await h.dump();
    const over = await send(h, request(), '198.51.100.9');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await h.dump()).toBe(before);
    // Another connection is not held back.
    expect((await send(h, request(), '198.51.100.10')).status).toBe(201);
  });

  it('lets staff of the territory change the request but never its access hash', async () => {
    const h = await withSite();
    const r = request();
    await send(h, r);
    const anim = await h.login('anim.a@example.fr');
    const forged = mutation({ entity: 'intakeRequest', recordId: r.id, baseVersion: 1, changes: { accessHash: 'a'.repeat(64) } });
    const res = await h.push(anim, 'tablet-a', [forged]);
    expect(res.status).toBe(403);
    // Staff of another territory do not receive it at all.
    const other = await h.login('anim.b@example.fr');
    expect(changes((await h.pull(other)).body).some((c) => c.record.id === r.id)).toBe(false);
    expect(TB).not.toBe(TA);
  });

  it('answers 410 once the request is erased', async () => {
    const h = await withSite();
    const r = request();
    await send(h, r);
    const anim = await h.login('anim.a@example.fr');
    await h.push(anim, 'tablet-a', [mutation({ entity: 'intakeRequest', recordId: r.id, baseVersion: 1, changes: { deleted: true } })]);
    expect((await status(h, r.id)).status).toBe(410);
  });
});
