import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordSchema, type EntityName } from '../../src/domain/registry';
import {
  CIREST_EPCI,
  MONTS_DU_PILAT_EPCI,
  cirestCentres,
  montsDuPilatCentres,
  type CommuneCentre,
} from '../../src/server/seed/communes';
import { buildDemoData, type DemoData } from '../../src/server/seed/demo-data';

const data = buildDemoData();

function loadJson(file: string): unknown {
  const path = createRequire(import.meta.url).resolve(`@etalab/decoupage-administratif/data/${file}`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

const etalabCommunes = z
  .array(z.object({ code: z.string(), type: z.string(), departement: z.string().optional() }).loose())
  .parse(loadJson('communes.json'));
const etalabEpci = z
  .array(z.object({ code: z.string(), membres: z.array(z.object({ code: z.string() }).loose()) }).loose())
  .parse(loadJson('epci.json'));

function recordsOf(demo: DemoData, entity: EntityName): Record<string, unknown>[] {
  return demo.records.filter((r) => r.entity === entity).map((r) => r.record);
}

const str = (r: Record<string, unknown>, key: string): string => {
  const v = r[key];
  if (typeof v !== 'string') throw new Error(`${key} is not a string in ${JSON.stringify(r)}`);
  return v;
};
const num = (r: Record<string, unknown>, key: string): number => {
  const v = r[key];
  if (typeof v !== 'number') throw new Error(`${key} is not a number in ${JSON.stringify(r)}`);
  return v;
};

/** Wall-clock time and weekday of an instant in a zone, as a person there would read it. */
function localTime(instant: string, zone: string): { hm: string; weekday: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { hm: `${get('hour')}:${get('minute')}`, weekday: get('weekday') };
}

interface Box {
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
}
const loireBox: Box = { latMin: 45.2, latMax: 46.3, lonMin: 3.6, lonMax: 4.8 };
const reunionBox: Box = { latMin: -21.4, latMax: -20.85, lonMin: 55.2, lonMax: 55.85 };
const inBox = (lat: number, lon: number, b: Box) =>
  lat >= b.latMin && lat <= b.latMax && lon >= b.lonMin && lon <= b.lonMax;

describe('demo data', () => {
  it('emits only records that parse with their entity schema', () => {
    expect(data.records.length).toBeGreaterThan(0);
    for (const { entity, record } of data.records) {
      const result = recordSchema(entity).safeParse(record);
      expect(result.error, `${entity} ${JSON.stringify(record)}`).toBeUndefined();
      expect(record.version).toBe(0);
      expect(record.deleted).toBe(false);
    }
  });

  it('has unique ids that are the same on every build', () => {
    const ids = data.records.map((r) => str(r.record, 'id'));
    expect(new Set(ids).size).toBe(ids.length);
    const again = buildDemoData();
    expect(again).toEqual(data);
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
  });

  it('uses commune codes of the expected EPCI, each listed once', () => {
    const cases: Array<[string, readonly CommuneCentre[], string]> = [
      [MONTS_DU_PILAT_EPCI, montsDuPilatCentres, '42'],
      [CIREST_EPCI, cirestCentres, '974'],
    ];
    for (const [epciCode, centres, departement] of cases) {
      const epci = etalabEpci.find((e) => e.code === epciCode);
      expect(epci, epciCode).toBeDefined();
      const members = new Set(epci?.membres.map((m) => m.code));
      const codes = centres.map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
      // The table covers the whole EPCI, so the demo map has no hole.
      expect([...members].sort()).toEqual([...codes].sort());
      for (const code of codes) {
        const commune = etalabCommunes.find((c) => c.code === code && c.type === 'commune-actuelle');
        expect(commune, code).toBeDefined();
        expect(commune?.departement).toBe(departement);
      }
    }
  });

  it('places communes, sites and directory entries inside their département', () => {
    for (const c of montsDuPilatCentres) expect(inBox(c.lat, c.lon, loireBox), c.code).toBe(true);
    for (const c of cirestCentres) expect(inBox(c.lat, c.lon, reunionBox), c.code).toBe(true);

    const territories = new Map(recordsOf(data, 'territory').map((t) => [str(t, 'id'), str(t, 'departement')]));
    const located = [...recordsOf(data, 'commune'), ...recordsOf(data, 'site'), ...recordsOf(data, 'directoryEntry')];
    for (const r of located) {
      const box = territories.get(str(r, 'territoryId')) === '974' ? reunionBox : loireBox;
      expect(inBox(num(r, 'lat'), num(r, 'lon'), box), JSON.stringify(r)).toBe(true);
    }
  });

  it('fills communes from the official data', () => {
    const communes = recordsOf(data, 'commune');
    expect(communes).toHaveLength(montsDuPilatCentres.length + cirestCentres.length);
    const byCode = new Map(communes.map((c) => [str(c, 'code'), c]));
    expect(byCode.get('42224')).toMatchObject({ name: 'Saint-Genest-Malifaux', postcodes: ['42660'] });
    expect(byCode.get('97410')).toMatchObject({ name: 'Saint-Benoît' });
    expect(byCode.get('97410')?.postcodes).toContain('97470');
    for (const c of communes) expect(num(c, 'population')).toBeGreaterThan(0);
  });

  it('describes two territories in their own time zones', () => {
    const territories = recordsOf(data, 'territory');
    expect(territories).toHaveLength(2);
    expect(territories).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Monts du Pilat', timeZone: 'Europe/Paris', departement: '42', epciCode: MONTS_DU_PILAT_EPCI }),
        expect.objectContaining({ timeZone: 'Indian/Reunion', departement: '974', epciCode: CIREST_EPCI }),
      ]),
    );
    for (const t of territories) expect(t.territoryId).toBe(t.id);
  });

  it('links sites, entries and sessions to communes and sites of their own territory', () => {
    const territoryIds = new Set(recordsOf(data, 'territory').map((t) => str(t, 'id')));
    const communeTerritory = new Map(recordsOf(data, 'commune').map((c) => [str(c, 'code'), str(c, 'territoryId')]));
    const zoneOfTerritory = new Map(recordsOf(data, 'territory').map((t) => [str(t, 'id'), str(t, 'timeZone')]));

    for (const { record } of data.records) expect(territoryIds.has(str(record, 'territoryId'))).toBe(true);

    const sites = recordsOf(data, 'site');
    expect(sites.length).toBeGreaterThanOrEqual(6);
    for (const s of sites) {
      expect(communeTerritory.get(str(s, 'communeCode'))).toBe(s.territoryId);
      expect(s.timeZone).toBe(zoneOfTerritory.get(str(s, 'territoryId')));
    }

    const entries = recordsOf(data, 'directoryEntry');
    expect(entries.length).toBeGreaterThanOrEqual(20);
    for (const e of entries) expect(communeTerritory.get(str(e, 'communeCode'))).toBe(e.territoryId);
    const kinds = new Set(entries.map((e) => str(e, 'kind')));
    for (const kind of ['assistant_maternel', 'mam', 'micro_creche', 'eaje', 'rpe', 'laep', 'pmi', 'france_services', 'ludotheque', 'accueil_loisirs']) {
      expect(kinds, kind).toContain(kind);
    }
    for (const territoryId of territoryIds) {
      expect(entries.filter((e) => e.territoryId === territoryId).length).toBeGreaterThanOrEqual(5);
    }

    const siteById = new Map(sites.map((s) => [str(s, 'id'), s]));
    const staffIds = new Set(recordsOf(data, 'staffUser').map((u) => str(u, 'id')));
    const sessions = recordsOf(data, 'scheduledSession');
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      const site = siteById.get(str(s, 'siteId'));
      expect(site, JSON.stringify(s)).toBeDefined();
      expect(site?.territoryId).toBe(s.territoryId);
      expect(s.timeZone).toBe(site?.timeZone);
      expect(Date.parse(str(s, 'end'))).toBeGreaterThan(Date.parse(str(s, 'start')));
      for (const id of z.array(z.string()).parse(s.staffIds)) expect(staffIds.has(id)).toBe(true);
    }
  });

  it('runs every bus day from 08:30 to 16:00 local time on a bus weekday', () => {
    const sites = new Map(recordsOf(data, 'site').map((s) => [str(s, 'id'), s]));
    const busDays = recordsOf(data, 'scheduledSession').filter((s) => s.kind === 'bus_day');
    expect(busDays.length).toBeGreaterThanOrEqual(4);
    for (const s of busDays) {
      const site = sites.get(str(s, 'siteId'));
      if (!site) throw new Error('bus day without site');
      const zone = str(site, 'timeZone');
      const start = localTime(str(s, 'start'), zone);
      const end = localTime(str(s, 'end'), zone);
      expect(start.hm).toBe('08:30');
      expect(end.hm).toBe('16:00');
      expect(['Mon', 'Tue', 'Thu', 'Fri']).toContain(start.weekday);
      expect(site.kind).toBe('bus_stop');
      expect(s.capacity).toBe(12);
      expect(str(s, 'start').endsWith('Z')).toBe(true);
    }
    // La Réunion is UTC+4 all year: 08:30 there is 04:30 UTC.
    const reunion = busDays.find((s) => s.timeZone === 'Indian/Reunion');
    expect(str(reunion ?? {}, 'start')).toMatch(/T04:30:00\.000Z$/);
  });

  it('holds Pilat sessions at Paris time (UTC+1 in December)', () => {
    const paris = recordsOf(data, 'scheduledSession').filter((s) => s.timeZone === 'Europe/Paris');
    expect(paris.length).toBeGreaterThan(0);
    for (const s of paris) {
      const local = localTime(str(s, 'start'), 'Europe/Paris');
      const utcHour = new Date(str(s, 'start')).getUTCHours();
      expect(Number(local.hm.slice(0, 2))).toBe(utcHour + 1);
    }
  });

  it('gives accounts for each staff role, mirrored as staff users', () => {
    const roles = new Set(data.accounts.map((a) => a.role));
    for (const role of ['animator', 'bus_team', 'coordinator'] as const) expect(roles).toContain(role);

    const users = new Map(recordsOf(data, 'staffUser').map((u) => [str(u, 'id'), u]));
    const territoryIds = new Set(recordsOf(data, 'territory').map((t) => str(t, 'id')));
    const emails = data.accounts.map((a) => a.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const a of data.accounts) {
      expect(a.password.length).toBeGreaterThanOrEqual(12);
      expect(a.territoryIds.length).toBeGreaterThan(0);
      for (const t of a.territoryIds) expect(territoryIds.has(t)).toBe(true);
      const user = users.get(a.userId);
      expect(user).toMatchObject({ email: a.email, name: a.name, role: a.role, territoryIds: a.territoryIds, active: true });
      expect(user?.territoryId).toBe(a.territoryIds[0]);
      expect(JSON.stringify(user)).not.toContain(a.password);
    }
    const coordinator = data.accounts.find((a) => a.role === 'coordinator');
    expect(coordinator?.territoryIds).toHaveLength(2);
  });
});
