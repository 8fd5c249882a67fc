import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { auditLog, claims, paymentAttempts, paymentEvents } from '@/db/schema';
import { CLAIM_PAYMENT, type PaymentDetails } from '@/lib/claims/seal';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { openTestDb } from '@/lib/testing/db';
import { reissuePayments } from './checks';
import { importAchReturns } from './imports';
import { settleAch, settledCutoff } from './settle';
import { disburse } from './service';
import { disbursementFixture, RAILS, stateCounts, type Fixture } from './test-fixture';

let h: Handle;
let f: Fixture;
let achFile = '';

beforeAll(async () => {
  h = await openTestDb();
  f = await disbursementFixture(h, Array(5).fill('ach'));
  await disburse(h.db, f.runId, { rail: 'ach', actor: f.finance.actor, rails: RAILS, write: async (files) => ((achFile = files[0].data.toString('ascii')), 'memory') });
}, 120_000);
afterAll(async () => h?.close());

/** A bank's returns/NOC file: for each original entry line, a return entry and its 99 (or 98) addenda. */
function bankFile(items: { entry: string; code: string; corrected?: string; amount?: number }[]): string {
  const lines = achFile.split('\n');
  const out = [lines[0], `${lines[1].slice(0, 50)}${items.some((i) => i.code.startsWith('C')) ? 'COR' : 'PPD'}${lines[1].slice(53)}`];
  items.forEach((it, i) => {
    const original = it.entry;
    const amount = it.amount !== undefined ? String(it.amount).padStart(10, '0') : original.slice(29, 39);
    out.push(`6${it.code.startsWith('C') ? '23' : '21'}${original.slice(3, 29)}${amount}${original.slice(39, 78)}1${'0'.repeat(8)}${String(i + 1).padStart(7, '0')}`);
    const originalTrace = original.slice(79, 94);
    const body = it.code.startsWith('C') ? `798${it.code}${originalTrace}${' '.repeat(6)}${original.slice(3, 11)}${(it.corrected ?? '').padEnd(29, ' ')}${' '.repeat(15)}` : `799${it.code}${originalTrace}${' '.repeat(6)}${original.slice(3, 11)}${' '.repeat(44)}`;
    out.push(`${body}${'0'.repeat(8)}${String(i + 1).padStart(7, '0')}`);
  });
  out.push(`8220${String(items.length * 2).padStart(6, '0')}${'0'.repeat(84)}`);
  out.push(`9000001${'0'.repeat(87)}`);
  while (out.length % 10) out.push('9'.repeat(94));
  return `${out.join('\n')}\n`;
}

const entries = () => achFile.split('\n').filter((l) => l.startsWith('6'));

describe('ACH returns and notifications of change', () => {
  it('a malformed file names file:line:column and applies nothing', async () => {
    const [e1, e2] = entries();
    const text = bankFile([{ entry: e1, code: 'R01' }, { entry: e2, code: 'R03' }]).replace(/799R03/, '799X03');
    await expect(importAchReturns(h.db, f.settlement.id, 'returns-bad.ach', Buffer.from(text), f.finance.actor)).rejects.toMatchObject({
      details: ['returns-bad.ach:6:4: a return reason code is R and two digits, found "X03"'],
    });
    // An unknown trace and a wrong amount are caught before anything moves, too.
    const unknown = bankFile([{ entry: e1, code: 'R01' }, { entry: `${e2.slice(0, 79)}999999999999999`, code: 'R01' }, { entry: entries()[2], code: 'R01', amount: 1 }]);
    const err = await importAchReturns(h.db, f.settlement.id, 'returns-unknown.ach', Buffer.from(unknown), f.finance.actor).catch((e) => e);
    expect(err.details).toEqual([
      'returns-unknown.ach:6:7: no ach payment has the reference "999999999999999"',
      expect.stringMatching(/^returns-unknown\.ach:8:30: the amount 1 cents is not the payment's \d+ cents$/),
    ]);
    expect((await stateCounts(h, f.runId)).submitted).toBe(5);
    expect(await h.db.select().from(auditLog).where(sql`${auditLog.action} like 'disburse.results%'`)).toHaveLength(0);
  });

  it('returns move payments to returned with the R-code; the same file again changes nothing', async () => {
    const [e1, e2] = entries();
    const text = Buffer.from(bankFile([{ entry: e1, code: 'R01' }, { entry: e2, code: 'R03' }]));
    const r = await importAchReturns(h.db, f.settlement.id, 'returns-1.ach', text, f.finance.actor);
    expect(r.applied).toEqual({ returned: 2 });
    expect(await stateCounts(h, f.runId)).toMatchObject({ submitted: 3, returned: 2 });
    const codes = (await h.db.select().from(paymentAttempts)).map((a) => a.resultCode).filter(Boolean).sort();
    expect(codes).toEqual(['R01', 'R03']);
    const again = await importAchReturns(h.db, f.settlement.id, 'returns-1-copy.ach', text, f.finance.actor);
    expect(again.alreadyApplied).toBe(true);
    // A different file repeating one return: counted as a repeat, not applied twice.
    const repeat = await importAchReturns(h.db, f.settlement.id, 'returns-2.ach', Buffer.from(bankFile([{ entry: e1, code: 'R01' }]).replace('TIKTOK', 'TIKTOX')), f.finance.actor);
    expect(repeat.repeats).toBe(1);
    expect((await h.db.select().from(paymentEvents).where(eq(paymentEvents.toState, 'returned'))).length).toBe(2);
  });

  it('a notification of change corrects the sealed bank details and leaves the payment as it is', async () => {
    const e3 = entries()[2];
    const claimPk = f.claimsByMethod.ach.find((c) => e3.includes(c.claimId.slice(0, 15)))!.id;
    const r = await importAchReturns(h.db, f.settlement.id, 'noc-1.ach', Buffer.from(bankFile([{ entry: e3, code: 'C01', corrected: '55501234' }])), f.finance.actor);
    expect(r.applied).toEqual({ C01: 1 });
    const [c] = await h.db.select({ payment: claims.payment }).from(claims).where(eq(claims.id, claimPk));
    const p = decryptJson<PaymentDetails>(await settlementKey(h.db, f.settlement.id), c.payment, CLAIM_PAYMENT);
    expect(p).toMatchObject({ method: 'ach', accountNumber: '55501234' });
    expect((await stateCounts(h, f.runId)).submitted).toBe(3);
    const [n] = rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int n from audit_log where action = 'disburse.results.ach_returns'`));
    expect(n.n).toBe(3);
  });

  it('after R03 the same account is not paid again: re-issue waits for new bank details', async () => {
    const returned = await h.db.select().from(paymentAttempts).where(eq(paymentAttempts.resultCode, 'R03'));
    const claim = f.claimsByMethod.ach.find((c) => c.id === returned[0].claimPk)!;
    await expect(reissuePayments(h.db, f.runId, { claimIds: [claim.claimId] }, 'again', f.finance.actor)).rejects.toMatchObject({
      details: [`${claim.claimId}: returned R03 (account closed or invalid): the claimant must give new bank details or choose another method first`],
    });
    // The R01 (insufficient funds) payment may be re-issued as it is.
    const r01 = await h.db.select().from(paymentAttempts).where(eq(paymentAttempts.resultCode, 'R01'));
    const c01 = f.claimsByMethod.ach.find((c) => c.id === r01[0].claimPk)!;
    expect((await reissuePayments(h.db, f.runId, { claimIds: [c01.claimId] }, 'retry', f.finance.actor)).reissued).toBe(1);
    // New details (the claimant's cure) make the R03 payment re-issuable.
    await h.db.update(claims).set({ updatedAt: new Date() }).where(eq(claims.id, claim.id));
    await expect(reissuePayments(h.db, f.runId, { claimIds: [claim.claimId] }, 'touched', f.finance.actor)).rejects.toMatchObject({ details: [expect.stringMatching(/new bank details/)] });
    await h.db.update(claims).set({ paymentHash: 'new-details-hash' }).where(eq(claims.id, claim.id));
    expect((await reissuePayments(h.db, f.runId, { claimIds: [claim.claimId] }, 'new details', f.finance.actor)).reissued).toBe(1);
    const written: string[] = [];
    await disburse(h.db, f.runId, { rail: 'ach', actor: f.finance.actor, rails: RAILS, write: async (files) => (written.push(files[0].name), 'memory') });
    expect(written).toEqual(['ach-0002.ach']);
    const second = await h.db.select().from(paymentAttempts).where(eq(paymentAttempts.attempt, 2));
    expect(second).toHaveLength(2);
    expect(second.every((a) => a.state === 'submitted')).toBe(true);
  });

  it('entries whose return window has passed are taken as paid; a late return still moves them', async () => {
    expect(settledCutoff('2026-12-14')).toBe('2026-12-09'); // Monday: Fri 11th and Thu 10th are the two banking days
    // On the first file's own settlement date its window has not passed.
    const [{ eff }] = rowsOf<{ eff: string }>(await h.db.execute(sql`select min(effective_date)::text eff from disbursements`));
    const early = await settleAch(h.db, f.settlement.id, eff, f.finance.actor);
    expect(early.settled).toBe(0);
    const r = await settleAch(h.db, f.settlement.id, '2099-01-01', f.finance.actor);
    expect(r.settled).toBe(5); // 3 never returned + the 2 re-issued entries of the second file
    expect((await stateCounts(h, f.runId)).paid).toBe(5);
    const late = entries()[3];
    const lateFile = bankFile([{ entry: late, code: 'R10' }]).replace('TIKTOK', 'TIKTOL');
    expect((await importAchReturns(h.db, f.settlement.id, 'returns-late.ach', Buffer.from(lateFile), f.finance.actor)).applied).toEqual({ returned: 1 });
  });
});
