/**
 * The only door to MapLibre: it is about 1 MB, so it is imported here and this module is
 * itself only ever loaded with `import()`, when a map is shown.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre 6 looks for its worker next to its own module; the bundler does not put it there.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
export type { GeoJSONSource, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';

/**
 * A style that needs no network: a plain background. Layers (communes, roads of an imported
 * graph, a basemap pack) are added on top by each map.
 */
export function offlineStyle(background: string): import('maplibre-gl').StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': background } }],
  };
}
