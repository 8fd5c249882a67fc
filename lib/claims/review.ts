import { and, eq } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { claims, deficiencies } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { AppError } from '@/lib/errors';
import { addDays, localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_PREFIX, parsePublicId } from './claim-id';
import { isClaimStatus } from './lifecycle';
import { moveClaim, recordDecision, type ClaimHandle, type DecisionKind } from './transition';

/**
 * Review use cases: a reviewer takes a claim, decides it (approve, deny, request information) or the
 * claimant withdraws it. Each writes its status move (through ./transition), its decision row where
 * there is one, and its audit row, in the caller's transaction (`…In`), or in its own (`decideClaim`).
 * The demo settlement's activity goes through these same functions.
 */

export async function claimHandle(db: Queryable, s: Settlement, rawClaimId: string): Promise<ClaimHandle> {
  const claimId = parsePublicId(rawClaimId, CLAIM_PREFIX);
  const [row] = claimId
    ? await db.select({ id: claims.id, status: claims.status, claimId: claims.claimId }).from(claims).where(and(eq(claims.settlementId, s.id), eq(claims.claimId, claimId)))
    : [];
  if (!row || !isClaimStatus(row.status)) throw new AppError('not_found', `no claim ${rawClaimId} in ${s.slug}`, { field: 'claimId' });
  return { claimPk: row.id, settlementId: s.id, claimId: row.claimId, status: row.status };
}

/** The claimant's timeline notes of each step: the demo writes the same rows in bulk (lib/demo/activity.ts). */
export const REVIEW_NOTE = 'A reviewer is checking the claim against the records.';
export const WITHDRAW_NOTE = 'The claim was withdrawn at the claimant’s request.';
export function decisionNote(decision: DecisionKind, message?: string): string {
  return decision === 'approve' ? 'Your claim is approved.' : decision === 'deny' ? 'Your claim was denied.' : `We need more information: ${message}`;
}

export async function startReviewIn(tx: Queryable, s: Settlement, c: ClaimHandle, actor: string, at = new Date()): Promise<ClaimHandle> {
  const moved = await moveClaim(tx, c, 'under_review', { actor, at, note: REVIEW_NOTE });
  await appendAudit(tx, { settlementId: s.id, actor, action: 'claim.review.start', targetType: 'claim', targetId: c.claimId });
  return moved;
}

export type DecisionInput = {
  decision: DecisionKind;
  reasonCodes: string[];
  /** For request_info: what the claimant must fix, in plain words (becomes an open deficiency). */
  message?: string;
  secondApprover?: string;
};

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

export async function decideClaimIn(tx: Queryable, s: Settlement, c: ClaimHandle, input: DecisionInput, actor: string, at = new Date()): Promise<ClaimHandle> {
  const bad = input.reasonCodes.find((r) => !CODE.test(r));
  if (bad !== undefined) throw new AppError('bad_input', `reason code "${bad.slice(0, 40)}" must be upper-case letters, digits and _`, { field: 'reasonCodes' });
  if (input.decision === 'deny' && input.reasonCodes.length === 0) throw new AppError('bad_input', 'a denial needs at least one reason code', { field: 'reasonCodes' });
  if (input.decision === 'request_info' && (!input.message?.trim() || input.reasonCodes.length !== 1))
    throw new AppError('bad_input', 'a request for information needs one reason code and a message for the claimant', { field: 'message' });
  if (input.secondApprover && input.secondApprover === actor) throw new AppError('conflict', 'the second approver must be another person', { field: 'secondApprover' });
  if (input.decision === 'approve') {
    // One member, one payment: a claim in conflict over its record, or only probably matched, is not approved until that is settled.
    const [v] = await tx.select({ status: claims.verificationStatus }).from(claims).where(eq(claims.id, c.claimPk));
    if (v && (v.status === 'conflict' || v.status === 'probable'))
      throw new AppError('conflict', `claim ${c.claimId} is ${v.status === 'conflict' ? 'in conflict with another claim over its class-list record' : 'only probably matched'}: settle the match first`, { field: 'decision' });
  }
  const note = decisionNote(input.decision, input.message);
  const moved = await recordDecision(tx, c, { ...input, decidedBy: actor, secondApprover: input.secondApprover ?? null, note, at });
  if (input.decision === 'request_info') {
    // A deficient claim always has an open deficiency (fairshare doctor checks it): the request is one.
    const cureBy = addDays(localDate(at, s.config.dates.timeZone), s.config.dates.cureDays);
    await tx.insert(deficiencies).values({ settlementId: s.id, claimPk: c.claimPk, code: input.reasonCodes[0], message: input.message!.trim(), cureBy, createdAt: at });
  }
  await appendAudit(tx, {
    settlementId: s.id,
    actor,
    action: `claim.decision.${input.decision}`,
    targetType: 'claim',
    targetId: c.claimId,
    details: { from: c.status, to: moved.status, reasonCodes: input.reasonCodes, secondApprover: input.secondApprover ?? null },
  });
  return moved;
}

export async function withdrawClaimIn(tx: Queryable, s: Settlement, c: ClaimHandle, actor: string, at = new Date()): Promise<ClaimHandle> {
  const moved = await moveClaim(tx, c, 'withdrawn', { actor, at, note: WITHDRAW_NOTE });
  // Nothing is left to cure on a withdrawn claim.
  await tx.update(deficiencies).set({ curedAt: at }).where(and(eq(deficiencies.claimPk, c.claimPk), eq(deficiencies.settlementId, s.id)));
  await appendAudit(tx, { settlementId: s.id, actor, action: 'claim.withdraw', targetType: 'claim', targetId: c.claimId, details: { from: c.status } });
  return moved;
}

/** One decision as its own use case (console, CLI): one transaction with the audit row inside. */
export async function decideClaim(db: Db, s: Settlement, rawClaimId: string, input: DecisionInput, actor: string): Promise<ClaimHandle> {
  return db.transaction(async (tx) => decideClaimIn(tx, s, await claimHandle(tx, s, rawClaimId), input, actor));
}
