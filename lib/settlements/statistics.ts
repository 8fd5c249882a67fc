import { estimateIfEndedToday, projectedEstimate, type Estimate } from './estimate';
import type { SettlementConfig } from './config';

/**
 * The public statistics page's figures (pure): aggregates only — counts, estimates, and after
 * distribution the spread of payments — never a person or a claim.
 */

export type DistributionFigures = {
  paidClaims: number;
  totalCents: number;
  averageCents: number;
  medianCents: number;
  smallestCents: number;
  largestCents: number;
};

export type PublicStatistics = {
  claimsFiled: number;
  payableClaims: number;
  payableShares: number;
  /** classSize × expectedClaimRate, when the class size is known. */
  expectedClaimants: number | null;
  /** The estimate "if the claim period ended today", and the one at the expected claim rate. */
  today: Estimate | null;
  projection: Estimate | null;
  /** From the locked first-round payout run, once there is one. */
  distribution: DistributionFigures | null;
};

/**
 * Average and median of the payments, from a run's distinct amounts (cents → how many claims): the
 * median is the lower middle payment, so it is always an amount someone was actually paid.
 */
export function distributionFigures(distinctAmounts: { cents: number; claims: number }[]): DistributionFigures | null {
  const paid = distinctAmounts.filter((d) => d.cents > 0 && d.claims > 0).sort((a, b) => a.cents - b.cents);
  const paidClaims = paid.reduce((n, d) => n + d.claims, 0);
  if (paidClaims === 0) return null;
  const total = paid.reduce((sum, d) => sum + BigInt(d.cents) * BigInt(d.claims), 0n);
  const middle = Math.floor((paidClaims - 1) / 2);
  let seen = 0;
  let median = paid[0].cents;
  for (const d of paid) {
    if (seen + d.claims > middle) {
      median = d.cents;
      break;
    }
    seen += d.claims;
  }
  return {
    paidClaims,
    totalCents: Number(total),
    averageCents: Number(total / BigInt(paidClaims)),
    medianCents: median,
    smallestCents: paid[0].cents,
    largestCents: paid[paid.length - 1].cents,
  };
}

export function publicStatistics(
  config: SettlementConfig,
  claims: { filed: number; payableClaims: number; payableShares: number },
  lockedRunAmounts: { cents: number; claims: number }[] | null,
): PublicStatistics {
  return {
    claimsFiled: claims.filed,
    payableClaims: claims.payableClaims,
    payableShares: claims.payableShares,
    expectedClaimants: config.classSize ? Math.round(config.classSize * config.expectedClaimRate) : null,
    today: estimateIfEndedToday(config, { claims: claims.payableClaims, shares: claims.payableShares }),
    projection: projectedEstimate(config),
    distribution: lockedRunAmounts ? distributionFigures(lockedRunAmounts) : null,
  };
}
