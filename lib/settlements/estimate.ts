import { netFundCents, type SettlementConfig, type Tier } from './config';
import { formatCents } from '@/lib/money';

/**
 * The estimated payment per share, written once for the settlement website, the Long Form Notice, the
 * console dashboard and the administrator's declaration (docs/decisions/0013-estimates-and-claim-list.md).
 *
 * Every estimate carries its basis, because the same formula (net fund ÷ shares) gives $38.41 at the
 * expected claim rate and $26,799.70 on the first thousand claims, and a court reading the second
 * without its basis would be misled:
 *   - `projection`: classSize × expectedClaimRate claimants, split between the tiers by their
 *     expectedClaimantShare (or, if that mix is not configured, all assumed to hold the smallest share);
 *   - `today`: "if the claim period ended today", the claims not denied or withdrawn and their shares.
 *
 * Arithmetic is exact: integer cents and integer shares in BigInt (89M claimants × 6 shares × a fund in
 * cents passes 2^53). The share value is FLOORED to the cent: the estimate must never promise more than
 * the fund can pay (floor × total shares ≤ net fund, where rounding could exceed it by half a cent per
 * share), and the payout's largest-remainder allocation gives every claimant at least the floored amount
 * for their shares, so a stated estimate is a lower bound of what the same claims would be paid.
 * A tier's payment is the floored share value × its shares, so "six times" in the plan holds exactly.
 */

export type EstimateBasis = 'projection' | 'today';

export type TierEstimate = {
  key: string;
  name: string;
  /** Shares each member of the tier receives; null for a points tier (depends on the member's records). */
  shares: number | null;
  /** Claimants the estimate assumes in this tier (projection only; null for `today`). */
  claimants: number | null;
  /** The tier's share of claimants the projection assumes (0–1), as configured. */
  mixShare: number | null;
  /** Estimated payment of one member of the tier, in cents; null for a points tier. */
  cents: number | null;
};

export type Estimate = {
  basis: EstimateBasis;
  /** Claimants (projection) or payable claims (today) the estimate divides among. */
  claimants: number;
  /** Total shares of those claimants. */
  shares: number;
  netFundCents: number;
  perShareCents: number;
  perTier: TierEstimate[];
  /**
   * How the claimants are split between tiers: `expected` (every tier has expectedClaimantShare),
   * `smallest-share` (mix not configured: every claimant assumed to hold the smallest share — the fewest
   * shares, so the highest share value; the text says so), or `claims` (today: the claims received).
   */
  mix: 'expected' | 'smallest-share' | 'claims';
  /** Projection only: the claim rate assumed (0–1). */
  claimRate: number | null;
};

type FixedTier = Tier & { units: { kind: 'fixed'; shares: number } };
const isFixed = (t: Tier): t is FixedTier => t.units.kind === 'fixed';

/** floor(net / shares) in exact integer arithmetic. */
export function perShareCentsOf(netCents: number, shares: number): number {
  if (!Number.isSafeInteger(netCents) || netCents < 0) throw new RangeError('net fund must be non-negative integer cents');
  if (!Number.isSafeInteger(shares) || shares <= 0) throw new RangeError('shares must be a positive integer');
  return Number(BigInt(netCents) / BigInt(shares));
}

/**
 * Splits `total` claimants between weights by the largest remainder: each gets floor(total × w / W),
 * and the claimants left over go one each to the largest fractional parts (ties to the earlier tier),
 * so the parts always add up to the total.
 */
export function apportion(total: number, weights: bigint[]): number[] {
  const W = weights.reduce((a, b) => a + b, 0n);
  if (W <= 0n) throw new RangeError('weights must add up to more than zero');
  const T = BigInt(total);
  const base = weights.map((w) => (T * w) / W);
  const rem = weights.map((w, i) => ({ i, r: (T * w) % W }));
  let left = T - base.reduce((a, b) => a + b, 0n);
  rem.sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
  for (const { i } of rem) {
    if (left <= 0n) break;
    base[i] += 1n;
    left -= 1n;
  }
  return base.map(Number);
}

/** Configured shares are expected to be whole (issue 6 §1); a fractional one cannot be estimated exactly. */
function wholeShares(t: FixedTier): number | null {
  return Number.isSafeInteger(t.units.shares) ? t.units.shares : null;
}

/** A claimant share like 0.08 as parts per million: exact enough for any configured mix, and an integer. */
const PPM = 1_000_000;

/**
 * The projection at the expected claim rate (what the website shows and the declaration files). Only for
 * plans whose tiers all pay fixed, whole shares and a known class size; null otherwise.
 */
export function projectedEstimate(
  config: Pick<SettlementConfig, 'grossFundCents' | 'deductions' | 'tiers' | 'classSize' | 'expectedClaimRate'>,
  claimRate = config.expectedClaimRate,
): Estimate | null {
  if (!config.classSize || !(claimRate > 0) || !config.tiers.every(isFixed)) return null;
  const tiers = config.tiers as FixedTier[];
  if (tiers.some((t) => wholeShares(t) === null)) return null;
  const claimants = Math.round(config.classSize * claimRate);
  if (claimants < 1) return null;
  const weights = tiers.map((t) => BigInt(Math.round((t.expectedClaimantShare ?? 0) * PPM)));
  const mixKnown = tiers.every((t) => t.expectedClaimantShare !== undefined) && weights.some((w) => w > 0n);
  const smallest = tiers.reduce((a, b) => (b.units.shares < a.units.shares ? b : a));
  const perTierClaimants = mixKnown ? apportion(claimants, weights) : tiers.map((t) => (t === smallest ? claimants : 0));
  const shares = Number(tiers.reduce((s, t, i) => s + BigInt(perTierClaimants[i]) * BigInt(t.units.shares), 0n));
  if (!Number.isSafeInteger(shares)) return null;
  const net = netFundCents(config);
  const perShare = perShareCentsOf(net, shares);
  return {
    basis: 'projection',
    claimants,
    shares,
    netFundCents: net,
    perShareCents: perShare,
    perTier: tiers.map((t, i) => ({
      key: t.key,
      name: t.name,
      shares: t.units.shares,
      claimants: perTierClaimants[i],
      mixShare: mixKnown ? Number(weights[i]) / Number(weights.reduce((a, b) => a + b, 0n)) : t === smallest ? 1 : 0,
      cents: perShare * t.units.shares,
    })),
    mix: mixKnown ? 'expected' : 'smallest-share',
    claimRate,
  };
}

/**
 * "If the claim period ended today": the net fund divided among the `shares` of the `claims` received
 * so far that are not denied or withdrawn. Null before the first payable claim.
 */
export function estimateIfEndedToday(
  config: Pick<SettlementConfig, 'grossFundCents' | 'deductions' | 'tiers'>,
  payable: { claims: number; shares: number },
): Estimate | null {
  if (payable.claims <= 0 || payable.shares <= 0) return null;
  const net = netFundCents(config);
  const perShare = perShareCentsOf(net, payable.shares);
  return {
    basis: 'today',
    claimants: payable.claims,
    shares: payable.shares,
    netFundCents: net,
    perShareCents: perShare,
    perTier: config.tiers.map((t) => {
      const shares = isFixed(t) ? wholeShares(t) : null;
      return { key: t.key, name: t.name, shares, claimants: null, mixShare: null, cents: shares === null ? null : perShare * shares };
    }),
    mix: 'claims',
    claimRate: null,
  };
}

/**
 * The website's estimate, moving with the live claim count: the projection at the expected claim rate
 * until the claims received so far (not denied or withdrawn) hold more shares than it assumes; from then
 * on the figure "if the claim period ended today", which is lower. So the site never states a share value
 * that the claims already filed make impossible. Null where no projection can be made (unknown class size
 * or a points plan): a figure from the first claims alone would overstate wildly.
 */
export function publicEstimate(
  config: Pick<SettlementConfig, 'grossFundCents' | 'deductions' | 'tiers' | 'classSize' | 'expectedClaimRate'>,
  payable: { claims: number; shares: number },
): Estimate | null {
  const projection = projectedEstimate(config);
  if (!projection) return null;
  const today = estimateIfEndedToday(config, payable);
  return today && today.shares > projection.shares ? today : projection;
}

const n = (v: number) => v.toLocaleString('en-US');
/** 0.016 → "1.6%", 0.08 → "8%", 0.123456 → "12.3456%". */
export function percentText(ratio: number): string {
  return `${Number((ratio * 100).toFixed(4))}%`;
}
const sharesWord = (v: number) => `${n(v)} share${v === 1 ? '' : 's'}`;

/**
 * The tier mix a projection assumes, to follow "assuming": "8% of claimants in the Illinois Subclass
 * (6 shares each) and 92% in the Nationwide Class (1 share each)".
 */
export function tierMixText(e: Estimate): string {
  if (e.mix === 'smallest-share') {
    const t = e.perTier.find((x) => x.mixShare === 1)!;
    return `every claimant in the ${t.name} (${sharesWord(t.shares!)} each), because the share of claimants in each group is not known (this gives the highest share value)`;
  }
  const parts = e.perTier.map((t, i) => `${percentText(t.mixShare ?? 0)}${i === 0 ? ' of claimants' : ''} in the ${t.name} (${sharesWord(t.shares!)} each)`);
  return parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * The basis of an estimate in one sentence, the same words on the dashboard and in the declaration.
 * Projection: "Projection at the expected claim rate: 1.6% of the 89,000,000 class members file valid
 * claims (1,424,000 claimants), 8% … and 92% …, 1,993,600 shares in all."
 * Today: "If the claim period ended today: the 1,273 claims received that are not denied or withdrawn,
 * holding 1,780 shares."
 */
export function basisText(e: Estimate, classSize?: number): string {
  if (e.basis === 'today')
    return `If the claim period ended today: the ${n(e.claimants)} claim${e.claimants === 1 ? '' : 's'} received so far that ${e.claimants === 1 ? 'is' : 'are'} not denied or withdrawn, holding ${sharesWord(e.shares)}.`;
  const counts = e.perTier.filter((t) => (t.claimants ?? 0) > 0).map((t) => `${n(t.claimants!)} ${t.name}`).join(', ');
  return `Projection at the expected claim rate: ${percentText(e.claimRate!)} of the ${n(classSize ?? 0)} class members file valid claims (${n(e.claimants)} claimants: ${counts}), assuming ${tierMixText(e)}; ${sharesWord(e.shares)} in all.`;
}

/** "$38.41 per share; Illinois Subclass $230.46, Nationwide Class $38.41" */
export function amountsText(e: Estimate): string {
  const tiers = e.perTier.filter((t) => t.cents !== null).map((t) => `${t.name} ${formatCents(t.cents!)}`);
  return `${formatCents(e.perShareCents)} per share${tiers.length ? `; ${tiers.join(', ')}` : ''}`;
}
