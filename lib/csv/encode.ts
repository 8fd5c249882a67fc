import { neutraliseCell } from './safe-cell';

/**
 * RFC 4180 CSV lines for large exports. csv-stringify spent ~250 ms per 100k ten-column rows here
 * (25 s of the 30-second budget for a 10M-claim report before a single row is read), so the report
 * renderer encodes with this: every cell through neutraliseCell (formula injection), quotes only when
 * the cell holds a quote, comma or line break, CRLF line ends. Tested against csv-parse.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  const v = neutraliseCell(value);
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function csvLine(cells: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? ',' : '') + csvCell(cells[i]);
  return `${line}\r\n`;
}
