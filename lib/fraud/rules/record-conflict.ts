import type { FraudRule } from '../types';

/**
 * RECORD_CONFLICT: the claim's strong identifiers (e-mail, phone, username, notice) point at different
 * class-list records. A conflict over one record held by several claims is DUPLICATE_RECORD instead.
 * Verification already holds a conflict for a reviewer (it is not payable until decided), and two class
 * members may share a phone or a username, so this is a hint that adds to other signals, not a flag alone.
 */
export const recordConflict: FraudRule = {
  code: 'RECORD_CONFLICT',
  weight: 50,
  check(f) {
    if (f.verificationStatus !== 'conflict' || f.matchRecordId !== null) return null;
    return { code: 'RECORD_CONFLICT', weight: 50, evidence: 'identifiers point at different class-list records' };
  },
};
