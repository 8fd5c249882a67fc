import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { paymentAttempts } from '@/db/schema';
import { openTestDb } from '@/lib/testing/db';
import { buildPositivePay } from './check/positive-pay';
import { amountInWords } from './check/letters';
import { checkRegister, importPaidChecks, reissuePayments, sweepStaleChecks, voidChecks } from './checks';
import { disburse, type DisburseFile } from './service';
import { disbursementFixture, RAILS, stateCounts, type Fixture } from './test-fixture';

let h: Handle;
let f: Fixture;

beforeAll(async () => {
  h = await openTestDb();
  f = await disbursementFixture(h, ['check', 'check', 'check', 'check', 'check', 'ach']);
  await disburse(h.db, f.runId, { rail: 'check', actor: f.finance.actor, rails: RAILS, write: async () => 'memory', now: new Date('2026-12-08T15:00:00Z') });
}, 120_000);
afterAll(async () => h?.close());

const checks = () => h.db.select().from(paymentAttempts).where(eq(paymentAttempts.rail, 'check')).orderBy(asc(paymentAttempts.referenceSeq));

describe('positive pay and check letters (pure)', () => {
  it('the common preset has a header and ISO dates; chase has I/C codes, MMDDYY and no header; totals match the register', () => {
    const rows = [
      { action: 'issue' as const, account: '000123', checkNumber: 100001, amountCents: 123456, issueDate: '2026-12-08', payee: 'José Núñez' },
      { action: 'void' as const, account: '000123', checkNumber: 100002, amountCents: 5, issueDate: '2026-12-08', payee: 'A B' },
    ];
    expect(buildPositivePay(rows, { preset: 'common' })).toBe('account,check_number,amount,issue_date,payee\r\n000123,100001,1234.56,2026-12-08,Jose Nunez\r\n000123,100002,0.05,2026-12-08,A B\r\n');
    expect(buildPositivePay(rows, { preset: 'chase' })).toBe('I,000123,100001,120826,1234.56,Jose Nunez\r\nC,000123,100002,120826,0.05,A B\r\n');
    const custom = buildPositivePay(rows, { columns: ['check_number', 'amount_cents', 'action'], header: false, dateFormat: 'MM/DD/YYYY', issueCode: 'I', voidCode: 'V', payeeMax: 10 });
    expect(custom).toBe('100001,123456,I\r\n100002,5,V\r\n');
  });
  it('writes the legal amount line in words', () => {
    expect(amountInWords(123456)).toBe('One thousand two hundred thirty-four and 56/100 dollars');
    expect(amountInWords(5)).toBe('Zero and 05/100 dollars');
    expect(amountInWords(100_000_000)).toBe('One million and 00/100 dollars');
  });
});

describe('checks after issue', () => {
  it('voids an issued check (with a positive-pay void record); a second void of it is refused and changes nothing', async () => {
    const [c1] = await checks();
    const r = await voidChecks(h.db, f.settlement.id, [Number(c1.reference)], 'lost in the mail', f.finance.actor, RAILS.check);
    expect(r.voided).toBe(1);
    expect(r.positivePay!.split('\r\n')[1]).toMatch(/^000123456789,100001,/);
    await expect(voidChecks(h.db, f.settlement.id, [Number(c1.reference), 999], 'again', f.finance.actor)).rejects.toMatchObject({
      details: ['check 100001: the payment is voided, only an issued, uncashed check can be voided', 'check 999: no such check in this settlement\'s register'],
    });
  });

  it('the bank’s paid-checks list marks cashed checks paid; a wrong amount rejects the file', async () => {
    const [, c2] = await checks();
    const wrong = `check_number,amount\n${c2.reference},0.01\n`;
    await expect(importPaidChecks(h.db, f.settlement.id, 'paid-bad.csv', Buffer.from(wrong), f.finance.actor)).rejects.toMatchObject({ details: [expect.stringMatching(/^paid-bad\.csv:2:2: the amount 1 cents/)] });
    const ok = `check_number,amount\n${c2.reference},${(c2.amountCents / 100).toFixed(2)}\n`;
    expect((await importPaidChecks(h.db, f.settlement.id, 'paid.csv', Buffer.from(ok), f.finance.actor)).applied).toEqual({ paid: 1 });
  });

  it('checks past the stale date (checkVoidDays) become uncashed; earlier, nothing moves', async () => {
    expect((await sweepStaleChecks(h.db, f.settlement.id, '2027-06-06', f.finance.actor)).uncashed).toBe(0);
    const r = await sweepStaleChecks(h.db, f.settlement.id, '2027-06-07', f.finance.actor);
    expect(r.uncashed).toBe(3);
    expect(await stateCounts(h, f.runId)).toMatchObject({ voided: 1, paid: 1, uncashed: 3 });
  });

  it('re-issue: new check numbers (never reused), new keys, the old checks stay voided/uncashed', async () => {
    const before = await checks();
    const paid = before[1];
    // A paid payment cannot be re-issued; the whole request is refused.
    const claimOfPaid = f.claimsByMethod.check.find((c) => c.id === paid.claimPk)!.claimId;
    await expect(reissuePayments(h.db, f.runId, { claimIds: [claimOfPaid, f.claimsByMethod.check[0].claimId] }, 'x', f.finance.actor)).rejects.toThrow(/nothing was re-issued/);
    const r = await reissuePayments(h.db, f.runId, { all: true }, 'finance re-issue', f.finance.actor);
    expect(r.reissued).toBe(4);
    const written: DisburseFile[][] = [];
    await disburse(h.db, f.runId, { rail: 'check', actor: f.finance.actor, rails: RAILS, write: async (files) => (written.push(files), 'memory') });
    const after = await checks();
    expect(after.map((c) => c.reference)).toEqual(['100001', '100002', '100003', '100004', '100005', '100006', '100007', '100008', '100009']);
    expect(new Set(after.map((c) => c.idempotencyKey)).size).toBe(9);
    expect(after.filter((c) => c.attempt === 2).map((c) => c.state)).toEqual(Array(4).fill('submitted'));
    expect((await checkRegister(h.db, f.settlement.id)).filter((c) => c.state === 'voided' || c.state === 'uncashed')).toHaveLength(4);
    expect(written[0][0].data.toString().trimEnd().split('\r\n')).toHaveLength(5);
    // A lost re-issued check: re-issue on request voids it first, in the same transaction.
    const lost = after[5];
    const claimId = f.claimsByMethod.check.find((c) => c.id === lost.claimPk)!.claimId;
    const again = await reissuePayments(h.db, f.runId, { claimIds: [claimId] }, 'lost', f.finance.actor);
    expect(again).toMatchObject({ reissued: 1, voidedChecks: 1 });
    const [v] = await h.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, lost.id));
    expect(v.state).toBe('voided');
    const [{ n }] = rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int n from payment_events where code = 'reissue'`));
    expect(n).toBe(5);
  });
});
