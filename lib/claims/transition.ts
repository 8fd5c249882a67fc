import { and, eq, sql } from 'drizzle-orm';
import { pgArray, rowsOf, type Queryable } from '@/db/client';
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
 * one UPDATE … FROM of the claims' current copy, the same columns recordVerification writes. Each column
 * travels as one array parameter (unnest), so a page of tens of thousands of claims is two statements
 * whatever its size, on PostgreSQL and PGlite alike.
 */
export async function recordVerifications(
  tx: Queryable,
  settlementId: string,
  items: { claimPk: number; verification: Verification }[],
  actor: string,
  at: Date,
): Promise<void> {
  if (items.length === 0) return;
  for (const it of items) verificationColumns(it.verification); // the same whole-number check as one at a time
  const col = <T>(f: (v: Verification) => T) => items.map((it) => f(it.verification));
  const pk = pgArray(items.map((it) => it.claimPk));
  const status = pgArray(col((v) => v.status));
  const record = pgArray(col((v) => v.matchedRecordId));
  const cv = pgArray(col((v) => v.configVersion));
  const tier = pgArray(col((v) => v.tier));
  const units = pgArray(col((v) => v.units));
  // Reason codes are stable upper-case words (no commas): one text per claim, split back into text[].
  const reasons = pgArray(col((v) => v.reasonCodes.join(',')));
  await tx.execute(sql`
    insert into claim_verifications (settlement_id, claim_pk, status, matched_record_id, via, reason_codes, config_version, tier, units, trigger, actor, at)
    select ${settlementId}::uuid, v.pk, v.status, v.record, v.via, string_to_array(v.reasons, ','), v.cv, v.tier, v.units, v.trigger, ${actor}, ${at.toISOString()}::timestamptz
    from unnest(${pk}::bigint[], ${status}::text[], ${record}::text[], ${pgArray(col((v) => v.via))}::text[], ${reasons}::text[], ${cv}::int[],
                ${tier}::text[], ${units}::bigint[], ${pgArray(col((v) => v.trigger))}::text[]) as v(pk, status, record, via, reasons, cv, tier, units, trigger)`);
  await tx.execute(sql`
    update claims c set tier = v.tier, units = v.units, verification_status = v.status, matched_record_id = v.record, config_version = v.cv, updated_at = ${at.toISOString()}::timestamptz
    from unnest(${pk}::bigint[], ${tier}::text[], ${units}::bigint[], ${status}::text[], ${record}::text[], ${cv}::int[]) as v(id, tier, units, status, record, cv)
    where c.id = v.id and c.settlement_id = ${settlementId}`);
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
 * lifecycle check per claim, one conditional UPDATE … FROM and one insert of the timeline steps (columns
 * as array parameters, as in recordVerifications). All or nothing: if any claim's status changed
 * meanwhile, AppError 'conflict' and the caller's transaction rolls back.
 */
export async function moveClaims(tx: Queryable, moves: { claim: ClaimHandle; to: ClaimStatus; note: string | null }[], actor: string, at: Date): Promise<void> {
  if (moves.length === 0) return;
  for (const m of moves) assertTransition(m.claim.status, m.to, m.claim.claimId);
  const pk = pgArray(moves.map((m) => m.claim.claimPk));
  const to = pgArray(moves.map((m) => m.to));
  const updated = rowsOf<{ id: number }>(
    await tx.execute(sql`
      update claims c set status = v.to::claim_status, updated_at = ${at.toISOString()}::timestamptz
      from unnest(${pk}::bigint[], ${pgArray(moves.map((m) => m.claim.status))}::text[], ${to}::text[]) as v(id, "from", "to")
      where c.id = v.id and c.status::text = v."from"
      returning c.id`),
  );
  if (updated.length !== moves.length) throw new AppError('conflict', 'some claims changed while they were being verified; run it again');
  await tx.execute(sql`
    insert into claim_events (settlement_id, claim_pk, status, note, actor, at)
    select v.sid, v.pk, v.to::claim_status, v.note, ${actor}, ${at.toISOString()}::timestamptz
    from unnest(${pgArray(moves.map((m) => m.claim.settlementId))}::uuid[], ${pk}::bigint[], ${to}::text[], ${pgArray(moves.map((m) => m.note))}::text[]) as v(sid, pk, "to", note)`);
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

/**
 * recordDecision for many claims at once (bulk decisions of a cluster or a filter, `review apply-rules`):
 * the same lifecycle check per claim, one conditional UPDATE … FROM of status and decision, one insert
 * of the timeline steps and one of the decision rows (columns as array parameters). Each claim carries
 * its own reason codes. All or nothing: if any claim's status changed meanwhile, AppError 'conflict'.
 */
export async function recordDecisions(
  tx: Queryable,
  items: { claim: ClaimHandle; reasonCodes: string[] }[],
  d: { decision: DecisionKind; decidedBy: string; secondApprover?: string | null; note: string | null; at: Date },
): Promise<void> {
  if (items.length === 0) return;
  const to = DECISION_STATUS[d.decision];
  for (const it of items) assertTransition(it.claim.status, to, it.claim.claimId);
  const at = d.at.toISOString();
  const pk = pgArray(items.map((it) => it.claim.claimPk));
  // Reason codes are stable upper-case words (no commas): one text per claim, split back into text[].
  const reasons = pgArray(items.map((it) => it.reasonCodes.join(',')));
  const updated = rowsOf<{ id: number }>(
    await tx.execute(sql`
      update claims c set status = ${to}::claim_status, decision = ${d.decision}, decision_reason = nullif(replace(v.reasons, ',', ';'), ''), updated_at = ${at}::timestamptz
      from unnest(${pk}::bigint[], ${pgArray(items.map((it) => it.claim.status))}::text[], ${reasons}::text[]) as v(id, "from", reasons)
      where c.id = v.id and c.status::text = v."from"
      returning c.id`),
  );
  if (updated.length !== items.length) throw new AppError('conflict', 'some claims changed while they were being decided; run it again');
  const sids = pgArray(items.map((it) => it.claim.settlementId));
  await tx.execute(sql`
    insert into claim_events (settlement_id, claim_pk, status, note, actor, at)
    select v.sid, v.pk, ${to}::claim_status, ${d.note}, ${d.decidedBy}, ${at}::timestamptz
    from unnest(${sids}::uuid[], ${pk}::bigint[]) as v(sid, pk)`);
  await tx.execute(sql`
    insert into claim_decisions (settlement_id, claim_pk, decision, reason_codes, decided_by, second_approver, at)
    select v.sid, v.pk, ${d.decision}::claim_decision, coalesce(string_to_array(nullif(v.reasons, ''), ','), '{}'::text[]), ${d.decidedBy}, ${d.secondApprover ?? null}, ${at}::timestamptz
    from unnest(${sids}::uuid[], ${pk}::bigint[], ${reasons}::text[]) as v(sid, pk, reasons)`);
}
