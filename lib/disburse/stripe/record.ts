import { and, eq, or, sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import { paymentAttempts } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import type { PaymentState } from '../lifecycle';
import { movePayments } from '../transition';
import { codeOf, KEY_METADATA, movesToward, stateOfStatus, type ObpStatus } from './requests';

/** The fields of an outbound payment the rail reads (a subset of Stripe.V2.MoneyManagement.OutboundPayment). */
export type ObpView = { id: string; status: string; metadata?: Record<string, string> | null; status_details?: { failed?: { reason?: string }; returned?: { reason?: string } } | null };

export type RecordOutcome = 'applied' | 'already' | 'unknown';

/**
 * Records what Stripe says about one outbound payment, in the caller's transaction: finds the attempt by
 * the payment id or by our key in its metadata (a webhook can arrive before our own call's response was
 * recorded — or instead of it, when the response was lost), keeps the payment id, and moves the payment
 * toward the state the CURRENT status means. Because it applies the fetched object's state, not the
 * event's, deliveries in any order converge; an answer the payment has passed moves nothing.
 */
export async function recordOutbound(tx: Queryable, obp: ObpView, actor: string, via: string): Promise<RecordOutcome> {
  const key = obp.metadata?.[KEY_METADATA];
  const [a] = await tx
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.rail, 'stripe'), key ? or(eq(paymentAttempts.railRef, obp.id), eq(paymentAttempts.idempotencyKey, key)) : eq(paymentAttempts.railRef, obp.id)))
    .limit(1);
  if (!a) return 'unknown';
  // The payment row is the lock: the sender and a webhook recording the same attempt serialise here.
  const [p] = rowsOf<{ state: PaymentState }>(await tx.execute(sql`select state from payments where run_id = ${a.runId} and claim_pk = ${a.claimPk} for update`));
  if (a.railRef !== obp.id) await tx.update(paymentAttempts).set({ railRef: obp.id, updatedAt: new Date() }).where(eq(paymentAttempts.id, a.id));
  // The payment may have moved on to a newer attempt (re-issued): an old attempt's news changes only the attempt's record.
  const [latest] = rowsOf<{ id: number }>(await tx.execute(sql`select max(id) as id from payment_attempts where run_id = ${a.runId} and claim_pk = ${a.claimPk}`));
  if (Number(latest.id) !== a.id) return 'already';
  const target = stateOfStatus(obp.status as ObpStatus);
  const steps = movesToward(p.state, target);
  if (steps.length === 0) return 'already';
  const code = codeOf(obp);
  for (const [from, to] of steps) await movePayments(tx, a.settlementId, [{ runId: a.runId, claimPk: a.claimPk, from, to, attemptId: a.id, code }], actor);
  await appendAudit(tx, {
    settlementId: a.settlementId,
    actor,
    action: 'disburse.stripe.result',
    targetType: 'payment_attempt',
    targetId: String(a.id),
    details: { via, outboundPayment: obp.id, status: obp.status, code, from: p.state, to: target, amountCents: a.amountCents },
  });
  return 'applied';
}
