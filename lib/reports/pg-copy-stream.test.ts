import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvLine } from '@/lib/csv/encode';
import { crlfRecords, jsonArrayRows } from './pg-copy';
import type { Counter } from './types';

/**
 * The byte rewriting after COPY, wherever the server's chunks happen to split the rows (inside a quoted
 * cell, between the two quotes of an escaped quote, between CR and LF, inside a multi-byte character).
 */

const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '=', 'é', '😀', ' '), maxLength: 8 });
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 8 });

/** Splits bytes at the given fractions of its length. */
function chunked(bytes: Buffer, cuts: number[]): AsyncIterable<Buffer> {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    parts.push(bytes.subarray(from, to));
    from = to;
  }
  return (async function* () {
    yield* parts;
  })();
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

describe('rewriting COPY output', () => {
  it('CSV: LF record ends become CRLF, line breaks inside quoted cells stay, rows are counted', async () => {
    await fc.assert(
      fc.asyncProperty(table, cuts, async (rows, at) => {
        // COPY's CSV is the encoder's with LF record ends (same quoting rule, cells already neutral).
        const lines = [['Header'], ...rows].map((r) => csvLine(r));
        const copyOutput = Buffer.from(lines.map((l) => `${l.slice(0, -2)}\n`).join(''));
        const counter: Counter = { rows: 0 };
        expect(await collect(crlfRecords(chunked(copyOutput, at), counter))).toBe(lines.join(''));
        expect(counter.rows).toBe(rows.length);
      }),
      { numRuns: 500 },
    );
  });

  it('JSON: one text per line becomes the rows of an array, as renderJson writes them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)))), cuts, async (rows, at) => {
        const texts = rows.map((r) => JSON.stringify(r));
        const counter: Counter = { rows: 0 };
        const out = await collect(jsonArrayRows(chunked(Buffer.from(texts.map((t) => `${t}\n`).join('')), at), counter));
        expect(out).toBe(texts.map((t, i) => (i ? ',\n' : '\n') + t).join(''));
        expect(JSON.parse(`[${out}]`)).toEqual(rows);
        expect(counter.rows).toBe(rows.length);
      }),
      { numRuns: 500 },
    );
  });
});
