import type { SettlementConfig, Tier } from '@/lib/settlements/config';

/**
 * Pure core: which tier a claim belongs to, from the matched class-list record's attributes and the
 * claimant's attestations (INTERFACES.md §5: Illinois needs the record fact AND the attestation).
 */

export type TierDecision = {
  tier: Tier;
  units: number;
  /** Tiers the claimant attested to that the record does not support: a curable deficiency. */
  unsupported: string[];
};

/**
 * Attributes are typed when the class list is imported (lib/classlist/attributes.ts): a boolean rule
 * holds only on a stored `true`, and points count only a stored number. Nothing is guessed from text
 * here ("yes", "1"); a missing attribute is false and gives 0 points.
 */
export function tierHolds(tier: Tier, attributes: Record<string, unknown> | null, attestations: readonly string[]): boolean {
  const attested = tier.eligibility.attestations.every((a) => attestations.includes(a));
  const recorded = tier.eligibility.recordAttributes.every((a) => attributes !== null && attributes[a] === true);
  return attested && recorded;
}

/**
 * A claim's units: always a whole number (claims.units is bigint). Fixed shares as configured; points
 * are the whole part of the attribute (a record saying 3.7 months counts 3) times perUnit, capped. The
 * configuration only holds integers (config.ts), so the product is an integer; a value past 2^53 would
 * lose exactness, so it is capped at Number.MAX_SAFE_INTEGER (no real plan comes near: see claims.ts).
 */
export function unitsFor(tier: Tier, attributes: Record<string, unknown> | null): number {
  if (tier.units.kind === 'fixed') return tier.units.shares;
  const value = attributes?.[tier.units.attribute];
  const raw = typeof value === 'number' ? value : 0;
  const whole = Number.isFinite(raw) && raw > 0 ? Math.floor(raw) : 0;
  const points = Math.min(whole * tier.units.perUnit, Number.MAX_SAFE_INTEGER);
  return tier.units.cap !== undefined ? Math.min(points, tier.units.cap) : points;
}

/** Tiers in the order they are tried: highest priority first, then as configured. */
export function tiersByPriority(config: SettlementConfig): Tier[] {
  return config.tiers.map((t, i) => ({ t, i })).sort((a, b) => b.t.priority - a.t.priority || a.i - b.i).map((x) => x.t);
}

/** The tier the claimant asks for by their attestations alone (before any record is matched). */
export function requestedTier(config: SettlementConfig, attestations: readonly string[]): Tier {
  const ordered = tiersByPriority(config);
  return ordered.find((t) => t.eligibility.attestations.length > 0 && t.eligibility.attestations.every((a) => attestations.includes(a))) ?? ordered[ordered.length - 1];
}

export function decideTier(config: SettlementConfig, attributes: Record<string, unknown> | null, attestations: readonly string[]): TierDecision {
  const ordered = tiersByPriority(config);
  const tier = ordered.find((t) => tierHolds(t, attributes, attestations)) ?? ordered[ordered.length - 1];
  const unsupported = ordered
    .filter((t) => t !== tier && t.eligibility.attestations.length > 0 && t.eligibility.attestations.every((a) => attestations.includes(a)) && !tierHolds(t, attributes, attestations))
    .map((t) => t.key);
  return { tier, units: unitsFor(tier, attributes), unsupported };
}
