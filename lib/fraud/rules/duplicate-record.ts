import { others, type FraudRule } from '../types';

/**
 * DUPLICATE_RECORD: a later claim verified to a class-list record another claim already holds (one
 * member, one payment). The earliest-filed claim for the record is presumed the member's own.
 */
export const duplicateRecord: FraudRule = {
  code: 'DUPLICATE_RECORD',
  weight: 600,
  check(f) {
    if (f.recordN < 2 || f.recordRank === 1) return null;
    return { code: 'DUPLICATE_RECORD', weight: 600, evidence: `claims the same class-list record as ${others(f.recordRank - 1)} filed earlier` };
  },
};
