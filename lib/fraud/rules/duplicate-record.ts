import { others, type FraudRule } from '../types';

/**
 * DUPLICATE_RECORD: a later claim for a class-list record an earlier claim already holds (one member,
 * one payment) that pays someone else — a destination that is not the claimant's own e-mail, phone or
 * username, not another class member's own e-mail or phone (a family member's account), and not one that
 * only claims from the same mailing address pay into (a household's account). That is the shape of identity theft: the
 * thief files in the member's name and diverts the money.
 *
 * It does not fire when the claim pays the claimant's own account: the earlier claim may be the impostor
 * (who filed first), and a member must never be recommended for denial because someone used their
 * identity before them. Nor when every claim for the record pays one destination (the same person
 * twice). Those duplicates still go to a reviewer on their shared e-mail, phone or payout.
 */
export const duplicateRecord: FraudRule = {
  code: 'DUPLICATE_RECORD',
  weight: 600,
  params: { ownPayoutExempt: 1 },
  check(f) {
    if (f.recordN < 2 || f.recordRank === 1 || f.recordOnePayout) return null;
    if (f.payoutOwn || f.payoutIsMember || (f.payoutN >= 2 && f.payoutOneAddress)) return null;
    return { code: 'DUPLICATE_RECORD', weight: 600, evidence: `claims the same class-list record as ${others(f.recordRank - 1)} filed earlier, paying an account not in the claimant's name` };
  },
};
