import { others, type FraudRule } from '../types';

const DESTINATION: Record<string, string> = {
  paypal: 'PayPal account',
  venmo: 'Venmo account',
  zelle: 'Zelle account',
  prepaid_card: 'prepaid-card e-mail address',
  ach: 'bank account',
  check: 'check mailing address',
};

/**
 * SHARED_PAYOUT: the same payout destination (handle, bank account; the mailing address for checks) on
 * several claims. Three or more claims paying one account are a pattern (a ring) and deduct the full
 * weight. Two are usually a family — a couple at one address with one PayPal account does not fire at
 * all; two from different addresses (a grown child paid into a parent's account) deduct only a hint's
 * weight, which flags nothing alone but adds to other signals.
 */
export const sharedPayout: FraudRule = {
  code: 'SHARED_PAYOUT',
  weight: 350,
  params: { ringFrom: 3, pairWeight: 50 },
  check(f) {
    // Paying one's own account is not sharing someone else's: members sharing a family mailbox are DUPLICATE_EMAIL's business.
    if (f.payoutN < 2 || (f.payoutOwn && f.paymentMethod !== 'check')) return null;
    if (f.payoutN === 2 && f.payoutOneAddress) return null;
    const weight = f.payoutN >= 3 ? 350 : 50;
    return { code: 'SHARED_PAYOUT', weight, evidence: `same ${DESTINATION[f.paymentMethod] ?? 'payout account'} as ${others(f.payoutN - 1)}` };
  },
};
