/**
 * Directory export to CSV (French spreadsheet conventions, read back by import-csv) and GeoJSON
 * (schema field names, read back by import-geojson).
 */
import type { Weekday } from '../common';
import { toCsv, type CsvCell, type CsvOptions } from '../csv/write';
import { columnHeaders, type DirectoryEntryFields, type DirectoryField } from './import-csv';
import { kindLabels } from './kind-labels';

const dayNames: Readonly<Record<Weekday, string>> = { mon: 'lun', tue: 'mar', wed: 'mer', thu: 'jeu', fri: 'ven', sat: 'sam', sun: 'dim' };

/** Column order of the CSV; the commune's name follows its code when known. */
const csvFields: readonly DirectoryField[] = [
  'name',
  'kind',
  'communeCode',
  'address',
  'phone',
  'email',
  'lat',
  'lon',
  'placesAvailable',
  'availableFrom',
  'ageMinMonths',
  'ageMaxMonths',
  'atypicalHours',
  'disabilityWelcome',
  'languages',
  'openDays',
  'opensAt',
  'closesAt',
  'notes',
];

/**
 * Text as written: toCsv neutralises formulas with a leading apostrophe, which the import drops.
 * Text already starting with apostrophes then a formula character gets one more, so it comes back whole.
 */
function textCell(value: string | undefined): CsvCell {
  return value !== undefined && /^'+[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(entry: DirectoryEntryFields, field: DirectoryField): CsvCell {
  switch (field) {
    case 'kind':
      return kindLabels[entry.kind];
    case 'availableFrom': {
      // Spreadsheets open JJ/MM/AAAA as a date in French locales.
      const [y, m, d] = entry.availableFrom?.split('-') ?? [];
      return y && m && d ? `${d}/${m}/${y}` : undefined;
    }
    case 'languages':
      return textCell(entry.languages?.join(', '));
    case 'openDays':
      return entry.openDays?.map((day) => dayNames[day]).join(', ');
    default: {
      const value = entry[field];
      return typeof value === 'string' ? textCell(value) : value;
    }
  }
}

/** CSV of directory entries with French headers; `communeName` adds a « Commune » column. */
export function directoryToCsv(
  entries: readonly DirectoryEntryFields[],
  communeName?: (code: string) => string | undefined,
  options: CsvOptions = {},
): string {
  const headers = csvFields.flatMap((f) => (f === 'communeCode' && communeName ? [columnHeaders[f], columnHeaders.communeName] : [columnHeaders[f]]));
  const rows = entries.map((entry) =>
    csvFields.flatMap((f) => (f === 'communeCode' && communeName ? [entry.communeCode, textCell(communeName(entry.communeCode))] : [csvCell(entry, f)])),
  );
  return toCsv([headers, ...rows], options);
}

export type DirectoryProperties = Partial<DirectoryEntryFields> & Pick<DirectoryEntryFields, 'kind' | 'name' | 'communeCode'> & { commune?: string };

export interface DirectoryFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [lon: number, lat: number] } | null;
  properties: DirectoryProperties;
}

export interface DirectoryFeatureCollection {
  type: 'FeatureCollection';
  features: DirectoryFeature[];
}

/** GeoJSON of directory entries (serialise with JSON.stringify); entries without a position get a null geometry. */
export function directoryToGeoJson(
  entries: readonly DirectoryEntryFields[],
  communeName?: (code: string) => string | undefined,
): DirectoryFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: entries.map((entry) => {
      const located = entry.lat !== undefined && entry.lon !== undefined;
      const properties: Record<string, unknown> = {};
      for (const field of csvFields) {
        // Records carry sync fields too: only directory fields are exported.
        if (entry[field] !== undefined && !(located && (field === 'lat' || field === 'lon'))) properties[field] = entry[field];
      }
      const commune = communeName?.(entry.communeCode);
      if (commune !== undefined) properties.commune = commune;
      return {
        type: 'Feature',
        geometry: located ? { type: 'Point', coordinates: [entry.lon as number, entry.lat as number] } : null,
        properties: properties as DirectoryProperties,
      };
    }),
  };
}
