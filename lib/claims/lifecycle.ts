// Relative: db/schema imports this module and drizzle-kit does not resolve the '@/' alias.
import { AppError } from '../errors';

/**
 * The claim lifecycle, written once (pure: no I/O). Every status a claim can have, its label, which
 * status may follow which, and the statuses a claim is created in. The database enum
 * (db/schema/claims.ts), the console's filters, the dashboard, the declaration, the claimant's timeline
 * and every service that moves a claim read this module, so "which status may follow which" is decided
 * here and nowhere else (services move a claim through `moveClaim` in ./transition.ts).
 *
 * "Paid" is not a claim status: a payment has its own table and lifecycle (the payout issue), and a
 * paid claim is an approved claim with a posted payment.
 */

export const CLAIM_STATUSES = ['received', 'under_review', 'deficient', 'approved', 'denied', 'withdrawn'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** How staff read a status (console, dashboard, declaration). */
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  received: 'Received',
  under_review: 'Under review',
  deficient: 'Deficient',
  approved: 'Approved',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
};

/** How a claimant reads a status ("Check my claim"): "deficient" is a word for lawyers. */
export const CLAIMANT_STATUS_LABELS: Record<ClaimStatus, string> = { ...CLAIM_STATUS_LABELS, deficient: 'Action needed' };

/** A claim is created by intake (web, mail, import) as received, or deficient when intake found a problem. */
export const INITIAL_STATUSES: readonly ClaimStatus[] = ['received', 'deficient'];

/**
 * Allowed moves. Why each:
 * - received/under_review → deficient: verification or a reviewer found something the claimant can cure.
 * - deficient → received: the claimant cured every deficiency; the claim goes back to the queue.
 * - deficient → deficient: a correction fixed some problems but not all (a fresh explanation is recorded).
 * - received/deficient → under_review: a reviewer takes the claim.
 * - received/under_review → approved | denied: a decision. A deficient claim is never approved before
 *   it is cured, and is denied only once its cure period ran out (the reviewer records that reason).
 * - approved/denied → under_review: a decision is reopened (reconsideration, appeal, court order).
 * - anything but withdrawn → withdrawn: the claimant withdraws; withdrawn is final.
 */
export const CLAIM_TRANSITIONS: Record<ClaimStatus, readonly ClaimStatus[]> = {
  received: ['under_review', 'deficient', 'approved', 'denied', 'withdrawn'],
  under_review: ['deficient', 'approved', 'denied', 'withdrawn'],
  deficient: ['received', 'deficient', 'under_review', 'denied', 'withdrawn'],
  approved: ['under_review', 'withdrawn'],
  denied: ['under_review', 'withdrawn'],
  withdrawn: [],
};

/** Statuses whose claim has been decided and will not be paid. */
export const UNPAYABLE_STATUSES: readonly ClaimStatus[] = ['denied', 'withdrawn'];
/** Statuses after which no decision is pending (the claimant's timeline shows no "decision" step ahead). */
export const DECIDED_STATUSES: readonly ClaimStatus[] = ['approved', 'denied', 'withdrawn'];

export function isClaimStatus(s: unknown): s is ClaimStatus {
  return typeof s === 'string' && (CLAIM_STATUSES as readonly string[]).includes(s);
}

export function canTransition(from: ClaimStatus, to: ClaimStatus): boolean {
  return CLAIM_TRANSITIONS[from].includes(to);
}

/** Throws AppError('conflict') for a move the lifecycle does not allow. */
export function assertTransition(from: ClaimStatus, to: ClaimStatus, claimId?: string): void {
  if (!isClaimStatus(from) || !isClaimStatus(to)) throw new AppError('bad_input', `unknown claim status "${isClaimStatus(from) ? to : from}"`, { field: 'status' });
  if (!canTransition(from, to))
    throw new AppError('conflict', `${claimId ? `claim ${claimId}: ` : ''}a ${CLAIM_STATUS_LABELS[from].toLowerCase()} claim cannot become ${CLAIM_STATUS_LABELS[to].toLowerCase()}`, {
      field: 'status',
      details: [`from ${from}`, `to ${to}`],
    });
}
