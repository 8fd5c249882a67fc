import { csvCell } from '@/lib/csv/encode';

/**
 * Cells of the files a bank or vendor reads by machine. Identifiers (a Venmo handle such as "-ann", an
 * e-mail "+x@…", a reference) must reach the rail exactly, so they are only quoted, never prefixed the
 * way lib/csv/safe-cell.ts protects spreadsheet readers; free text (names, notes) keeps that protection.
 */
export function exactCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function line(cells: { exact?: string; text?: string }[]): string {
  return `${cells.map((c) => (c.exact !== undefined ? exactCell(c.exact) : csvCell(c.text ?? ''))).join(',')}\r\n`;
}
