import { describe, expect, it } from 'vitest';
import { neutraliseCell } from './safe-cell';

describe('CSV cell neutralisation', () => {
  it('prefixes formula starters and leaves the rest alone', () => {
    expect(neutraliseCell('=HYPERLINK("http://evil","x")')).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(neutraliseCell('+1 312 555 0199')).toBe(`'+1 312 555 0199`);
    expect(neutraliseCell('-2+3')).toBe(`'-2+3`);
    expect(neutraliseCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(neutraliseCell('\t=cmd|calc')).toBe(`'\t=cmd|calc`);
    expect(neutraliseCell('Jane = Doe')).toBe('Jane = Doe');
    expect(neutraliseCell(-250)).toBe(-250);
    expect(neutraliseCell(null)).toBeNull();
  });
});
