import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { auditLog, claims } from '@/db/schema';
import { CLAIM_PAYMENT, type PaymentDetails } from '@/lib/claims/seal';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { openTestDb } from '@/lib/testing/db';
import { changePaymentMethod, claimantPaymentState } from './claimant';
import { disburse } from './service';
import { movePayment } from './transition';
import { disbursementFixture, RAILS, stateCounts, type Fixture } from './test-fixture';
import { LOOKUP_FAILED, lookupClaimStatus } from '@/lib/claims/status';
import type { Mail } from '@/lib/mail/send';
import { sendPaymentMail } from './payment-mail';

let h: Handle;
let f: Fixture;

beforeAll(async () => {
  h = await openTestDb();
  f = await disbursementFixture(h, ['paypal', 'paypal']);
  await disburse(h.db, f.runId, { rail: 'paypal', actor: f.finance.actor, rails: RAILS, write: async () => 'memory' });
  // PayPal answers FAILED for the first claimant (as a results file would, through the transition module).
  const c = f.claimsByMethod.paypal[0];
  const [a] = rowsOf<{ id: number }>(await h.db.execute(sql`select id from payment_attempts where run_id = ${f.runId} and claim_pk = ${c.id}`));
  await movePayment(h.db, f.settlement.id, { runId: f.runId, claimPk: c.id, from: 'submitted', to: 'failed', attemptId: Number(a.id), code: 'FAILED' }, 'test');
}, 120_000);
afterAll(async () => h?.close());

const auth = (i: number) => ({ claimId: f.claimsByMethod.paypal[i].claimId, emailOrZip: `claimant${i}@example.com` });

describe('the claimant chooses another payment method', () => {
  it('e-mails the claimant once per failed attempt, with a link to the status page and no payment detail', async () => {
    const c = f.claimsByMethod.paypal[0];
    const [a] = rowsOf<{ id: number }>(await h.db.execute(sql`select id from payment_attempts where run_id = ${f.runId} and claim_pk = ${c.id}`));
    // The same answer again (a repeated results row) queues nothing new.
    await h.db.execute(sql`insert into payment_mail (settlement_id, attempt_id, claim_pk, kind) values (${f.settlement.id}, ${a.id}, ${c.id}, 'failed') on conflict (attempt_id) do nothing`);
    const outbox: Mail[] = [];
    expect(await sendPaymentMail(h.db, f.settlement, { send: async (m) => outbox.push(m) })).toEqual({ sent: 1, failed: 0 });
    expect(await sendPaymentMail(h.db, f.settlement, { send: async (m) => outbox.push(m) })).toEqual({ sent: 0, failed: 0 });
    expect(outbox).toHaveLength(1);
    expect(outbox[0].to).toBe('claimant0@example.com');
    expect(outbox[0].text).toContain(`/${f.settlement.slug}/status?id=${c.claimId}`);
    expect(outbox[0].text).not.toMatch(/@example\.com|\$/);
  });

  it('the status look-up shows the failed payment in plain words', async () => {
    const r = await lookupClaimStatus(h.db, f.settlement, auth(0).claimId, '60601');
    expect(r.ok && r.view.paymentState).toMatchObject({ state: 'failed', canChange: true });
    expect(r.ok && r.view.paymentState?.words).toMatch(/could not send your payment/);
    const other = await lookupClaimStatus(h.db, f.settlement, auth(1).claimId, '60601');
    expect(other.ok && other.view.paymentState).toMatchObject({ state: 'submitted', canChange: false });
  });

  it('refuses a wrong proof, a payment that is fine, and invalid details (naming the field)', async () => {
    expect(await changePaymentMethod(h.db, f.settlement, { ...auth(0), emailOrZip: '99999' }, { paymentMethod: 'check' })).toEqual({ ok: false, error: LOOKUP_FAILED });
    expect(await changePaymentMethod(h.db, f.settlement, auth(1), { paymentMethod: 'paypal', paypalEmail: 'x@example.com' })).toMatchObject({ ok: false, error: /does not need/ });
    const bad = await changePaymentMethod(h.db, f.settlement, auth(0), { paymentMethod: 'venmo', venmoHandle: '!!' });
    expect(bad).toMatchObject({ ok: false, errors: { venmoHandle: expect.stringMatching(/Venmo/) } });
    // Only the settlement's own methods (tiktok.json has no Zelle).
    expect(await changePaymentMethod(h.db, f.settlement, auth(0), { paymentMethod: 'zelle', zelleContact: 'a@example.com' })).toMatchObject({ ok: false, errors: { paymentMethod: 'Choose how you want to be paid' } });
    expect((await stateCounts(h, f.runId)).failed).toBe(1);
  });

  it('seals the new method on the claim, moves the payment to reissued, audits without details', async () => {
    const r = await changePaymentMethod(h.db, f.settlement, auth(0), { paymentMethod: 'venmo', venmoHandle: '@new-handle' });
    expect(r).toMatchObject({ ok: true, payment: { state: 'reissued', canChange: false } });
    const c = f.claimsByMethod.paypal[0];
    const [row] = await h.db.select().from(claims).where(eq(claims.id, c.id));
    expect(row.paymentMethod).toBe('venmo');
    expect(decryptJson<PaymentDetails>(await settlementKey(h.db, f.settlement.id), row.payment, CLAIM_PAYMENT)).toEqual({ method: 'venmo', username: 'new-handle' });
    expect(JSON.stringify(row.payment)).not.toContain('new-handle');
    const audits = await h.db.select().from(auditLog).where(eq(auditLog.action, 'claim.payment_method.change'));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0].details)).not.toContain('new-handle');
    expect((await h.db.select().from(auditLog).where(eq(auditLog.action, 'disburse.reissue'))).length).toBe(1);
    // Asked twice: the payment is already to be re-issued, nothing changes.
    expect(await changePaymentMethod(h.db, f.settlement, auth(0), { paymentMethod: 'check', street: '1 Elm St', city: 'Chicago' })).toMatchObject({ ok: false });
    // The next PayPal disbursement pays the new Venmo handle once (attempt 2).
    const res = await disburse(h.db, f.runId, { rail: 'paypal', actor: f.finance.actor, rails: RAILS, write: async () => 'memory' });
    expect(res.batches[0].payments).toBe(1);
    expect((await claimantPaymentState(h.db, c.id))?.state).toBe('submitted');
  });
});
