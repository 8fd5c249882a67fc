import { describe, expect, it } from 'vitest';
import { codeOf, movesToward, outboundPaymentParams, recipientParams, stateOfStatus, stepKey, type StripeAttempt } from './requests';

const A: StripeAttempt = {
  key: 'pay_0123456789abcdef0123456789abcdef_a1',
  claimId: 'TT-0001',
  amountCents: 1234,
  firstName: 'José',
  lastName: 'Núñez',
  email: 'jose@example.com',
  bank: { routingNumber: '021000021', accountNumber: '000123', accountType: 'checking' },
};
const S = { financialAccount: 'fa_test_1', currency: 'usd', description: 'TikTok settlement payment' };

describe('stripe rail: request building', () => {
  it('makes the claimant a recipient (not a customer) able to receive to a local bank account, tagged with our key', () => {
    const p = recipientParams(A);
    expect(p.configuration).toEqual({ recipient: { capabilities: { bank_accounts: { local: { requested: true } } } } });
    expect(p.configuration).not.toHaveProperty('customer');
    expect(p.identity?.individual).toEqual({ given_name: 'José', surname: 'Núñez' });
    expect(p.metadata).toEqual({ fairshare_key: A.key, fairshare_claim: 'TT-0001' });
  });

  it('pays integer cents from the fund financial account to the recipient payout method, with our key in metadata', () => {
    const p = outboundPaymentParams(A, S, 'acct_1', 'usba_1');
    expect(p).toMatchObject({
      from: { financial_account: 'fa_test_1', currency: 'usd' },
      to: { recipient: 'acct_1', payout_method: 'usba_1', currency: 'usd' },
      amount: { value: 1234, currency: 'usd' },
      metadata: { fairshare_key: A.key },
      recipient_notification: { setting: 'none' },
    });
    expect(() => outboundPaymentParams({ ...A, amountCents: 12.5 }, S, 'a', 'b')).toThrow(/whole number of cents/);
    expect(() => outboundPaymentParams({ ...A, amountCents: 0 }, S, 'a', 'b')).toThrow();
  });

  it('is deterministic: the same attempt builds the same bodies (a retry matches Stripe idempotency)', () => {
    expect(JSON.stringify(outboundPaymentParams(A, S, 'acct_1', 'usba_1'))).toBe(JSON.stringify(outboundPaymentParams({ ...A }, S, 'acct_1', 'usba_1')));
    expect(stepKey(A.key, 'recipient')).not.toBe(stepKey(A.key, 'bank'));
  });
});

describe('stripe rail: result mapping', () => {
  it('maps each outbound payment status to a payment state', () => {
    expect(stateOfStatus('processing')).toBe('submitted');
    expect(stateOfStatus('posted')).toBe('paid');
    expect(stateOfStatus('failed')).toBe('failed');
    expect(stateOfStatus('canceled')).toBe('failed');
    expect(stateOfStatus('returned')).toBe('returned');
  });

  it('keeps the reason Stripe gives', () => {
    expect(codeOf({ status: 'failed', status_details: { failed: { reason: 'payout_method_declined' } } })).toBe('failed:payout_method_declined');
    expect(codeOf({ status: 'posted' })).toBe('posted');
  });

  it('walks the lifecycle forward and never back, whatever order the answers come in', () => {
    expect(movesToward('queued', 'paid')).toEqual([['queued', 'submitted'], ['submitted', 'paid']]);
    expect(movesToward('queued', 'returned')).toEqual([['queued', 'submitted'], ['submitted', 'paid'], ['paid', 'returned']]);
    expect(movesToward('paid', 'submitted')).toEqual([]); // a late "processing"
    expect(movesToward('returned', 'paid')).toEqual([]); // a late "posted"
    expect(movesToward('paid', 'paid')).toEqual([]); // a repeat
    expect(movesToward('submitted', 'failed')).toEqual([['submitted', 'failed']]);
  });
});
