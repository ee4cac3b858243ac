import { describe, expect, it } from 'vitest';
import { AVERAGE_SPEED_KMH, DETOUR_FACTOR, haversineMetres, straightLineMatrix } from '../../../src/domain/routing/straight-line';

const EARTH = 6_371_008.8;

describe('haversineMetres', () => {
  it('measures a degree of a meridian, a quarter of the equator and half the globe', () => {
    expect(haversineMetres({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo((EARTH * Math.PI) / 180, 3);
    expect(haversineMetres({ lat: 0, lon: 0 }, { lat: 0, lon: 90 })).toBeCloseTo((EARTH * Math.PI) / 2, 3);
    // Antipodes: rounding must not turn the distance into NaN.
    expect(haversineMetres({ lat: 45, lon: 4 }, { lat: -45, lon: -176 })).toBeCloseTo(EARTH * Math.PI, 0);
  });

  it('puts Lyon 391.5 km from Paris as the crow flies, either way', () => {
    const paris = { lat: 48.8566, lon: 2.3522 };
    const lyon = { lat: 45.764, lon: 4.8357 };
    expect(haversineMetres(paris, lyon) / 1000).toBeCloseTo(391.5, 1);
    expect(haversineMetres(lyon, paris)).toBe(haversineMetres(paris, lyon));
    expect(haversineMetres(paris, paris)).toBe(0);
  });
});

describe('straightLineMatrix', () => {
  // 10 km apart along a meridian.
  const tenKm = 10_000 / ((EARTH * Math.PI) / 180);
  const points = [
    { id: 'base', lat: 45.4, lon: 4.6 },
    { id: 'north', lat: 45.4 + tenKm, lon: 4.6 },
    { id: 'pelussin', lat: 45.4167, lon: 4.6833 },
  ];

  it('stretches 10 km by 1.3 and drives it at 50 km/h, labelled as an estimate', () => {
    expect([DETOUR_FACTOR, AVERAGE_SPEED_KMH]).toEqual([1.3, 50]);
    const m = straightLineMatrix(points);
    expect(m.estimate).toBe('straight_line');
    expect(m.points).toEqual(['base', 'north', 'pelussin']);
    expect(m.distances[0]![1]).toBe(13_000);
    // 13 km at 50 km/h: 15 min 36 s.
    expect(m.durations[0]![1]).toBe(936);
  });

  it('is square, symmetric, zero on the diagonal, in whole metres and seconds', () => {
    const m = straightLineMatrix(points);
    for (const table of [m.distances, m.durations]) {
      expect(table).toHaveLength(3);
      table.forEach((row, i) => {
        expect(row).toHaveLength(3);
        expect(row[i]).toBe(0);
        row.forEach((v, j) => {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBe(table[j]![i]);
        });
      });
    }
  });

  it('takes another detour factor and speed', () => {
    const m = straightLineMatrix(points, { detourFactor: 1, speedKmh: 30 });
    expect(m.distances[0]![1]).toBe(10_000);
    expect(m.durations[0]![1]).toBe(1200);
  });

  it('refuses what would give a meaningless estimate', () => {
    expect(() => straightLineMatrix([{ id: 'x', lat: 91, lon: 0 }])).toThrow(RangeError);
    expect(() => straightLineMatrix([{ id: 'x', lat: Number.NaN, lon: 0 }])).toThrow(RangeError);
    expect(() => straightLineMatrix(points, { detourFactor: 0.8 })).toThrow(RangeError);
    expect(() => straightLineMatrix(points, { speedKmh: 0 })).toThrow(RangeError);
  });

  it('gives an empty matrix for no points', () => {
    expect(straightLineMatrix([])).toEqual({ points: [], distances: [], durations: [], estimate: 'straight_line' });
  });
});
