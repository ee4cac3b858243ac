/**
 * Links that hand a leg over to the phone's navigation app. One standard per platform, all
 * documented by their owners, none needing an API key:
 * - `geo:` (RFC 5870, with Android's `q=lat,lon(label)` for a named pin): Android opens the app the
 *   person chose, including offline ones (OsmAnd, Organic Maps) that suit areas without signal;
 * - Apple Map Links (`maps.apple.com`, `saddr`/`daddr`/`dirflg=d`): iOS has no `geo:` handler;
 * - Google Maps URLs (`/maps/dir/?api=1`): opens the app on both platforms when installed;
 * - OpenStreetMap directions: plain https in any browser, on the same open data as our map.
 * With no `from`, every link starts from the device's current position.
 */
import type { LatLon } from './straight-line';

export interface NavLinks {
  geo: string;
  apple: string;
  google: string;
  osm: string;
}

/** Links to drive from `from` (null: where the device is) to `to`, labelled with the place name. */
export function navLinks(from: LatLon | null, to: LatLon, label?: string): NavLinks {
  const dest = coords(to);
  const origin = from === null ? null : coords(from);
  const geoQuery = label === undefined || label.trim() === '' ? dest : `${dest}(${strictEncode(label.trim())})`;
  const apple = new URLSearchParams({ ...(origin === null ? {} : { saddr: origin }), daddr: dest, dirflg: 'd' });
  const google = new URLSearchParams({ api: '1', ...(origin === null ? {} : { origin }), destination: dest, travelmode: 'driving' });
  const osm = new URLSearchParams({ engine: 'fossgis_osrm_car', route: `${origin ?? ''};${dest}` });
  return {
    geo: `geo:${dest}?q=${geoQuery}`,
    apple: `https://maps.apple.com/?${apple.toString()}`,
    google: `https://www.google.com/maps/dir/?${google.toString()}`,
    osm: `https://www.openstreetmap.org/directions?${osm.toString()}`,
  };
}

/** The link to offer first on a platform: the one its own system knows how to open. */
export function preferredNavLink(links: NavLinks, platform: 'android' | 'ios' | 'other'): string {
  return platform === 'android' ? links.geo : platform === 'ios' ? links.apple : links.osm;
}

/** "lat,lon" with at most 6 decimals (about 0.1 m), no exponent, no "-0". */
function coords(p: LatLon): string {
  if (!(Math.abs(p.lat) <= 90) || !(Math.abs(p.lon) <= 180)) throw new RangeError(`invalid coordinates ${p.lat},${p.lon}`);
  return `${decimal(p.lat)},${decimal(p.lon)}`;
}

function decimal(x: number): string {
  const rounded = Number(x.toFixed(6));
  return String(rounded === 0 ? 0 : rounded);
}

/** encodeURIComponent plus the characters it leaves alone that a geo: label must not carry, parentheses first. */
function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
