import type { FraudRule } from '../types';

/**
 * NOT_IN_CLASS: verification found no class-list record for the claim (not a probable match awaiting a
 * reviewer, not a pending one). The claimant may still cure the deficiency verification opened.
 */
export const notInClass: FraudRule = {
  code: 'NOT_IN_CLASS',
  weight: 500,
  check: (f) => (f.verificationStatus === 'unmatched' ? { code: 'NOT_IN_CLASS', weight: 500, evidence: 'no matching record in the class list' } : null),
};
