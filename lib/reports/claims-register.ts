import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import type { Settlement } from '@/lib/settlements/service';
import { readClaimStats, totalsOf } from '@/lib/dashboard/stats';
import { copyCsv, copyJsonRows, csvCopyStatement, jsonCopyStatement, pgPoolOf, uuidLiteral } from './pg-copy';
import { csvSelectList, jsonRowExpr, reportColumns, selectList, type SqlColumn } from './sql-columns';
import { captionOf, count, type Declarant, type Report, type Row } from './types';

/**
 * The claims register: one row per claim with its status and no personal data, for counsel and the
 * court to check the declaration's figures. It is the large report (every claim, QUALITY.md: 10M
 * claims ≤ 30 s). On PostgreSQL the server formats the rows (COPY … TO STDOUT, pg-copy.ts); elsewhere
 * (PGlite) pages are read with raw SQL in id order, 10,000 at a time, and encoded in JS. Both read the
 * columns below, so they cannot drift; the bytes are compared by a property test.
 */
export const claimsRegisterColumns: readonly SqlColumn[] = [
  { key: 'claim_id', header: 'Claim ID', sql: 'claim_id', type: 'text' },
  { key: 'status', header: 'Status', sql: 'status', type: 'text' },
  { key: 'tier', header: 'Tier', sql: 'tier', type: 'text' },
  // units is bigint, which node-postgres hands over as a string; as double precision it arrives as a JS
  // number, exact for every integer below 2^53 (db/schema/claims.ts says why units stay below that).
  { key: 'units', header: 'Units', align: 'right', sql: 'units::double precision', type: 'number' },
  { key: 'channel', header: 'Channel', sql: 'channel', type: 'text' },
  { key: 'late', header: 'Late', sql: 'late', type: 'boolean' },
  { key: 'verification_status', header: 'Verification', sql: 'verification_status', type: 'text' },
  { key: 'decision_reason', header: 'Decision reason', sql: 'decision_reason', type: 'text' },
  { key: 'payment_method', header: 'Payment method', sql: 'payment_method', type: 'text' },
  { key: 'submitted_at', header: 'Submitted at (UTC)', sql: `to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`, type: 'text' },
];

export type RegisterOptions = {
  pageSize?: number;
  /** false: always the JS path (the reference, and the benchmark's comparison). Default: COPY when on PostgreSQL. */
  copy?: boolean;
};

export async function buildClaimsRegister(db: Queryable, s: Settlement, declarant: Declarant, now = new Date(), options: RegisterOptions = {}): Promise<Report> {
  const pageSize = options.pageSize ?? 10_000;
  const totals = totalsOf(await readClaimStats(db, s.id), s.config);
  const columns = claimsRegisterColumns;
  const pool = options.copy === false ? null : pgPoolOf(db);
  // The COPY forms select from the same query as the pages: every value comes from one expression.
  const rows = `select id, ${selectList(columns)} from claims where settlement_id = ${uuidLiteral(s.id)}`;
  return {
    kind: 'claims',
    title: 'Register of Claims Received',
    caption: captionOf(s),
    generatedAt: now,
    timeZone: s.config.dates.timeZone,
    sections: [
      {
        heading: 'Claims register',
        paragraphs: [`Every claim received (${count(totals.total)}), by claim ID, without personal data.`],
        figures: [{ label: 'Claims', value: totals.total }],
      },
    ],
    columns: reportColumns(columns),
    pages: async function* () {
      const fetchPage = async (after: number) =>
        rowsOf<Row & { id: string | number }>(
          await db.execute(sql`select id, ${sql.raw(selectList(columns))}
            from claims where settlement_id = ${s.id} and id > ${after} order by id limit ${pageSize}`),
        );
      // The next page is requested before this one is rendered, so the database works while we encode.
      let pending = fetchPage(0);
      for (;;) {
        const page = await pending;
        if (page.length === 0) return;
        pending = page.length < pageSize ? Promise.resolve([]) : fetchPage(Number(page[page.length - 1].id));
        yield page;
      }
    },
    ...(pool && {
      direct: {
        csv: (counter) => copyCsv(pool, csvCopyStatement(`select ${csvSelectList(columns)} from (${rows}) r order by id`), counter),
        jsonRows: (counter) => copyJsonRows(pool, jsonCopyStatement(`select ${jsonRowExpr(columns)} from (${rows}) r order by id`), counter),
      },
    }),
    formats: ['csv', 'json'],
    declarant,
  };
}
