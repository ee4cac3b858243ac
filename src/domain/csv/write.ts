/**
 * CSV as French spreadsheets open it: `;` between cells, decimal comma, CRLF line ends and a
 * UTF-8 byte-order mark so Excel does not read the text as Windows-1252.
 */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  separator?: ';' | ',';
  /** Prepend U+FEFF (default true): Excel needs it to read UTF-8. */
  bom?: boolean;
}

/**
 * A cell starting with one of these is run as a formula by spreadsheets (CSV injection);
 * a leading apostrophe makes it plain text and is not shown by Excel or LibreOffice.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function neutralizeFormula(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

function formatCell(cell: CsvCell, separator: string): string {
  if (cell === null || cell === undefined) return '';
  let value: string;
  if (typeof cell === 'number') {
    // Numbers are written by us, never formulas: a negative count keeps its sign.
    value = Number.isFinite(cell) ? String(cell).replace('.', separator === ';' ? ',' : '.') : '';
  } else if (typeof cell === 'boolean') {
    value = cell ? 'oui' : 'non';
  } else {
    value = neutralizeFormula(cell);
  }
  return /["\r\n]/.test(value) || value.includes(separator) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const separator = options.separator ?? ';';
  const body = rows.map((row) => row.map((cell) => formatCell(cell, separator)).join(separator)).join('\r\n');
  return (options.bom ?? true ? '\uFEFF' : '') + body + '\r\n';
}
