import { describe, expect, it } from 'vitest';
import { navLinks, preferredNavLink } from '../../../src/domain/routing/nav-links';

const base = { lat: 45.3612, lon: 4.6417 };
const pelussin = { lat: 45.4167, lon: 4.6833 };

describe('navLinks', () => {
  it('gives one standard link per platform for a leg', () => {
    expect(navLinks(base, pelussin, 'Pélussin')).toEqual({
      geo: 'geo:45.4167,4.6833?q=45.4167,4.6833(P%C3%A9lussin)',
      apple: 'https://maps.apple.com/?saddr=45.3612%2C4.6417&daddr=45.4167%2C4.6833&dirflg=d',
      google: 'https://www.google.com/maps/dir/?api=1&origin=45.3612%2C4.6417&destination=45.4167%2C4.6833&travelmode=driving',
      osm: 'https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=45.3612%2C4.6417%3B45.4167%2C4.6833',
    });
  });

  it('starts from where the device is when no origin is given', () => {
    const links = navLinks(null, pelussin);
    expect(links.geo).toBe('geo:45.4167,4.6833?q=45.4167,4.6833');
    expect(links.apple).toBe('https://maps.apple.com/?daddr=45.4167%2C4.6833&dirflg=d');
    expect(links.google).toBe('https://www.google.com/maps/dir/?api=1&destination=45.4167%2C4.6833&travelmode=driving');
    expect(links.osm).toBe('https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=%3B45.4167%2C4.6833');
  });

  it('encodes a label so it cannot close the pin name or add parameters', () => {
    const { geo } = navLinks(null, pelussin, ' Salle (annexe) & mairie ? #2 ');
    expect(geo).toBe('geo:45.4167,4.6833?q=45.4167,4.6833(Salle%20%28annexe%29%20%26%20mairie%20%3F%20%232)');
    const label = /\((.*)\)$/.exec(geo)![1]!;
    expect(decodeURIComponent(label)).toBe('Salle (annexe) & mairie ? #2');
    expect(new URL(geo).protocol).toBe('geo:');
  });

  it('writes coordinates with at most 6 decimals, never in exponent form or as -0', () => {
    const links = navLinks({ lat: -0, lon: 1e-7 }, { lat: 45.123456789, lon: -0.5 });
    expect(links.google).toContain('origin=0%2C0&destination=45.123457%2C-0.5&');
  });

  it('refuses impossible coordinates', () => {
    expect(() => navLinks(null, { lat: 95, lon: 0 })).toThrow(RangeError);
    expect(() => navLinks({ lat: 0, lon: Number.NaN }, pelussin)).toThrow(RangeError);
  });

  it('offers each platform the link its system opens', () => {
    const links = navLinks(base, pelussin);
    expect(preferredNavLink(links, 'android')).toBe(links.geo);
    expect(preferredNavLink(links, 'ios')).toBe(links.apple);
    expect(preferredNavLink(links, 'other')).toBe(links.osm);
  });
});
