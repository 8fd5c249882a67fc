import { AppError } from '@/lib/errors';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';

/**
 * The one CSV reader behind every import (INTERFACES.md §2): RFC 4180, UTF-8 (BOM accepted), CRLF, LF
 * or CR line ends, quoted newlines, a required header row with columns in any order. It streams, and it
 * turns every problem into a message naming file, line and column — `claims.csv:14:5 (email): …` —
 * where the line is the line as an editor counts it (quoted newlines included), so an administrator can
 * jump straight to it. Problems are collected (up to a cap), not thrown one at a time.
 */

/** A path, bytes in memory, or a function that opens a fresh stream (imports read a file twice). */
export type CsvSource = string | Buffer | (() => NodeJS.ReadableStream);

export const DEFAULT_MAX_FIELD_CHARS = 10_000;
export const DEFAULT_MAX_ROW_CHARS = 1_048_576;

/** Collected problems: the first `cap` messages are kept, every one is counted. */
export class CsvErrorList {
  readonly messages: string[] = [];
  count = 0;
  constructor(
    readonly file: string,
    readonly cap = 100,
  ) {}

  /** `file:line:column (header): message`, leaving out what is unknown. */
  add(where: { line?: number; column?: number; header?: string }, message: string): void {
    this.count++;
    if (this.messages.length >= this.cap) return;
    const pos = [this.file, where.line, where.line !== undefined ? where.column : undefined].filter((x) => x !== undefined).join(':');
    this.messages.push(`${pos}${where.header ? ` (${where.header})` : ''}: ${message}`);
  }

  /** The list for display, with a last line saying how many more there were. */
  summary(): string[] {
    const more = this.count - this.messages.length;
    return more > 0 ? [...this.messages, `… and ${more.toLocaleString('en-US')} more`] : [...this.messages];
  }
}

/** Thrown by callers once a file has errors: the whole file is rejected. */
export class CsvRejected extends AppError {
  constructor(
    readonly file: string,
    readonly errors: string[],
    readonly errorCount: number,
  ) {
    super('bad_input', `${file}: ${errorCount.toLocaleString('en-US')} problem${errorCount === 1 ? '' : 's'} found; nothing was imported`, { details: errors });
  }
}

export type CsvRow = {
  /** The line the row starts on (1-based; the header is line 1 unless blank lines precede it). */
  line: number;
  /** Values of the known columns (or of every column when `known` is not given), untrimmed. */
  fields: Record<string, string>;
  /** Values of the columns the caller does not know: kept as attributes. */
  extra: Record<string, string>;
  /** Where a column of this row is, for an error message. */
  at(header: string): { line: number; column?: number; header: string };
};

export type CsvStats = { header: string[]; rows: number; bytes: number; sha256: string; lines: number };

/** Where the reader reports problems: a CsvErrorList, or an importer's HeldErrors in front of one. */
export type CsvErrorSink = Pick<CsvErrorList, 'add' | 'count'>;

/**
 * An importer that checks rows in batches (lib/bulk/workers.ts) receives rows ahead of their results,
 * while the reader reports a broken row the moment it reads it. The reader's reports wait here, tagged
 * with how many rows had been read, and are released in front of the first row read after them: the
 * list stays in file order, as a one-row-at-a-time loop would give.
 */
export class HeldErrors implements CsvErrorSink {
  private held: { after: number; where: Parameters<CsvErrorList['add']>[0]; message: string }[] = [];
  /** Rows the importer has taken from the reader so far. */
  rowsRead = 0;
  constructor(readonly into: CsvErrorList) {}
  add(where: Parameters<CsvErrorList['add']>[0], message: string): void {
    this.held.push({ after: this.rowsRead, where, message });
  }
  get count(): number {
    return this.into.count + this.held.length;
  }
  /** Moves into the list every report made before row `n` (1-based) was read; every report without n. */
  release(n?: number): void {
    while (this.held.length && (n === undefined || this.held[0].after < n)) {
      const h = this.held.shift()!;
      this.into.add(h.where, h.message);
    }
  }
}

export type ReadCsvOptions = {
  errors: CsvErrorSink;
  /** Columns that must be in the header row. */
  required?: readonly string[];
  /** Columns the caller understands; anything else goes to `extra`. */
  known?: readonly string[];
  maxFieldChars?: number;
  maxRowChars?: number;
  /** Filled in as the file is read. */
  stats?: CsvStats;
};

export function newStats(): CsvStats {
  return { header: [], rows: 0, bytes: 0, sha256: '', lines: 0 };
}

export function openSource(source: CsvSource): NodeJS.ReadableStream {
  if (typeof source === 'string') return fs.createReadStream(source, { highWaterMark: 256 * 1024 });
  if (Buffer.isBuffer(source)) return Readable.from([source]);
  return source();
}

/** Header names compare trimmed and case-insensitively: "Email " is `email`. */
export function normaliseHeader(name: string): string {
  return name.trim().toLowerCase();
}

const REPLACEMENT = '\uFFFD';

/**
 * Bytes → text. A fatal decoder decides whether the file is valid UTF-8; the lenient one produces the
 * text, so an invalid byte becomes U+FFFD exactly where it was and the row check below can name its
 * line and column. Every CR LF and lone CR becomes LF, so csv-parse counts lines as an editor does.
 */
async function* decodeUtf8(input: AsyncIterable<Buffer | string>, state: { invalidUtf8: boolean; bytes: number; hash: ReturnType<typeof createHash> }) {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const lenient = new TextDecoder('utf-8');
  let pendingCR = false;
  const normalise = (text: string, final: boolean): string => {
    if (pendingCR) text = `\r${text}`;
    pendingCR = !final && text.endsWith('\r');
    if (pendingCR) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, '\n');
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    state.bytes += chunk.length;
    state.hash.update(chunk);
    if (!state.invalidUtf8) {
      try {
        strict.decode(chunk, { stream: true });
      } catch {
        state.invalidUtf8 = true;
      }
    }
    const text = normalise(lenient.decode(chunk, { stream: true }), false);
    if (text) yield text;
  }
  if (!state.invalidUtf8) {
    try {
      strict.decode();
    } catch {
      state.invalidUtf8 = true;
    }
  }
  const tail = normalise(lenient.decode(), true);
  if (tail) yield tail;
}

const newlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/** A message for each csv-parse error, in words an administrator can act on. */
function parseErrorMessage(e: CsvError & { column?: number }, maxRowChars: number): { message: string; fatal: boolean } {
  switch (e.code) {
    case 'INVALID_OPENING_QUOTE':
      return { message: 'a double quote in the middle of an unquoted field; wrap the whole field in double quotes and double every quote inside it ("")', fatal: false };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { message: 'a closing double quote is followed by other characters; double every quote inside a quoted field ("")', fatal: false };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { message: 'the file ends inside a quoted field: a double quote opened on or before this line is never closed', fatal: true };
    case 'CSV_MAX_RECORD_SIZE':
      return { message: `the row is longer than ${maxRowChars.toLocaleString('en-US')} characters; reading stopped here`, fatal: true };
    default:
      return { message: e.message, fatal: false };
  }
}

/**
 * Reads the file row by row. Rows with a structural problem (wrong number of fields, invalid UTF-8,
 * NUL bytes, an overlong field) are reported to `errors` and not yielded, so callers only see rows
 * whose cells are text they can validate. The header row is checked before the first row is yielded.
 */
export async function* readCsv(source: CsvSource, opts: ReadCsvOptions): AsyncGenerator<CsvRow> {
  const { errors } = opts;
  const maxField = opts.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  const maxRow = opts.maxRowChars ?? DEFAULT_MAX_ROW_CHARS;
  const stats = opts.stats ?? newStats();
  const state = { invalidUtf8: false, bytes: 0, hash: createHash('sha256') };

  let input: NodeJS.ReadableStream;
  try {
    input = openSource(source);
  } catch (e) {
    errors.add({}, (e as Error).message);
    return;
  }
  const parser = parse({
    record_delimiter: '\n',
    relax_column_count: true,
    skip_records_with_error: true,
    skip_empty_lines: false,
    max_record_size: maxRow,
    info: true,
  });
  let fatal = false;
  // csv-parse reports a broken row when it reads it, often before the header reaches this loop:
  // hold the reports until the header names their columns.
  let pending: { line?: number; column?: number; message: string }[] = [];
  let lastReported: (typeof pending)[number] | undefined;
  const flushPending = () => {
    for (const p of pending) errors.add({ line: p.line, column: p.column, header: p.column ? stats.header[p.column - 1] : undefined }, p.message);
    pending = [];
  };
  parser.on('skip', (e: CsvError & { column?: number; lines?: number }) => {
    if (fatal) return;
    const { message, fatal: stop } = parseErrorMessage(e, maxRow);
    const report = { line: e.lines, column: typeof e.column === 'number' ? e.column + 1 : undefined, message };
    // csv-parse can report one broken field several times (once per stray quote): once is enough.
    const last = pending[pending.length - 1] ?? lastReported;
    if (!last || last.line !== report.line || last.column !== report.column || last.message !== report.message) pending.push(report);
    lastReported = report;
    if (stop) fatal = true;
  });
  const text = Readable.from(decodeUtf8(input as AsyncIterable<Buffer>, state));
  text.on('error', (e) => parser.destroy(e));
  text.pipe(parser);

  let header: string[] | null = null;
  let columnsOf: { name: string; known: boolean }[] = [];
  const known = opts.known ? new Set(opts.known) : null;

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header) flushPending();
      if (fatal) break;
      stats.lines = info.lines;
      const startLine = info.lines - record.reduce((n, f) => n + newlines(f), 0);
      // A blank line is not a row (common at the end of hand-edited files).
      if (record.length === 1 && record[0] === '') continue;

      const cellProblem = (value: string): string | null => {
        if (value.includes('\u0000')) return 'contains a NUL byte (binary data, not text)';
        if (value.includes(REPLACEMENT))
          return state.invalidUtf8 ? 'is not valid UTF-8 (save the file as "CSV UTF-8")' : 'contains U+FFFD, the mark of text that was decoded with the wrong encoding';
        if (value.length > maxField) return `is ${value.length.toLocaleString('en-US')} characters long; the limit is ${maxField.toLocaleString('en-US')}`;
        return null;
      };

      if (!header) {
        header = record.map(normaliseHeader);
        stats.header = header;
        const firstSeen = new Map<string, number>();
        header.forEach((name, i) => {
          const problem = cellProblem(record[i]);
          if (problem) errors.add({ line: startLine, column: i + 1 }, `header ${problem}`);
          else if (!name) errors.add({ line: startLine, column: i + 1 }, 'empty column name in the header row');
          else if (firstSeen.has(name)) errors.add({ line: startLine, column: i + 1, header: name }, `duplicate column "${name}" (also column ${firstSeen.get(name)! + 1})`);
          else firstSeen.set(name, i);
        });
        const missing = (opts.required ?? []).filter((r) => !firstSeen.has(r));
        if (missing.length) errors.add({ line: startLine }, `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} in the header row`);
        columnsOf = header.map((name) => ({ name, known: !known || known.has(name) }));
        // With a broken header, every row would repeat the same complaint: stop here.
        if (errors.count > 0) break;
        continue;
      }

      stats.rows++;
      if (record.length !== header.length) {
        errors.add({ line: startLine }, `the row has ${record.length} field${record.length === 1 ? '' : 's'}; the header has ${header.length}`);
        continue;
      }
      // Line of each field: the row's first line plus the quoted newlines before it.
      const fieldLine: number[] = [];
      let line = startLine;
      let bad = false;
      record.forEach((value, i) => {
        fieldLine.push(line);
        const problem = cellProblem(value);
        if (problem) {
          errors.add({ line, column: i + 1, header: header![i] }, problem);
          bad = true;
        }
        line += newlines(value);
      });
      if (bad) continue;

      const fields: Record<string, string> = {};
      const extra: Record<string, string> = {};
      record.forEach((value, i) => ((columnsOf[i].known ? fields : extra)[columnsOf[i].name] = value));
      const cols = header;
      yield {
        line: startLine,
        fields,
        extra,
        at(name: string) {
          const i = cols.indexOf(name);
          return i === -1 ? { line: startLine, header: name } : { line: fieldLine[i], column: i + 1, header: name };
        },
      };
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    errors.add({}, code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : (e as Error).message);
  } finally {
    flushPending();
    parser.destroy();
    (input as Readable).destroy?.();
  }
  stats.bytes = state.bytes;
  stats.sha256 = state.hash.copy().digest('hex');
  if (!header && errors.count === 0) errors.add({ line: 1 }, 'the file is empty; the first line must be the header row');
}

/** Booleans as INTERFACES.md §2 spells them; undefined when the text is not one. */
export function parseBoolean(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  return undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A calendar date `YYYY-MM-DD` that exists (no 2022-02-30). */
export function isIsoDate(raw: string): boolean {
  const m = ISO_DATE.exec(raw.trim());
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * An ISO 8601 date-time. Returns the parts so the caller can place a time without an offset in the
 * right zone (a settlement's deadlines are in its own zone); null when it is not ISO 8601.
 */
export function parseIsoDateTime(raw: string): { date: string; h: number; m: number; s: number; ms: number; offset: string | null } | null {
  const v = raw.trim();
  if (isIsoDate(v)) return { date: v, h: 0, m: 0, s: 0, ms: 0, offset: null };
  const m = ISO_DATETIME.exec(v);
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const [h, min, s] = [+m[4], +m[5], +(m[6] ?? 0)];
  if (!isIsoDate(date) || h > 23 || min > 59 || s > 59) return null;
  return { date, h, m: min, s, ms: m[7] ? Math.floor(Number(m[7]) * 1000) : 0, offset: m[8] ? m[8].toUpperCase() : null };
}
