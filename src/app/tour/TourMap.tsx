import type { FeatureCollection, LineString } from 'geojson';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TourneeDB } from '../db/database';
import { t } from '../i18n';
import type { Tour, TourStop } from './tour-plan';

type MapModule = typeof import('../map/maplibre');

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** The day's route on a map that needs no network: the legs as lines, the stops numbered in order. */
export function TourMap({
  db,
  territoryId,
  tour,
  depot,
  stops,
}: {
  db: TourneeDB;
  territoryId: string;
  tour: Tour;
  depot: { lat?: number | undefined; lon?: number | undefined; name: string };
  stops: readonly TourStop[];
}) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<InstanceType<MapModule['maplibregl']['Map']> | undefined>(undefined);
  const lib = useRef<MapModule | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([import('../map/maplibre'), import('../map/basemap'), db.basemaps.get(territoryId)])
      .then(async ([mod, basemap, pack]) => {
        const dark = matchMedia('(prefers-color-scheme: dark)').matches;
        const style = await basemap.styleWithBasemap(mod.offlineStyle(cssVar('--map-background', '#e8efe6')), pack, dark);
        if (cancelled || !container.current) return;
        lib.current = mod;
        const m = new mod.maplibregl.Map({
          container: container.current,
          style,
          center: [depot.lon ?? 2.35, depot.lat ?? 46.6],
          zoom: 10,
          attributionControl: false,
        });
        map.current = m;
        m.addControl(new mod.maplibregl.NavigationControl({ showCompass: false }), 'top-right');
        m.on('load', () => {
          m.addSource('legs', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
          m.addLayer({
            id: 'legs',
            type: 'line',
            source: 'legs',
            layout: { 'line-join': 'round', 'line-cap': 'round' },
            paint: { 'line-color': cssVar('--accent', '#1d5c63'), 'line-width': 4, 'line-dasharray': ['case', ['get', 'onRoad'], ['literal', [1, 0]], ['literal', [2, 2]]] },
          });
          setReady(true);
        });
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      map.current?.remove();
      map.current = undefined;
    };
    // The map is made once; the tour is drawn by the effect below.
  }, []);

  useEffect(() => {
    const m = map.current;
    const mod = lib.current;
    if (!ready || !m || !mod) return;
    const data: FeatureCollection<LineString, { onRoad: boolean }> = {
      type: 'FeatureCollection',
      features: tour.legs.map((l) => ({ type: 'Feature', properties: { onRoad: l.onRoad }, geometry: { type: 'LineString', coordinates: l.coordinates } })),
    };
    m.getSource<import('maplibre-gl').GeoJSONSource>('legs')?.setData(data);
    const markers: { remove(): void }[] = [];
    const place = (lon: number, lat: number, text: string, className: string) => {
      const el = document.createElement('span');
      el.className = className;
      el.textContent = text;
      el.setAttribute('aria-hidden', 'true');
      markers.push(new mod.maplibregl.Marker({ element: el }).setLngLat([lon, lat]).addTo(m));
    };
    if (depot.lat !== undefined && depot.lon !== undefined) place(depot.lon, depot.lat, '⌂', 'map-stop map-stop--depot');
    tour.plan.order.forEach((id, i) => {
      const s = stops.find((x) => x.id === id);
      if (s) place(s.lon, s.lat, String(i + 1), 'map-stop');
    });
    const all = data.features.flatMap((f) => f.geometry.coordinates as [number, number][]);
    if (all.length > 0) {
      const bounds = all.reduce((b, p) => b.extend(p), new mod.maplibregl.LngLatBounds(all[0], all[0]));
      m.fitBounds(bounds, { padding: 40, maxZoom: 14, duration: 0 });
    }
    return () => markers.forEach((x) => x.remove());
  }, [ready, tour, depot, stops]);

  return (
    <div class="map-wrap">
      {failed ? <p role="alert">{t('map.failed')}</p> : null}
      <div ref={container} class="map" role="region" aria-label={t('tour.mapLabel', { count: tour.plan.order.length })} data-testid="tour-map" data-ready={ready ? 'true' : 'false'} />
    </div>
  );
}
