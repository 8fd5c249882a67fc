import type { AllocationResult, GroupOutcome, PoolOutcome } from './allocate';

/**
 * The allocation of a run's summary as JSON (bigints as decimal strings), stored on the run once pass 1
 * is done so a resumed run pays from exactly the same allocation, and verify can compare it.
 */

export type StoredAllocation = {
  distributableCents: string;
  allocatedCents: string;
  residueCents: string;
  pools: {
    key: string;
    amountCents: string;
    shareNumerator: string;
    shareDenominator: string;
    paidCents: string;
    unusedCents: string;
    unusedTo: PoolOutcome['unusedTo'];
    groups: GroupOutcome[];
    partial: PoolOutcome['partial'];
    claims: number;
    paidClaims: number;
    cappedClaims: number;
    droppedClaims: number;
  }[];
};

export function storeAllocation(r: AllocationResult): StoredAllocation {
  return {
    distributableCents: r.distributableCents.toString(),
    allocatedCents: r.allocatedCents.toString(),
    residueCents: r.residueCents.toString(),
    pools: [...r.pools.values()].map((p) => ({
      key: p.key,
      amountCents: p.amountCents.toString(),
      shareNumerator: p.shareNumerator.toString(),
      shareDenominator: p.shareDenominator.toString(),
      paidCents: p.paidCents.toString(),
      unusedCents: p.unusedCents.toString(),
      unusedTo: p.unusedTo,
      groups: [...p.groups.values()].sort((a, b) => a.units - b.units),
      partial: p.partial,
      claims: p.claims,
      paidClaims: p.paidClaims,
      cappedClaims: p.cappedClaims,
      droppedClaims: p.droppedClaims,
    })),
  };
}

export function loadAllocation(s: StoredAllocation): AllocationResult {
  return {
    distributableCents: BigInt(s.distributableCents),
    allocatedCents: BigInt(s.allocatedCents),
    residueCents: BigInt(s.residueCents),
    pools: new Map(
      s.pools.map((p) => [
        p.key,
        {
          ...p,
          amountCents: BigInt(p.amountCents),
          shareNumerator: BigInt(p.shareNumerator),
          shareDenominator: BigInt(p.shareDenominator),
          paidCents: BigInt(p.paidCents),
          unusedCents: BigInt(p.unusedCents),
          groups: new Map(p.groups.map((g) => [g.units, g])),
        },
      ]),
    ),
  };
}
