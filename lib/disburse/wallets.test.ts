import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { paymentAttempts } from '@/db/schema';
import { openTestDb } from '@/lib/testing/db';
import { dryRun, lockRun } from '@/lib/payouts/service';
import { importCardReport, importPaypalResults } from './imports';
import { buildPaypalFiles } from './paypal/file';
import { disburse } from './service';
import { disbursementFixture, RAILS, stateCounts, type Fixture } from './test-fixture';

let h: Handle;
let f: Fixture;
const METHODS = ['paypal', 'paypal', 'venmo', 'venmo', 'prepaid_card', 'prepaid_card', 'prepaid_card'];

beforeAll(async () => {
  h = await openTestDb();
  f = await disbursementFixture(h, METHODS);
  await disburse(h.db, f.runId, { rail: 'paypal', actor: f.finance.actor, rails: RAILS, write: async () => 'memory' });
  await disburse(h.db, f.runId, { rail: 'prepaid', actor: f.finance.actor, rails: RAILS, write: async () => 'memory' });
}, 120_000);
afterAll(async () => h?.close());

const attempts = (rail: 'paypal' | 'prepaid') => h.db.select().from(paymentAttempts).where(eq(paymentAttempts.rail, rail)).orderBy(asc(paymentAttempts.claimPk));
const dollars = (c: number) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;

describe('PayPal web upload', () => {
  it('splits at the row limit: 5,001 rows are two files, the first of 5,000, no header', () => {
    const rows = Array.from({ length: 5001 }, (_, i) => ({ reference: `r${i}`, amountCents: 100, payment: { method: 'paypal' as const, email: `p${i}@example.com` } }));
    const files = buildPaypalFiles(rows, { currency: 'USD', note: 'n', maxRows: 5000 });
    expect(files.map((t) => t.trimEnd().split('\r\n').length)).toEqual([5000, 1]);
    expect(files[0].startsWith('p0@example.com,1.00,USD,r0,n,PAYPAL,EMAIL')).toBe(true);
  });

  it('a results file with a bad status applies nothing and names the cell; a good one moves each item', async () => {
    const a = await attempts('paypal');
    const bad = `Reference ID,Status,Transaction ID,Amount\n${a[0].reference},SUCCESS,T1,${dollars(a[0].amountCents)}\n${a[1].reference},MAYBE,T2,${dollars(a[1].amountCents)}\n`;
    await expect(importPaypalResults(h.db, f.settlement.id, 'results-bad.csv', Buffer.from(bad), f.finance.actor)).rejects.toMatchObject({
      details: ['results-bad.csv:3:2 (status): unknown PayPal status "MAYBE" (SUCCESS, SUCCEEDED, COMPLETED, UNCLAIMED, RETURNED, REFUNDED, REVERSED, FAILED, DENIED, BLOCKED, PENDING, ONHOLD, NEW, PROCESSING)'],
    });
    expect((await stateCounts(h, f.runId)).submitted).toBe(7);
    const good = ['Reference ID,Status,Transaction ID,Amount', ...['SUCCESS', 'UNCLAIMED', 'FAILED', 'PENDING'].map((s, i) => `${a[i].reference},${s},T${i},${dollars(a[i].amountCents)}`)].join('\n');
    const r = await importPaypalResults(h.db, f.settlement.id, 'results.csv', Buffer.from(good), f.finance.actor);
    expect(r.applied).toEqual({ paid: 1, unclaimed: 1, failed: 1 });
    expect(r.unchanged).toBe(1);
    expect((await attempts('paypal')).map((x) => [x.state, x.railRef])).toEqual([['paid', 'T0'], ['unclaimed', 'T1'], ['failed', 'T2'], ['submitted', 'T3']]);
    // A later file: the unclaimed item is claimed; a paid item reported returned after all.
    const later = `reference id,status\n${a[1].reference},SUCCEEDED\n${a[0].reference},RETURNED\n`;
    const r2 = await importPaypalResults(h.db, f.settlement.id, 'results-2.csv', Buffer.from(later), f.finance.actor);
    expect(r2.applied).toEqual({ paid: 1, returned: 1 });
    // Never backwards: a stale SUCCESS for the returned item is refused.
    const stale = `reference id,status\n${a[0].reference},SUCCESS\n`;
    await expect(importPaypalResults(h.db, f.settlement.id, 'results-3.csv', Buffer.from(stale), f.finance.actor)).rejects.toMatchObject({
      details: [`results-3.csv:2:1: a payment that is returned cannot become paid (SUCCESS)`],
    });
  });
});

describe('prepaid card report', () => {
  it('records cards as paid with their unspent balances; a malformed report applies nothing', async () => {
    const a = await attempts('prepaid');
    const bad = `reference,status,card_id,amount,amount_redeemed\n${a[0].reference},ISSUED,C1,${dollars(a[0].amountCents)},0\n${a[1].reference},ISSUED,C2,${dollars(a[1].amountCents)},99999\n`;
    const err = await importCardReport(h.db, f.settlement.id, 'cards-bad.csv', Buffer.from(bad), f.finance.actor).catch((e) => e);
    expect(err.details[0]).toMatch(/^cards-bad\.csv:3:5 \(amount_redeemed\): the amount spent \(99999\) is more than the amount loaded/);
    expect((await attempts('prepaid')).every((x) => x.state === 'submitted' && x.unspentCents === null)).toBe(true);
    const good = `reference,status,card_id,amount,amount_redeemed\n${a[0].reference},REDEEMED,C1,${dollars(a[0].amountCents)},${dollars(a[0].amountCents)}\n${a[1].reference},PARTIALLY_REDEEMED,C2,${dollars(a[1].amountCents)},1.00\n${a[2].reference},FAILED,,${dollars(a[2].amountCents)},0\n`;
    const r = await importCardReport(h.db, f.settlement.id, 'cards.csv', Buffer.from(good), f.finance.actor);
    expect(r.applied).toEqual({ paid: 2, failed: 1 });
    const after = await attempts('prepaid');
    expect(after.map((x) => x.unspentCents)).toEqual([0, a[1].amountCents - 100, a[2].amountCents]);
  });
});

describe('the next round', () => {
  it('shares its money among the claimants whose payment was confirmed (paid), per the plan', async () => {
    await lockRun(h.db, f.runId, f.finance);
    // Paid: one PayPal item (claimed after being unclaimed) and two cards; the returned, failed and pending ones are out.
    const d = await dryRun(h.db, f.settlement, { round: 2, sourceAmountCents: 1000 });
    expect(d.claims).toBe(3);
  });
});
