import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportRefusedError, MAX_IMPORT_BYTES, sniffSeparator } from '../../../src/domain/directory/import-csv';
import { importCsv, messages, utf8 } from './helpers';

const header = 'Nom;Type;Code commune';

describe('reading a French spreadsheet export', () => {
  it('maps French headers with accents, case and synonyms to fields, and reads every format', async () => {
    const csv = [
      'RAISON SOCIALE;Catégorie;code insee;Adresse;Tél.;E-mail;Lat;Lng;Places;Date de disponibilité;Âge min;AGE MAX (MOIS);Horaires atypiques;Accueil handicap;Langues parlées;Jours d’accueil;Ouverture;Fermeture;Commentaires',
      'Les Lutins;Micro-crèche;17306;2 rue du Port;05 46 12 34 56;contact@lutins.fr;45,2833;-0,41;3;01/09/2025;10;36;oui;x;fr, ar / en;lun-ven;8h30;18:00;Jardin',
      'Sandrine Morel;Assistante maternelle;2a004;;0612345678;;;;;2025-10-06;;;non;0;;du lundi au jeudi;7h;19h15:00;',
    ].join('\r\n');
    const result = await importCsv(csv);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.entries).toEqual([
      {
        line: 2,
        fields: {
          name: 'Les Lutins',
          kind: 'micro_creche',
          communeCode: '17306',
          address: '2 rue du Port',
          phone: '05 46 12 34 56',
          email: 'contact@lutins.fr',
          lat: 45.2833,
          lon: -0.41,
          placesAvailable: 3,
          availableFrom: '2025-09-01',
          ageMinMonths: 10,
          ageMaxMonths: 36,
          atypicalHours: true,
          disabilityWelcome: true,
          languages: ['fr', 'ar', 'en'],
          openDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
          opensAt: '08:30',
          closesAt: '18:00',
          notes: 'Jardin',
        },
      },
      {
        line: 3,
        fields: {
          name: 'Sandrine Morel',
          kind: 'assistant_maternel',
          communeCode: '2A004',
          phone: '0612345678',
          availableFrom: '2025-10-06',
          atypicalHours: false,
          disabilityWelcome: false,
          openDays: ['mon', 'tue', 'wed', 'thu'],
          opensAt: '07:00',
          closesAt: '19:15',
        },
      },
    ]);
  });

  it('reads the French label of every kind, and the app codes', async () => {
    const labels: [string, string][] = [
      ['Crèche', 'eaje'],
      ['EAJE', 'eaje'],
      ['Crèche (EAJE)', 'eaje'],
      ['Micro-crèche', 'micro_creche'],
      ['Crèche familiale', 'creche_familiale'],
      ['MAM', 'mam'],
      ['Assistant maternel', 'assistant_maternel'],
      ['Assistante maternelle', 'assistant_maternel'],
      ['Assistant(e) maternel(le)', 'assistant_maternel'],
      ['Garde à domicile', 'garde_domicile'],
      ['RPE', 'rpe'],
      ['Relais petite enfance', 'rpe'],
      ['LAEP', 'laep'],
      ['PMI', 'pmi'],
      ['France Services', 'france_services'],
      ['Accueil de loisirs', 'accueil_loisirs'],
      ['ALSH', 'accueil_loisirs'],
      ['LUDOTHEQUE', 'ludotheque'],
      ['micro_creche', 'micro_creche'],
    ];
    const csv = [header, ...labels.map(([label], i) => `Structure ${i};${label};17306`)].join('\n');
    const result = await importCsv(csv);
    expect(result.errors).toEqual([]);
    expect(result.entries.map((e) => e.fields.kind)).toEqual(labels.map(([, kind]) => kind));
  });

  it('reads yes/no columns written as oui/non, x, 1/0, vrai/faux', async () => {
    const values = ['oui', 'Non', 'x', 'X', '1', '0', 'vrai', 'FAUX'];
    const csv = [`${header};Horaires atypiques`, ...values.map((v, i) => `S${i};PMI;17306;${v}`)].join('\n');
    const result = await importCsv(csv);
    expect(result.entries.map((e) => e.fields.atypicalHours)).toEqual([true, false, true, true, true, false, true, false]);
  });

  it('reads hours as 8h30, 8 h, 08:30 and 08:30:00, and reports 25h', async () => {
    const csv = [`${header};Ouverture`, 'A;PMI;17306;8h30', 'B;PMI;17306;8 h', 'C;PMI;17306;08:30:00', 'D;PMI;17306;25h'].join('\n');
    const result = await importCsv(csv);
    expect(result.entries.map((e) => e.fields.opensAt)).toEqual(['08:30', '08:00', '08:30']);
    expect(messages(result.errors)).toEqual(['ligne 5 : ouverture invalide (« 25h ») : heure attendue comme 8h30 ou 08:30']);
  });

  it('reads days as lists, ranges and French phrases, Monday first', async () => {
    const cells = ['lun, mar, jeu', 'lundi-vendredi', 'du lundi au vendredi', 'Sam-Lun', 'Mer / lun / mer', 'Jeudi à samedi', 'mon,wed'];
    const csv = [`${header};Jours d’accueil`, ...cells.map((c, i) => `S${i};PMI;17306;${c}`)].join('\n');
    const result = await importCsv(csv);
    expect(result.errors).toEqual([]);
    expect(result.entries.map((e) => e.fields.openDays)).toEqual([
      ['mon', 'tue', 'thu'],
      ['mon', 'tue', 'wed', 'thu', 'fri'],
      ['mon', 'tue', 'wed', 'thu', 'fri'],
      ['mon', 'sat', 'sun'],
      ['mon', 'wed'],
      ['thu', 'fri', 'sat'],
      ['mon', 'wed'],
    ]);
  });

  it('gives back the leading zero spreadsheets drop from commune codes and phone numbers', async () => {
    const result = await importCsv(`${header};Téléphone\nA;PMI;1004;546123456`);
    expect(result.entries[0]?.fields).toMatchObject({ communeCode: '01004', phone: '0546123456' });
  });
});

describe('separators, quotes and line numbers', () => {
  it('sniffs `;` and `,` from the header, decimal commas in rows notwithstanding', async () => {
    const semicolon = await importCsv('Nom;Type;Code commune;Latitude;Longitude\nA, B et C;PMI;17306;45,5;-1,25');
    expect(semicolon.separator).toBe(';');
    expect(semicolon.entries[0]?.fields).toMatchObject({ name: 'A, B et C', lat: 45.5, lon: -1.25 });
    const comma = await importCsv('Nom,Type,Code commune,Latitude,Longitude\n"A; B",PMI,17306,45.5,"-1,25"');
    expect(comma.separator).toBe(',');
    expect(comma.entries[0]?.fields).toMatchObject({ name: 'A; B', lat: 45.5, lon: -1.25 });
    expect(sniffSeparator('Nom\tType\tCode commune\n')).toBe('\t');
    expect(sniffSeparator('Annuaire 2025\nNom,Type,Code commune\n')).toBe(',');
  });

  it('keeps quoted separators, quotes and line breaks in cells, and counts physical lines', async () => {
    const csv = [
      'Nom;Type;Code commune;Remarques',
      '"Relais ""Les Mômes""; Pilat";RPE;17306;"Permanence le mardi',
      'Prendre rendez-vous',
      '"',
      '',
      ';;;',
      'Ludothèque;Ludothèque;17300;"a;b"',
      'Mauvais;Ludothèque;42999;',
    ].join('\r\n');
    const result = await importCsv(csv);
    expect(result.entries).toEqual([
      { line: 2, fields: { name: 'Relais "Les Mômes"; Pilat', kind: 'rpe', communeCode: '17306', notes: 'Permanence le mardi\nPrendre rendez-vous' } },
      { line: 7, fields: { name: 'Ludothèque', kind: 'ludotheque', communeCode: '17300', notes: 'a;b' } },
    ]);
    expect(result.errors).toEqual([{ line: 8, message: 'ligne 8 : code commune inconnu (42999)' }]);
    expect(result.totalRows).toBe(3);
  });

  it('gives the same result whatever the chunk size, quoted line breaks across chunk edges included', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `"Nom ${i}\n""bis""";PMI;${i % 7 ? '17306' : '42999'};"l1\r\nl2\nl3";${i % 5 ? '' : 'x'}`);
    const csv = `Nom;Type;Code commune;Remarques;Horaires atypiques\r\n\r\n${rows.join('\r\n')}\r\n`;
    const whole = await importCsv(csv, { chunkSize: 1 << 20 });
    expect(whole.entries.length + whole.errors.length).toBe(30);
    expect(whole.errors[0]?.message).toBe('ligne 3 : code commune inconnu (42999)');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), async (chunkSize) => {
        expect(await importCsv(csv, { chunkSize })).toEqual(whole);
      }),
      { seed: 31_415, numRuns: 60 },
    );
  });

  it('reports an unclosed quote on its line instead of importing the rest of the file as one cell', async () => {
    const result = await importCsv(`${header};Remarques\nA;PMI;17306;ok\nB;PMI;17306;"pas fermé\nC;PMI;17306;\n`);
    expect(result.entries.map((e) => e.fields.name)).toEqual(['A']);
    expect(messages(result.errors)[0]).toMatch(/^ligne 3 : guillemet jamais refermé/);
  });

  it('reports a row with more cells than the header (an unquoted separator)', async () => {
    const result = await importCsv(`${header};Adresse\nA;PMI;17306;1; rue du Port`);
    expect(messages(result.errors)).toEqual(['ligne 2 : 5 cellules pour 4 colonnes (un « ; » hors guillemets ?)']);
  });
});

describe('encodings', () => {
  it('strips a UTF-8 byte-order mark before the first header', async () => {
    const result = await importCsv(utf8(`\uFEFF${header}\nCrèche des Lutins;Crèche;17306`));
    expect(result.encoding).toBe('utf-8');
    expect(result.entries[0]?.fields).toEqual({ name: 'Crèche des Lutins', kind: 'eaje', communeCode: '17306' });
  });

  it('reads Windows-1252 (Excel "CSV point-virgule"): è as 0xE8, œ as 0x9C, € as 0x80', async () => {
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
    const bytes = new Uint8Array([
      ...ascii('Nom;Type;Code commune;Remarques\r\nCr'),
      0xe8,
      ...ascii('che du C'),
      0x9c,
      ...ascii('ur;Cr'),
      0xe8,
      ...ascii('che;17306;Repas 3 '),
      0x80,
      ...ascii('\r\n'),
    ]);
    const result = await importCsv(bytes);
    expect(result.encoding).toBe('windows-1252');
    expect(result.entries[0]?.fields).toEqual({ name: 'Crèche du Cœur', kind: 'eaje', communeCode: '17306', notes: 'Repas 3 €' });
  });

  it('reads UTF-16 "Texte Unicode" with tabs', async () => {
    const bytes = new Uint8Array(Buffer.from('\uFEFFNom\tType\tCode commune\r\nHalte-garderie Pomme\tHalte-garderie\t17306\r\n', 'utf16le'));
    const result = await importCsv(bytes);
    expect(result).toMatchObject({ encoding: 'utf-16le', separator: '\t' });
    expect(result.entries[0]?.fields.kind).toBe('eaje');
  });
});

describe('validation report', () => {
  it('says in French what is wrong, with the line number', async () => {
    const csv = [
      'Nom;Type;Code commune;Téléphone;Courriel;Disponible à partir du;Places disponibles;Âge min (mois);Âge max (mois);Jours d’accueil',
      ';PMI;17306;;;;;;;',
      'B;Crèche parentale ?;17306;;;;;;;',
      'C;PMI;42999;;;;;;;',
      'D;PMI;ABCDE;;;;;;;',
      'E;PMI;17306;------;;;;;;',
      'F;PMI;17306;;pas-un-mail;;;;;',
      'G;PMI;17306;;;31/02/2025;;;;',
      'H;PMI;17306;;;2025-13-01;;;;',
      'I;PMI;17306;;;;douze;;;',
      'J;PMI;17306;;;;600;;;',
      'K;PMI;17306;;;;2,5;;;',
      'L;PMI;17306;;;;;40;20;',
      'M;PMI;17306;;;;;;;lun, jour férié',
    ].join('\n');
    const result = await importCsv(csv);
    expect(result.entries).toEqual([]);
    expect(result.totalRows).toBe(13);
    expect(messages(result.errors)).toEqual([
      'ligne 2 : nom manquant',
      'ligne 3 : type « Crèche parentale ? » non reconnu',
      'ligne 4 : code commune inconnu (42999)',
      'ligne 5 : code commune invalide (ABCDE) : code INSEE à 5 caractères attendu',
      'ligne 6 : téléphone invalide',
      'ligne 7 : courriel invalide',
      'ligne 8 : date de disponibilité invalide (« 31/02/2025 ») : JJ/MM/AAAA attendu',
      'ligne 9 : date de disponibilité invalide (« 2025-13-01 ») : JJ/MM/AAAA attendu',
      'ligne 10 : places disponibles : « douze » n’est pas un nombre',
      'ligne 11 : places disponibles : 600 dépasse le maximum (500)',
      'ligne 12 : places disponibles : nombre entier attendu (« 2,5 »)',
      'ligne 13 : âge min (mois) supérieur à l’âge max (mois)',
      'ligne 14 : jours d’accueil : « jour » non reconnu (lun, mar, mer, jeu, ven, sam, dim)',
    ]);
  });

  it('warns once about unknown columns and about a second column for the same field', async () => {
    const result = await importCsv(`${header};Code postal;Tél;Téléphone;SIRET\nA;PMI;17306;17130;0546000000;0546111111;123\nB;PMI;17306;17130;;;`);
    expect(result.warnings).toEqual([
      'Colonnes « Tél » et « Téléphone » : seule la première est lue.',
      'Colonnes non reconnues, ignorées : « Code postal », « SIRET »',
    ]);
    expect(result.entries[0]?.fields.phone).toBe('0546000000');
  });

  it('warns about data in a column without a title', async () => {
    const result = await importCsv(`${header};;\nA;PMI;17306;;oublié\n`);
    expect(result.warnings).toEqual(['Colonne(s) sans titre ignorée(s) alors qu’elles contiennent des valeurs : n° 5']);
  });

  it('warns about duplicate rows (same name, kind and commune), accents and case aside', async () => {
    const csv = [header, 'Les Lutins;Crèche;17306', 'LES LUTINS;EAJE;17306', 'Les Lutins;Micro-crèche;17306', 'Les Lutins;Crèche;17300', 'les lutins ;Crèche;17306'].join('\n');
    const result = await importCsv(csv);
    expect(result.entries).toHaveLength(5);
    expect(result.warnings).toEqual([
      'ligne 3 : doublon de ligne 2 (même nom, même type, même commune)',
      'ligne 6 : doublon de ligne 2 (même nom, même type, même commune)',
    ]);
  });

  it('keeps at most 100 duplicate warnings and counts the rest', async () => {
    const csv = [header, ...Array.from({ length: 150 }, () => 'Même;PMI;17306')].join('\n');
    const result = await importCsv(csv);
    expect(result.warnings).toHaveLength(101);
    expect(result.warnings.at(-1)).toBe('… et 49 autre(s) doublon(s)');
  });
});

describe('files refused as a whole', () => {
  it('refuses a file over the size limit before reading it', async () => {
    await expect(importCsv(new Uint8Array(MAX_IMPORT_BYTES + 1))).rejects.toThrow(
      'Fichier trop volumineux (20,1 Mo) : la limite est de 20 Mo. Découpez-le en plusieurs fichiers.',
    );
    await expect(importCsv(utf8(`${header}\nA;PMI;17306`), { maxBytes: 10 })).rejects.toBeInstanceOf(ImportRefusedError);
  });

  it('refuses a file without name, kind or commune columns and names what it expects', async () => {
    const refusal = importCsv('Structure;Catégorie;Ville\nA;PMI;Montendre');
    await expect(refusal).rejects.toBeInstanceOf(ImportRefusedError);
    await expect(refusal).rejects.toThrow(
      'Colonnes introuvables : « Nom », « Code commune ». Le fichier doit avoir une ligne d’en-tête avec au moins les colonnes « Nom », « Type » et « Code commune » (ou « Code INSEE »). Colonnes lues : « Structure », « Catégorie », « Ville ».',
    );
  });

  it('refuses an empty file', async () => {
    await expect(importCsv('')).rejects.toThrow('Le fichier est vide.');
    await expect(importCsv('\r\n  \r\n')).rejects.toThrow('Le fichier est vide.');
    await expect(importCsv(';;;\n;;\n')).rejects.toThrow('Le fichier ne contient aucune ligne.');
  });
});

describe('hostile cells', () => {
  it('stores HTML, formulas and SQL as plain text, drops control characters, reports what is too long', async () => {
    const csv = [
      'Nom;Type;Code commune;Adresse;Remarques',
      '<img src=x onerror=alert(1)>;PMI;17306;<script>alert(1)</script>;',
      '=cmd|\' /C calc\'!A0;PMI;17306;"=HYPERLINK(""http://x"")";@SUM(1+1)',
      `"'; DROP TABLE directory_entries;--";PMI;17306;1' OR '1'='1;`,
      'Relais\u0000 du\u0007 Pilat\u202E;PMI;17306;rue\tdu\u001b Port;ligne\u0000 1\tfin',
      `Long;PMI;17306;;${'x'.repeat(100_000)}`,
      `${'N'.repeat(161)};PMI;17306;;`,
    ].join('\n');
    const result = await importCsv(csv);
    expect(result.entries.map((e) => e.fields)).toEqual([
      { name: '<img src=x onerror=alert(1)>', kind: 'pmi', communeCode: '17306', address: '<script>alert(1)</script>' },
      { name: "=cmd|' /C calc'!A0", kind: 'pmi', communeCode: '17306', address: '=HYPERLINK("http://x")', notes: '@SUM(1+1)' },
      { name: "'; DROP TABLE directory_entries;--", kind: 'pmi', communeCode: '17306', address: "1' OR '1'='1" },
      { name: 'Relais du Pilat', kind: 'pmi', communeCode: '17306', address: 'rue du Port', notes: 'ligne 1\tfin' },
    ]);
    expect(messages(result.errors)).toEqual(['ligne 6 : remarques : 100000 caractères, 2000 au plus', 'ligne 7 : nom : 161 caractères, 160 au plus']);
  });

  it('quotes at most 40 characters of a bad value in a message', async () => {
    const result = await importCsv(`${header}\nA;${'<b>'.repeat(1000)};17306`);
    const message = messages(result.errors)[0] ?? '';
    expect(message.length).toBeLessThan(80);
    expect(message).toBe(`ligne 2 : type « ${'<b>'.repeat(13)}… » non reconnu`);
  });

  it('never crashes on random bytes or random CSV: a result or a French refusal', async () => {
    const csvChar = fc.constantFrom(';', ',', '"', '\n', '\r', '\t', 'a', 'é', '=', '\u0000', ' ', 'Nom', 'Type', 'Code commune', '17306', 'PMI', '\uFEFF');
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.array(csvChar, { maxLength: 120 }).map((parts) => utf8(`${header}\n${parts.join('')}`)),
    );
    await fc.assert(
      fc.asyncProperty(inputs, fc.integer({ min: 1, max: 64 }), async (bytes, chunkSize) => {
        try {
          const result = await importCsv(bytes, { chunkSize });
          expect(result.entries.length + result.errors.length).toBeGreaterThanOrEqual(result.totalRows > 0 ? 1 : 0);
        } catch (error) {
          expect(error).toBeInstanceOf(ImportRefusedError);
        }
      }),
      { seed: 27_182, numRuns: 300 },
    );
  });
});

describe('a 10 MB file', () => {
  it('is read in chunks with progress, pausing between chunks, with every row counted', async () => {
    const kinds = ['Crèche', 'MAM', 'Assistante maternelle', 'RPE', 'Ludothèque'];
    const row = (i: number) =>
      `"Structure n° ${i}; antenne";${kinds[i % 5]};${i % 1000 === 999 ? '42999' : '17306'};${i} rue de la Gare;05 46 ${String(i % 100).padStart(2, '0')} 34 56;45,${i % 1000};-0,41;${i % 12};01/09/2025;lun, mar, jeu;8h30;18h00;"Remarque ${i}\nsur deux lignes"`;
    const head = 'Nom;Type;Code commune;Adresse;Téléphone;Latitude;Longitude;Places;Disponible à partir du;Jours d’accueil;Ouverture;Fermeture;Remarques';
    const rows: string[] = [];
    let size = head.length;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      rows.push(row(i));
      size += (rows.at(-1) as string).length + 2;
    }
    const bytes = utf8(`\uFEFF${head}\r\n${rows.join('\r\n')}\r\n`);
    expect(bytes.byteLength).toBeGreaterThan(10 * 1024 * 1024);

    const progress: [number, number][] = [];
    let pauses = 0;
    const result = await importCsv(bytes, {
      onProgress: (done, total) => void progress.push([done, total]),
      yieldToEventLoop: async () => void pauses++,
    });

    expect(result.totalRows).toBe(rows.length);
    const rejected = rows.filter((_, i) => i % 1000 === 999).length;
    expect(result.entries).toHaveLength(rows.length - rejected);
    expect(result.errors).toHaveLength(rejected);
    // Each row takes two physical lines: row i starts on line 2 + 2i.
    expect(result.errors[0]).toEqual({ line: 2 + 2 * 999, message: `ligne ${2 + 2 * 999} : code commune inconnu (42999)` });
    expect(result.entries.at(-1)?.line).toBe(2 + 2 * (rows.length - 1));
    expect(progress.length).toBeGreaterThan(50);
    expect(pauses).toBe(progress.length);
    const total = progress[0]?.[1] ?? 0;
    expect(progress.every(([, t]) => t === total)).toBe(true);
    expect(progress.map(([d]) => d)).toEqual([...progress.map(([d]) => d)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual([total, total]);
  }, 30_000);
});
