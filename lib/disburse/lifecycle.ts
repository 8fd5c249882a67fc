import { AppError } from '@/lib/errors';
import type { PaymentMethod } from '@/lib/settlements/config';
import type { AttemptState, DisbursementRail } from '@/db/schema/disbursement';

/**
 * The payment lifecycle, written once (pure: no I/O), like lib/claims/lifecycle.ts for claims. Every
 * state a payment (payments.state) can have, which state may follow which and why. Only
 * lib/disburse/transition.ts writes payments.state, and it asks this module first.
 *
 *   pending ─► queued ─► submitted ─► paid ─► returned
 *                 │          ├─► failed | returned | unclaimed | voided | uncashed
 *                 └─► failed └─► (unclaimed ─► paid | returned)
 *   failed | returned | unclaimed | voided | uncashed ─► reissued ─► queued (a new attempt, a new key)
 *   no_payment: under the minimum (0 cents); written by the payout runner, never moves.
 */

export const PAYMENT_STATES = ['pending', 'no_payment', 'queued', 'submitted', 'paid', 'failed', 'returned', 'unclaimed', 'voided', 'uncashed', 'reissued'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const PAYMENT_STATE_LABELS: Record<PaymentState, string> = {
  pending: 'Pending',
  no_payment: 'No payment (under the minimum)',
  queued: 'Queued (intent recorded)',
  submitted: 'Sent',
  paid: 'Paid',
  failed: 'Failed',
  returned: 'Returned',
  unclaimed: 'Unclaimed',
  voided: 'Voided',
  uncashed: 'Uncashed (stale)',
  reissued: 'To be re-issued',
};

/**
 * Allowed moves. Why each:
 * - pending → queued: the intent to pay (attempt, idempotency key, file bytes) is committed BEFORE the
 *   file is written or the call made (the outbox); nothing can leave without it.
 * - queued → submitted: the file was handed out / the rail accepted the call.
 * - queued → failed: the rail refused it before any money moved (e.g. a recipient it cannot pay).
 * - submitted → paid: the rail confirmed (PayPal SUCCEEDED, card issued, check cashed, ACH settled).
 * - submitted → failed | returned | unclaimed: the rail's answer (PayPal FAILED/RETURNED/UNCLAIMED, an
 *   ACH return R01…).
 * - submitted → voided: a check stopped before it was cashed (lost, re-issue on request).
 * - submitted → uncashed: a check past its stale date (checkVoidDays); its money flows to the next round
 *   or the residue, per the plan.
 * - paid → returned: ACH returns can arrive after settlement (R10/R11 up to 60 days); PayPal can return
 *   a paid item. Paid is final except for that.
 * - unclaimed → paid | returned: a PayPal recipient can still claim it, or PayPal gives it back (30 days).
 * - failed | returned | unclaimed | voided | uncashed → reissued: finance re-issues (perhaps by another
 *   method the claimant chose); the old attempt stays as it ended.
 * - reissued → queued: the next disbursement of the rail picks it up with attempt n+1 and a new key.
 * Nothing moves backwards on a late or repeated answer: a repeat of the same move is a no-op for the
 * caller to skip (see `isRepeat`), anything else is refused.
 */
export const PAYMENT_TRANSITIONS: Record<PaymentState, readonly PaymentState[]> = {
  pending: ['queued'],
  no_payment: [],
  queued: ['submitted', 'failed'],
  submitted: ['paid', 'failed', 'returned', 'unclaimed', 'voided', 'uncashed'],
  paid: ['returned'],
  failed: ['reissued'],
  returned: ['reissued'],
  unclaimed: ['paid', 'returned', 'reissued'],
  voided: ['reissued'],
  uncashed: ['reissued'],
  reissued: ['queued'],
};

/** States a disbursement may pick up: never paid, or re-issue requested. */
export const PAYABLE_STATES: readonly PaymentState[] = ['pending', 'reissued'];
/** A later round's "those who cashed" (lib/payouts/service.ts eligibleStates). */
export const CONFIRMED_STATES: readonly PaymentState[] = ['paid'];

export function isPaymentState(s: unknown): s is PaymentState {
  return typeof s === 'string' && (PAYMENT_STATES as readonly string[]).includes(s);
}

export function canMove(from: PaymentState, to: PaymentState): boolean {
  return PAYMENT_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Throws AppError('conflict') for a move the lifecycle does not allow. */
export function assertMove(from: string, to: string, what?: string): asserts from is PaymentState {
  if (!isPaymentState(from) || !isPaymentState(to)) throw new AppError('bad_input', `unknown payment state "${isPaymentState(from) ? to : from}"`, { field: 'state' });
  if (!canMove(from, to))
    throw new AppError('conflict', `${what ? `${what}: ` : ''}a payment that is ${PAYMENT_STATE_LABELS[from].toLowerCase()} cannot become ${PAYMENT_STATE_LABELS[to].toLowerCase()}`, {
      field: 'state',
      details: [`from ${from}`, `to ${to}`],
    });
}

/**
 * A rail's answer that the payment already reflects (the same results file or webhook twice): not an
 * error, nothing to do. Only exact repeats count; an older answer after a newer one is refused by
 * assertMove (returned is never resurrected to paid).
 */
export function isRepeat(from: PaymentState, to: PaymentState): boolean {
  return from === to;
}

/** The attempt's state that mirrors a payment state (an attempt never is pending, reissued or no_payment). */
export function attemptStateOf(s: PaymentState): AttemptState | null {
  switch (s) {
    case 'queued':
    case 'submitted':
    case 'paid':
    case 'failed':
    case 'returned':
    case 'unclaimed':
    case 'voided':
    case 'uncashed':
      return s;
    default:
      return null;
  }
}

export const FILE_RAILS = ['ach', 'check', 'paypal', 'prepaid'] as const satisfies readonly DisbursementRail[];
export type FileRail = (typeof FILE_RAILS)[number];

/**
 * Which rail pays a claim's chosen method. Venmo is paid through PayPal (Payouts pays Venmo handles).
 * Zelle has none: there is no bulk file for Zelle and its handle (an e-mail or phone) cannot go into a
 * NACHA entry, which needs routing and account numbers; those payments stay pending and the
 * reconciliation shows them as "no rail" until the Zelle/Stripe session or a re-issue by another method.
 */
export const RAIL_OF_METHOD: Record<PaymentMethod, DisbursementRail | null> = {
  ach: 'ach',
  check: 'check',
  paypal: 'paypal',
  venmo: 'paypal',
  prepaid_card: 'prepaid',
  zelle: null,
};

export function methodsOfRail(rail: DisbursementRail): PaymentMethod[] {
  return (Object.entries(RAIL_OF_METHOD) as [PaymentMethod, DisbursementRail | null][]).filter(([, r]) => r === rail).map(([m]) => m);
}

/**
 * The idempotency key of one attempt: the payment's key (md5 of run, claim and round, generated by the
 * database) and the attempt number. Deterministic: a retry of the same attempt carries the same key; a
 * re-issue is attempt n+1 and so a new key (reliability.md §2.1, §2.9).
 */
export function attemptKey(paymentKey: string, attempt: number): string {
  if (!/^[0-9a-f]{32}$/.test(paymentKey)) throw new AppError('internal', 'a payment key is an md5 hex digest');
  if (!Number.isInteger(attempt) || attempt < 1) throw new AppError('internal', 'attempts are numbered from 1');
  return `pay_${paymentKey}_a${attempt}`;
}
