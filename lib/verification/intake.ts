import type { Queryable } from '@/db/client';
import type { Assessment } from '@/lib/claims/assess';
import type { ClaimPii } from '@/lib/claims/seal';
import type { DataKey } from '@/lib/privacy/crypto';
import type { Settlement } from '@/lib/settlements/service';
import { loadClaims, writeResults } from './batch';
import { claimIdentifierRows, replaceClaimIdentifiers } from './identifiers';
import { oneMemberOnePayment, type PickResult } from './pick-match';

/**
 * After intake or a cure assessed one claim (lib/claims/assess.ts): its identifiers are stored for the
 * batch joins, its match state is recorded (so `fairshare verify` does not redo it), and the other
 * claims that held the same record become conflicts with it. The caller's transaction.
 */
export async function storeAssessment(
  tx: Queryable,
  key: DataKey,
  settlement: Settlement,
  claim: { claimPk: number; pii: ClaimPii; provenNoticeId?: string | null },
  a: Assessment,
  actor: string,
  now: Date,
  trigger: 'intake' | 'cure',
): Promise<void> {
  await replaceClaimIdentifiers(tx, settlement.id, [claim.claimPk], claimIdentifierRows(key, { ...claim, settlementId: settlement.id }), now);
  const rows = await loadClaims(tx, settlement.id, [claim.claimPk, ...a.holders]);
  const results = new Map<number, PickResult>(rows.map((r) => [r.id, r.id === claim.claimPk ? a.pick : a.pick]));
  await writeResults(tx, settlement, rows, a.holders.length ? oneMemberOnePayment(results) : results, actor, now, trigger);
}
