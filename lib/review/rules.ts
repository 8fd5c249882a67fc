import { CLAIM_STATUSES, CLAIM_TRANSITIONS, type ClaimStatus } from '../claims/lifecycle';
import { addDays } from '../settlements/deadlines';
import { ANSWER_CODES, isAnswerCode } from './answer-codes';

/**
 * The pure rules of claim review (no I/O): which reason codes a denial may carry, what may be denied
 * automatically, when a bulk denial needs a second reviewer, when a deficiency letter's reminder is due
 * and whether a denied claim may still be appealed. The services in this folder apply them.
 */

/** The fraud rules' stable codes (lib/fraud writes them; the review reads them). */
export const FRAUD_REASONS = [
  'SHARED_PAYOUT', 'DUPLICATE_EMAIL', 'DUPLICATE_PHONE', 'DUPLICATE_RECORD', 'HOUSEHOLD_ADDRESS', 'IP_BURST', 'UA_BURST',
  'DISPOSABLE_EMAIL', 'FAST_FORM', 'HONEYPOT', 'NOT_IN_CLASS', 'RECORD_CONFLICT', 'ATTESTATION_CONTRADICTED',
] as const;

/** Why a claim became deficient or is denied for other than fraud (verification, the cure period, a reviewer's question). */
export const REVIEW_REASONS = [
  'IDENTIFIER_MISMATCH', 'ATTESTATION_UNSUPPORTED', 'PAYMENT_INVALID', 'DEFICIENCY_NOT_CURED', 'INFO_REQUESTED', 'PROOF_REQUESTED', 'DUPLICATE_CLAIM', 'LATE_CLAIM', 'OPTED_OUT',
] as const;

/** The documented reason codes a person may deny on (the declaration counts denials by these). */
export const DENY_REASONS: readonly string[] = [...FRAUD_REASONS, ...REVIEW_REASONS.filter((r) => r !== 'INFO_REQUESTED' && r !== 'PROOF_REQUESTED')];

/**
 * The reason codes a reviewer's request for information may carry. The claimant answers these in
 * words on the status page (lib/review/claimant.ts); verification's own deficiencies
 * (IDENTIFIER_MISMATCH, ATTESTATION_UNSUPPORTED) are cured by matching again (lib/claims/cure.ts).
 */
export const INFO_REASONS: readonly string[] = ANSWER_CODES;
export const isAnswerDeficiency = isAnswerCode;

/** How staff read a reason code in the console and the letters. */
export const REASON_LABELS: Record<string, string> = {
  SHARED_PAYOUT: 'Payout destination shared with other claims',
  DUPLICATE_EMAIL: 'Same e-mail as another claim',
  DUPLICATE_PHONE: 'Same phone as another claim',
  DUPLICATE_RECORD: 'Same class-list record as another claim',
  HOUSEHOLD_ADDRESS: 'Same household address as other claims',
  IP_BURST: 'Burst of claims from one network',
  UA_BURST: 'Burst of claims from one device type',
  DISPOSABLE_EMAIL: 'Disposable e-mail domain',
  FAST_FORM: 'Form completed implausibly fast',
  HONEYPOT: 'Hidden form field filled',
  NOT_IN_CLASS: 'Not in the class list',
  RECORD_CONFLICT: 'Conflict over a class-list record',
  ATTESTATION_CONTRADICTED: 'Statement contradicted by the records',
  IDENTIFIER_MISMATCH: 'Account not found in the records',
  ATTESTATION_UNSUPPORTED: 'Statement not supported by the records',
  PAYMENT_INVALID: 'Payment details invalid',
  DEFICIENCY_NOT_CURED: 'Deficiency not cured by the deadline',
  INFO_REQUESTED: 'More information requested',
  PROOF_REQUESTED: 'Proof requested',
  DUPLICATE_CLAIM: 'Duplicate claim',
  LATE_CLAIM: 'Filed after the deadline',
  OPTED_OUT: 'Claimant opted out',
};

export function reasonLabel(code: string): string {
  return REASON_LABELS[code] ?? code;
}

/** The reason codes a person's denial carries that are not documented, if any. */
export function undocumentedReasons(codes: readonly string[]): string[] {
  return codes.filter((c) => !DENY_REASONS.includes(c));
}

/**
 * The reason codes an AUTOMATIC denial may carry: the claim's fraud reasons the settlement agreement
 * allows denial on. Empty = the claim may not be denied automatically (it stays for people).
 */
export function autoDenyReasons(fraudReasons: readonly string[], denyCriteria: readonly string[]): string[] {
  return fraudReasons.filter((r) => denyCriteria.includes(r));
}

/** What `review apply-rules` does with one claim (the SQL in ./apply-rules.ts selects exactly these sets). */
export function ruleOutcome(
  c: { status: ClaimStatus; verificationStatus: string; fraudAction: string | null; fraudReasons: readonly string[] },
  cfg: { autoApproveClean: boolean; denyCriteria: readonly string[] },
): { decision: 'approve' } | { decision: 'deny'; reasonCodes: string[] } | null {
  if (c.status !== 'received' && c.status !== 'under_review') return null;
  if (cfg.autoApproveClean && c.verificationStatus === 'matched' && c.fraudAction === 'none') return { decision: 'approve' };
  if (c.fraudAction === 'recommend_deny') {
    const reasonCodes = autoDenyReasons(c.fraudReasons, cfg.denyCriteria);
    if (reasonCodes.length) return { decision: 'deny', reasonCodes };
  }
  return null;
}

/** A bulk denial of more than `confirmAbove` claims waits for a second reviewer; approvals never do. */
export function needsSecondReviewer(decision: 'approve' | 'deny', count: number, confirmAbove: number): boolean {
  return decision === 'deny' && count > confirmAbove;
}

/** The statuses a claim may be decided from (lifecycle: a deficient claim is never approved before it is cured). */
export function decidableFrom(to: ClaimStatus): ClaimStatus[] {
  // A decided claim is reopened through under_review (an appeal), never flipped directly.
  return CLAIM_STATUSES.filter((s) => s !== 'approved' && s !== 'denied' && CLAIM_TRANSITIONS[s].includes(to));
}

/** Days before the cure deadline the reminder goes out (at most the cure period less one day). */
export const REMINDER_DAYS_BEFORE = 7;

/** The day a deficiency's reminder is due (local date), or null when the cure period is too short for one. */
export function reminderDay(createdOn: string, cureBy: string, daysBefore = REMINDER_DAYS_BEFORE): string | null {
  const day = addDays(cureBy, -daysBefore);
  return day > createdOn ? day : null;
}

/** A deficiency whose cure date has passed (local date `today` after `cureBy`): the claim is denied. */
export function isExpired(cureBy: string, today: string): boolean {
  return cureBy < today;
}

/** A denied claim may be appealed once. */
export function canAppeal(status: ClaimStatus, alreadyAppealed: boolean): boolean {
  return status === 'denied' && !alreadyAppealed;
}
