import { distributableCents, type SettlementConfig } from '@/lib/settlements/config';
import { MAIN_POOL, type AllocationPlan, type PoolPlan } from './allocate';

/**
 * From a settlement's configuration to the pure core's plan (lib/payouts/allocate.ts), for one round.
 * Round 1 shares the net distributable amount (gross − deductions + interest) by the plan's pools; a
 * later round shares its source amount (uncashed and returned money, fed by disbursement) among the
 * claims the plan's `laterRounds.eligible` names, in one pool with the later-round minimum and no cap.
 */

export type RoundSpec = { round: number; sourceAmountCents?: number };

export type PlanFor = {
  plan: AllocationPlan;
  /** Which pool each tier's claims are paid from. */
  poolOfTier: Map<string, string>;
  /** What the run snapshots (JSON-safe): the plan in its configured words, plus the round. */
  snapshot: Record<string, unknown>;
};

export function planFor(config: SettlementConfig, spec: RoundSpec): PlanFor {
  const a = config.allocation;
  const poolOfTier = new Map<string, string>(config.tiers.map((t) => [t.key, MAIN_POOL]));
  const big = (v: number | undefined) => (v === undefined ? undefined : BigInt(v));
  let plan: AllocationPlan;
  if (spec.round === 1) {
    const pools: PoolPlan[] = a.subPools.map((p) => ({
      key: `sub:${p.key}`,
      amountCents: big(p.amountCents),
      capCents: big(p.perClaimCapCents ?? a.perClaimantCapCents),
      minimumCents: BigInt(p.minimumPaymentCents ?? a.minimumPaymentCents),
      unused: p.unused,
    }));
    for (const p of a.subPools) for (const t of p.tiers) poolOfTier.set(t, `sub:${p.key}`);
    pools.push({ key: MAIN_POOL, capCents: big(a.perClaimantCapCents), minimumCents: BigInt(a.minimumPaymentCents), unused: 'residue' });
    plan = { distributableCents: BigInt(distributableCents(config)), pools };
  } else {
    if (spec.sourceAmountCents === undefined) throw new RangeError(`round ${spec.round} needs its source amount (the uncashed and returned money)`);
    if (spec.round > a.laterRounds.maxRounds) throw new RangeError(`the plan allows at most ${a.laterRounds.maxRounds} rounds`);
    plan = {
      distributableCents: BigInt(spec.sourceAmountCents),
      pools: [{ key: MAIN_POOL, minimumCents: BigInt(a.laterRounds.minimumPaymentCents), unused: 'residue' }],
    };
  }
  const snapshot = {
    round: spec.round,
    sourceAmountCents: spec.sourceAmountCents ?? null,
    grossFundCents: config.grossFundCents,
    deductions: config.deductions,
    allocation: config.allocation,
    tiers: config.tiers.map((t) => ({ key: t.key, units: t.units })),
    distributableCents: plan.distributableCents.toString(),
    pools: plan.pools.map((p) => ({
      key: p.key,
      amountCents: p.amountCents?.toString() ?? null,
      capCents: p.capCents?.toString() ?? null,
      minimumCents: p.minimumCents.toString(),
      unused: p.unused,
    })),
    poolOfTier: Object.fromEntries(poolOfTier),
  };
  return { plan, poolOfTier, snapshot };
}

/** Canonical JSON (sorted keys), so a plan's hash does not depend on key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}
