import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { claimMatchState, claims, classMembers } from '@/db/schema';
import { STORED_STATUS } from '@/lib/verification/status';
import { oneMemberOnePayment, pickMatch, type MatchReview, type PickResult } from '@/lib/verification/pick-match';
import type { DataKey } from '@/lib/privacy/crypto';
import type { SettlementConfig } from '@/lib/settlements/config';
import { candidatesFor, type ClaimantIdentity, type ClassMatch } from '@/lib/verification/match';
import { decideTier, requestedTier } from '@/lib/verification/tier';
import type { Verification } from './transition';

/**
 * Verification at intake (and again at a cure): match the claimant to the class list and decide the
 * tier. What cannot be verified becomes a curable deficiency with a plain-words explanation — never
 * a silent denial (DOMAIN.md §1.6). Messages hold no personal data: they are shown and e-mailed.
 */

export type DeficiencyCode = 'IDENTIFIER_MISMATCH' | 'ATTESTATION_UNSUPPORTED';
export type Assessment = {
  verificationStatus: Verification['status'];
  /** pickMatch's result (after one member, one payment). */
  pick: PickResult;
  /** The record, when verified. */
  match: ClassMatch | null;
  /** Other live claims that held the record: with this one they are now conflicts. */
  holders: number[];
  /** The Notice ID the claimant proved with its confirmation code (whatever the outcome), for claim_identifiers. */
  provenNoticeId?: string | null;
  tier: string;
  units: number | null;
  deficiencies: { code: DeficiencyCode; message: string }[];
};

/** How each deficiency reads in the claimant's timeline (the code itself stays in the audit log). */
export const DEFICIENCY_SUMMARY: Record<string, string> = {
  IDENTIFIER_MISMATCH: 'your account could not be found in the records',
  ATTESTATION_UNSUPPORTED: 'a statement on your claim is not supported by the records',
};

export function mismatchMessage(c: SettlementConfig): string {
  return (
    `We could not find your account in ${c.platform}’s records with the details you gave. ` +
    `Give another ${c.identifierLabel} you have used, or the Notice ID and confirmation code from your notice.`
  );
}

export function unsupportedMessage(c: SettlementConfig, tierKeys: string[], fallbackTier: string): string {
  const fallback = c.tiers.find((t) => t.key === fallbackTier)?.name ?? fallbackTier;
  const statements = tierKeys
    .flatMap((k) => c.tiers.find((t) => t.key === k)?.eligibility.attestations ?? [])
    .map((a) => `“${c.attestations.find((x) => x.key === a)?.label ?? a}”`)
    .join(' ');
  return (
    `${c.platform}’s records for your account do not support this statement: ${statements} ` +
    `For now your claim counts in the ${fallback}. You can withdraw the statement and accept the ${fallback} payment, ` +
    `or give another ${c.identifierLabel} or Notice ID whose records do support it.`
  );
}

/**
 * Verification of one claimant (intake, cure): the candidates their identifiers find, pickMatch (the
 * same pure choice the batch makes), and one member, one payment — when another live claim already
 * holds the record, this claim and that one are both conflicts for review (`holders` lists the others;
 * the caller stores their conflict with lib/verification/batch.ts writeResults). Runs in the caller's
 * transaction, which it locks on the record so two claims filed at once cannot both take it.
 */
export async function assessClaim(
  db: Queryable,
  key: DataKey,
  settlementId: string,
  config: SettlementConfig,
  ids: ClaimantIdentity,
  attestations: readonly string[],
  opts: { exceptClaimPk?: number; reviews?: MatchReview[]; priorRecordId?: string | null } = {},
): Promise<Assessment> {
  const candidates = await candidatesFor(db, key, settlementId, ids);
  let pick = pickMatch({ candidates, reviews: opts.reviews });
  const provenNoticeId = ids.noticeId && candidates.some((c) => c.matched.includes('notice')) ? ids.noticeId.trim().toUpperCase() : null;
  // A record matched before (e.g. by a Notice ID code that is not kept) still counts when nothing better is found.
  if (pick.status === 'not_found' && opts.priorRecordId) pick = pickMatch({ candidates: [{ recordId: opts.priorRecordId, matched: ['notice'] }] });
  let holders: number[] = [];
  if (pick.status === 'verified' && pick.recordId) {
    await db.execute(sql`select pg_advisory_xact_lock_shared(hashtext(${`verify:${settlementId}`}))`);
    await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`record:${settlementId}:${pick.recordId}`}))`);
    const held = await db
      .select({ claimPk: claimMatchState.claimPk })
      .from(claimMatchState)
      .innerJoin(claims, eq(claims.id, claimMatchState.claimPk))
      .where(
        and(
          eq(claimMatchState.settlementId, settlementId),
          eq(claimMatchState.recordId, pick.recordId),
          inArray(claimMatchState.status, ['verified', 'conflict']),
          sql`${claims.status} not in ('denied', 'withdrawn')`,
        ),
      );
    holders = held.map((h) => h.claimPk).filter((pk) => pk !== opts.exceptClaimPk);
    if (holders.length) pick = oneMemberOnePayment(new Map<number, PickResult>([[-1, pick], ...holders.map((h) => [h, pick] as [number, PickResult])])).get(-1)!;
  }
  const requested = requestedTier(config, attestations).key;
  if (pick.status !== 'verified' || !pick.recordId) {
    return {
      verificationStatus: STORED_STATUS[pick.status],
      pick,
      match: null,
      tier: requested,
      // Units are settled only once the claimant is verified against the class list (and no other claim holds the record).
      units: null,
      deficiencies: pick.status === 'not_found' ? [{ code: 'IDENTIFIER_MISMATCH', message: mismatchMessage(config) }] : [],
      holders,
      provenNoticeId,
    };
  }
  const [record] = await db.select().from(classMembers).where(and(eq(classMembers.settlementId, settlementId), eq(classMembers.recordId, pick.recordId)));
  const decision = decideTier(config, record.attributes, attestations);
  return {
    verificationStatus: 'matched',
    pick,
    match: { record, via: pick.via === 'name_address' ? 'name_address' : (pick.via ?? 'notice') },
    tier: decision.tier.key,
    units: decision.units,
    deficiencies: decision.unsupported.length
      ? [{ code: 'ATTESTATION_UNSUPPORTED', message: unsupportedMessage(config, decision.unsupported, decision.tier.key) }]
      : [],
    holders,
    provenNoticeId,
  };
}

/** The verification row an assessment makes (claim_verifications), under the configuration version it used. */
export function verificationOf(a: Assessment, configVersion: number, trigger: Verification['trigger']): Verification {
  return {
    status: a.verificationStatus,
    matchedRecordId: a.pick.recordId,
    via: a.pick.via,
    reasonCodes: [...new Set([...a.pick.reasonCodes, ...a.deficiencies.map((d) => d.code)])],
    configVersion,
    tier: a.tier,
    units: a.units,
    trigger,
  };
}
