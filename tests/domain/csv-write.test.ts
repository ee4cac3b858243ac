import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula, toCsv, type CsvCell } from '../../src/domain/csv/write';

/** Rows as a spreadsheet would read the file: mark removed, parsed with the given separator. */
function readBack(csv: string, separator: ';' | ',' = ';'): string[][] {
  const body = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  return Papa.parse<string[]>(body, { delimiter: separator, newline: '\r\n', skipEmptyLines: false }).data.slice(0, -1);
}

describe('toCsv', () => {
  it('starts with a UTF-8 byte-order mark and ends every row with CRLF', () => {
    expect(toCsv([['a', 'b'], ['c', 'd']])).toBe('\uFEFFa;b\r\nc;d\r\n');
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });

  it('quotes a cell holding the separator, and only then', () => {
    expect(toCsv([['a;b', 'c,d']], { bom: false })).toBe('"a;b";c,d\r\n');
    expect(toCsv([['a;b', 'c,d']], { bom: false, separator: ',' })).toBe('a;b,"c,d"\r\n');
    expect(readBack(toCsv([['a;b', 'c,d']]))).toEqual([['a;b', 'c,d']]);
    expect(readBack(toCsv([['a;b', 'c,d']], { separator: ',' }), ',')).toEqual([['a;b', 'c,d']]);
  });

  it('doubles quotes inside a quoted cell', () => {
    expect(toCsv([['Relais "Les Mômes"']], { bom: false })).toBe('"Relais ""Les Mômes"""\r\n');
    expect(readBack(toCsv([['"', '""', 'a"b']]))).toEqual([['"', '""', 'a"b']]);
  });

  it('keeps line breaks inside a quoted cell', () => {
    expect(toCsv([['ligne 1\nligne 2', 'a\r\nb', 'c\rd']], { bom: false })).toBe('"ligne 1\nligne 2";"a\r\nb";"c\rd"\r\n');
    expect(readBack(toCsv([['ligne 1\r\nligne 2', 'x'], ['y', 'z']]))).toEqual([
      ['ligne 1\r\nligne 2', 'x'],
      ['y', 'z'],
    ]);
  });

  it('neutralises text starting with = + - @ tab or CR', () => {
    const cells = ['=1+1', '+33 5 46', '-2', '@SUM(A1)', '\t=1', '\r=1', "=cmd|' /C calc'!A0"];
    expect(readBack(toCsv([cells]))[0]).toEqual(["'=1+1", "'+33 5 46", "'-2", "'@SUM(A1)", "'\t=1", "'\r=1", "'=cmd|' /C calc'!A0"]);
    expect(neutralizeFormula('a=1')).toBe('a=1');
    expect(neutralizeFormula(' =1')).toBe(' =1');
    expect(neutralizeFormula('')).toBe('');
  });

  it('writes numbers with a decimal comma for `;`, a point for `,`, negative numbers unquoted', () => {
    expect(toCsv([[45.2833, -0.41, 3, 0]], { bom: false })).toBe('45,2833;-0,41;3;0\r\n');
    expect(toCsv([[45.2833, -0.41]], { bom: false, separator: ',' })).toBe('45.2833,-0.41\r\n');
    expect(toCsv([[Number.NaN, Number.POSITIVE_INFINITY, 1.5]], { bom: false })).toBe(';;1,5\r\n');
  });

  it('writes booleans as oui/non and missing values as empty cells', () => {
    expect(toCsv([[true, false, null, undefined, '']], { bom: false })).toBe('oui;non;;;\r\n');
  });

  it('reads back any text as written, formulas neutralised (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom(';', ',', '"', '\n', '\r', '\t', '=', '+', '-', '@', "'", ' ', 'a', 'é', '𝄞'), maxLength: 12 });
    const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(rows, fc.constantFrom<';' | ','>(';', ','), (table, separator) => {
        const back = readBack(toCsv(table, { separator }), separator);
        // A row of one empty cell is an empty line, which a CSV reader sees as [''] too.
        expect(back).toEqual(table.map((row) => row.map(neutralizeFormula)));
      }),
      { seed: 42_424, numRuns: 500 },
    );
  });

  it('reads back numbers through a French decimal comma (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 6 }), (numbers) => {
        const back = readBack(toCsv([numbers as CsvCell[]]))[0] ?? [];
        expect(back.map((s) => Number(s.replace(',', '.')))).toEqual(numbers.map((n) => (n === 0 ? 0 : n)));
      }),
      { seed: 42_425, numRuns: 300 },
    );
  });
});
