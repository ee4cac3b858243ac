import { describe, expect, it } from 'vitest';
import { ImportRefusedError } from '../../../src/domain/directory/import-csv';
import { importDirectoryGeoJson } from '../../../src/domain/directory/import-geojson';
import { knownCommune, messages, noPause, utf8 } from './helpers';

const importJson = (value: unknown, options: { chunkSize?: number; onProgress?: (done: number, total: number) => void } = {}) =>
  importDirectoryGeoJson(utf8(typeof value === 'string' ? value : JSON.stringify(value)), { knownCommune, yieldToEventLoop: noPause, ...options });

const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const feature = (properties: unknown, geometry: unknown = null) => ({ type: 'Feature', geometry, properties });

describe('importDirectoryGeoJson', () => {
  it('reads French property names and the export’s field names, position from the Point', async () => {
    const result = await importJson({
      type: 'FeatureCollection',
      features: [
        feature(
          { Nom: 'Baby Bus', Type: 'Micro-crèche', 'Code INSEE': '17306', 'Téléphone': '05 46 12 34 56', 'Jours d’accueil': 'lun, mar, jeu, ven', Ouverture: '8h30', 'Accueil handicap': 'oui' },
          point(-0.41, 45.28),
        ),
        feature({
          name: 'Relais du Pilat',
          kind: 'rpe',
          communeCode: 1004,
          placesAvailable: 2,
          atypicalHours: false,
          languages: ['fr', 'ar'],
          openDays: ['mon', 'wed'],
          lat: 46.1,
          lon: 5.2,
          commune: 'Ambérieu-en-Bugey',
        }),
      ],
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.totalRows).toBe(2);
    expect(result.entries).toEqual([
      {
        line: 1,
        fields: { name: 'Baby Bus', kind: 'micro_creche', communeCode: '17306', phone: '05 46 12 34 56', openDays: ['mon', 'tue', 'thu', 'fri'], opensAt: '08:30', disabilityWelcome: true, lat: 45.28, lon: -0.41 },
      },
      {
        line: 2,
        fields: { name: 'Relais du Pilat', kind: 'rpe', communeCode: '01004', placesAvailable: 2, atypicalHours: false, languages: ['fr', 'ar'], openDays: ['mon', 'wed'], lat: 46.1, lon: 5.2 },
      },
    ]);
  });

  it('numbers problems by feature, from 1', async () => {
    const result = await importJson({
      type: 'FeatureCollection',
      features: [
        feature({ Nom: 'A', Type: 'Crèche parentale ?', 'Code commune': '17306' }),
        feature({ Nom: 'B', Type: 'PMI', 'Code commune': '42999' }, point(-0.41, 45.28)),
        feature({ Nom: 'C', Type: 'PMI', 'Code commune': '17306' }, { type: 'Polygon', coordinates: [] }),
        { type: 'Point', coordinates: [0, 0] },
        feature({ Nom: 'E', Type: 'PMI', 'Code commune': '17306' }, point(200, 45)),
        feature('texte'),
        feature({ Nom: { html: '<b>' }, Type: 'PMI', 'Code commune': '17306', Langues: [1, 2] }),
        feature({ Nom: 'H', Type: 'PMI', 'Code commune': '17306' }, { type: 'Point', coordinates: [1] }),
      ],
    });
    expect(result.entries).toEqual([]);
    expect(messages(result.errors)).toEqual([
      'objet 1 : type « Crèche parentale ? » non reconnu',
      'objet 2 : code commune inconnu (42999)',
      'objet 3 : géométrie de type Polygon non prise en charge (Point attendu)',
      'objet 4 : « Feature » attendu',
      'objet 5 : longitude : 200 dépasse le maximum (180)',
      'objet 6 : propriétés invalides',
      'objet 7 : nom invalide',
      'objet 7 : langues invalides',
      'objet 8 : coordonnées du point invalides : [longitude, latitude] attendu',
    ]);
    expect(result.errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 7, 8]);
  });

  it('warns once about unknown properties and about duplicate features', async () => {
    const one = { Nom: 'A', Type: 'PMI', 'Code commune': '17306', osm_id: 12, source: 'x' };
    const result = await importJson({ type: 'FeatureCollection', features: [feature(one), feature(one), feature({ ...one, autre: null })] });
    expect(result.warnings).toEqual([
      'Propriétés non reconnues, ignorées : « osm_id », « source », « autre »',
      'objet 2 : doublon de objet 1 (même nom, même type, même commune)',
      'objet 3 : doublon de objet 1 (même nom, même type, même commune)',
    ]);
  });

  it('ignores a __proto__ property instead of polluting anything', async () => {
    const text = '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"__proto__":{"kind":"pmi"},"Nom":"A","Type":"PMI","Code commune":"17306"}}]}';
    const result = await importJson(text);
    expect(result.entries.map((e) => e.fields)).toEqual([{ name: 'A', kind: 'pmi', communeCode: '17306' }]);
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });

  it('reports progress by feature and pauses between chunks', async () => {
    const features = Array.from({ length: 25 }, (_, i) => feature({ Nom: `S${i}`, Type: 'PMI', 'Code commune': '17306' }));
    const progress: [number, number][] = [];
    const result = await importJson({ type: 'FeatureCollection', features }, { chunkSize: 10, onProgress: (d, t) => void progress.push([d, t]) });
    expect(result.entries).toHaveLength(25);
    expect(progress).toEqual([
      [10, 25],
      [20, 25],
      [25, 25],
    ]);
  });

  it('refuses what is not a GeoJSON FeatureCollection, in French', async () => {
    await expect(importJson('{"type":')).rejects.toThrow('Le fichier n’est pas un GeoJSON lisible (JSON invalide).');
    await expect(importJson({ type: 'Feature' })).rejects.toThrow(ImportRefusedError);
    await expect(importJson([1, 2])).rejects.toThrow('Le fichier doit être un GeoJSON de type « FeatureCollection » avec une liste « features ».');
    await expect(importDirectoryGeoJson(new Uint8Array(11), { knownCommune, maxBytes: 10 })).rejects.toThrow(/trop volumineux/);
  });

  it('reads a GeoJSON file with a byte-order mark', async () => {
    const result = await importJson(`\uFEFF${JSON.stringify({ type: 'FeatureCollection', features: [feature({ Nom: 'A', Type: 'PMI', 'Code commune': '17306' })] })}`);
    expect(result.entries).toHaveLength(1);
  });
});
