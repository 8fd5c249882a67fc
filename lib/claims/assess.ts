import type { Queryable } from '@/db/client';
import type { DataKey } from '@/lib/privacy/crypto';
import type { SettlementConfig } from '@/lib/settlements/config';
import { matchClassRecord, type ClassMatch, type Identifiers } from '@/lib/verification/match';
import { decideTier, requestedTier } from '@/lib/verification/tier';
import type { Verification } from './transition';

/**
 * Verification at intake (and again at a cure): match the claimant to the class list and decide the
 * tier. What cannot be verified becomes a curable deficiency with a plain-words explanation — never
 * a silent denial (DOMAIN.md §1.6). Messages hold no personal data: they are shown and e-mailed.
 */

export type DeficiencyCode = 'IDENTIFIER_MISMATCH' | 'ATTESTATION_UNSUPPORTED';
export type Assessment = {
  verificationStatus: 'matched' | 'unmatched';
  match: ClassMatch | null;
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

export async function assessClaim(
  db: Queryable,
  key: DataKey,
  settlementId: string,
  config: SettlementConfig,
  ids: Identifiers,
  attestations: readonly string[],
): Promise<Assessment> {
  const match = await matchClassRecord(db, key, settlementId, ids);
  if (!match) {
    return {
      verificationStatus: 'unmatched',
      match: null,
      tier: requestedTier(config, attestations).key,
      // Units are settled only once the claimant is verified against the class list.
      units: null,
      deficiencies: [{ code: 'IDENTIFIER_MISMATCH', message: mismatchMessage(config) }],
    };
  }
  const decision = decideTier(config, match.record.attributes, attestations);
  return {
    verificationStatus: 'matched',
    match,
    tier: decision.tier.key,
    units: decision.units,
    deficiencies: decision.unsupported.length
      ? [{ code: 'ATTESTATION_UNSUPPORTED', message: unsupportedMessage(config, decision.unsupported, decision.tier.key) }]
      : [],
  };
}

/** The verification row an assessment makes (claim_verifications), under the configuration version it used. */
export function verificationOf(a: Assessment, configVersion: number, trigger: Verification['trigger']): Verification {
  return {
    status: a.verificationStatus,
    matchedRecordId: a.match?.record.recordId ?? null,
    via: a.match?.via ?? null,
    reasonCodes: a.deficiencies.map((d) => d.code),
    configVersion,
    tier: a.tier,
    units: a.units,
    trigger,
  };
}
