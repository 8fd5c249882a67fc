import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvLine } from './encode';

describe('csvLine', () => {
  it('round-trips any text through a standard CSV parser (quotes, commas, line breaks, Unicode)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (cells) => {
        const safe = cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c));
        expect(parse(csvLine(cells), { relax_column_count: true })[0]).toEqual(safe);
      }),
    );
  });

  it('neutralises formulas and writes numbers, booleans and empty cells plainly', () => {
    expect(csvLine(['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', 42, true, null, 'a,b'])).toBe(
      `"'=HYPERLINK(""http://x"",""y"")",'+1,'-2,'@SUM(A1),42,true,,"a,b"\r\n`,
    );
  });
});
