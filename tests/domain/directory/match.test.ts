import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weekdays } from '../../../src/domain/common';
import { directoryKinds } from '../../../src/domain/entities/directory-entry';
import { haversineMetres } from '../../../src/domain/directory/distance';
import { ageInMonths } from '../../../src/domain/directory/search';
import { formatAge, formatDate, formatDistance, formatTime, matchChildcare, needsAtypicalHours, type ChildcareNeed } from '../../../src/domain/directory/match';
import type { SearchableEntry } from '../../../src/domain/directory/search-index';

/** French text with "~" for the non-breaking spaces of "8 h 30" or "1,1 km". */
const fr = (s: string) => s.replace(/~/g, '\u00a0');

function am(id: string, name: string, extra: Partial<SearchableEntry> = {}): SearchableEntry {
  return { id, name, kind: 'assistant_maternel', communeCode: '42023', placesAvailable: 1, ageMinMonths: 0, ageMaxMonths: 72, ...extra };
}

// Along a meridian 0.01° of latitude is 1,111.95 m.
const need: ChildcareNeed = {
  childBirthDate: '2025-01-15', // 13 months old on the start date
  startDate: '2026-03-02',
  days: ['mon', 'tue', 'thu', 'fri'],
  hours: { from: '08:00', to: '17:30' },
  location: { lat: 45, lon: 4.5 },
  communeCode: '42168',
};

const full = am('a', 'Nadia Payet', { placesAvailable: 2, ageMinMonths: 0, ageMaxMonths: 36, openDays: ['mon', 'tue', 'wed', 'thu', 'fri'], opensAt: '07:30', closesAt: '18:30', lat: 45.01, lon: 4.5, communeCode: '42168' });
const partial: SearchableEntry = {
  id: 'b',
  name: 'MAM Les Lucioles',
  kind: 'mam',
  communeCode: '42023',
  placesAvailable: 1,
  availableFrom: '2026-02-15',
  ageMinMonths: 3,
  ageMaxMonths: 48,
  openDays: ['mon', 'tue', 'wed', 'thu'],
  opensAt: '08:30',
  closesAt: '17:00',
  lat: 45.02,
  lon: 4.5,
};
const unknown = am('c', 'Sophie Martin', { communeCode: '42168', ageMinMonths: undefined, ageMaxMonths: undefined });
const excluded: SearchableEntry[] = [
  am('no-place', 'Aucune place', { placesAvailable: 0 }),
  am('unknown-places', 'Places inconnues', { placesAvailable: undefined }),
  am('later', 'Place le 3 mars', { availableFrom: '2026-03-03' }),
  am('too-old', 'Jusqu’à 12 mois', { ageMaxMonths: 12 }),
  am('too-young', 'Dès 14 mois', { ageMinMonths: 14 }),
  am('creche', 'Crèche Les Lutins', { kind: 'eaje' }),
  am('micro', 'Micro-crèche', { kind: 'micro_creche' }),
  am('deleted', 'Supprimée', { deleted: true }),
];

describe('matching a family with assistants maternels', () => {
  const results = matchChildcare([unknown, ...excluded, partial, full], need);

  it('keeps providers meeting the hard constraints, best fit first', () => {
    // a: days 1, hours 1, distance 1/(1 + 1112/5000) = 0.818 → (0.4 + 0.3 + 0.2 × 0.818) / 0.9 = 0.960.
    // b: days 3/4, hours 510/570 min, distance 1/(1 + 2224/5000) = 0.692 → (0.3 + 0.268 + 0.138) / 0.9 = 0.785.
    // c: days and hours unknown 0.5 each, unlocated in the family's commune 0.8 → (0.2 + 0.15 + 0.16) / 0.9 = 0.567.
    expect(results.map((r) => [r.id, r.fit, r.distanceMetres])).toEqual([
      ['a', 0.96, 1112],
      ['b', 0.785, 2224],
      ['c', 0.567, undefined],
    ]);
  });

  it('says in French why each one fits and what is missing', () => {
    expect(results[0]).toMatchObject({
      reasons: [
        '2 places libres',
        fr('accueille un enfant de 13~mois'),
        'accueille le lundi, le mardi, le jeudi et le vendredi',
        fr('couvre les horaires demandés (de 8~h à 17~h~30)'),
        'dans votre commune',
        fr('à 1,1~km'),
      ],
      missing: [],
    });
    expect(results[1]).toMatchObject({
      reasons: ['1 place libre à partir du 15 février', fr('accueille un enfant de 13~mois'), fr('à 2,2~km')],
      missing: ['ne couvre pas le vendredi', fr('ouvre à 8~h~30, besoin dès 8~h'), fr('ferme à 17~h, besoin jusqu’à 17~h~30')],
    });
    expect(results[2]).toMatchObject({
      reasons: ['1 place libre', 'dans votre commune'],
      missing: ['âges accueillis non renseignés, à vérifier', 'jours d’accueil non renseignés, à vérifier', 'horaires non renseignés, à vérifier', 'adresse non localisée, distance inconnue'],
    });
  });

  it('lists several missing days with "ni"', () => {
    const dayNeed = { ...need, hours: undefined, location: undefined };
    const [r] = matchChildcare([am('x', 'X', { openDays: ['tue', 'thu'] })], dayNeed);
    expect(r!.missing).toEqual(['ne couvre pas le lundi ni le vendredi']);
    const [s] = matchChildcare([am('x', 'X', { openDays: ['thu'] })], dayNeed);
    expect(s!.missing).toEqual(['ne couvre pas le lundi, le mardi ni le vendredi']);
  });

  it('can keep places that free up a little after the start date, lower', () => {
    const late = am('late', 'Place le 3 mars', { availableFrom: '2026-03-03', openDays: ['mon', 'tue', 'thu', 'fri'], opensAt: '08:00', closesAt: '18:00', lat: 45, lon: 4.5 });
    expect(matchChildcare([late], need)).toEqual([]);
    const [r] = matchChildcare([late], need, { laterStartDays: 1 });
    expect(r!.missing).toEqual(['1 place libre à partir du 3 mars seulement']);
    // Everything else covered, at 0 m: fit 1, lowered by a quarter for the late start.
    expect(r!.fit).toBe(0.75);
    expect(matchChildcare([late], need, { laterStartDays: 0 })).toEqual([]);
  });

  it('other kinds only when asked', () => {
    expect(matchChildcare(excluded, need, { kinds: ['eaje', 'micro_creche'] }).map((r) => r.id)).toEqual(['creche', 'micro']);
  });

  it('maximum distance leaves out farther and unlocated providers', () => {
    expect(matchChildcare([full, partial, unknown], { ...need, maxDistanceMetres: 1500 }).map((r) => r.id)).toEqual(['a']);
  });

  it('limit', () => {
    expect(matchChildcare([full, partial, unknown], need, { limit: 1 }).map((r) => r.id)).toEqual(['a']);
  });

  it('equal fit: nearer first, then by name', () => {
    const base = { openDays: ['mon', 'tue', 'thu', 'fri'] as const, opensAt: '07:00', closesAt: '19:00' };
    const list = [
      am('z', 'Zoé', { ...base, openDays: [...base.openDays] }),
      am('y', 'Yasmine', { ...base, openDays: [...base.openDays] }),
      am('w', 'Élodie', { ...base, openDays: [...base.openDays] }),
    ];
    // No location: distance does not count, and all three fit fully.
    expect(matchChildcare(list, { ...need, location: undefined, communeCode: undefined }).map((r) => [r.id, r.fit])).toEqual([
      ['w', 1],
      ['y', 1],
      ['z', 1],
    ]);
  });
});

describe('age on the start date', () => {
  // Born 2 March 2025: exactly 12 months old on 2 March 2026.
  const child = { ...need, childBirthDate: '2025-03-02', hours: undefined };
  it.each([
    [{ ageMaxMonths: 12 }, true],
    [{ ageMaxMonths: 11 }, false],
    [{ ageMinMonths: 12 }, true],
    [{ ageMinMonths: 13 }, false],
  ])('%o → %s', (bounds, kept) => {
    expect(matchChildcare([am('x', 'X', bounds)], child)).toHaveLength(kept ? 1 : 0);
  });

  it('a child not born yet on the start date fits nowhere', () => {
    expect(matchChildcare([am('x', 'X')], { ...need, childBirthDate: '2026-04-10' })).toEqual([]);
  });

  it('says the age in years past two', () => {
    const [r] = matchChildcare([am('x', 'X', { ageMaxMonths: 72 })], { ...need, childBirthDate: '2023-12-02' });
    expect(r!.reasons).toContain(fr('accueille un enfant de 2~ans et 3~mois'));
  });
});

describe('atypical hours', () => {
  it('are needed at weekends, before 7:00, after 19:00 or overnight', () => {
    expect(needsAtypicalHours({ days: ['mon'], hours: { from: '07:00', to: '19:00' } })).toBe(false);
    expect(needsAtypicalHours({ days: ['sat'] })).toBe(true);
    expect(needsAtypicalHours({ days: ['mon'], hours: { from: '06:30', to: '15:00' } })).toBe(true);
    expect(needsAtypicalHours({ days: ['mon'], hours: { from: '10:00', to: '19:30' } })).toBe(true);
    expect(needsAtypicalHours({ days: ['mon'], hours: { from: '22:00', to: '06:00' } })).toBe(true);
  });

  it('count for providers who offer them', () => {
    const night: ChildcareNeed = { ...need, days: ['mon'], hours: { from: '22:00', to: '06:00' }, location: undefined, communeCode: undefined };
    const results = matchChildcare(
      [
        am('day', 'Garde de jour', { openDays: ['mon'], opensAt: '07:00', closesAt: '19:00' }),
        am('night', 'Garde de nuit', { openDays: ['mon'], opensAt: '20:00', closesAt: '08:00', atypicalHours: true }),
      ],
      night,
    );
    expect(results.map((r) => [r.id, r.fit])).toEqual([
      ['night', 1],
      // days 1 × 0.4, hours 0, atypical unknown 0.25 × 0.1 → 0.425 / 0.8.
      ['day', 0.531],
    ]);
    expect(results[0]!.reasons).toContain('accepte les horaires atypiques');
    expect(results[1]!.missing).toEqual([fr('ne couvre pas tous les horaires demandés (de 22~h à 6~h), accueil de 7~h à 19~h'), 'horaires atypiques non renseignés, à vérifier']);
  });
});

describe('French formats', () => {
  it.each([
    ['08:00', '8~h'],
    ['17:30', '17~h~30'],
    ['00:05', '0~h~05'],
  ])('time %s → %s', (t, expected) => expect(formatTime(t)).toBe(fr(expected)));

  it.each([
    [4, '10~m'],
    [600, '600~m'],
    [949, '950~m'],
    [1112, '1,1~km'],
    [9949, '9,9~km'],
    [12_345, '12~km'],
  ])('distance %d m → %s', (m, expected) => expect(formatDistance(m)).toBe(fr(expected)));

  it('dates and ages', () => {
    expect(formatDate('2026-03-01', '2026-01-05')).toBe('1er mars');
    expect(formatDate('2027-08-03', '2026-01-05')).toBe('3 août 2027');
    expect(formatAge(0)).toBe(fr('0~mois'));
    expect(formatAge(23)).toBe(fr('23~mois'));
    expect(formatAge(24)).toBe(fr('2~ans'));
  });
});

describe('matching properties', () => {
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const date = fc.integer({ min: 0, max: 90 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
  const arbEntry = fc.record(
    {
      kind: fc.constantFrom(...directoryKinds),
      name: fc.constantFrom('Zoé', 'Élodie', 'MAM Les Lucioles', 'Nadia'),
      communeCode: fc.constantFrom('42023', '42168'),
      lat: fc.double({ min: 45, max: 45.1, noNaN: true }),
      lon: fc.double({ min: 4.5, max: 4.6, noNaN: true }),
      placesAvailable: fc.integer({ min: 0, max: 3 }),
      availableFrom: date,
      ageMinMonths: fc.integer({ min: 0, max: 12 }),
      ageMaxMonths: fc.integer({ min: 6, max: 72 }),
      atypicalHours: fc.boolean(),
      openDays: fc.subarray([...weekdays]),
      opensAt: time,
      closesAt: time,
      deleted: fc.boolean(),
    },
    { requiredKeys: ['kind', 'name', 'communeCode'] },
  );
  const arbNeed: fc.Arbitrary<ChildcareNeed> = fc.record(
    {
      childBirthDate: fc.integer({ min: 0, max: 1500 }).map((d) => new Date(Date.UTC(2022, 0, 1 + d)).toISOString().slice(0, 10)),
      startDate: date,
      days: fc.subarray([...weekdays]),
      hours: fc.record({ from: time, to: time }),
      location: fc.record({ lat: fc.double({ min: 45, max: 45.1, noNaN: true }), lon: fc.double({ min: 4.5, max: 4.6, noNaN: true }) }),
      communeCode: fc.constantFrom('42023', '42168'),
      maxDistanceMetres: fc.integer({ min: 0, max: 15_000 }),
      atypicalHours: fc.boolean(),
    },
    { requiredKeys: ['childBirthDate', 'startDate', 'days'] },
  );

  it('keeps exactly the providers meeting the hard constraints, fit within 0 and 1, best first', () => {
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 30 }), arbNeed, (fields, n) => {
        const entries = fields.map((f, i): SearchableEntry => ({ id: `m${i}`, ...f }));
        const months = ageInMonths(n.childBirthDate, n.startDate);
        const expected = entries.filter((e) => {
          const d = n.location && e.lat !== undefined && e.lon !== undefined ? haversineMetres(n.location, { lat: e.lat, lon: e.lon }) : undefined;
          return (
            !e.deleted &&
            ['assistant_maternel', 'mam', 'creche_familiale'].includes(e.kind) &&
            (e.placesAvailable ?? 0) > 0 &&
            (e.availableFrom ?? '') <= n.startDate &&
            months >= 0 &&
            months >= (e.ageMinMonths ?? 0) &&
            months <= (e.ageMaxMonths ?? Infinity) &&
            (n.maxDistanceMetres === undefined || (d !== undefined && d <= n.maxDistanceMetres))
          );
        });
        const results = matchChildcare(entries, n);
        expect(results.map((r) => r.id).sort()).toEqual(expected.map((e) => e.id).sort());
        for (const r of results) {
          expect(r.fit).toBeGreaterThanOrEqual(0);
          expect(r.fit).toBeLessThanOrEqual(1);
          expect(r.reasons.length + r.missing.length).toBeGreaterThan(0);
        }
        for (let i = 1; i < results.length; i++) expect(results[i - 1]!.fit).toBeGreaterThanOrEqual(results[i]!.fit);
      }),
      { seed: 20_260_302, numRuns: 500 },
    );
  }, 60_000);
});
