import { others, type FraudRule } from '../types';

/**
 * DUPLICATE_EMAIL: the same e-mail address once normalised (case; Gmail dots and +tags) on several
 * claims. The earliest-filed claim is presumed the person's own and is not flagged, unless three or
 * more claims share the address (then it is part of a pattern and goes to review, at a lower weight).
 * A mailbox the class list itself gives to several members (a family address) may carry as many claims
 * as it has members.
 */
export const duplicateEmail: FraudRule = {
  code: 'DUPLICATE_EMAIL',
  weight: 400,
  params: { firstFlaggedFrom: 3, firstWeight: 150 },
  check(f) {
    if (f.emailN < 2 || f.emailN <= f.emailMembers) return null;
    if (f.emailRank > 1) return { code: 'DUPLICATE_EMAIL', weight: 400, evidence: `same e-mail address (after normalising) as ${others(f.emailRank - 1)} filed earlier` };
    if (f.emailN >= 3) return { code: 'DUPLICATE_EMAIL', weight: 150, evidence: `first of ${f.emailN} claims with the same e-mail address (after normalising)` };
    return null;
  },
};
