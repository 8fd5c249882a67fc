import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { rowsOf, type Handle } from '@/db/client';
import { auditLog, claims } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import { openTestDb } from '@/lib/testing/db';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_STATUSES } from '@/lib/claims/lifecycle';
import { buildClaimsRegister } from './claims-register';
import { exportReport } from './export';
import { pgPoolOf } from './pg-copy';
import { renderCsv, renderJson } from './render-data';
import { defaultDeclarant, type Counter, type Report } from './types';

/**
 * The claims register on PostgreSQL is written by COPY with the formula neutralisation in SQL; on PGlite
 * by the JS renderers. For any rows, the two must produce the same bytes (CSV and JSON) and count the
 * same rows — the JS path is the reference (lib/csv/encode.ts, neutraliseCell).
 */

let h: Handle;
let s: Settlement;
const declarant = defaultDeclarant('Pat Exporter');
const onPg = !!process.env.DATABASE_URL;

beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 5, sampleClaims: false })).settlement;
});
afterAll(async () => {
  await h?.close();
});

async function bytes(chunks: AsyncIterable<string | Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function render(report: Report, format: 'csv' | 'json'): Promise<{ text: string; rows: number }> {
  const counter: Counter = { rows: 0 };
  const out = await bytes(format === 'csv' ? renderCsv(report, counter) : renderJson(report, counter));
  return { text: out.toString('utf8'), rows: counter.rows };
}

type Seed = {
  claimId: string;
  status: (typeof claims.$inferInsert)['status'];
  channel: 'web' | 'mail' | 'import';
  late: boolean;
  tier: string;
  units: number | null;
  verificationStatus: string;
  decisionReason: string | null;
  paymentMethod: string;
  submittedAt: Date;
};

async function replaceClaims(seeds: Seed[]): Promise<void> {
  await h.db.delete(claims).where(eq(claims.settlementId, s.id));
  if (!seeds.length) return;
  await h.db.insert(claims).values(
    seeds.map((x, i) => ({
      ...x,
      settlementId: s.id,
      pii: 'sealed',
      payment: 'sealed',
      emailHash: `h${i}`,
    })),
  );
}

// Awkward text: formula starters, quotes, commas, line breaks, COPY's own markers, control characters,
// RTL override, emoji and any Unicode (PostgreSQL text cannot hold NUL).
const pieces = ['=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", '\\', '.', ' ', 'a', 'e', 'é', '😀', '\u202e', '\u2028', '\x01', '\x02', 'İ', 'а'];
const awkward = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(...pieces), maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('', '\\.', '=HYPERLINK("http://evil","x")', '-1', '+1 312 555 0199', '@SUM(A1)', '\t=cmd|calc', '\r\n', 'NULL', '"', '\\N'),
  )
  .map((x) => x.replaceAll('\0', ''));

const seed: fc.Arbitrary<Seed> = fc.record({
  claimId: awkward,
  status: fc.constantFrom(...CLAIM_STATUSES),
  channel: fc.constantFrom('web', 'mail', 'import'),
  late: fc.boolean(),
  tier: awkward,
  // Units are whole numbers (bigint): any safe integer, and the magnitudes where text forms differ.
  units: fc.option(fc.oneof(fc.maxSafeInteger(), fc.constantFrom(0, 1, 6, 1e6, 1234567, 1e15, 2 ** 53 - 1, -1)), { nil: null }),
  verificationStatus: awkward,
  decisionReason: fc.option(awkward, { nil: null }),
  paymentMethod: awkward,
  submittedAt: fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
});

describe('claims register: COPY on PostgreSQL, JS renderers elsewhere', () => {
  it('uses COPY exactly when the database is PostgreSQL', async () => {
    const report = await buildClaimsRegister(h.db, s, declarant);
    expect(!!report.direct).toBe(onPg);
    expect(!!pgPoolOf(h.db)).toBe(onPg);
    // Inside a transaction a separate connection would not see the transaction's snapshot: JS path.
    await h.db.transaction(async (tx) => expect(pgPoolOf(tx)).toBeNull());
  });

  it.runIf(onPg)('writes the same CSV and JSON bytes as the JS renderers for any rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(seed, { selector: (x) => x.claimId, maxLength: 8 }), async (seeds) => {
        await replaceClaims(seeds);
        const viaCopy = await buildClaimsRegister(h.db, s, declarant, new Date(0));
        const viaJs = await buildClaimsRegister(h.db, s, declarant, new Date(0), { copy: false, pageSize: 3 });
        expect(viaCopy.direct).toBeDefined();
        for (const format of ['csv', 'json'] as const) {
          const copy = await render(viaCopy, format);
          const js = await render(viaJs, format);
          expect(copy.text).toBe(js.text);
          expect(copy.rows).toBe(seeds.length);
          expect(js.rows).toBe(seeds.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('neutralises formulas in the CSV and keeps JSON values as stored', async () => {
    await replaceClaims([
      { claimId: 'CL-1', status: 'denied', channel: 'web', late: true, tier: 'nationwide', units: -1, verificationStatus: 'verified', decisionReason: '=HYPERLINK("http://evil","x")', paymentMethod: '@SUM(A1)', submittedAt: new Date('2024-03-01T12:00:00Z') },
      { claimId: 'CL-2', status: 'approved', channel: 'mail', late: false, tier: 'illinois', units: 6, verificationStatus: 'verified', decisionReason: null, paymentMethod: 'check, "paper"\nsecond line', submittedAt: new Date('2024-03-02T00:00:00Z') },
    ]);
    const report = await buildClaimsRegister(h.db, s, declarant);
    const { text } = await render(report, 'csv');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text, { columns: true })).toEqual([
      { 'Claim ID': 'CL-1', Status: 'denied', Tier: 'nationwide', Units: '-1', Channel: 'web', Late: 'true', Verification: 'verified', 'Decision reason': `'=HYPERLINK("http://evil","x")`, 'Payment method': `'@SUM(A1)`, 'Submitted at (UTC)': '2024-03-01T12:00:00Z' },
      { 'Claim ID': 'CL-2', Status: 'approved', Tier: 'illinois', Units: '6', Channel: 'mail', Late: 'false', Verification: 'verified', 'Decision reason': '', 'Payment method': 'check, "paper"\nsecond line', 'Submitted at (UTC)': '2024-03-02T00:00:00Z' },
    ]);
    const json = JSON.parse((await render(report, 'json')).text);
    expect(json.rowCount).toBe(2);
    expect(json.rows[0]).toEqual({ claim_id: 'CL-1', status: 'denied', tier: 'nationwide', units: -1, channel: 'web', late: true, verification_status: 'verified', decision_reason: '=HYPERLINK("http://evil","x")', payment_method: '@SUM(A1)', submitted_at: '2024-03-01T12:00:00Z' });
  });

  // 30,000 rows rendered three times on PGlite: past the default minute on a busy two-core machine.
  it('audits every export before its first byte, even an abandoned download, and its row count when it completes', { timeout: 240_000 }, async () => {
    await replaceClaims([]);
    // Enough rows for the COPY to arrive in many chunks.
    await h.db.execute(sql`insert into claims (settlement_id, claim_id, tier, payment_method, pii, payment, email_hash)
      select ${s.id}, 'CL-' || g, 'nationwide', 'paypal', 'sealed', 'sealed', 'h' || g from generate_series(1, 30000) g`);
    const audits = () =>
      h.db.select().from(auditLog).where(and(inArray(auditLog.action, ['report.export', 'report.export_completed']), eq(auditLog.actor, 'user:copy-exporter'))).orderBy(asc(auditLog.id));

    // A reader that stops after the first chunk (a cancelled download): the export is on the record anyway.
    const abandoned = await exportReport(h.db, { settlement: s, kind: 'claims', format: 'csv', actor: 'user:copy-exporter' });
    expect((await audits()).map((a) => [a.action, a.details])).toEqual([['report.export', { kind: 'claims', format: 'csv' }]]);
    const it = abandoned.chunks[Symbol.asyncIterator]();
    await it.next();
    await it.return?.();
    expect(await audits()).toHaveLength(1);

    for (const format of ['csv', 'json'] as const) {
      const out = await exportReport(h.db, { settlement: s, kind: 'claims', format, actor: 'user:copy-exporter' });
      const text = (await bytes(out.chunks)).toString('utf8');
      const written = format === 'csv' ? parse(text, { columns: true }).length : JSON.parse(text).rows.length;
      expect(written).toBe(30_000);
      expect(out.counter.rows).toBe(30_000);
    }
    const rows = await audits();
    expect(rows.map((a) => [a.action, a.details])).toEqual([
      ['report.export', { kind: 'claims', format: 'csv' }],
      ['report.export', { kind: 'claims', format: 'csv' }],
      ['report.export_completed', { kind: 'claims', format: 'csv', rows: 30_000, started: rows[1].id }],
      ['report.export', { kind: 'claims', format: 'json' }],
      ['report.export_completed', { kind: 'claims', format: 'json', rows: 30_000, started: rows[3].id }],
    ]);
    // The pool still serves queries after the abandoned COPY.
    const [{ n }] = rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from claims where settlement_id = ${s.id}`));
    expect(n).toBe(30_000);
  });
});
