import type { DataKey } from '@/lib/privacy/crypto';
import type { SettlementConfig } from '@/lib/settlements/config';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_PREFIX, newPublicId } from './claim-id';
import { claimRowSchema, type ImportedClaim } from './import-row';
import { sealClaim } from './seal';
import { requestedTier } from '@/lib/verification/tier';

/**
 * The per-row work of the claims import, as a batch task (lib/bulk/workers.ts), for both passes:
 * `check` runs the row schema and returns its problems (and the Notice ID and code to look up);
 * `seal` runs it again and returns the claim's staging cells (sealed data, keyed hashes). Worker
 * thread or main thread alike; nothing of a row leaves but what the import stores or looks up.
 */

export type ClaimsPrepareInit = { enc: Uint8Array; mac: Uint8Array; config: SettlementConfig; now: number; deadline: number };
export type ClaimsBatch = { pass: 'check' | 'seal'; rows: { fields: Record<string, string>; extra: Record<string, string> }[] };
export type CheckedClaim = { issues?: { field: string; message: string }[]; notice?: { noticeId: string; code: string } };
/** A sealed claim's staging cells, or `changed` when the row no longer passes (the file changed). */
export type SealedClaimRow = { cells?: ReturnType<typeof stagingCells>; changed?: true };

export function setup(init: ClaimsPrepareInit): (batch: ClaimsBatch) => CheckedClaim[] | SealedClaimRow[] {
  // A Buffer posted to a worker arrives as a Uint8Array.
  const key: DataKey = { enc: Buffer.from(init.enc), mac: Buffer.from(init.mac) };
  const schema = claimRowSchema(init.config, new Date(init.now));
  const settlement = { config: init.config } as Settlement;
  return ({ pass, rows }) => {
    if (pass === 'check')
      return rows.map(({ fields }): CheckedClaim => {
        const parsed = schema.safeParse(fields);
        if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'claim_ref'), message: i.message })) };
        const c = parsed.data;
        return c.noticeId && c.confirmationCode ? { notice: { noticeId: c.noticeId, code: c.confirmationCode } } : {};
      });
    return rows.map(({ fields, extra }): SealedClaimRow => {
      const parsed = schema.safeParse(fields);
      if (!parsed.success) return { changed: true };
      return { cells: stagingCells(claimRow(key, settlement, { ...parsed.data, attributes: trimValues(extra) }, init.deadline)) };
    });
  };
}

/** A checked claim and the file's extra columns, kept as attributes (INTERFACES.md §2). */
type Pending = ImportedClaim & { attributes: Record<string, string> };

export type ClaimRow = ReturnType<typeof claimRow>;

/**
 * One imported claim as the row it becomes: status received, the tier it asks for, sealed personal data
 * and keyed hashes. Pure apart from the random claim ID.
 */
export function claimRow(key: DataKey, settlement: Settlement, c: Pending, deadline: number) {
  const tier = requestedTier(settlement.config, c.attestations);
  const sealed = sealClaim(key, c.pii, c.payment, c.intake);
  return {
    claimId: newPublicId(CLAIM_PREFIX),
    claimRef: c.claimRef,
    channel: c.channel,
    late: c.submittedAt.getTime() > deadline,
    // As filed: verification (a later step) sets the current tier and units; until then it is the one asked for.
    requestedTier: tier.key,
    tier: tier.key,
    attestations: c.attestations,
    noticeId: c.noticeId ?? null,
    formSeconds: c.formSeconds ?? null,
    attributes: c.attributes,
    submittedAt: c.submittedAt,
    ...sealed,
  };
}

/** The claim's cells in claims_staging's column order (lib/claims/import.ts CLAIM_STAGING). */
export function stagingCells(r: ClaimRow) {
  return [
    r.claimId, r.claimRef, r.channel, r.late, r.requestedTier, r.tier, JSON.stringify(r.attestations), r.noticeId, r.formSeconds, JSON.stringify(r.attributes),
    r.submittedAt, r.paymentMethod, r.pii, r.payment, r.intake, r.emailHash, r.phoneHash, r.usernameHash, r.zipHash, r.nameHash, r.paymentHash, r.ipHash, r.deviceHash,
  ];
}

function trimValues(extra: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.trim()]));
}
