/**
 * Basemap packs: a PMTiles file (raster or vector tiles of the territory) imported once and kept
 * in IndexedDB, served to MapLibre through the pmtiles protocol, so maps have streets, water
 * and places with no network. Loaded only with the map code.
 */
import { FileSource, PMTiles, Protocol, TileType } from 'pmtiles';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { BasemapEntry } from '../db/database';
import { maplibregl } from './maplibre';

let protocol: Protocol | undefined;

function pmtilesProtocol(): Protocol {
  if (!protocol) {
    protocol = new Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  return protocol;
}

/** Reads a pack's header: refuses a file that is not PMTiles v3, with a French message. */
export async function readBasemap(file: Blob, name: string): Promise<{ pmtiles: PMTiles; tileType: TileType; minZoom: number; maxZoom: number; bounds: [number, number, number, number] }> {
  const pmtiles = new PMTiles(new FileSource(new File([file], name)));
  let header;
  try {
    header = await pmtiles.getHeader();
  } catch {
    throw new Error('Ce fichier n’est pas un fond de carte PMTiles (version 3).');
  }
  return { pmtiles, tileType: header.tileType, minZoom: header.minZoom, maxZoom: header.maxZoom, bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat] };
}

/** Layers drawn from a vector pack in the Protomaps basemap schema (earth, water, landuse, roads, buildings). */
function vectorLayers(source: string, dark: boolean): LayerSpecification[] {
  const c = dark
    ? { earth: '#1f2a2c', water: '#16323f', landuse: '#243529', road: '#5b6a70', building: '#2f3a3e' }
    : { earth: '#eef1ea', water: '#a9d3e6', landuse: '#d9e8cf', road: '#ffffff', building: '#d8d2c8' };
  return [
    { id: 'bm-earth', type: 'fill', source, 'source-layer': 'earth', paint: { 'fill-color': c.earth } },
    { id: 'bm-landuse', type: 'fill', source, 'source-layer': 'landuse', paint: { 'fill-color': c.landuse, 'fill-opacity': 0.7 } },
    { id: 'bm-water', type: 'fill', source, 'source-layer': 'water', paint: { 'fill-color': c.water } },
    { id: 'bm-roads', type: 'line', source, 'source-layer': 'roads', paint: { 'line-color': c.road, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 4] } },
    { id: 'bm-buildings', type: 'fill', source, 'source-layer': 'buildings', minzoom: 13, paint: { 'fill-color': c.building } },
  ];
}

/** The offline style, with the territory's basemap pack under everything when one is on the device. */
export async function styleWithBasemap(base: StyleSpecification, basemap: BasemapEntry | undefined, dark: boolean): Promise<StyleSpecification> {
  if (!basemap) return base;
  try {
    const pack = await readBasemap(basemap.file, basemap.name);
    pmtilesProtocol().add(pack.pmtiles);
    const url = `pmtiles://${pack.pmtiles.source.getKey()}`;
    const vector = pack.tileType === TileType.Mvt;
    const source: SourceSpecification = vector ? { type: 'vector', url } : { type: 'raster', url, tileSize: 256 };
    const layers: LayerSpecification[] = vector ? vectorLayers('basemap', dark) : [{ id: 'bm-raster', type: 'raster', source: 'basemap' }];
    return { ...base, sources: { ...base.sources, basemap: source }, layers: [...base.layers, ...layers] };
  } catch {
    // A damaged pack must not take the map down: the plain background still shows the data.
    return base;
  }
}
