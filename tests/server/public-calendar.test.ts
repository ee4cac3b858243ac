import ICAL from 'ical.js';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TA, harness, mutation } from './helpers';

const SITE = randomUUID();

describe('a territory’s public calendar feed', () => {
  it('lists the coming sessions of a commune, read back by ical.js at the place’s time, with nothing private', async () => {
    const h = await harness();
    const coord = await h.login('coord.a@example.fr');
    const setup = [
      mutation({ entity: 'commune', changes: { code: '42168', name: 'Pélussin', postcodes: ['42410'], lat: 45.42, lon: 4.68 } }),
      mutation({ entity: 'commune', changes: { code: '42224', name: 'Saint-Genest-Malifaux', postcodes: ['42660'], lat: 45.34, lon: 4.42 } }),
      mutation({ entity: 'site', recordId: SITE, changes: { name: 'Salle des fêtes', kind: 'salle_communale', communeCode: '42168', address: 'Rue du Pilat', timeZone: 'Europe/Paris', notes: 'clé chez la secrétaire' } }),
      mutation({
        entity: 'scheduledSession',
        changes: { kind: 'permanence', siteId: SITE, start: '2026-01-13T08:00:00.000Z', end: '2026-01-13T11:00:00.000Z', timeZone: 'Europe/Paris', staffIds: [], status: 'planned' },
      }),
    ];
    const pushed = await h.push(coord, 'coord-device', setup);
    expect(pushed.status, JSON.stringify(pushed.body).slice(0, 400)).toBe(200);

    const res = await h.request('GET', `/api/public/territories/${TA}/calendar.ics?commune=42168`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const text = await res.text();
    expect(text).not.toContain('clé chez la secrétaire');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(['Permanence — Salle des fêtes']);
    expect(events[0]!.location).toBe('Rue du Pilat');
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-01-13T08:00:00.000Z');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Tournée — Pélussin');

    const elsewhere = await (await h.request('GET', `/api/public/territories/${TA}/calendar.ics?commune=42224`)).text();
    expect(new ICAL.Component(ICAL.parse(elsewhere)).getAllSubcomponents('vevent')).toHaveLength(0);
  });

  it('refuses a malformed territory or commune and an unknown territory, and keeps private answers out of caches', async () => {
    const h = await harness();
    expect((await h.request('GET', '/api/public/territories/x/calendar.ics')).status).toBe(400);
    expect((await h.request('GET', `/api/public/territories/${TA}/calendar.ics?commune=%3Cscript%3E`)).status).toBe(400);
    const unknown = await h.request('GET', `/api/public/territories/${randomUUID()}/calendar.ics`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
  });
});
