import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { claimEvents, claims, classMembers, deficiencies } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { decryptJson, encryptJson, keyedHash } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { normaliseUsername } from '@/lib/privacy/normalise';
import { addDays, formatLongDate, localDate } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { decideTier } from '@/lib/verification/tier';
import { assessClaim, DEFICIENCY_SUMMARY, unsupportedMessage, type Assessment } from './assess';
import { cureSchema, fieldErrors, type FieldErrors } from './schema';
import { CLAIM_PII, type ClaimPii } from './seal';
import { authenticateClaim, LOOKUP_FAILED, statusView, type ClaimStatusView } from './status';

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
  const open = await db.select().from(deficiencies).where(and(eq(deficiencies.claimId, row.id), isNull(deficiencies.curedAt)));
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
    let a: Assessment = await assessClaim(tx, key, settlement.id, config, { ...pii, usernames, noticeId: input.noticeId, confirmationCode: input.confirmationCode }, attestations);
    // The record matched at filing (e.g. by a Notice ID code we do not keep) still counts.
    if (!a.match && row.matchedRecordId) {
      const [record] = await tx.select().from(classMembers).where(and(eq(classMembers.settlementId, settlement.id), eq(classMembers.recordId, row.matchedRecordId)));
      if (record) {
        const d = decideTier(config, record.attributes, attestations);
        a = {
          verificationStatus: 'matched',
          match: { record, via: 'notice' },
          tier: d.tier.key,
          units: d.units,
          deficiencies: d.unsupported.length ? [{ code: 'ATTESTATION_UNSUPPORTED', message: unsupportedMessage(config, d.unsupported, d.tier.key) }] : [],
        };
      }
    }
    const remaining = new Set(a.deficiencies.map((d) => d.code));
    const cured = open.filter((d) => !remaining.has(d.code as never));
    const fresh = a.deficiencies.filter((d) => !open.some((o) => o.code === d.code));
    if (cured.length) await tx.update(deficiencies).set({ curedAt: now }).where(inArray(deficiencies.id, cured.map((d) => d.id)));
    const freshCureBy = addDays(today, config.dates.cureDays);
    if (fresh.length)
      await tx.insert(deficiencies).values(fresh.map((d) => ({ settlementId: settlement.id, claimId: row.id, code: d.code, message: d.message, cureBy: freshCureBy, createdAt: now })));

    const resolved = remaining.size === 0;
    const status = resolved ? 'received' : 'deficient';
    await tx
      .update(claims)
      .set({
        status,
        tier: a.tier,
        units: a.units,
        attestations,
        verificationStatus: a.verificationStatus,
        matchedRecordId: a.match?.record.recordId ?? null,
        noticeId: a.match?.via === 'notice' ? a.match.record.noticeId : row.noticeId,
        pii: usernames.length !== pii.usernames.length ? encryptJson(key, { ...pii, usernames }, CLAIM_PII) : row.pii,
        usernameHash: row.usernameHash ?? (usernames[0] ? keyedHash(key, 'username', normaliseUsername(usernames[0])) : null),
        updatedAt: now,
      })
      .where(eq(claims.id, row.id));
    const note = resolved
      ? 'Correction received. The problem is fixed and the claim is back in review.'
      : `Correction received, but ${[...remaining].map((c) => DEFICIENCY_SUMMARY[c] ?? c).join('; ')}.`;
    await tx.insert(claimEvents).values({ settlementId: settlement.id, claimId: row.id, status, actor: 'claimant', note, at: now });
    await appendAudit(tx, {
      settlementId: settlement.id,
      actor: 'claimant',
      action: 'claim.cure',
      targetType: 'claim',
      targetId: row.claimId,
      details: { cured: cured.map((d) => d.code), remaining: [...remaining], withdrewAttestations: input.withdrawAttestations, tier: a.tier },
    });
    const [updated] = await tx.select().from(claims).where(eq(claims.id, row.id));
    const view = await statusView(tx, settlement, updated);
    const message = resolved
      ? 'Thank you. Your correction fixed the problem and your claim is back in review.'
      : `We still could not verify your claim: ${a.deficiencies.map((d) => d.message).join(' ')}`;
    return { ok: true as const, resolved, message, view };
  });
}
