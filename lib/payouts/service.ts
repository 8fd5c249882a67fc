import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Handle } from '@/db/client';
import { payoutRuns, type PayoutRunStatus } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { can } from '@/lib/auth/permissions';
import type { StaffUser } from '@/lib/auth/queries';
import { csvLine } from '@/lib/csv/encode';
import { CONFIRMED_STATES } from '@/lib/disburse/lifecycle';
import { AppError } from '@/lib/errors';
import type { Settlement } from '@/lib/settlements/service';
import { allocate, Payer, shareValueText } from './allocate';
import { canonicalJson, planFor } from './plan';
import {
  claimPage, codeVersion, finalHash, initialChain, loadRun, PAGE, payPage, sourceOf, summarise, totalsOf, type RunProgress, type RunTotals,
} from './runner';
import { loadAllocation, storeAllocation, type StoredAllocation } from './serialise';

/** A payout run's lifecycle: create (draft, computed by the runner) → approve (a second person) → lock. */

export type PayoutRun = typeof payoutRuns.$inferSelect;
export type RunSpec = { round?: number; sourceAmountCents?: number };

function eligibleStates(s: Settlement): string[] {
  // The payment lifecycle's words (lib/disburse/lifecycle.ts): "cashed" is `paid` (a check cashed, money
  // received); "paid" in the plan's sense also counts payments still in flight (`submitted`).
  return s.config.allocation.laterRounds.eligible === 'cashed_previous_round' ? [...CONFIRMED_STATES] : [...CONFIRMED_STATES, 'submitted'];
}

async function previousRun(db: Db, settlementId: string, round: number): Promise<PayoutRun> {
  const [prev] = await db
    .select()
    .from(payoutRuns)
    .where(and(eq(payoutRuns.settlementId, settlementId), eq(payoutRuns.round, round - 1), eq(payoutRuns.status, 'locked')))
    .orderBy(desc(payoutRuns.lockedAt))
    .limit(1);
  if (!prev) throw new AppError('conflict', `round ${round} shares what round ${round - 1} left: lock a run of round ${round - 1} first`);
  return prev;
}

/** The plan snapshot and source of a new run (shared by the draft and the dry run). */
async function prepare(db: Db, s: Settlement, spec: RunSpec) {
  const round = spec.round ?? 1;
  const { plan, snapshot, poolOfTier } = planFor(s.config, { round, sourceAmountCents: spec.sourceAmountCents });
  const extra = round > 1 ? { previousRunId: (await previousRun(db, s.id, round)).id, eligibleStates: eligibleStates(s) } : {};
  return { round, plan, poolOfTier, snapshot: { ...snapshot, ...extra } as Record<string, unknown> };
}

/** A new draft run, ready for the runner (computeRun / the payouts.compute job). */
export async function createRun(db: Db, s: Settlement, spec: RunSpec, actor: string): Promise<PayoutRun> {
  const { round, plan, snapshot } = await prepare(db, s, spec);
  const [locked] = await db
    .select({ id: payoutRuns.id })
    .from(payoutRuns)
    .where(and(eq(payoutRuns.settlementId, s.id), eq(payoutRuns.round, round), eq(payoutRuns.status, 'locked')));
  if (locked) throw new AppError('conflict', `round ${round} already has a locked run (${locked.id}); a locked run is final`);
  const [row] = await db
    .insert(payoutRuns)
    .values({
      settlementId: s.id,
      round,
      sourceAmountCents: spec.sourceAmountCents ?? null,
      plan: snapshot,
      configVersion: s.configVersion,
      codeVersion: codeVersion(),
      distributableCents: Number(plan.distributableCents),
      createdBy: actor,
    })
    .returning();
  return row;
}

export type DryRun = {
  round: number;
  distributableCents: number;
  allocatedCents: number;
  residueCents: number;
  claims: number;
  pools: RunTotals['pools'];
  perTier: Record<string, { claims: number; units: number; cents: number; noPayment: number }>;
  /** Cents handed out one by one to the first claims by claim id (not yet assigned to a tier). */
  unassignedCents: number;
  smallestCents: number | null;
  largestCents: number | null;
  droppedByMinimum: number;
};

/** The dry run: the allocation of the current summary, nothing written. */
export async function dryRun(db: Db, s: Settlement, spec: RunSpec): Promise<DryRun> {
  const { round, plan, poolOfTier, snapshot } = await prepare(db, s, spec);
  const src = { settlementId: s.id, round, previousRunId: snapshot.previousRunId as string | undefined, states: snapshot.eligibleStates as string[] | undefined };
  const { groups, byTier } = await summarise(db, src, poolOfTier);
  const result = allocate(plan, groups);
  const perTier: DryRun['perTier'] = {};
  const amounts: Record<string, number> = {};
  for (const r of byTier) {
    const g = result.pools.get(poolOfTier.get(r.tier)!)!.groups.get(r.units)!;
    const cents = g.baseCents + (g.extra === 'all' ? 1 : 0);
    const t = (perTier[r.tier] ??= { claims: 0, units: 0, cents: 0, noPayment: 0 });
    t.claims += r.count;
    t.units += r.units * r.count;
    t.cents += cents * r.count;
    if (cents === 0) t.noPayment += r.count;
    amounts[cents] = (amounts[cents] ?? 0) + r.count;
    if (g.extra === 'partial') amounts[cents + 1] = amounts[cents + 1] ?? 0;
  }
  const totals = totalsOf(result, { perTier, amounts });
  return {
    round,
    distributableCents: Number(result.distributableCents),
    allocatedCents: Number(result.allocatedCents),
    residueCents: Number(result.residueCents),
    claims: groups.reduce((a, g) => a + g.count, 0),
    pools: totals.pools,
    perTier,
    unassignedCents: [...result.pools.values()].reduce((a, p) => a + (p.partial?.k ?? 0), 0),
    smallestCents: totals.smallestCents,
    largestCents: totals.largestCents,
    droppedByMinimum: totals.droppedByMinimum,
  };
}

export async function listRuns(db: Db, settlementId: string): Promise<PayoutRun[]> {
  return db.select().from(payoutRuns).where(eq(payoutRuns.settlementId, settlementId)).orderBy(desc(payoutRuns.createdAt)).limit(200);
}

export async function getRun(db: Db, settlementId: string, runId: string): Promise<PayoutRun | null> {
  if (!/^[0-9a-f-]{36}$/i.test(runId)) return null;
  const [row] = await db.select().from(payoutRuns).where(and(eq(payoutRuns.id, runId), eq(payoutRuns.settlementId, settlementId)));
  return row ?? null;
}

function mayApprove(staff: StaffUser | undefined, settlementId: string): staff is StaffUser {
  return !!staff && can(staff.role, 'payouts:approve') && (staff.settlementIds === 'all' || staff.settlementIds.includes(settlementId));
}

/**
 * The two-person rule: a computed draft is approved by a staff user with the finance (or admin) role
 * who is not the person who computed it, and only while the claims it was computed from are unchanged.
 * Approving supersedes the round's other drafts and approved runs.
 */
export async function approveRun(db: Db, runId: string, approver: { actor: string; staff?: StaffUser }): Promise<PayoutRun> {
  const run = await loadRun(db, runId);
  if (!mayApprove(approver.staff, run.settlementId)) throw new AppError('forbidden', 'approving a payout run needs a staff user with the finance role for this settlement (--actor EMAIL)');
  if (approver.actor === run.createdBy) throw new AppError('forbidden', 'a payout run must be approved by a second person, not the one who computed it');
  if (run.status !== 'draft') throw new AppError('conflict', `the run is ${run.status}, not a draft`);
  if (run.phase !== 'computed') throw new AppError('conflict', `the run is not computed yet (${run.phase})`);
  await assertInputsUnchanged(db, run);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(payoutRuns)
      .set({ status: 'approved', approvedBy: approver.actor, approvedAt: new Date() })
      .where(and(eq(payoutRuns.id, run.id), eq(payoutRuns.status, 'draft')))
      .returning();
    if (!row) throw new AppError('conflict', 'the run changed while it was being approved');
    const superseded = await tx
      .update(payoutRuns)
      .set({ status: 'superseded' })
      .where(and(eq(payoutRuns.settlementId, run.settlementId), eq(payoutRuns.round, run.round), inArray(payoutRuns.status, ['draft', 'approved'] as PayoutRunStatus[]), sql`${payoutRuns.id} <> ${run.id}`))
      .returning({ id: payoutRuns.id });
    await appendAudit(tx, {
      settlementId: run.settlementId,
      actor: approver.actor,
      action: 'payouts.approve',
      targetType: 'payout_run',
      targetId: run.id,
      details: { computedBy: run.createdBy, inputsHash: run.inputsHash, allocatedCents: run.allocatedCents, superseded: superseded.map((s) => s.id) },
    });
    return row;
  });
}

/** Locks an approved run: it is final (disbursement pays only locked runs). */
export async function lockRun(db: Db, runId: string, actor: { actor: string; staff?: StaffUser }): Promise<PayoutRun> {
  const run = await loadRun(db, runId);
  if (!mayApprove(actor.staff, run.settlementId)) throw new AppError('forbidden', 'locking a payout run needs a staff user with the finance role for this settlement');
  if (run.status !== 'approved') throw new AppError('conflict', `only an approved run can be locked (this one is ${run.status})`);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(payoutRuns)
      .set({ status: 'locked', lockedBy: actor.actor, lockedAt: new Date() })
      .where(and(eq(payoutRuns.id, run.id), eq(payoutRuns.status, 'approved')))
      .returning();
    if (!row) throw new AppError('conflict', 'the run changed while it was being locked');
    await appendAudit(tx, { settlementId: run.settlementId, actor: actor.actor, action: 'payouts.lock', targetType: 'payout_run', targetId: run.id, details: { inputsHash: run.inputsHash } });
    return row;
  });
}

/** The claims behind a run, summarised again: the same count and units per tier, or a conflict naming the change. */
async function assertInputsUnchanged(db: Db, run: PayoutRun): Promise<void> {
  const config = (await db.execute(sql`select config from settlement_config_versions where settlement_id = ${run.settlementId} and version = ${run.configVersion}`)) as unknown;
  const cfg = rowsOf<{ config: Settlement['config'] }>(config)[0]?.config;
  if (!cfg) return;
  const { poolOfTier } = planFor(cfg, { round: run.round, sourceAmountCents: run.sourceAmountCents ?? undefined });
  const { byTier } = await summarise(db, sourceOf(run), poolOfTier);
  const now: Record<string, { claims: number; units: number }> = {};
  for (const r of byTier) {
    const t = (now[r.tier] ??= { claims: 0, units: 0 });
    t.claims += r.count;
    t.units += r.units * r.count;
  }
  const then = ((run.totals as RunTotals | null)?.perTier ?? {}) as RunTotals['perTier'];
  const tiers = new Set([...Object.keys(now), ...Object.keys(then)]);
  const diffs = [...tiers]
    .filter((t) => (now[t]?.claims ?? 0) !== (then[t]?.claims ?? 0) || (now[t]?.units ?? 0) !== (then[t]?.units ?? 0))
    .map((t) => `${t}: ${then[t]?.claims ?? 0} claims / ${then[t]?.units ?? 0} units then, ${now[t]?.claims ?? 0} / ${now[t]?.units ?? 0} now`);
  if (diffs.length) throw new AppError('conflict', `the approved claims changed since this run was computed (${diffs.join('; ')}): compute a new run`);
}

export type VerifyResult = { ok: boolean; storedHash: string | null; recomputedHash: string; payments: number; paidCents: number; differences: string[] };

/**
 * Recomputes a run from the database — the summary, the allocation, every payment and the inputs hash —
 * and compares it with what the run stored, page by page (bounded memory). Lists at most 20 differences.
 */
export async function verifyRun(handle: Handle, runId: string, onPage?: (done: number) => void): Promise<VerifyResult> {
  const db = handle.db;
  const run = await loadRun(db, runId);
  if (run.phase !== 'computed') throw new AppError('conflict', `the run is not computed (${run.phase})`);
  const [v] = rowsOf<{ config: Settlement['config'] }>(await db.execute(sql`select config from settlement_config_versions where settlement_id = ${run.settlementId} and version = ${run.configVersion}`));
  const differences: string[] = [];
  const note = (d: string) => {
    if (differences.length < 20) differences.push(d);
  };
  const { plan, poolOfTier, snapshot } = planFor(v.config, { round: run.round, sourceAmountCents: run.sourceAmountCents ?? undefined });
  const storedPlan = { ...run.plan } as Record<string, unknown>;
  delete storedPlan.previousRunId;
  delete storedPlan.eligibleStates;
  if (canonicalJson(snapshot) !== canonicalJson(storedPlan)) note('the plan of allocation differs from the configuration version the run names');
  const src = sourceOf(run);
  const { groups } = await summarise(db, src, poolOfTier);
  const result = allocate(plan, groups);
  if (canonicalJson(storeAllocation(result)) !== canonicalJson(run.allocation)) {
    const stored = loadAllocation(run.allocation as unknown as StoredAllocation);
    for (const [key, p] of result.pools) {
      const q = stored.pools.get(key);
      if (!q) note(`pool ${key}: not in the stored run`);
      else {
        if (p.claims !== q.claims) note(`pool ${key}: ${p.claims} claims now, ${q.claims} when computed`);
        if (shareValueText(p) !== shareValueText(q)) note(`pool ${key}: share value ${shareValueText(p)}¢ now, ${shareValueText(q)}¢ when computed`);
      }
    }
    if (!differences.length) note('the allocation of the claims differs from the stored one');
  }
  const payer = new Payer(result);
  let progress: RunProgress = { pages: 0, lastClaimPk: 0, written: 0, chain: initialChain(run.plan), seen: {}, perTier: {}, amounts: {} };
  let paidCents = 0;
  let stored = 0;
  for (;;) {
    const claimsPage = await claimPage(db, src, progress.lastClaimPk);
    const from = progress.lastClaimPk;
    let amounts: number[] = [];
    if (claimsPage.length) {
      const paid = payPage(claimsPage, payer, poolOfTier, progress);
      amounts = paid.amounts;
      progress = paid.next;
    }
    const to = claimsPage.length === PAGE ? progress.lastClaimPk : Number.MAX_SAFE_INTEGER;
    const rows = rowsOf<{ claim_pk: string | number; amount_cents: string | number; units: string | number; tier: string }>(
      await db.execute(sql`select claim_pk, amount_cents, units, tier from payments where run_id = ${run.id} and claim_pk > ${from} and claim_pk <= ${to} order by claim_pk`),
    );
    stored += rows.length;
    const expected = new Map(claimsPage.map((c, i) => [c.id, { cents: amounts[i], units: c.units, tier: c.tier }]));
    for (const r of rows) {
      const id = Number(r.claim_pk);
      const e = expected.get(id);
      paidCents += Number(r.amount_cents);
      if (!e) note(`claim ${id}: has a payment but is not among the run's claims now`);
      else {
        if (e.cents !== Number(r.amount_cents)) note(`claim ${id}: paid ${r.amount_cents} cents, recomputed ${e.cents}`);
        if (e.units !== Number(r.units) || e.tier !== r.tier) note(`claim ${id}: ${r.units} units (${r.tier}) in the run, ${e.units} (${e.tier}) now`);
        expected.delete(id);
      }
    }
    for (const id of expected.keys()) note(`claim ${id}: among the run's claims now but has no payment`);
    onPage?.(progress.written);
    if (claimsPage.length < PAGE) break;
  }
  const recomputedHash = finalHash(progress.chain, progress.written);
  if (recomputedHash !== run.inputsHash) note(`inputs hash ${recomputedHash} recomputed, ${run.inputsHash} stored`);
  if (paidCents !== run.allocatedCents) note(`the payments sum to ${paidCents} cents, the run says ${run.allocatedCents}`);
  return { ok: differences.length === 0, storedHash: run.inputsHash, recomputedHash, payments: stored, paidCents, differences };
}

export const exportColumns = ['claim_id', 'claim_ref', 'tier', 'units', 'amount_cents', 'payment_method', 'status'] as const;

/** The payments export (INTERFACES.md §3.2) as CSV chunks, by keyset pages; checks the sum at the end. */
export async function* exportPayments(db: Db, run: PayoutRun, counter: { rows: number; cents: number } = { rows: 0, cents: 0 }): AsyncGenerator<string> {
  if (run.phase !== 'computed') throw new AppError('conflict', `the run is not computed (${run.phase})`);
  yield csvLine(exportColumns);
  let after = 0;
  for (;;) {
    const rows = rowsOf<{ claim_pk: string | number; claim_id: string; claim_ref: string | null; tier: string; units: string | number; amount_cents: string | number; payment_method: string; state: string }>(
      await db.execute(sql`select p.claim_pk, c.claim_id, c.claim_ref, p.tier, p.units, p.amount_cents, p.payment_method, p.state
        from payments p join claims c on c.id = p.claim_pk where p.run_id = ${run.id} and p.claim_pk > ${after} order by p.claim_pk limit ${PAGE}`),
    );
    if (!rows.length) break;
    let chunk = '';
    for (const r of rows) {
      chunk += csvLine([r.claim_id, r.claim_ref ?? '', r.tier, Number(r.units), Number(r.amount_cents), r.payment_method, r.state]);
      counter.cents += Number(r.amount_cents);
    }
    counter.rows += rows.length;
    yield chunk;
    after = Number(rows[rows.length - 1].claim_pk);
    if (rows.length < PAGE) break;
  }
  if (counter.cents !== run.allocatedCents) throw new AppError('internal', `the exported payments sum to ${counter.cents} cents, the run's allocated amount is ${run.allocatedCents}`);
}

export type ClaimPayment = {
  runId: string;
  round: number;
  status: PayoutRunStatus;
  amountCents: number;
  units: number;
  shareValue: string;
  exactCents: string;
  rounding: 'down' | 'up' | 'exact' | 'capped' | 'below_minimum';
  capCents: number | null;
  minimumCents: number | null;
};

/** A claimant's amount in the latest approved or locked run, with how it was computed. */
export async function paymentOfClaim(db: Db, claimPk: number): Promise<ClaimPayment | null> {
  const [row] = rowsOf<{ run_id: string; round: number; status: PayoutRunStatus; amount_cents: string | number; units: string | number; tier: string; allocation: StoredAllocation; plan: { poolOfTier?: Record<string, string> } }>(
    await db.execute(sql`select p.run_id, r.round, r.status, p.amount_cents, p.units, p.tier, r.allocation, r.plan
      from payments p join payout_runs r on r.id = p.run_id
      where p.claim_pk = ${claimPk} and r.status in ('approved', 'locked') order by r.round desc, r.approved_at desc limit 1`),
  );
  if (!row) return null;
  const alloc = loadAllocation(row.allocation);
  const poolKey = row.plan.poolOfTier?.[row.tier] ?? 'main';
  const pool = alloc.pools.get(poolKey)!;
  const units = Number(row.units);
  const g = pool.groups.get(units);
  const amount = Number(row.amount_cents);
  const exact = pool.shareDenominator === 0n ? 0n : pool.shareNumerator * BigInt(units) * 100n / pool.shareDenominator;
  const exactCents = `${exact / 100n}.${(exact % 100n).toString().padStart(2, '0')}`;
  const capPool = (row.plan as { pools?: { key: string; capCents: string | null; minimumCents: string }[] }).pools?.find((p) => p.key === poolKey);
  const rounding: ClaimPayment['rounding'] =
    g?.kind === 'capped' ? 'capped' : g?.kind === 'dropped' ? 'below_minimum' : g && amount > g.baseCents ? 'up' : g && g.remainder === '0' ? 'exact' : 'down';
  return {
    runId: row.run_id,
    round: row.round,
    status: row.status,
    amountCents: amount,
    units,
    shareValue: shareValueText(pool, 4),
    exactCents,
    rounding,
    capCents: capPool?.capCents ? Number(capPool.capCents) : null,
    minimumCents: capPool ? Number(capPool.minimumCents) : null,
  };
}
