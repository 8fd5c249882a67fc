import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { claims, deficiencies, matchReviews } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { decryptJson, encryptJson, keyedHash, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { normaliseUsername } from '@/lib/privacy/normalise';
import { addDays, formatLongDate, localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { isAnswerDeficiency } from '@/lib/review/rules';
import { assessClaim, DEFICIENCY_SUMMARY, verificationOf, type Assessment } from './assess';
import { moveClaim, recordVerification } from './transition';
import type { ClaimantIdentity } from '@/lib/verification/match';
import { storeAssessment } from '@/lib/verification/intake';
import { cureSchema, fieldErrors, type FieldErrors } from './schema';
import { CLAIM_PII, type ClaimPii } from './seal';
import { authenticateClaim, LOOKUP_FAILED, statusView, type ClaimRow, type ClaimStatusView } from './status';

/**
 * A claimant fixes a deficient claim: gives another identifier (or Notice ID + code), or withdraws an
 * attestation the records do not support and accepts the lower tier. The claim is matched again;
 * deficiencies that no longer apply are marked cured, and the claim goes back to `received` — or stays
 * `deficient` with a fresh explanation. One transaction, audited, on the timeline.
 */

export type CureResult =
  | { ok: true; resolved: boolean; message: string; view: ClaimStatusView }
  | { ok: false; error?: string; errors?: FieldErrors };

export async function cureDeficiency(
  db: Db,
  settlement: Settlement,
  auth: { claimId: string; emailOrZip: string },
  rawInput: unknown,
  opts: { now?: Date } = {},
): Promise<CureResult> {
  const config = settlement.config;
  const now = opts.now ?? new Date();
  const parsed = cureSchema(config).safeParse(rawInput);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const input = parsed.data;

  const row = await authenticateClaim(db, settlement, auth.claimId, auth.emailOrZip);
  if (!row) return { ok: false, error: LOOKUP_FAILED };
  const allOpen = await db.select().from(deficiencies).where(and(eq(deficiencies.claimPk, row.id), isNull(deficiencies.curedAt)));
  // A reviewer's request for information is answered in words (lib/review/claimant.ts), not cured by matching again.
  const open = allOpen.filter((d) => !isAnswerDeficiency(d.code));
  const answersPending = allOpen.length - open.length;
  if (row.status !== 'deficient' || open.length === 0) return { ok: false, error: 'This claim has nothing to fix.' };
  const today = localDate(now, config.dates.timeZone);
  const expired = open.find((d) => d.cureBy < today);
  if (expired)
    return {
      ok: false,
      error: `The time to fix this claim ended on ${formatLongDate(expired.cureBy)}. Contact the administrator at ${config.contact.phone} or ${config.contact.email}.`,
    };

  const key = await settlementKey(db, settlement.id);
  const pii = decryptJson<ClaimPii>(key, row.pii, CLAIM_PII);
  const usernames = [...pii.usernames];
  for (const u of input.usernames) if (!usernames.some((x) => normaliseUsername(x) === normaliseUsername(u))) usernames.push(u);
  const attestations = input.withdrawAttestations ? [] : row.attestations;

  return db.transaction(async (tx) => {
    const a = await reassess(tx, key, settlement, row, { ...pii, usernames, noticeId: input.noticeId, confirmationCode: input.confirmationCode }, attestations);
    const provenNoticeId = a.provenNoticeId ?? (row.attributes?.matched_via === 'notice' ? row.noticeId : null);
    const remaining = new Set(a.deficiencies.map((d) => d.code));
    const cured = open.filter((d) => !remaining.has(d.code as never));
    const fresh = a.deficiencies.filter((d) => !open.some((o) => o.code === d.code));
    if (cured.length) await tx.update(deficiencies).set({ curedAt: now }).where(inArray(deficiencies.id, cured.map((d) => d.id)));
    const freshCureBy = addDays(today, config.dates.cureDays);
    if (fresh.length)
      await tx.insert(deficiencies).values(fresh.map((d) => ({ settlementId: settlement.id, claimPk: row.id, code: d.code, message: d.message, cureBy: freshCureBy, createdAt: now })));

    const resolved = remaining.size === 0 && answersPending === 0;
    const status = resolved ? 'received' : 'deficient';
    // Identifiers given in the correction are part of the claim from now on (sealed, and hashed for search).
    await tx
      .update(claims)
      .set({
        noticeId: a.match?.via === 'notice' ? a.match.record.noticeId : row.noticeId,
        pii: usernames.length !== pii.usernames.length ? encryptJson(key, { ...pii, usernames }, CLAIM_PII) : row.pii,
        usernameHash: row.usernameHash ?? (usernames[0] ? keyedHash(key, 'username', normaliseUsername(usernames[0])) : null),
      })
      .where(eq(claims.id, row.id));
    await recordVerification(tx, { claimPk: row.id, settlementId: settlement.id }, verificationOf(a, settlement.configVersion, 'cure'), 'claimant', now);
    const note = resolved
      ? 'Correction received. The problem is fixed and the claim is back in review.'
      : remaining.size === 0
        ? 'Correction received. The information the reviewer asked for is still needed.'
        : `Correction received, but ${[...remaining].map((c) => DEFICIENCY_SUMMARY[c] ?? c).join('; ')}.`;
    await moveClaim(tx, { claimPk: row.id, settlementId: settlement.id, claimId: row.claimId, status: row.status }, status, { actor: 'claimant', note, at: now, set: { attestations } });
    await appendAudit(tx, {
      settlementId: settlement.id,
      actor: 'claimant',
      action: 'claim.cure',
      targetType: 'claim',
      targetId: row.claimId,
      details: { cured: cured.map((d) => d.code), remaining: [...remaining], withdrewAttestations: input.withdrawAttestations, tier: a.tier, units: a.units, configVersion: settlement.configVersion },
    });
    await storeAssessment(tx, key, settlement, { claimPk: row.id, pii: { ...pii, usernames }, provenNoticeId }, a, 'claimant', now, 'cure');
    const [updated] = await tx.select().from(claims).where(eq(claims.id, row.id));
    const view = await statusView(tx, settlement, updated);
    const message = resolved
      ? 'Thank you. Your correction fixed the problem and your claim is back in review.'
      : remaining.size === 0
        ? 'Thank you. Your claim now matches the records; please also answer the reviewer’s request below.'
        : `We still could not verify your claim: ${a.deficiencies.map((d) => d.message).join(' ')}`;
    return { ok: true as const, resolved, message, view };
  });
}

/**
 * Verification again for a claim already on file: the class list is matched with the identifiers given
 * (at a cure: the correction's too), and the tier and units are recomputed under the settlement's current
 * configuration. The record matched before (e.g. by a Notice ID code that is not kept) still counts.
 */
export async function reassess(tx: Queryable, key: DataKey, settlement: Settlement, row: ClaimRow, ids: ClaimantIdentity, attestations: readonly string[]): Promise<Assessment> {
  const reviews = (await tx.select().from(matchReviews).where(eq(matchReviews.claimPk, row.id))).map((r) => ({ recordId: r.recordId, decision: r.decision as 'confirm' | 'reject' }));
  return assessClaim(tx, key, settlement.id, settlement.config, ids, attestations, { exceptClaimPk: row.id, reviews, priorRecordId: row.matchedRecordId });
}

/**
 * Recomputes a claim's verification (tier, units, match) under the current configuration — after a
 * configuration change or a class-list correction — without changing its status. Returns whether the
 * tier or units changed. Audited; the caller's transaction.
 */
export async function reverifyClaim(tx: Queryable, settlement: Settlement, row: ClaimRow, actor: string, now = new Date()): Promise<{ changed: boolean; tier: string; units: number | null }> {
  const key = await settlementKey(tx, settlement.id);
  const pii = decryptJson<ClaimPii>(key, row.pii, CLAIM_PII);
  const a = await reassess(tx, key, settlement, row, { email: pii.email, phone: pii.phone, usernames: pii.usernames, noticeId: row.noticeId ?? undefined }, row.attestations);
  await recordVerification(tx, { claimPk: row.id, settlementId: settlement.id }, verificationOf(a, settlement.configVersion, 'reverify'), actor, now);
  const changed = a.tier !== row.tier || a.units !== row.units;
  await appendAudit(tx, {
    settlementId: settlement.id,
    actor,
    action: 'claim.reverify',
    targetType: 'claim',
    targetId: row.claimId,
    details: { configVersion: settlement.configVersion, before: { tier: row.tier, units: row.units }, after: { tier: a.tier, units: a.units } },
  });
  return { changed, tier: a.tier, units: a.units };
}
