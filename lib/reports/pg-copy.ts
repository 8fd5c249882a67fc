import type { Pool } from 'pg';
import type { Queryable } from '@/db/client';
import type { Counter } from './types';

/**
 * Large reports on PostgreSQL: `COPY (SELECT …) TO STDOUT` through pg-copy-streams, so the server
 * formats the rows and Node only forwards bytes (≈ 4× faster than reading row objects page by page,
 * docs/benchmarks.md). The bytes are made identical to what the JS renderers write for the same rows:
 * CSV records end in CRLF (COPY writes LF), and JSON rows are joined with ",\n".
 */

/**
 * The node-postgres pool behind a Drizzle database, or null on PGlite or inside a transaction (whose
 * snapshot a separate pooled connection would not share).
 */
export function pgPoolOf(db: Queryable): Pool | null {
  const client = (db as { $client?: unknown }).$client as Partial<Pool> | undefined;
  return client && typeof client.connect === 'function' && typeof client.totalCount === 'number' ? (client as Pool) : null;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * Runs one COPY … TO STDOUT on its own pooled connection and yields the raw bytes. The connection
 * goes back to the pool when the copy completes, and is destroyed if the reader stops early (it would
 * still be in COPY mode). Returns the server's row count ("COPY n").
 */
async function* copyOut(pool: Pool, statement: string, result: { rowCount: number }): AsyncGenerator<Buffer> {
  const { to } = await import('pg-copy-streams');
  const client = await pool.connect();
  let finished = false;
  try {
    const stream = client.query(to(statement));
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    finished = true;
    result.rowCount = stream.rowCount;
  } finally {
    client.release(finished ? undefined : true);
  }
}

/**
 * CSV (`WITH (FORMAT csv, HEADER)`) with CRLF record ends. A line feed ends a record unless it is
 * inside a quoted cell; quotes only appear in quoted cells (doubled inside), so toggling on every quote
 * tracks that exactly, across chunk boundaries too. Counts the data rows into counter and checks the
 * count against the server's. Scans with indexOf (memchr) and copies whole runs: a byte-by-byte loop
 * in JS cost more than the server's formatting.
 */
export async function* copyCsv(pool: Pool, statement: string, counter: Counter): AsyncGenerator<Buffer> {
  const result = { rowCount: -1 };
  yield* crlfRecords(copyOut(pool, statement, result), counter);
  if (result.rowCount !== counter.rows) throw new Error(`COPY wrote ${result.rowCount} rows but ${counter.rows} were counted`);
}

/** COPY's CSV (LF record ends, a header line first) as the JS encoder writes it: CRLF record ends. */
export async function* crlfRecords(chunks: AsyncIterable<Buffer>, counter: Counter): AsyncGenerator<Buffer> {
  let inQuotes = false;
  let header = true;
  for await (const chunk of chunks) {
    const out = Buffer.allocUnsafe(chunk.length * 2);
    let j = 0;
    let i = 0;
    let quote = chunk.indexOf(QUOTE);
    let lf = chunk.indexOf(LF);
    while (i < chunk.length) {
      if (inQuotes) {
        // Inside a quoted cell everything up to the closing quote is copied as is.
        if (quote < 0) {
          j += chunk.copy(out, j, i);
          break;
        }
        j += chunk.copy(out, j, i, quote + 1);
        i = quote + 1;
        inQuotes = false;
        quote = chunk.indexOf(QUOTE, i);
        if (lf >= 0 && lf < i) lf = chunk.indexOf(LF, i);
      } else if (lf >= 0 && (quote < 0 || lf < quote)) {
        j += chunk.copy(out, j, i, lf);
        out[j++] = CR;
        out[j++] = LF;
        i = lf + 1;
        lf = chunk.indexOf(LF, i);
        if (header) header = false;
        else counter.rows++;
      } else if (quote >= 0) {
        j += chunk.copy(out, j, i, quote + 1);
        i = quote + 1;
        inQuotes = true;
        quote = chunk.indexOf(QUOTE, i);
      } else {
        j += chunk.copy(out, j, i);
        break;
      }
    }
    yield out.subarray(0, j);
  }
}

/**
 * The rows of a JSON array from a COPY of one JSON text per line: "\n" before the first row and ",\n"
 * between rows, as renderJson writes them. JSON text holds no raw line feed, so each one ends a row.
 * The COPY must use a format that writes the text unchanged: CSV with a delimiter and quote character
 * that JSON text cannot contain (see jsonCopyStatement).
 */
export async function* copyJsonRows(pool: Pool, statement: string, counter: Counter): AsyncGenerator<Buffer> {
  const result = { rowCount: -1 };
  yield* jsonArrayRows(copyOut(pool, statement, result), counter);
  if (result.rowCount !== counter.rows) throw new Error(`COPY wrote ${result.rowCount} rows but ${counter.rows} were counted`);
}

/** One JSON text per LF-ended line → the rows of a JSON array as renderJson writes them. */
export async function* jsonArrayRows(chunks: AsyncIterable<Buffer>, counter: Counter): AsyncGenerator<Buffer> {
  // A row has ended and its separator is owed: written only if another row follows.
  let owed = false;
  let first = true;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const out = Buffer.allocUnsafe(chunk.length * 2 + 2);
    let j = 0;
    if (first) {
      out[j++] = LF;
      first = false;
    }
    let i = 0;
    while (i < chunk.length) {
      if (owed) {
        out[j++] = COMMA;
        out[j++] = LF;
        owed = false;
      }
      const lf = chunk.indexOf(LF, i);
      if (lf < 0) {
        j += chunk.copy(out, j, i);
        break;
      }
      j += chunk.copy(out, j, i, lf);
      counter.rows++;
      owed = true;
      i = lf + 1;
    }
    yield out.subarray(0, j);
  }
}

/** COPY of a query as CSV with a header line. */
export function csvCopyStatement(query: string): string {
  return `copy (${query}) to stdout with (format csv, header)`;
}

/**
 * COPY of a query returning one JSON text per row, written unchanged: CSV format quotes a value only
 * when it holds the delimiter, the quote character, CR or LF, and JSON text from to_json holds none of
 * \x01, \x02 (escaped as \u0001, \u0002), CR or LF (escaped as \r, \n).
 */
export function jsonCopyStatement(query: string): string {
  return `copy (${query}) to stdout with (format csv, delimiter E'\\x01', quote E'\\x02')`;
}

/** A settlement id as a SQL literal for COPY, which takes no bind parameters. */
export function uuidLiteral(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error(`not a UUID: ${JSON.stringify(id)}`);
  return `'${id}'::uuid`;
}
