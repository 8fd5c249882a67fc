/**
 * CSV formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab / carriage
 * return before one). Such cells are prefixed with a single quote so `=HYPERLINK(…)` in a claimant's
 * name stays text in every export and report. Numbers are written as numbers and untouched.
 */
const DANGEROUS = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  const s = String(value);
  return DANGEROUS.test(s) ? `'${s}` : s;
}
