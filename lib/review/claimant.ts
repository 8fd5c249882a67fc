import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { claimAppeals, claims, deficiencies, deficiencyAnswers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { authenticateClaim, LOOKUP_FAILED, statusView, type ClaimStatusView } from '@/lib/claims/status';
import { moveClaim } from '@/lib/claims/transition';
import { encryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { formatLongDate, localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { canAppeal, isAnswerDeficiency, isExpired } from './rules';

/**
 * What a claimant does on the status page after a review: answer a reviewer's request for information
 * (the deficiency is cured; with nothing left open the claim goes back to the queue as received), or
 * ask ONCE for reconsideration of a denial (the claim returns to under_review, marked as an appeal).
 * Both authenticate like the status look-up (claim ID + e-mail or ZIP), are audited and on the timeline.
 * The claimant's words are sealed: they may hold personal data.
 */

export const ANSWER_AAD = 'deficiency-answer';
export const APPEAL_AAD = 'claim-appeal';

export type ClaimantResult = { ok: true; message: string; view: ClaimStatusView } | { ok: false; error?: string; errors?: Record<string, string> };

const answerSchema = z.object({
  deficiencyId: z.coerce.number().int().positive({ error: 'Choose the request you are answering.' }),
  answer: z.string().trim().min(5, { error: 'Write your answer (at least 5 characters).' }).max(4000, { error: 'Keep your answer under 4,000 characters.' }),
});
const appealSchema = z.object({
  reason: z.string().trim().min(20, { error: 'Tell us why the decision is wrong (at least 20 characters).' }).max(4000, { error: 'Keep your reason under 4,000 characters.' }),
});

function fieldErrorsOf(e: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of e.issues) out[String(i.path[0])] ??= i.message;
  return out;
}

export async function answerDeficiency(db: Db, s: Settlement, auth: { claimId: string; emailOrZip: string }, raw: unknown, now = new Date()): Promise<ClaimantResult> {
  const parsed = answerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const row = await authenticateClaim(db, s, auth.claimId, auth.emailOrZip);
  if (!row) return { ok: false, error: LOOKUP_FAILED };
  const open = await db.select().from(deficiencies).where(and(eq(deficiencies.claimPk, row.id), isNull(deficiencies.curedAt)));
  const target = open.find((d) => d.id === parsed.data.deficiencyId && isAnswerDeficiency(d.code));
  if (row.status !== 'deficient' || !target) return { ok: false, error: 'This claim has no open request for information.' };
  const today = localDate(now, s.config.dates.timeZone);
  if (isExpired(target.cureBy, today))
    return { ok: false, error: `The time to answer ended on ${formatLongDate(target.cureBy)}. Contact the administrator at ${s.config.contact.phone} or ${s.config.contact.email}.` };
  const key = await settlementKey(db, s.id);
  return db.transaction(async (tx) => {
    await tx.insert(deficiencyAnswers).values({ settlementId: s.id, deficiencyId: target.id, claimPk: row.id, answer: encryptJson(key, { answer: parsed.data.answer }, ANSWER_AAD), at: now });
    await tx.update(deficiencies).set({ curedAt: now }).where(eq(deficiencies.id, target.id));
    const resolved = open.length === 1;
    const note = resolved ? 'Information received. The claim is back in review.' : 'Information received; something else is still needed.';
    await moveClaim(tx, { claimPk: row.id, settlementId: s.id, claimId: row.claimId, status: row.status }, resolved ? 'received' : 'deficient', { actor: 'claimant', note, at: now });
    await appendAudit(tx, { settlementId: s.id, actor: 'claimant', action: 'claim.cure.answer', targetType: 'claim', targetId: row.claimId, details: { deficiency: target.code, resolved } });
    const [updated] = await tx.select().from(claims).where(eq(claims.id, row.id));
    return { ok: true as const, message: resolved ? 'Thank you. We received your answer and your claim is back in review.' : 'Thank you. We received your answer; please see what else is needed.', view: await statusView(tx, s, updated) };
  });
}

export async function appealDenial(db: Db, s: Settlement, auth: { claimId: string; emailOrZip: string }, raw: unknown, now = new Date()): Promise<ClaimantResult> {
  const parsed = appealSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const row = await authenticateClaim(db, s, auth.claimId, auth.emailOrZip);
  if (!row) return { ok: false, error: LOOKUP_FAILED };
  const [prior] = await db.select({ id: claimAppeals.id }).from(claimAppeals).where(eq(claimAppeals.claimPk, row.id));
  if (!canAppeal(row.status, Boolean(prior)))
    return { ok: false, error: prior ? 'You have already asked for reconsideration of this claim; a claim can be appealed once.' : 'Only a denied claim can be appealed.' };
  const key = await settlementKey(db, s.id);
  return db.transaction(async (tx) => {
    const deniedFor = row.decisionReason ? row.decisionReason.split(';') : [];
    // The unique index on claim_pk makes "once" hold even for two requests at the same moment.
    await tx.insert(claimAppeals).values({ settlementId: s.id, claimPk: row.id, reason: encryptJson(key, { reason: parsed.data.reason }, APPEAL_AAD), deniedFor, at: now });
    await moveClaim(tx, { claimPk: row.id, settlementId: s.id, claimId: row.claimId, status: row.status }, 'under_review', {
      actor: 'claimant',
      note: 'You asked for reconsideration. A reviewer will look at the claim again.',
      at: now,
    });
    await appendAudit(tx, { settlementId: s.id, actor: 'claimant', action: 'claim.appeal', targetType: 'claim', targetId: row.claimId, details: { deniedFor } });
    const [updated] = await tx.select().from(claims).where(eq(claims.id, row.id));
    return { ok: true as const, message: 'Your request for reconsideration was received. A reviewer will look at your claim again.', view: await statusView(tx, s, updated) };
  });
}
