import type { Column } from './types';

/**
 * One definition of a large report's columns that renders every way of reading them, so the paths
 * cannot drift apart:
 *  - `selectList`: the plain SELECT list (raw values, aliased by key) that the JS renderers read page by
 *    page (PGlite, and the reference on PostgreSQL);
 *  - `csvSelectList`: the same values formatted in SQL exactly as lib/csv/encode.ts `csvCell` would write
 *    them, for `COPY … TO STDOUT WITH (FORMAT csv, HEADER)`;
 *  - `jsonRowExpr`: one row as the JSON text `JSON.stringify` writes, for COPY.
 * The COPY forms select from the `selectList` query as a subquery, so every value is computed once, by
 * the same expression, in both paths. A property test (pg-copy.test.ts) compares the bytes.
 */

/**
 * `text` — any SQL value shown as text (enums, text, to_char(...)); `number` — real, double precision
 * or integer (what node-postgres hands JS as a number; NOT numeric or bigint, which arrive as strings);
 * `boolean`.
 */
export type SqlColumn = Column & { sql: string; type: 'text' | 'number' | 'boolean' };

const KEY = /^[a-z_][a-z0-9_]*$/;

function checked(cols: readonly SqlColumn[]): readonly SqlColumn[] {
  for (const c of cols) if (!KEY.test(c.key)) throw new Error(`column key ${JSON.stringify(c.key)} must be a lower-case SQL identifier`);
  return cols;
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The report's columns as the format-independent Report.columns. */
export function reportColumns(cols: readonly SqlColumn[]): Column[] {
  return cols.map(({ key, header, width, align }) => ({ key, header, ...(width ? { width } : {}), ...(align ? { align } : {}) }));
}

/** `expr as "key", …` — the raw values, one alias per column key. */
export function selectList(cols: readonly SqlColumn[]): string {
  return checked(cols)
    .map((c) => `${c.sql} as ${ident(c.key)}`)
    .join(', ');
}

/**
 * A number as JavaScript's String(n) writes the JS number node-postgres parses from PostgreSQL's text:
 * float text is the shortest exact form in both, but PostgreSQL switches to exponent notation at other
 * magnitudes (1e+06 where JS writes 1000000; 1e-07 where JS writes 1e-7). NaN and ±Infinity, which the
 * CSV encoder leaves empty and JSON.stringify writes as null, become NULL; -0 becomes 0.
 */
function numberText(x: string): string {
  const n = `${x}::text::numeric`;
  return `(case when ${x} is null or ${x}::text in ('NaN', 'Infinity', '-Infinity') then null
    when ${x} = 0 then '0'
    when abs(${n}) >= 1e21 or abs(${n}) < 1e-6 then regexp_replace(${x}::text, 'e([+-])0*', 'e\\1')
    else (${n})::text end)`;
}

/**
 * A text cell as `csvCell` writes it: formula starters (= + - @ tab CR, lib/csv/safe-cell.ts) get a
 * leading single quote; an empty string becomes NULL because COPY writes "" for it where the JS
 * encoder writes nothing (both write nothing for NULL). Quoting and quote doubling are COPY's, which
 * follows the same rule as the encoder (quote when the cell holds " , CR or LF).
 */
function csvText(x: string): string {
  const v = `${x}::text`;
  // ascii() is the first character's code (0 for ''): = + - @ tab CR. Integer tests, and few references
  // to the value, because a flattened subquery evaluates an expression (to_char, enum_out) per reference.
  return `(case when ascii(${v}) in (61, 43, 45, 64, 9, 13) then '''' || ${v} else nullif(${v}, '') end)`;
}

function csvValue(c: SqlColumn): string {
  const x = ident(c.key);
  if (c.type === 'number') return numberText(x);
  if (c.type === 'boolean') return `(case when ${x} then 'true' when not ${x} then 'false' end)`;
  return csvText(x);
}

/** The CSV cells, aliased by header so COPY's HEADER line is the JS header line. */
export function csvSelectList(cols: readonly SqlColumn[]): string {
  return checked(cols)
    .map((c) => `${csvValue(c)} as ${ident(c.header)}`)
    .join(', ');
}

/**
 * The JSON object of one row, keys in column order, compact like JSON.stringify. PostgreSQL's to_json
 * escapes strings as JSON.stringify does (\" \\ \b \f \n \r \t, other control characters as \u00xx,
 * everything else as is), and the text holds no raw line break, so COPY can carry it line by line.
 */
export function jsonRowExpr(cols: readonly SqlColumn[]): string {
  // concat() builds the text in one allocation, where a chain of || copies it once per piece.
  const parts = checked(cols).map((c, i) => {
    const x = ident(c.key);
    const value = c.type === 'number' ? numberText(x) : c.type === 'boolean' ? `to_json(${x})::text` : `to_json(${x}::text)::text`;
    return `${literal(`${i ? ',' : '{'}${JSON.stringify(c.key)}:`)}, coalesce(${value}, 'null')`;
  });
  return `concat(${parts.join(', ')}, '}')`;
}
