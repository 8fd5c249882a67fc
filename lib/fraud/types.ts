/**
 * What the rules see of one claim: facts preloaded by the scoring run (lib/fraud/run.ts) from the claim
 * row, its signals, its verification state and the set-based shared-identifier counts. No personal
 * data: hashes were compared in SQL; the rules see only counts, flags and the payout method's kind.
 */
export type FraudFacts = {
  claimPk: number;
  paymentMethod: string;
  /** claims.verification_status: pending | matched | unmatched | probable | conflict */
  verificationStatus: string;
  /** claim_match_state: the last match result and the record it points to (null when none). */
  matchStatus: string | null;
  matchRecordId: string | null;
  honeypot: boolean;
  formSeconds: number | null;
  disposableEmail: boolean;
  /** The payout goes to the claimant's own e-mail, phone or username (claim_signals.payout_own). */
  payoutOwn: boolean;
  /** An open ATTESTATION_UNSUPPORTED deficiency: the records do not support what the claimant attested. */
  attestationUnsupported: boolean;
  /** Claims with the same payout destination (this one included), and whether they all share one mailing address. */
  payoutN: number;
  payoutOneAddress: boolean;
  emailN: number;
  /** 1 for the earliest-filed claim with this identifier, 2 for the next… */
  emailRank: number;
  /** Class-list records listing this e-mail: more than one is a mailbox shared by several members. */
  emailMembers: number;
  phoneN: number;
  phoneRank: number;
  phoneOneAddress: boolean;
  recordN: number;
  recordRank: number;
  /** Every claim for the record pays the same destination. */
  recordOnePayout: boolean;
  /** The payout handle is the e-mail or phone of a class-list member (a family member's own account). */
  payoutIsMember: boolean;
  deviceN: number;
  buildingN: number;
  /** True when the claims in the building give different unit numbers. */
  buildingUnitsDiffer: boolean;
  /** Claims from the same network (IPv4 /24, IPv6 /48) within the burst window, this one included. */
  ipWindowN: number;
  /** …and with the same user agent. */
  uaWindowN: number;
};

/** One rule that fired: a stable reason code, its deduction and masked, human-readable evidence. */
export type RuleHit = { code: FraudCode; weight: number; evidence: string };

export type FraudRule = {
  code: FraudCode;
  /** The deduction from 1000 when it fires (a rule may deduct less in a weaker variant; never more). */
  weight: number;
  /** The thresholds the rule uses, part of the rule-set version. */
  params?: Record<string, number>;
  /** A rule that can never be the only ground for a recommended denial (a household, shared Wi-Fi). */
  neverDenyAlone?: boolean;
  check(f: FraudFacts): RuleHit | null;
};

export const FRAUD_CODES = [
  'SHARED_PAYOUT',
  'DUPLICATE_EMAIL',
  'DUPLICATE_PHONE',
  'DUPLICATE_RECORD',
  'HOUSEHOLD_ADDRESS',
  'IP_BURST',
  'UA_BURST',
  'DISPOSABLE_EMAIL',
  'FAST_FORM',
  'HONEYPOT',
  'NOT_IN_CLASS',
  'RECORD_CONFLICT',
  'ATTESTATION_CONTRADICTED',
] as const;
export type FraudCode = (typeof FRAUD_CODES)[number];

export const FRAUD_ACTIONS = ['none', 'review', 'recommend_deny'] as const;
export type FraudAction = (typeof FRAUD_ACTIONS)[number];

/** The facts of a claim that shares nothing and tripped nothing: tests start from it. */
export const CLEAN_FACTS: FraudFacts = {
  claimPk: 1,
  paymentMethod: 'paypal',
  verificationStatus: 'matched',
  matchStatus: 'verified',
  matchRecordId: 'R1',
  honeypot: false,
  formSeconds: 120,
  disposableEmail: false,
  payoutOwn: true,
  attestationUnsupported: false,
  payoutN: 1,
  payoutOneAddress: true,
  emailN: 1,
  emailRank: 1,
  emailMembers: 1,
  phoneN: 1,
  phoneRank: 1,
  phoneOneAddress: true,
  recordN: 1,
  recordRank: 1,
  recordOnePayout: true,
  payoutIsMember: false,
  deviceN: 1,
  buildingN: 1,
  buildingUnitsDiffer: false,
  ipWindowN: 1,
  uaWindowN: 1,
};

/** "1 other claim", "14 other claims". */
export const others = (n: number) => `${n} other claim${n === 1 ? '' : 's'}`;
