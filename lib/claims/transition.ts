import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import { claimDecisions, claimEvents, claims, claimVerifications } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { assertTransition, INITIAL_STATUSES, type ClaimStatus } from './lifecycle';

/**
 * The only code that writes a claim's status, its current verification (tier, units, match) and its
 * current decision. Each write also writes its history row (claim_events, claim_verifications,
 * claim_decisions) in the caller's transaction, so the denormalised values on the claim row can never
 * drift from their history. Callers (file-claim, cure, review, import) add the audit row.
 */

/** A claim as these functions need it: its internal key (never the public claim ID) and its status now. */
export type ClaimHandle = { claimPk: number; settlementId: string; claimId: string; status: ClaimStatus };

export type Verification = {
  /** matched (pickMatch "verified"), unmatched ("not_found"), probable (a reviewer confirms) or conflict (docs/decisions/0016). */
  status: 'matched' | 'unmatched' | 'probable' | 'conflict';
  matchedRecordId: string | null;
  via: string | null;
  reasonCodes: string[];
  configVersion: number;
  tier: string;
  units: number | null;
  /** intake, a cure, a verification run, or a re-verification after a configuration change. */
  trigger: 'intake' | 'cure' | 'verify' | 'reverify';
};

/** A new claim starts as received, or deficient when intake found something to cure. */
export function assertInitialStatus(status: ClaimStatus): void {
  if (!INITIAL_STATUSES.includes(status)) throw new AppError('conflict', `a claim cannot be filed as ${status}`, { field: 'status' });
}

/** The claim columns mirroring a verification: written with the claim at intake, or by recordVerification. */
export function verificationColumns(v: Verification) {
  if (v.units !== null && !Number.isSafeInteger(v.units)) throw new AppError('internal', `units must be a whole number, got ${v.units}`);
  return { tier: v.tier, units: v.units, verificationStatus: v.status, matchedRecordId: v.matchedRecordId, configVersion: v.configVersion };
}

/** Writes a verification row and makes it the claim's current tier, units and match. */
export async function recordVerification(tx: Queryable, claim: Pick<ClaimHandle, 'claimPk' | 'settlementId'>, v: Verification, actor: string, at: Date): Promise<void> {
  const columns = verificationColumns(v);
  await tx.insert(claimVerifications).values({ settlementId: claim.settlementId, claimPk: claim.claimPk, ...v, actor, at });
  await tx.update(claims).set({ ...columns, updatedAt: at }).where(eq(claims.id, claim.claimPk));
}

/**
 * Many claims' verifications at once (the batch `fairshare verify`): one insert of the history rows and
 * one UPDATE … FROM of the claims' current copy, the same columns recordVerification writes.
 */
export async function recordVerifications(
  tx: Queryable,
  settlementId: string,
  items: { claimPk: number; verification: Verification }[],
  actor: string,
  at: Date,
): Promise<void> {
  for (let i = 0; i < items.length; i += 2000) {
    const chunk = items.slice(i, i + 2000);
    const columns = chunk.map((it) => ({ id: it.claimPk, ...verificationColumns(it.verification) }));
    await tx.insert(claimVerifications).values(chunk.map((it) => ({ settlementId, claimPk: it.claimPk, ...it.verification, actor, at })));
    await tx.execute(sql`
      update claims c set tier = v.tier, units = v.units, verification_status = v.status, matched_record_id = v.record, config_version = v.cv, updated_at = ${at.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(columns.map((c) => ({ id: c.id, tier: c.tier, units: c.units, status: c.verificationStatus, record: c.matchedRecordId, cv: c.configVersion })))}::jsonb)
        as v(id bigint, tier text, units bigint, status text, record text, cv int)
      where c.id = v.id and c.settlement_id = ${settlementId}`);
  }
}

/**
 * Moves a claim to `to` if the lifecycle allows it (AppError 'conflict' otherwise), and records the
 * step on the claimant's timeline. The update is conditional on the status the caller read, so two
 * reviewers deciding the same claim at once cannot both succeed.
 */
export async function moveClaim(
  tx: Queryable,
  claim: ClaimHandle,
  to: ClaimStatus,
  ev: { actor: string; note?: string | null; at: Date; set?: { decision?: string | null; decisionReason?: string | null; attestations?: string[] } },
): Promise<ClaimHandle> {
  assertTransition(claim.status, to, claim.claimId);
  const [row] = await tx
    .update(claims)
    .set({ ...ev.set, status: to, updatedAt: ev.at })
    .where(and(eq(claims.id, claim.claimPk), eq(claims.status, claim.status)))
    .returning({ id: claims.id });
  if (!row) throw new AppError('conflict', `claim ${claim.claimId} changed while this was being done; reload it and try again`);
  await tx.insert(claimEvents).values({ settlementId: claim.settlementId, claimPk: claim.claimPk, status: to, note: ev.note ?? null, actor: ev.actor, at: ev.at });
  return { ...claim, status: to };
}

/**
 * moveClaim for many claims at once (the batch verification's deficient ⇄ received moves): the same
 * lifecycle check per claim, one conditional UPDATE … FROM and one insert of the timeline steps. All or
 * nothing: if any claim's status changed meanwhile, AppError 'conflict' and the caller's transaction rolls back.
 */
export async function moveClaims(tx: Queryable, moves: { claim: ClaimHandle; to: ClaimStatus; note: string | null }[], actor: string, at: Date): Promise<void> {
  for (let i = 0; i < moves.length; i += 2000) {
    const chunk = moves.slice(i, i + 2000);
    for (const m of chunk) assertTransition(m.claim.status, m.to, m.claim.claimId);
    const updated = rowsOf<{ id: number }>(
      await tx.execute(sql`
        update claims c set status = v.to::claim_status, updated_at = ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(chunk.map((m) => ({ id: m.claim.claimPk, from: m.claim.status, to: m.to })))}::jsonb) as v(id bigint, "from" text, "to" text)
        where c.id = v.id and c.status::text = v."from"
        returning c.id`),
    );
    if (updated.length !== chunk.length) throw new AppError('conflict', 'some claims changed while they were being verified; run it again');
    await tx.insert(claimEvents).values(chunk.map((m) => ({ settlementId: m.claim.settlementId, claimPk: m.claim.claimPk, status: m.to, note: m.note, actor, at })));
  }
}

export type DecisionKind = 'approve' | 'deny' | 'request_info';
export const DECISION_STATUS: Record<DecisionKind, ClaimStatus> = { approve: 'approved', deny: 'denied', request_info: 'deficient' };

/** Records a decision and moves the claim to the status it implies. */
export async function recordDecision(
  tx: Queryable,
  claim: ClaimHandle,
  d: { decision: DecisionKind; reasonCodes: string[]; decidedBy: string; secondApprover?: string | null; note?: string | null; at: Date },
): Promise<ClaimHandle> {
  const moved = await moveClaim(tx, claim, DECISION_STATUS[d.decision], {
    actor: d.decidedBy,
    note: d.note,
    at: d.at,
    set: { decision: d.decision, decisionReason: d.reasonCodes.length ? d.reasonCodes.join(';') : null },
  });
  await tx.insert(claimDecisions).values({
    settlementId: claim.settlementId,
    claimPk: claim.claimPk,
    decision: d.decision,
    reasonCodes: d.reasonCodes,
    decidedBy: d.decidedBy,
    secondApprover: d.secondApprover ?? null,
    at: d.at,
  });
  return moved;
}
