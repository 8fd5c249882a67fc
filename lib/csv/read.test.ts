import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvErrorList, isIsoDate, parseBoolean, parseIsoDateTime, readCsv, type CsvSource } from './read';

async function read(source: CsvSource, opts: { required?: string[]; known?: string[]; maxFieldChars?: number } = {}) {
  const errors = new CsvErrorList('t.csv');
  const rows: { line: number; fields: Record<string, string>; extra: Record<string, string>; at: unknown }[] = [];
  for await (const r of readCsv(source, { errors, ...opts })) rows.push({ line: r.line, fields: r.fields, extra: r.extra, at: r.at('c') });
  return { rows, errors: errors.summary() };
}

/** Splits bytes into chunks of `size`, so multi-byte characters and CR LF pairs straddle chunk borders. */
const chunked = (bytes: Buffer, size: number) => () => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));

describe('readCsv', () => {
  it('counts lines as an editor does, across quoted newlines and any line ends', async () => {
    const text = Buffer.from('\uFEFFa,b,c\r\n1,"two\r\nlines",x\n\n3,4,"é\rü"\r5,6,7');
    for (const size of [1, 2, 3, 7, 1000]) {
      const { rows, errors } = await read(chunked(text, size));
      expect(errors).toEqual([]);
      expect(rows.map((r) => [r.line, r.fields.b, r.fields.c])).toEqual([
        [2, 'two\nlines', 'x'],
        [5, '4', 'é\nü'],
        [7, '6', '7'],
      ]);
      // The third column of the first row is on line 3, after the quoted newline.
      expect(rows[0].at).toEqual({ line: 3, column: 3, header: 'c' });
    }
  });

  it('finds an invalid byte at its line and column even when it straddles a chunk border', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b,c\n1,2,3\n4,"x\ny",'), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from('\n')]);
    for (const size of [1, 4, 1000]) {
      const { errors } = await read(chunked(bytes, size));
      expect(errors).toEqual(['t.csv:4:3 (c): is not valid UTF-8 (save the file as "CSV UTF-8")']);
    }
  });

  it('keeps a 4-byte character split across chunks intact', async () => {
    const { rows, errors } = await read(chunked(Buffer.from('a,b,c\n🌸,😀,x\n'), 1));
    expect(errors).toEqual([]);
    expect(rows[0].fields).toEqual({ a: '🌸', b: '😀', c: 'x' });
  });

  it('splits known columns from extra ones and normalises header names', async () => {
    const { rows } = await read(Buffer.from(' A ,Extra Col,c\n1,2,3\n'), { known: ['a', 'c'], required: ['a'] });
    expect(rows).toMatchObject([{ fields: { a: '1', c: '3' }, extra: { 'extra col': '2' } }]);
  });

  it('reports header problems once and reads no rows under a broken header', async () => {
    const { rows, errors } = await read(Buffer.from('a,b,a,\n1,2,3,4\n'), { required: ['a', 'z'] });
    expect(rows).toEqual([]);
    expect(errors).toEqual(['t.csv:1:3 (a): duplicate column "a" (also column 1)', 't.csv:1:4: empty column name in the header row', 't.csv:1: missing required column "z" in the header row']);
  });

  it('caps the list and counts the rest', async () => {
    const body = Array.from({ length: 130 }, () => '1,2').join('\n');
    const errors = new CsvErrorList('t.csv', 100);
    for await (const _ of readCsv(Buffer.from(`a,b,c\n${body}\n`), { errors })) void _;
    expect(errors.count).toBe(130);
    expect(errors.summary()).toHaveLength(101);
    expect(errors.summary()[100]).toBe('… and 30 more');
  });

  it('names a missing file', async () => {
    const { errors } = await read('/nonexistent/claims.csv');
    expect(errors).toEqual(['t.csv: file not found']);
  });
});

describe('CSV values', () => {
  it('reads booleans as INTERFACES.md §2 spells them', () => {
    expect(['true', 'YES', ' 1 ', 'false', 'no', '0', 'maybe', ''].map(parseBoolean)).toEqual([true, true, true, false, false, false, undefined, undefined]);
  });

  it('reads ISO 8601 dates and date-times, and nothing else', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(parseIsoDateTime('2022-03-01T23:59:59.5-05:00')).toEqual({ date: '2022-03-01', h: 23, m: 59, s: 59, ms: 500, offset: '-05:00' });
    expect(parseIsoDateTime('2022-03-01 08:00')).toMatchObject({ h: 8, m: 0, offset: null });
    expect(parseIsoDateTime('03/01/2022')).toBeNull();
    expect(parseIsoDateTime('2022-03-01T24:00:00Z')).toBeNull();
  });
});
