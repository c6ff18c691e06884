import { stringify } from 'csv-stringify/sync';

/**
 * CSV through csv-stringify (RFC 4180: quotes where needed, CRLF line ends, a UTF-8 byte-order
 * mark so Excel reads accents and emoji in buyer names right).
 *
 * Formula injection (OWASP "CSV Injection"): a text cell that begins with = + - @, a tab or a
 * carriage return, or their full-width forms (＝ ＋ － ＠, which some spreadsheet locales
 * also accept), gets a leading apostrophe and is quoted, so Excel, LibreOffice and Google
 * Sheets show it as text instead of running it. Only text is touched: numbers the report
 * computes itself (a negative balance, say) are written as numbers.
 */

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

const cell = (v: CsvValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return neutraliseFormula(v);
};

/** One header row, then one row per item. Every text cell passes through neutraliseFormula. */
export function toCsv<T>(columns: CsvColumn<T>[], rows: readonly T[]): string {
  const records = rows.map((row) => columns.map((c) => cell(c.value(row))));
  return stringify([columns.map((c) => neutraliseFormula(c.header)), ...records], {
    bom: true,
    record_delimiter: 'windows',
    // A neutralised cell is always quoted, so the apostrophe stays with the text in every reader.
    quoted_match: /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/,
  });
}
