import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { auditLog, claimEvents, claims } from '@/db/schema';
import { CsvRejected } from '@/lib/csv/read';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import type { Expectation } from './fixtures/make-malformed';
import { importClaims } from './import';
import { CLAIM_PAYMENT, type PaymentDetails } from './seal';

/**
 * The malformed-CSV drill (QUALITY.md): every file in fixtures/malformed is either rejected with
 * line:column errors and nothing written, or imported exactly — as its manifest entry says.
 */

const DIR = path.join(import.meta.dirname, 'fixtures', 'malformed');
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Record<string, Expectation>;
const corpus = fs.readdirSync(DIR).filter((f) => f !== 'manifest.json').sort();
const tiktok = JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8'));

let h: Handle;
let n = 0;
/** Each file gets its own settlement, so claim_refs of one file never collide with another's. */
async function freshSettlement(): Promise<Settlement> {
  n++;
  return createSettlement(h.db, { ...tiktok, slug: `drill-${n}`, paymentMethods: ['paypal', 'venmo', 'zelle', 'ach', 'check'] }, 'test');
}

async function counts(settlementId: string) {
  const [c] = await h.db.select({ n: count() }).from(claims).where(eq(claims.settlementId, settlementId));
  const [e] = await h.db.select({ n: count() }).from(claimEvents).where(eq(claimEvents.settlementId, settlementId));
  const [a] = await h.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.settlementId, settlementId), eq(auditLog.action, 'claims.import')));
  return { claims: c.n, events: e.n, audits: a.n };
}

beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => h?.close());

describe('malformed CSV drill', () => {
  it('has at least 30 files, each with an expected outcome', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(corpus.filter((f) => !manifest[f])).toEqual([]);
    expect(Object.keys(manifest).filter((f) => !corpus.includes(f))).toEqual([]);
    expect(Object.values(manifest).filter((m) => m.outcome === 'reject').length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus)('%s', async (file) => {
    const expected = manifest[file];
    const s = await freshSettlement();
    const before = await counts(s.id);
    const run = importClaims(h.db, s, path.join(DIR, file), 'test');

    if (expected.outcome === 'reject') {
      const err = await run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, `${file} was imported: ${expected.why}`).toBeInstanceOf(CsvRejected);
      const { errors } = err as CsvRejected;
      for (const fragment of expected.errors) {
        const wanted = /^\d/.test(fragment) ? `${file}:${fragment}` : fragment;
        expect(errors.some((e) => e.includes(wanted)), `no error containing "${wanted}" in:\n${errors.join('\n')}`).toBe(true);
      }
      // Every message names the file and a line, so the administrator can go straight to it.
      for (const e of errors.filter((e) => !e.startsWith('…'))) expect(e).toMatch(new RegExp(`^${file.replace('.', '\\.')}:\\d+(:\\d+)?( \\([^)]+\\))?: `));
      expect(await counts(s.id)).toEqual(before);
    } else {
      const result = await run;
      expect(result.imported).toBe(expected.claims);
      if (expected.late !== undefined) expect(result.late).toBe(expected.late);
      expect(await counts(s.id)).toEqual({ claims: before.claims + expected.claims, events: before.events + expected.claims, audits: before.audits + 1 });
    }
  });
});

describe('the drill with the row work in a worker thread', () => {
  it('gives every file the same outcome, errors in the same order', { timeout: 300_000 }, async () => {
    const outcome = (threads: number) => async (file: string) => {
      const s = await freshSettlement();
      return importClaims(h.db, s, path.join(DIR, file), 'test', { threads }).then(
        (r) => ({ imported: r.imported, late: r.late, byTier: r.byTier, byMethod: r.byMethod }),
        (e: unknown) => (e instanceof CsvRejected ? e.errors : String(e)),
      );
    };
    // A sample (starting a worker costs a moment): reader and row problems mixed, quoted newlines, a
    // late error in a long file, the error cap, and files that import.
    const sample = ['wrong-column-count.csv', 'stray-quote.csv', 'errors-after-quoted-newlines.csv', 'one-bad-row-in-300.csv', 'many-errors-capped.csv', 'duplicate-claim-ref.csv', 'ok-basic.csv', 'ok-quoted-newlines.csv', 'ok-column-order-and-attributes.csv', 'ok-late-claim.csv'];
    expect(sample.filter((f) => !corpus.includes(f))).toEqual([]);
    for (const file of sample) expect(await outcome(1)(file), file).toEqual(await outcome(0)(file));
  });
});

describe('what the valid drill files store', () => {
  async function imported(file: string) {
    const s = await freshSettlement();
    await importClaims(h.db, s, path.join(DIR, file), 'test');
    const rows = await h.db.select().from(claims).where(eq(claims.settlementId, s.id)).orderBy(claims.claimRef);
    return { s, rows, key: await settlementKey(h.db, s.id) };
  }

  it('keeps leading zeros of ACH routing and account numbers exactly', async () => {
    const { rows, key } = await imported('ok-ach-leading-zeros.csv');
    const payments = rows.map((r) => decryptJson<PaymentDetails>(key, r.payment, CLAIM_PAYMENT));
    expect(payments).toEqual([
      { method: 'ach', routingNumber: '021000021', accountNumber: '000123456789', accountType: 'checking' },
      { method: 'ach', routingNumber: '011000015', accountNumber: '0042', accountType: 'savings' },
    ]);
  });

  it('keeps unknown columns as attributes, whatever the column order', async () => {
    const { rows } = await imported('ok-column-order-and-attributes.csv');
    expect(rows.map((r) => r.attributes)).toEqual([
      { source_batch: 'BATCH-1', scanned_pages: '3' },
      { source_batch: 'BATCH-2', scanned_pages: '3' },
    ]);
  });

  it('keeps quoted multi-line text whole and requests the tier the attestations ask for', async () => {
    const { rows } = await imported('ok-quoted-newlines.csv');
    expect(rows[0].attributes.notes).toBe('arrived in a torn envelope,\nre-keyed by hand');
    expect(rows[1].attributes.notes).toBe('line one\nline two\nline three');
    expect(rows.map((r) => [r.tier, r.channel, r.status])).toEqual([
      ['illinois', 'mail', 'received'],
      ['illinois', 'mail', 'received'],
      ['illinois', 'mail', 'received'],
    ]);
  });

  it('marks the claim filed after 11:59:59 p.m. in the settlement zone as late', async () => {
    const { rows } = await imported('ok-late-claim.csv');
    expect(rows.map((r) => [r.claimRef, r.late])).toEqual([
      ['REF-0001', false],
      ['REF-0002', true],
      ['REF-0003', false],
    ]);
  });

  it('stores formula and SQL-looking claim_refs as plain text', async () => {
    const { rows } = await imported('ok-formula-and-sql-refs.csv');
    expect(rows.map((r) => r.claimRef).sort()).toEqual(["'; DROP TABLE claims; --", '=HYPERLINK("http://evil.example","click")', '@SUM(A1:A9)'].sort());
  });
});
