import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { rowsOf, type Db } from '@/db/client';
import { disbursements, paymentAttempts } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CLAIM_PAYMENT, CLAIM_PII, type ClaimPii, type PaymentDetails } from '@/lib/claims/seal';
import { AppError } from '@/lib/errors';
import { loadRun } from '@/lib/payouts/runner';
import { decryptJson, encryptJson, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { attemptKey, PAYABLE_STATES } from '../lifecycle';
import { movePayments } from '../transition';
import { recordOutbound, type ObpView } from './record';
import { bankParams, KEY_METADATA, outboundPaymentParams, recipientParams, stepKey, type StripeAttempt, type StripeRailSettings } from './requests';

/**
 * `fairshare disburse RUN --rail stripe` (docs/decisions/0023-stripe-global-payouts.md). The outbox:
 *
 * 1. INTENT (one transaction, under the rail's lock): the run's payable payments whose claimant gave bank
 *    details get an attempt with its deterministic idempotency key; pending|reissued → queued; audit.
 * 2. SEND, per queued attempt: the recipient account (kept on the attempt BEFORE any payment), then ASK
 *    Stripe for an outbound payment carrying our key (list by recipient); only if there is none, the bank
 *    account and the outbound payment, each with its Idempotency-Key.
 * 3. RESULT (one transaction per attempt): the payment id, queued → submitted (or what Stripe says); audit.
 *
 * A crash or a lost response leaves the attempt queued; the next run (or this one's next try) asks
 * before it sends, so a payment Stripe made is found and recorded, never made again. Bank claims can be
 * paid by this rail or by an ACH file; the live-attempt unique index makes them exclusive.
 */

/** Claimants paid by Stripe: those who gave a bank account (Global Payouts pays to the recipient's bank). */
export const STRIPE_METHODS = ['ach'] as const;
const CONTENT = 'disbursements.content';

export type StripeDisburseOptions = {
  actor: string;
  stripe: Stripe;
  settings: StripeRailSettings;
  limit?: number;
  now?: Date;
  /** Tries per attempt within this run (each try asks first); left queued after that, for the next run. */
  tries?: number;
  /** Crash-test seams: after the intent commits, before anything is sent; after Stripe made a payment, before it is recorded. */
  afterIntent?: () => Promise<void> | void;
  afterSend?: () => Promise<void> | void;
};

export type StripeDisburseResult = {
  runId: string;
  rail: 'stripe';
  batch: { batchNo: number; payments: number; amountCents: number } | null;
  /** Created by this run. */
  sent: number;
  /** Found at Stripe (sent before: a lost response, a crash) and recorded without sending. */
  found: number;
  /** Refused by Stripe (a bad bank account…): failed, for a re-issue. */
  refused: number;
  /** Not resolved (Stripe unreachable): still queued; run again. */
  unresolved: number;
  skipped: { claimId: string; reason: string }[];
  nothingNew: boolean;
};

export async function disburseStripe(db: Db, runId: string, opts: StripeDisburseOptions): Promise<StripeDisburseResult> {
  const run = await loadRun(db, runId);
  if (run.status !== 'approved' && run.status !== 'locked') throw new AppError('conflict', `only an approved or locked run is paid; this one is ${run.status}`);
  if (run.phase !== 'computed') throw new AppError('conflict', `the run is not computed (${run.phase})`);
  if (run.approvedBy && run.approvedBy === opts.actor) throw new AppError('forbidden', 'a disbursement is started by someone other than the person who approved the run');
  const key = await settlementKey(db, run.settlementId);
  const intent = await recordIntent(db, key, run.id, run.settlementId, opts);
  if (intent.batch) await opts.afterIntent?.();
  const out: StripeDisburseResult = { runId, rail: 'stripe', batch: intent.batch, sent: 0, found: 0, refused: 0, unresolved: 0, skipped: intent.skipped, nothingNew: false };
  const queued = await db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.runId, runId), eq(paymentAttempts.rail, 'stripe'), eq(paymentAttempts.state, 'queued')))
    .orderBy(asc(paymentAttempts.id));
  out.nothingNew = !intent.batch && queued.length === 0;
  for (const a of queued) {
    const r = await sendAttempt(db, key, a, opts);
    out[r]++;
  }
  return out;
}

type Attempt = typeof paymentAttempts.$inferSelect;

async function recordIntent(db: Db, key: DataKey, runId: string, settlementId: string, opts: StripeDisburseOptions) {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`disburse:${settlementId}:stripe`}))`);
    const rows = rowsOf<{ claim_pk: string | number; claim_id: string; amount_cents: string | number; state: 'pending' | 'reissued'; key: string; method: string; attempts: string | number; payment: string; payment_hash: string | null }>(
      await tx.execute(sql`
        select p.claim_pk, c.claim_id, p.amount_cents, p.state, p.idempotency_key as key, c.payment_method as method, c.payment, c.payment_hash,
               coalesce((select max(a.attempt) from payment_attempts a where a.run_id = p.run_id and a.claim_pk = p.claim_pk), 0) as attempts
          from payments p join claims c on c.id = p.claim_pk
         where p.run_id = ${runId} and p.state = any(${`{${PAYABLE_STATES.join(',')}}`}::text[]) and p.amount_cents > 0
           and c.status = 'approved' and c.payment_method = any(${`{${STRIPE_METHODS.join(',')}}`}::text[])
         order by p.claim_pk
         limit ${opts.limit ?? 100_000}
         for update of p`),
    );
    const skipped: { claimId: string; reason: string }[] = [];
    const ok = rows.filter((r) => {
      const pay = decryptJson<PaymentDetails>(key, r.payment, CLAIM_PAYMENT);
      if (pay.method !== 'ach') skipped.push({ claimId: r.claim_id, reason: 'no bank details on the claim' });
      return pay.method === 'ach';
    });
    if (ok.length === 0) return { batch: null, skipped };
    const [{ seq, batch }] = rowsOf<{ seq: string | number | null; batch: string | number | null }>(
      await tx.execute(sql`select (select max(reference_seq) from payment_attempts where settlement_id = ${settlementId} and rail = 'stripe') as seq,
                                  (select max(batch_no) from disbursements where settlement_id = ${settlementId} and rail = 'stripe') as batch`),
    );
    const batchNo = Number(batch ?? 0) + 1;
    const amountCents = ok.reduce((t, r) => t + Number(r.amount_cents), 0);
    // An API rail has no file: the disbursement row is the batch's record (status written once all is sent is not tracked; attempts are).
    const [d] = await tx
      .insert(disbursements)
      .values({ settlementId, runId, rail: 'stripe', batchNo, status: 'written', payments: ok.length, amountCents, files: [], content: encryptJson(key, [], CONTENT), railConfig: { ...opts.settings }, createdBy: opts.actor, createdAt: now, writtenAt: now, writtenTo: 'stripe' })
      .returning();
    const planned = ok.map((r, i) => {
      const attempt = Number(r.attempts) + 1;
      const k = attemptKey(r.key, attempt);
      return { r, attempt, k, seq: Number(seq ?? 0) + 1 + i };
    });
    const ids = await tx
      .insert(paymentAttempts)
      .values(
        planned.map((p) => ({
          settlementId,
          runId,
          claimPk: Number(p.r.claim_pk),
          attempt: p.attempt,
          rail: 'stripe' as const,
          method: p.r.method,
          paymentHash: p.r.payment_hash,
          disbursementId: d.id,
          idempotencyKey: p.k,
          amountCents: Number(p.r.amount_cents),
          state: 'queued' as const,
          referenceSeq: p.seq,
          reference: p.k,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: paymentAttempts.id, claimPk: paymentAttempts.claimPk });
    const attemptOf = new Map(ids.map((x) => [x.claimPk, x.id]));
    await movePayments(
      tx,
      settlementId,
      planned.map((p) => ({ runId, claimPk: Number(p.r.claim_pk), from: p.r.state, to: 'queued' as const, attemptId: attemptOf.get(Number(p.r.claim_pk)), code: `stripe#${batchNo}` })),
      opts.actor,
      now,
    );
    await appendAudit(tx, { settlementId, actor: opts.actor, action: 'disburse.intent', targetType: 'payout_run', targetId: runId, details: { rail: 'stripe', batchNo, payments: ok.length, amountCents, skipped: skipped.length } });
    return { batch: { batchNo, payments: ok.length, amountCents }, skipped };
  });
}

/** Transient: Stripe may or may not have acted (network, timeout, 5xx, 409 concurrent, 429) — ask again later. */
export function isTransient(e: unknown): boolean {
  const err = e as { type?: string; statusCode?: number };
  if (err?.type === 'StripeConnectionError' || err?.type === 'StripeAPIError' || err?.type === 'StripeRateLimitError' || err?.type === 'StripeIdempotencyError') return true;
  const s = err?.statusCode;
  return s === undefined || s >= 500 || s === 409 || s === 429;
}

async function sendAttempt(db: Db, key: DataKey, a: Attempt, opts: StripeDisburseOptions): Promise<'sent' | 'found' | 'refused' | 'unresolved'> {
  const tries = opts.tries ?? 3;
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await sendOnce(db, key, a, opts);
    } catch (e) {
      last = e;
      if (e instanceof Refusal || !isTransient(e)) {
        const code = e instanceof Refusal ? e.code : `refused:${(e as { code?: string }).code ?? (e as { statusCode?: number }).statusCode ?? 'error'}`;
        await db.transaction(async (tx) => {
          const [p] = rowsOf<{ state: string }>(await tx.execute(sql`select state from payments where run_id = ${a.runId} and claim_pk = ${a.claimPk} for update`));
          if (p?.state !== 'queued') return;
          await movePayments(tx, a.settlementId, [{ runId: a.runId, claimPk: a.claimPk, from: 'queued', to: 'failed', attemptId: a.id, code }], opts.actor);
          await appendAudit(tx, { settlementId: a.settlementId, actor: opts.actor, action: 'disburse.stripe.refused', targetType: 'payment_attempt', targetId: String(a.id), details: { code, amountCents: a.amountCents } });
        });
        return 'refused';
      }
    }
  }
  void last; // never logged: a Stripe error can echo the request (bank details)
  return 'unresolved';
}

/** Nothing was sent and nothing will be for this attempt (checked by asking Stripe first): it fails, for a re-issue. */
class Refusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

async function sendOnce(db: Db, key: DataKey, a: Attempt, opts: StripeDisburseOptions): Promise<'sent' | 'found'> {
  const s = opts.stripe;
  let recipient = (await db.select({ r: paymentAttempts.railRecipient }).from(paymentAttempts).where(eq(paymentAttempts.id, a.id)))[0]?.r ?? null;
  // 1. Ask before anything else: once a recipient is kept, an outbound payment with our key may exist (a
  //    lost response, a crash). No recipient kept → no payment can exist (it is kept before any payment).
  if (recipient) {
    const existing = await findPayment(s, recipient, a.idempotencyKey);
    if (existing) {
      await db.transaction((tx) => recordOutbound(tx, existing, opts.actor, 'resolve'));
      return 'found';
    }
  }
  // Not sent. The claim as it is NOW must still be the one the intent was made for: a claimant who changed
  // method or bank account since (the status page) is not paid to the old details — nor to new ones
  // nobody queued; the attempt fails and a re-issue pays the new choice.
  const att = await attemptData(db, key, a);
  // 2. The recipient, kept before any payment exists. A lost answer here is retried with the same
  //    Idempotency-Key (no money moves on this call; past Stripe's 24 h window a spare empty recipient).
  if (!recipient) {
    const acct = await s.v2.core.accounts.create(recipientParams(att), { idempotencyKey: stepKey(a.idempotencyKey, 'recipient') });
    await db.update(paymentAttempts).set({ railRecipient: acct.id, updatedAt: new Date() }).where(and(eq(paymentAttempts.id, a.id), isNull(paymentAttempts.railRecipient)));
    recipient = (await db.select({ r: paymentAttempts.railRecipient }).from(paymentAttempts).where(eq(paymentAttempts.id, a.id)))[0].r!;
  }
  // 3. Send. The same Idempotency-Key on every try of this attempt: a create racing a lost answer (or
  //    stripe-node's own retry of a closed connection) is replayed by Stripe, not made twice.
  const bank = await s.v2.core.vault.usBankAccounts.create(bankParams(att, opts.settings), { idempotencyKey: stepKey(a.idempotencyKey, 'bank'), stripeContext: recipient });
  const obp = await s.v2.moneyManagement.outboundPayments.create(outboundPaymentParams(att, opts.settings, recipient, bank.id), { idempotencyKey: a.idempotencyKey });
  await opts.afterSend?.();
  await db.transaction((tx) => recordOutbound(tx, obp as unknown as ObpView, opts.actor, 'create'));
  return 'sent';
}

/** The outbound payment of an attempt, if Stripe made it: the recipient's payments, matched on our key. */
export async function findPayment(s: Stripe, recipient: string, key: string): Promise<ObpView | null> {
  for await (const p of s.v2.moneyManagement.outboundPayments.list({ recipient, limit: 20 })) {
    if (p.metadata?.[KEY_METADATA] === key) return p as unknown as ObpView;
  }
  return null;
}

async function attemptData(db: Db, key: DataKey, a: Attempt): Promise<StripeAttempt> {
  const [c] = rowsOf<{ claim_id: string; payment: string; pii: string; payment_hash: string | null }>(await db.execute(sql`select claim_id, payment, pii, payment_hash from claims where id = ${a.claimPk}`));
  const pay = decryptJson<PaymentDetails>(key, c.payment, CLAIM_PAYMENT);
  const pii = decryptJson<ClaimPii>(key, c.pii, CLAIM_PII);
  if (pay.method !== 'ach') throw new Refusal('method_changed');
  if (c.payment_hash !== a.paymentHash) throw new Refusal('details_changed');
  return {
    key: a.idempotencyKey,
    claimId: c.claim_id,
    amountCents: a.amountCents,
    firstName: pii.firstName,
    lastName: pii.lastName,
    email: pii.email,
    bank: { routingNumber: pay.routingNumber, accountNumber: pay.accountNumber, accountType: pay.accountType },
  };
}
