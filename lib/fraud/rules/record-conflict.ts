import type { FraudRule } from '../types';

/**
 * RECORD_CONFLICT: the claim's strong identifiers (e-mail, phone, username, notice) point at different
 * class-list records. A conflict over one record held by several claims is DUPLICATE_RECORD instead.
 */
export const recordConflict: FraudRule = {
  code: 'RECORD_CONFLICT',
  weight: 200,
  check(f) {
    if (f.verificationStatus !== 'conflict' || f.matchRecordId !== null) return null;
    return { code: 'RECORD_CONFLICT', weight: 200, evidence: 'identifiers point at different class-list records' };
  },
};
