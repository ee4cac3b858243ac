import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { directoryToCsv, directoryToGeoJson } from '../../../src/domain/directory/export';
import { importDirectoryGeoJson } from '../../../src/domain/directory/import-geojson';
import type { DirectoryEntryFields } from '../../../src/domain/directory/import-csv';
import { communeName, entryArb, importCsv, knownCommune, noPause, utf8 } from './helpers';

const runs = { seed: 8_675_309, numRuns: 150 };

const full: DirectoryEntryFields = {
  kind: 'micro_creche',
  name: 'Les Lutins',
  communeCode: '17306',
  address: '2 rue du Port',
  phone: '+33 5 46 12 34 56',
  email: 'contact@lutins.fr',
  lat: 45.2833,
  lon: -0.41,
  placesAvailable: 3,
  availableFrom: '2025-09-01',
  ageMinMonths: 10,
  ageMaxMonths: 36,
  atypicalHours: true,
  disabilityWelcome: false,
  languages: ['fr', 'ar'],
  openDays: ['mon', 'tue', 'thu', 'fri'],
  opensAt: '08:30',
  closesAt: '18:00',
  notes: 'Jardin; cour\n"potager"',
};

describe('directoryToCsv', () => {
  it('writes French headers and values a French spreadsheet reads', () => {
    const csv = directoryToCsv([full], communeName);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [head, row] = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(head).toEqual([
      'Nom', 'Type', 'Code commune', 'Commune', 'Adresse', 'Téléphone', 'Courriel', 'Latitude', 'Longitude', 'Places disponibles',
      'Disponible à partir du', 'Âge min (mois)', 'Âge max (mois)', 'Horaires atypiques', 'Accueil handicap', 'Langues', 'Jours d’accueil',
      'Ouverture', 'Fermeture', 'Remarques',
    ]);
    expect(row).toEqual([
      'Les Lutins', 'Micro-crèche', '17306', 'Montendre', '2 rue du Port', "'+33 5 46 12 34 56", 'contact@lutins.fr', '45,2833', '-0,41', '3',
      '01/09/2025', '10', '36', 'oui', 'non', 'fr, ar', 'lun, mar, jeu, ven', '08:30', '18:00', 'Jardin; cour\n"potager"',
    ]);
  });

  it('leaves the commune name column out without a lookup, and writes only directory fields', () => {
    const record = { ...full, id: 'x', version: 3, territoryId: 'y' } as DirectoryEntryFields;
    const [head, row] = Papa.parse<string[]>(directoryToCsv([record]).slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(head).not.toContain('Commune');
    expect(row).toHaveLength(19);
    expect(row).not.toContain('x');
  });

  it('neutralises formulas in every text cell so a spreadsheet shows them as text', () => {
    const hostile: DirectoryEntryFields = {
      kind: 'pmi',
      name: '=HYPERLINK("http://evil","clic")',
      communeCode: '17306',
      address: '+1+1',
      phone: '-05 46 12 34 56',
      notes: '@SUM(A1:A9)',
      languages: ['=1+1', 'fr'],
    };
    const cells = Papa.parse<string[]>(directoryToCsv([hostile], () => '=cmd|\' /C calc\'!A0').slice(1), { delimiter: ';', skipEmptyLines: true }).data[1] ?? [];
    const formula = /^[=+\-@\t\r]/;
    expect(cells.filter((c) => formula.test(c))).toEqual([]);
    expect(cells).toEqual(expect.arrayContaining(["'=HYPERLINK(\"http://evil\",\"clic\")", "'=cmd|' /C calc'!A0", "'+1+1", "'-05 46 12 34 56", "'@SUM(A1:A9)", "'=1+1, fr"]));
  });

  it('comes back field for field through the import (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { maxLength: 6 }), fc.constantFrom<';' | ','>(';', ','), fc.boolean(), async (entries, separator, withNames) => {
        const csv = directoryToCsv(entries, withNames ? communeName : undefined, { separator });
        const result = await importCsv(utf8(csv));
        expect(result.errors).toEqual([]);
        expect(result.separator).toBe(separator);
        expect(result.entries.map((e) => e.fields)).toEqual(entries);
      }),
      runs,
    );
  });

  it('gives back text that starts like a formula, apostrophes included', async () => {
    const names = ['=1+1', "'=1+1", "''+33", '-moins', '@arobase', "'apostrophe", '"guillemets"; et point-virgule'];
    const entries = names.map((name): DirectoryEntryFields => ({ kind: 'pmi', name, communeCode: '17306', phone: '+262 692 12 34 56', notes: `${name}\n${name}` }));
    for (const separator of [';', ','] as const) {
      const result = await importCsv(utf8(directoryToCsv(entries, communeName, { separator })));
      expect(result.entries.map((e) => e.fields)).toEqual(entries);
    }
  });

  it('also comes back when a spreadsheet saved it again as Windows-1252 without a mark', async () => {
    const entry: DirectoryEntryFields = { kind: 'eaje', name: 'Crèche « Les Câlins »', communeCode: '17306', notes: 'Goûter à 16h' };
    const text = directoryToCsv([entry], undefined, { bom: false });
    const bytes = Uint8Array.from([...text].map((c) => ({ 'è': 0xe8, 'â': 0xe2, 'û': 0xfb, 'à': 0xe0, '«': 0xab, '»': 0xbb, 'Â': 0xc2, '’': 0x92 })[c] ?? c.charCodeAt(0)));
    const result = await importCsv(bytes);
    expect(result.encoding).toBe('windows-1252');
    expect(result.entries.map((e) => e.fields)).toEqual([entry]);
  });
});

describe('directoryToGeoJson', () => {
  it('writes Points in longitude, latitude order and a null geometry without a position', () => {
    const { lat: _lat, lon: _lon, ...unlocated } = full;
    const geo = directoryToGeoJson([full, unlocated], communeName);
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [-0.41, 45.2833] });
    expect(geo.features[0]?.properties).toMatchObject({ name: 'Les Lutins', kind: 'micro_creche', commune: 'Montendre', openDays: ['mon', 'tue', 'thu', 'fri'] });
    expect(geo.features[0]?.properties).not.toHaveProperty('lat');
    expect(geo.features[1]?.geometry).toBeNull();
  });

  it('comes back field for field through the import (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { maxLength: 6 }), fc.boolean(), async (entries, withNames) => {
        const json = JSON.stringify(directoryToGeoJson(entries, withNames ? communeName : undefined));
        const result = await importDirectoryGeoJson(utf8(json), { knownCommune, yieldToEventLoop: noPause });
        expect(result.errors).toEqual([]);
        expect(result.warnings.filter((w) => !w.includes('doublon'))).toEqual([]);
        expect(result.entries.map((e) => e.fields)).toEqual(entries);
      }),
      runs,
    );
  });
});
