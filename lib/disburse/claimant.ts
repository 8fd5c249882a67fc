import { sql, eq } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '@/db/client';
import { claims } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { fieldErrors, paymentSchema, toPayment, type FieldErrors } from '@/lib/claims/schema';
import { CLAIM_PAYMENT, CLAIM_PII, paymentIdentity, type ClaimPii } from '@/lib/claims/seal';
import { authenticateClaim, LOOKUP_FAILED, statusView, type ClaimStatusView } from '@/lib/claims/status';
import { AppError } from '@/lib/errors';
import { decryptJson, encryptJson, keyedHash } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { reissuePayments } from './checks';
import type { PaymentState } from './lifecycle';

/**
 * The claimant's side of a payment that did not arrive: the status page says what happened in plain
 * words and lets the claimant choose another way to be paid. The new details are validated by the claim
 * form's own payment step (lib/claims/schema.ts paymentSchema), sealed on the claim like intake seals
 * them, and the payment moves to `reissued` through the finance re-issue (./checks.ts reissuePayments →
 * ./transition.ts) in the SAME transaction: the next disbursement of the new method's rail pays it once.
 */

/** Payment states the claimant can act on: the money did not reach them. */
export const CLAIMANT_FIXABLE: readonly PaymentState[] = ['failed', 'returned', 'unclaimed', 'voided', 'uncashed'];

/** Plain words for each payment state a claimant may see (no rail codes, no account details). */
export const CLAIMANT_PAYMENT_WORDS: Partial<Record<PaymentState, string>> = {
  pending: 'Your payment is approved and waiting to be sent.',
  queued: 'Your payment is being prepared.',
  submitted: 'Your payment has been sent.',
  paid: 'Your payment was delivered.',
  failed: 'We could not send your payment with the details you gave. Choose another way to be paid below.',
  returned: 'Your payment came back to us: the account did not accept it. Choose another way to be paid below.',
  unclaimed: 'Your payment was not claimed in time. Choose another way to be paid below.',
  voided: 'Your check was cancelled. Choose another way to be paid below.',
  uncashed: 'Your check was not cashed before it expired. Choose another way to be paid below.',
  reissued: 'Your payment will be sent again with the method you chose.',
};

export type ClaimantPaymentState = { state: PaymentState; words: string; canChange: boolean; runId: string };

/** The latest approved run's payment of a claim, in the claimant's words (null before a run is approved). */
export async function claimantPaymentState(db: Queryable, claimPk: number): Promise<ClaimantPaymentState | null> {
  const [row] = rowsOf<{ run_id: string; state: PaymentState }>(
    await db.execute(sql`select p.run_id, p.state from payments p join payout_runs r on r.id = p.run_id
      where p.claim_pk = ${claimPk} and r.status in ('approved', 'locked') order by r.round desc, r.approved_at desc limit 1`),
  );
  if (!row || row.state === 'no_payment') return null;
  return { state: row.state, words: CLAIMANT_PAYMENT_WORDS[row.state] ?? '', canChange: CLAIMANT_FIXABLE.includes(row.state), runId: row.run_id };
}

export type ChangeMethodResult = { ok: true; message: string; view: ClaimStatusView; payment: ClaimantPaymentState | null } | { ok: false; error: string; errors?: FieldErrors };

/**
 * The claimant (claim ID + e-mail/ZIP, as the status look-up) chooses another payment method for a
 * payment that failed, came back, went unclaimed or was voided. One transaction: the claim's sealed
 * payment (and, for a check, the mailing street and city) and its payment hash change, the payment moves
 * to reissued, one audit row (no payment details in it).
 */
export async function changePaymentMethod(db: Db, s: Settlement, auth: { claimId: string; emailOrZip: string }, input: unknown): Promise<ChangeMethodResult> {
  const row = await authenticateClaim(db, s, auth.claimId, auth.emailOrZip);
  if (!row) return { ok: false, error: LOOKUP_FAILED };
  const current = await claimantPaymentState(db, row.id);
  if (!current?.canChange) return { ok: false, error: 'Your payment does not need a new payment method.' };
  const parsed = paymentSchema(s.config).safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { ok: false, error: 'Check the payment details and try again.', errors };
  }
  const values = parsed.data as Record<string, string>;
  const payment = toPayment(values);
  const key = await settlementKey(db, s.id);
  try {
    await db.transaction(async (tx) => {
      const pii = decryptJson<ClaimPii>(key, row.pii, CLAIM_PII);
      const nextPii: ClaimPii = payment.method === 'check' ? { ...pii, street: values.street, city: values.city } : pii;
      const identity = paymentIdentity(payment);
      await tx
        .update(claims)
        .set({
          payment: encryptJson(key, payment, CLAIM_PAYMENT),
          paymentHash: identity ? keyedHash(key, 'payment', identity) : null,
          paymentMethod: payment.method,
          ...(payment.method === 'check' ? { pii: encryptJson(key, nextPii, CLAIM_PII) } : {}),
        })
        .where(eq(claims.id, row.id));
      await tx.execute(sql`update payments set payment_method = ${payment.method} where run_id = ${current.runId} and claim_pk = ${row.id}`);
      // Nested transaction (a savepoint): the re-issue's checks (an ACH stop code needs new details) run on the new details.
      await reissuePayments(tx as unknown as Db, current.runId, { claimIds: [row.claimId] }, 'claimant chose another payment method', 'claimant');
      await appendAudit(tx, { settlementId: s.id, actor: 'claimant', action: 'claim.payment_method.change', targetType: 'claim', targetId: row.claimId, details: { from: row.paymentMethod, to: payment.method, paymentState: current.state } });
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'conflict') return { ok: false, error: 'Your payment changed while you were choosing; look up your claim again.' };
    throw e;
  }
  const [updated] = await db.select().from(claims).where(eq(claims.id, row.id));
  return { ok: true, message: 'Thank you. We will send your payment again with the method you chose.', view: await statusView(db, s, updated), payment: await claimantPaymentState(db, row.id) };
}
