import { CsvErrorList, readCsv, type CsvRow } from '@/lib/csv/read';
import type { ResultRow } from './results';

/**
 * Reading a rail's results CSV (PayPal's results, the card vendor's report, the bank's paid checks)
 * through the one CSV reader (lib/csv/read.ts): header names compared case-insensitively with aliases,
 * every problem as `file:line:column (header): message`, rows only when the whole file is clean.
 */

export type Column = { key: string; aliases: string[]; required: boolean };
export type RowMapper = (row: CsvRow, col: (key: string) => string | undefined, where: (key: string) => { line: number; column?: number; header: string }, err: (key: string, msg: string) => void) => ResultRow | null;

export async function readResultCsv(bytes: Buffer, name: string, columns: Column[], map: RowMapper): Promise<{ ok: true; rows: ResultRow[] } | { ok: false; errors: string[] }> {
  const errors = new CsvErrorList(name);
  const rows: ResultRow[] = [];
  let resolved: Map<string, string> | null = null;
  for await (const row of readCsv(bytes, { errors })) {
    if (!resolved) {
      resolved = new Map();
      const names = Object.keys(row.fields);
      for (const c of columns) {
        const found = c.aliases.find((a) => names.includes(a));
        if (found) resolved.set(c.key, found);
        else if (c.required) errors.add({ line: 1 }, `missing required column "${c.aliases[0]}" (or ${c.aliases.slice(1).map((a) => `"${a}"`).join(', ')})`);
      }
      if (errors.count) break;
    }
    const r = resolved;
    const col = (key: string) => (r.has(key) ? row.fields[r.get(key)!]?.trim() : undefined);
    const where = (key: string) => row.at(r.get(key) ?? key);
    const mapped = map(row, col, where, (key, msg) => errors.add(where(key), msg));
    if (mapped) rows.push(mapped);
  }
  if (!resolved && errors.count === 0) errors.add({ line: 1 }, 'the file has no rows');
  return errors.count ? { ok: false, errors: errors.summary() } : { ok: true, rows };
}

/** "12.34", "$1,234.50" or "1234" (dollars) → cents; null when it is not an amount. */
export function parseDollars(raw: string): number | null {
  const v = raw.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return null;
  const [d, c = ''] = v.split('.');
  const cents = Number(d) * 100 + Number(c.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}
