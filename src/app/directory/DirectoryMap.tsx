import { useEffect, useRef, useState } from 'preact/hooks';
import type { FeatureCollection, Point } from 'geojson';
import type { RecordOf } from '../../domain/registry';
import { haversineMetres } from '../../domain/directory/distance';
import type { TourneeDB } from '../db/database';
import { t } from '../i18n';

const NEAR_ENOUGH_METRES = 50_000;

type Entry = RecordOf<'directoryEntry'>;
type Commune = RecordOf<'commune'>;
type MapModule = typeof import('../map/maplibre');

export interface DirectoryMapProps {
  db: TourneeDB;
  territoryId: string;
  entries: readonly Entry[];
  communes: readonly Commune[];
  /** Where the person is or chose to search from; drawn as a distinct dot. */
  origin?: { lat: number; lon: number };
  onSelect: (id: string) => void;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function entriesGeoJson(entries: readonly Entry[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: entries.flatMap((e) =>
      e.lat !== undefined && e.lon !== undefined
        ? [{ type: 'Feature' as const, id: e.id, properties: { id: e.id }, geometry: { type: 'Point' as const, coordinates: [e.lon, e.lat] } }]
        : [],
    ),
  };
}

/**
 * The search results on a map that needs no network: a plain background, commune names and
 * clustered markers. Counts and names are HTML markers because glyphs for map text would have
 * to be downloaded. The list stays the accessible way through the results.
 */
export function DirectoryMap({ db, territoryId, entries, communes, origin, onSelect }: DirectoryMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<InstanceType<MapModule['maplibregl']['Map']> | undefined>(undefined);
  const lib = useRef<MapModule | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    let cancelled = false;
    const labels: { remove(): void }[] = [];
    void Promise.all([import('../map/maplibre'), import('../map/basemap'), db.basemaps.get(territoryId)])
      .then(async ([mod, basemap, pack]) => {
        const dark = matchMedia('(prefers-color-scheme: dark)').matches;
        const style = await basemap.styleWithBasemap(mod.offlineStyle(cssVar('--map-background', '#e8efe6')), pack, dark);
        if (cancelled || !container.current) return;
        lib.current = mod;
        const { maplibregl } = mod;
        const m = new maplibregl.Map({
          container: container.current,
          style,
          center: [communes[0]?.lon ?? 2.35, communes[0]?.lat ?? 46.6],
          zoom: 9,
          attributionControl: false,
        });
        map.current = m;
        m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
        m.on('load', () => {
          m.addSource('entries', { type: 'geojson', data: entriesGeoJson([]), cluster: true, clusterRadius: 40, clusterMaxZoom: 13 });
          m.addLayer({
            id: 'clusters',
            type: 'circle',
            source: 'entries',
            filter: ['has', 'point_count'],
            paint: {
              'circle-color': cssVar('--accent', '#1d5f8a'),
              'circle-radius': ['step', ['get', 'point_count'], 16, 10, 22, 50, 28],
              'circle-stroke-width': 2,
              'circle-stroke-color': '#ffffff',
            },
          });
          m.addLayer({
            id: 'entry',
            type: 'circle',
            source: 'entries',
            filter: ['!', ['has', 'point_count']],
            paint: { 'circle-color': cssVar('--accent', '#1d5f8a'), 'circle-radius': 8, 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff' },
          });
          m.on('click', 'entry', (ev) => {
            const id = ev.features?.[0]?.properties?.id;
            if (typeof id === 'string') select.current(id);
          });
          m.on('click', 'clusters', (ev) => {
            const feature = ev.features?.[0];
            const clusterId = feature?.properties?.cluster_id;
            const source = m.getSource<import('maplibre-gl').GeoJSONSource>('entries');
            if (typeof clusterId !== 'number' || !source || feature?.geometry.type !== 'Point') return;
            const [lon, lat] = feature.geometry.coordinates;
            void source.getClusterExpansionZoom(clusterId).then((zoom) => m.easeTo({ center: [lon!, lat!], zoom }));
          });
          for (const c of communes) {
            const el = document.createElement('span');
            el.className = 'map-label';
            el.textContent = c.name;
            el.setAttribute('aria-hidden', 'true');
            labels.push(new maplibregl.Marker({ element: el, anchor: 'top', offset: [0, 6] }).setLngLat([c.lon, c.lat]).addTo(m));
          }
          // Cluster counts as HTML: map text would need glyphs from the network.
          const counts = new Map<number, { remove(): void }>();
          const drawCounts = () => {
            const seen = new Set<number>();
            for (const f of m.querySourceFeatures('entries', { filter: ['has', 'point_count'] })) {
              const id = f.properties?.cluster_id;
              if (typeof id !== 'number' || seen.has(id) || f.geometry.type !== 'Point') continue;
              seen.add(id);
              if (counts.has(id)) continue;
              const el = document.createElement('span');
              el.className = 'map-count';
              el.textContent = String(f.properties?.point_count ?? '');
              el.setAttribute('aria-hidden', 'true');
              const [lon, lat] = f.geometry.coordinates;
              counts.set(id, new maplibregl.Marker({ element: el }).setLngLat([lon!, lat!]).addTo(m));
            }
            for (const [id, marker] of counts) {
              if (seen.has(id)) continue;
              marker.remove();
              counts.delete(id);
            }
          };
          m.on('idle', drawCounts);
          labels.push({ remove: () => counts.forEach((c) => c.remove()) });
          setReady(true);
        });
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      labels.forEach((l) => l.remove());
      map.current?.remove();
      map.current = undefined;
    };
    // The map is made once; data changes go through the effects below.
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!ready || !m) return;
    const data = entriesGeoJson(entries);
    m.getSource<import('maplibre-gl').GeoJSONSource>('entries')?.setData(data);
    const points = data.features.map((f) => f.geometry.coordinates as [number, number]);
    // A position far from every result (a parent on holiday) would zoom the map out to nothing.
    if (origin && (points.length === 0 || points.some(([lon, lat]) => haversineMetres(origin, { lat, lon }) < NEAR_ENOUGH_METRES))) points.push([origin.lon, origin.lat]);
    if (points.length > 0 && lib.current) {
      const bounds = points.reduce((b, p) => b.extend(p), new lib.current.maplibregl.LngLatBounds(points[0], points[0]));
      m.fitBounds(bounds, { padding: 48, maxZoom: 13, duration: 0 });
    }
  }, [ready, entries, origin]);

  useEffect(() => {
    const m = map.current;
    if (!ready || !m || !origin || !lib.current) return;
    const el = document.createElement('span');
    el.className = 'map-origin';
    el.setAttribute('aria-hidden', 'true');
    const marker = new lib.current.maplibregl.Marker({ element: el }).setLngLat([origin.lon, origin.lat]).addTo(m);
    return () => marker.remove();
  }, [ready, origin]);

  return (
    <div class="map-wrap">
      {failed ? <p role="alert">{t('map.failed')}</p> : null}
      <div ref={container} class="map" role="region" aria-label={t('map.label', { count: entries.length })} data-testid="directory-map" data-ready={ready ? 'true' : 'false'} />
    </div>
  );
}
