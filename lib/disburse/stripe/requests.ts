import type Stripe from 'stripe';
import type { PaymentState } from '../lifecycle';

/**
 * The Stripe rail's pure core (docs/decisions/0023-stripe-global-payouts.md): what we send to Stripe
 * for one payment attempt, and what Stripe's answer means for the payment. No I/O, so every mapping is
 * unit-tested (requests.test.ts) and the service (send.ts) and the webhook (webhook.ts) share one truth.
 */

/** What the rail needs to know about one attempt. Personal data stays in memory, never logged. */
export type StripeAttempt = {
  /** The attempt's deterministic idempotency key (payment_attempts.idempotency_key). */
  key: string;
  claimId: string;
  amountCents: number;
  firstName: string;
  lastName: string;
  email: string;
  bank: { routingNumber: string; accountNumber: string; accountType: 'checking' | 'savings' };
};

export type StripeRailSettings = {
  /** The fund's Stripe financial account the money leaves from (fa_…). */
  financialAccount: string;
  currency: string;
  description: string;
};

/** Our reference on every Stripe object: found again by it after a lost response (send.ts `findPayment`). */
export const KEY_METADATA = 'fairshare_key';

/** Idempotency keys of the steps before the payment: each step a distinct key derived from the attempt's. */
export const stepKey = (key: string, step: 'recipient' | 'bank') => `${key}:${step}`;

/**
 * The claimant as a Global Payouts RECIPIENT: a v2 core account with only the recipient configuration
 * (they are not our customer and never sign in to Stripe), able to receive to a local bank account.
 * recipient_notification is left to the outbound payment (none: we e-mail claimants ourselves).
 */
export function recipientParams(a: StripeAttempt): Stripe.V2.Core.AccountCreateParams {
  return {
    contact_email: a.email,
    display_name: `${a.firstName} ${a.lastName}`.slice(0, 100),
    identity: { country: 'us', entity_type: 'individual', individual: { given_name: a.firstName, surname: a.lastName } },
    configuration: { recipient: { capabilities: { bank_accounts: { local: { requested: true } } } } },
    include: ['configuration.recipient', 'identity'],
    metadata: { [KEY_METADATA]: a.key, fairshare_claim: a.claimId },
  };
}

/** The claimant's US bank account, created in the recipient's context (Stripe-Context: the account). */
export function bankParams(a: StripeAttempt, s: Pick<StripeRailSettings, 'currency'>): Stripe.V2.Core.Vault.UsBankAccountCreateParams {
  return { currency: s.currency, routing_number: a.bank.routingNumber, account_number: a.bank.accountNumber, bank_account_type: a.bank.accountType };
}

/** The money movement: from the fund's financial account to the recipient's bank account, in cents. */
export function outboundPaymentParams(a: StripeAttempt, s: StripeRailSettings, recipient: string, payoutMethod: string): Stripe.V2.MoneyManagement.OutboundPaymentCreateParams {
  if (!Number.isInteger(a.amountCents) || a.amountCents <= 0) throw new Error('an outbound payment is a positive whole number of cents');
  return {
    from: { financial_account: s.financialAccount, currency: s.currency },
    to: { recipient, payout_method: payoutMethod, currency: s.currency },
    amount: { value: a.amountCents, currency: s.currency },
    description: s.description.slice(0, 100),
    metadata: { [KEY_METADATA]: a.key, fairshare_claim: a.claimId },
    recipient_notification: { setting: 'none' },
  };
}

export type ObpStatus = 'processing' | 'posted' | 'failed' | 'returned' | 'canceled';

/**
 * The payment state an outbound payment's status means. processing: Stripe accepted it (submitted);
 * posted: the money left to the bank (paid); failed / canceled before posting: nothing moved (failed);
 * returned: the bank sent it back after posting (returned).
 */
export function stateOfStatus(status: ObpStatus): PaymentState {
  switch (status) {
    case 'processing':
      return 'submitted';
    case 'posted':
      return 'paid';
    case 'failed':
    case 'canceled':
      return 'failed';
    case 'returned':
      return 'returned';
  }
}

/** The result code kept on the attempt: the status and Stripe's reason when it gives one. */
export function codeOf(p: { status: string; status_details?: { failed?: { reason?: string }; returned?: { reason?: string } } | null }): string {
  const reason = p.status === 'failed' ? p.status_details?.failed?.reason : p.status === 'returned' ? p.status_details?.returned?.reason : undefined;
  return reason ? `${p.status}:${reason}` : p.status;
}

/**
 * The moves that bring a payment from where it is to what Stripe says, through the lifecycle's own
 * steps (queued → submitted → paid: a "posted" seen before our "processing" still records both). An
 * answer the payment has already passed (a late "processing" after "posted", in any delivery order)
 * gives no move; so does an exact repeat.
 */
export function movesToward(from: PaymentState, to: PaymentState): [PaymentState, PaymentState][] {
  if (from === to) return [];
  const paths: Partial<Record<PaymentState, Partial<Record<PaymentState, PaymentState[]>>>> = {
    queued: { submitted: ['submitted'], paid: ['submitted', 'paid'], failed: ['failed'], returned: ['submitted', 'paid', 'returned'] },
    submitted: { paid: ['paid'], failed: ['failed'], returned: ['returned'] },
    paid: { returned: ['returned'] },
  };
  const steps = paths[from]?.[to];
  if (!steps) return [];
  const out: [PaymentState, PaymentState][] = [];
  let at = from;
  for (const s of steps) {
    out.push([at, s]);
    at = s;
  }
  return out;
}

/** Stripe's v2 thin events this rail acts on (each fetches the outbound payment before acting). */
export const OUTBOUND_PAYMENT_EVENTS = [
  'v2.money_management.outbound_payment.created',
  'v2.money_management.outbound_payment.updated',
  'v2.money_management.outbound_payment.posted',
  'v2.money_management.outbound_payment.failed',
  'v2.money_management.outbound_payment.returned',
  'v2.money_management.outbound_payment.canceled',
] as const;
