import { others, type FraudRule } from '../types';

/**
 * DUPLICATE_RECORD: a later claim verified to a class-list record another claim already holds (one
 * member, one payment). The earliest-filed claim for the record is presumed the member's own. When every
 * claim for the record pays the same destination, the money goes to one person whichever is kept: the
 * claims are the same person twice (or an impostor who cannot profit), so the rule does not fire and
 * the duplicates go to review on their shared e-mail or phone instead — never to a recommended denial
 * of a member whose identity someone else used first.
 */
export const duplicateRecord: FraudRule = {
  code: 'DUPLICATE_RECORD',
  weight: 600,
  check(f) {
    if (f.recordN < 2 || f.recordRank === 1 || f.recordOnePayout) return null;
    return { code: 'DUPLICATE_RECORD', weight: 600, evidence: `claims the same class-list record as ${others(f.recordRank - 1)} filed earlier` };
  },
};
