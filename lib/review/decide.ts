import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Queryable } from '@/db/client';
import { claimAppeals, claimNotes, claims } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { can } from '@/lib/auth/permissions';
import { findStaffByEmail, loadStaffUser } from '@/lib/auth/queries';
import { claimHandle, decideClaimIn } from '@/lib/claims/review';
import type { ClaimHandle } from '@/lib/claims/transition';
import { AppError } from '@/lib/errors';
import type { Settlement } from '@/lib/settlements/service';
import { DENY_REASONS, INFO_REASONS, undocumentedReasons } from './rules';

/**
 * A reviewer's use cases on one claim: approve, deny with reason codes, request information, add a
 * note, assign. Each is one transaction with its audit row (who, when, what, why) and, for a decision,
 * the claimant's timeline step (written by lib/claims/transition through lib/claims/review).
 */

const note = z.string().trim().max(4000, { error: 'Keep the note under 4,000 characters.' });

/** The console's and the CLI's decision input; errors name the field. */
export const reviewDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), why: note.optional() }),
  z.object({
    decision: z.literal('deny'),
    reasonCodes: z
      .array(z.string())
      .min(1, { error: 'Choose at least one reason for the denial.' })
      .refine((r) => undocumentedReasons(r).length === 0, { error: `Reasons must be documented codes (${DENY_REASONS.join(', ')}).` }),
    why: note.optional(),
  }),
  z.object({
    decision: z.literal('request_info'),
    reasonCode: z.string().refine((r) => INFO_REASONS.includes(r), { error: 'Choose what kind of information is missing.' }),
    message: z.string().trim().min(10, { error: 'Say exactly what the claimant must send (at least 10 characters).' }).max(2000, { error: 'Keep the request under 2,000 characters.' }),
  }),
]);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export function parseDecision(raw: unknown): ReviewDecision {
  const r = reviewDecisionSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AppError('bad_input', issue.message, { field: String(issue.path[0] ?? 'decision') });
  }
  return r.data;
}

/** Writes a staff note in the caller's transaction; the audit row records that one was written, not its text. */
export async function addNoteIn(tx: Queryable, s: Settlement, c: ClaimHandle, body: string, actor: string, at = new Date()): Promise<number> {
  const [row] = await tx.insert(claimNotes).values({ settlementId: s.id, claimPk: c.claimPk, author: actor, body, at }).returning({ id: claimNotes.id });
  await appendAudit(tx, { settlementId: s.id, actor, action: 'claim.note', targetType: 'claim', targetId: c.claimId, details: { noteId: row.id, chars: body.length } });
  return row.id;
}

/** Marks an open appeal of the claim decided (the reviewer has answered it). */
async function closeAppeal(tx: Queryable, c: ClaimHandle, at: Date): Promise<boolean> {
  const r = await tx.update(claimAppeals).set({ decidedAt: at }).where(and(eq(claimAppeals.claimPk, c.claimPk), isNull(claimAppeals.decidedAt))).returning({ id: claimAppeals.id });
  return r.length > 0;
}

/**
 * Decides one claim in the caller's transaction. A request for information opens a deficiency with a
 * cure deadline (today + config.dates.cureDays, in lib/claims/review) and queues its letter in the
 * deficiency outbox (sent once, by the `review.deficiencies` job).
 */
export async function reviewDecideIn(tx: Queryable, s: Settlement, c: ClaimHandle, d: ReviewDecision, actor: string, at = new Date(), secondApprover?: string): Promise<ClaimHandle> {
  const handle = c;
  const moved =
    d.decision === 'request_info'
      ? await decideClaimIn(tx, s, handle, { decision: 'request_info', reasonCodes: [d.reasonCode], message: d.message }, actor, at)
      : await decideClaimIn(tx, s, handle, { decision: d.decision, reasonCodes: d.decision === 'deny' ? d.reasonCodes : [], secondApprover }, actor, at);
  if (d.decision === 'request_info') {
    await tx.execute(sql`
      insert into deficiency_mail (settlement_id, deficiency_id, kind)
      select settlement_id, id, 'notice' from deficiencies
       where claim_pk = ${c.claimPk} and cured_at is null and created_at = ${at.toISOString()}::timestamptz
      on conflict do nothing`);
  }
  const appeal = await closeAppeal(tx, c, at);
  if (d.decision !== 'request_info' && d.why) await addNoteIn(tx, s, moved, d.why, actor, at);
  if (appeal) await appendAudit(tx, { settlementId: s.id, actor, action: 'claim.appeal.decided', targetType: 'claim', targetId: c.claimId, details: { decision: d.decision } });
  return moved;
}

/** One decision from the console or the CLI: its own transaction. */
export async function reviewDecide(db: Db, s: Settlement, rawClaimId: string, raw: unknown, actor: string, at = new Date()): Promise<ClaimHandle> {
  const d = parseDecision(raw);
  return db.transaction(async (tx) => reviewDecideIn(tx, s, await claimHandle(tx, s, rawClaimId), d, actor, at));
}

export async function addNote(db: Db, s: Settlement, rawClaimId: string, rawBody: unknown, actor: string): Promise<number> {
  const body = note.min(1, { error: 'Write the note.' }).safeParse(rawBody);
  if (!body.success) throw new AppError('bad_input', body.error.issues[0].message, { field: 'note' });
  return db.transaction(async (tx) => addNoteIn(tx, s, await claimHandle(tx, s, rawClaimId), body.data, actor));
}

/**
 * Assigns the claim to a staff member who may decide claims in this settlement (by e-mail), or clears
 * the assignment (null). Audited.
 */
export async function assignClaim(db: Db, s: Settlement, rawClaimId: string, assignee: string | null, actor: string): Promise<string | null> {
  let email: string | null = null;
  if (assignee && assignee.trim()) {
    const row = await findStaffByEmail(db, assignee.trim());
    const user = row && !row.disabled ? await loadStaffUser(db, row.id) : null;
    if (!user || !can(user.role, 'claims:decide') || (user.settlementIds !== 'all' && !user.settlementIds.includes(s.id)))
      throw new AppError('bad_input', 'Assign to a staff member who may decide claims in this settlement.', { field: 'assignee' });
    email = user.email;
  }
  return db.transaction(async (tx) => {
    const c = await claimHandle(tx, s, rawClaimId);
    const [before] = await tx.select({ assignedTo: claims.assignedTo }).from(claims).where(eq(claims.id, c.claimPk));
    await tx.update(claims).set({ assignedTo: email }).where(eq(claims.id, c.claimPk));
    await appendAudit(tx, { settlementId: s.id, actor, action: email ? 'claim.assign' : 'claim.unassign', targetType: 'claim', targetId: c.claimId, details: { from: before?.assignedTo ?? null, to: email } });
    return email;
  });
}

/** Staff notes of a claim, oldest first (the claim view's history). */
export async function claimNotesOf(db: Queryable, claimPk: number) {
  return db.select().from(claimNotes).where(eq(claimNotes.claimPk, claimPk)).orderBy(claimNotes.id);
}
