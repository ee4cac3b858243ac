/**
 * Directory import from GeoJSON: a FeatureCollection of Points (or features without geometry)
 * whose properties carry the CSV's French column names or the export's field names.
 * Problems are numbered by feature, from 1: "objet 12 : type « … » non reconnu".
 */
import { decodeText } from './decode';
import {
  checkSize,
  columnFor,
  defaultYield,
  DuplicateFinder,
  ignoredWarning,
  ImportRefusedError,
  readEntry,
  shown,
  type DirectoryField,
  type DirectoryImportResult,
  type ImportOptions,
} from './import-csv';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Longitude and latitude of a Point geometry; a problem otherwise. Null geometry has no position. */
function pointOf(geometry: unknown): { lon: unknown; lat: unknown } | string | undefined {
  if (geometry === null || geometry === undefined) return undefined;
  if (!isObject(geometry)) return 'géométrie invalide';
  if (geometry.type !== 'Point') return `géométrie de type ${shown(geometry.type)} non prise en charge (Point attendu)`;
  const c = geometry.coordinates;
  if (!Array.isArray(c) || c.length < 2) return 'coordonnées du point invalides : [longitude, latitude] attendu';
  return { lon: c[0], lat: c[1] };
}

/** Reads the directory from GeoJSON bytes; throws ImportRefusedError when the file is not a FeatureCollection. */
export async function importDirectoryGeoJson(input: Uint8Array | ArrayBuffer, options: ImportOptions): Promise<DirectoryImportResult> {
  checkSize(input, options.maxBytes);
  const decoded = decodeText(input);
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch {
    throw new ImportRefusedError('Le fichier n’est pas un GeoJSON lisible (JSON invalide).');
  }
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new ImportRefusedError('Le fichier doit être un GeoJSON de type « FeatureCollection » avec une liste « features ».');
  }
  const features: unknown[] = json.features;
  const pause = options.yieldToEventLoop ?? defaultYield;
  const chunkSize = options.chunkSize ?? 1000;
  const result: DirectoryImportResult = { entries: [], errors: [], warnings: [], encoding: decoded.encoding, totalRows: features.length };
  const duplicates = new DuplicateFinder('objet');
  const ignored = new Set<string>();

  const readFeature = (feature: unknown, n: number) => {
    const report = (problem: string) => result.errors.push({ line: n, message: `objet ${n} : ${problem}` });
    if (!isObject(feature) || feature.type !== 'Feature') return report('« Feature » attendu');
    const properties = feature.properties ?? {};
    if (!isObject(properties)) return report('propriétés invalides');
    const raw = new Map<DirectoryField, unknown>();
    for (const [key, value] of Object.entries(properties)) {
      const field = columnFor(key);
      if (!field) ignored.add(key);
      else if (field !== 'communeName' && value !== null && value !== '' && !raw.has(field)) raw.set(field, value);
    }
    const point = pointOf(feature.geometry);
    if (typeof point === 'string') return report(point);
    // The geometry is the position; lat/lon properties only stand in for a missing geometry.
    if (point) {
      raw.set('lon', point.lon);
      raw.set('lat', point.lat);
    }
    const read = readEntry(raw, options.knownCommune);
    if (!read.fields) return read.problems.forEach(report);
    duplicates.check(n, read.fields);
    result.entries.push({ line: n, fields: read.fields });
  };

  if (!features.length) await options.onProgress?.(0, 0);
  for (let start = 0; start < features.length; start += chunkSize) {
    const end = Math.min(start + chunkSize, features.length);
    for (let i = start; i < end; i++) readFeature(features[i], i + 1);
    await options.onProgress?.(end, features.length);
    await pause();
  }
  result.warnings.push(...ignoredWarning('Propriétés', [...ignored]), ...duplicates.warnings());
  return result;
}
