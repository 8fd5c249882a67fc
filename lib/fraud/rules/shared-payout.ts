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
 * several claims. Two claims from one mailing address sharing one account are a household (a couple
 * with one PayPal account) and do not fire; three or more, or two from different addresses, do.
 */
export const sharedPayout: FraudRule = {
  code: 'SHARED_PAYOUT',
  weight: 350,
  params: { householdPair: 2 },
  check(f) {
    if (f.payoutN < 2) return null;
    if (f.payoutN === 2 && f.payoutOneAddress) return null;
    return { code: 'SHARED_PAYOUT', weight: 350, evidence: `same ${DESTINATION[f.paymentMethod] ?? 'payout account'} as ${others(f.payoutN - 1)}` };
  },
};
