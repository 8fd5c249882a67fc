import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { claims, settlementConfigVersions, settlements } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { diffConfig, type FieldChange } from './diff';
import { appendAudit } from '@/lib/audit/service';
import { createSettlementKey } from '@/lib/privacy/keys';
import { settlementConfigSchema, type SettlementConfig } from './config';

export type Settlement = typeof settlements.$inferSelect;

export class SettlementExistsError extends AppError {
  constructor(slug: string) {
    super('conflict', `a settlement with slug "${slug}" already exists`, { field: 'slug' });
  }
}

/** Creates a settlement and its data key in one transaction, with version 1 of its configuration and an audit row. */
export async function createSettlement(db: Db, input: unknown, actor: string): Promise<Settlement> {
  const config = settlementConfigSchema.parse(input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: settlements.id }).from(settlements).where(eq(settlements.slug, config.slug));
    if (existing) throw new SettlementExistsError(config.slug);
    const [row] = await tx.insert(settlements).values({ slug: config.slug, config, configVersion: 1 }).returning();
    await createSettlementKey(tx, row.id);
    await tx.insert(settlementConfigVersions).values({ settlementId: row.id, version: 1, config, changes: [], actor, reason: null });
    await appendAudit(tx, { settlementId: row.id, actor, action: 'settlement.create', targetType: 'settlement', targetId: row.slug, details: { version: 1 } });
    return row;
  });
}

/**
 * Changes that move money between claimants or reopen deadlines: once a claim is verified, they need a
 * stated reason (a court order reference), kept with the version and in the audit row.
 */
export function isGuardedChange(path: string): boolean {
  return path === 'tiers' || path.startsWith('tiers[') || path.startsWith('tiers.') || path.startsWith('dates.');
}

export type ConfigImpact = {
  changes: FieldChange[];
  guarded: FieldChange[];
  /** Claims verified (matched) so far in the settlement; a guarded change needs a reason once there is one. */
  verifiedClaims: number;
  /** Claims whose tier, units or dates the change touches: every claim for a date change, otherwise those in a changed tier. */
  affectedClaims: number;
  /** The tiers whose definition changes (by key, before or after). */
  affectedTiers: string[];
  reasonRequired: boolean;
};

/** What a new configuration would change and how many claims it affects: the preview and the guard share it. */
export async function configImpact(db: Queryable, s: Settlement, next: SettlementConfig): Promise<ConfigImpact> {
  const changes = diffConfig(s.config, next);
  const guarded = changes.filter((c) => isGuardedChange(c.path));
  const tierIndexes = new Set(guarded.map((c) => /^tiers\[(\d+)\]/.exec(c.path)?.[1]).filter((x): x is string => x !== undefined).map(Number));
  const affectedTiers = [
    ...new Set([...tierIndexes].flatMap((i) => [s.config.tiers[i]?.key, next.tiers[i]?.key]).filter((k): k is string => Boolean(k))),
    // A list of tiers that changed length or order as a whole: every tier.
    ...(guarded.some((c) => c.path === 'tiers') ? [...s.config.tiers, ...next.tiers].map((t) => t.key) : []),
  ];
  const datesChanged = guarded.some((c) => c.path.startsWith('dates.'));
  const [counts] = await db
    .select({
      verified: sql<number>`count(*) filter (where ${claims.verificationStatus} = 'matched')`.mapWith(Number),
      total: sql<number>`count(*)`.mapWith(Number),
      inTiers: affectedTiers.length ? sql<number>`count(*) filter (where ${inArray(claims.tier, affectedTiers)})`.mapWith(Number) : sql<number>`0`.mapWith(Number),
    })
    .from(claims)
    .where(eq(claims.settlementId, s.id));
  return {
    changes,
    guarded,
    verifiedClaims: counts?.verified ?? 0,
    affectedClaims: datesChanged ? (counts?.total ?? 0) : (counts?.inTiers ?? 0),
    affectedTiers: [...new Set(affectedTiers)],
    reasonRequired: guarded.length > 0 && (counts?.verified ?? 0) > 0,
  };
}

export type UpdateResult = Settlement & { impact: ConfigImpact };

/**
 * Saves a new configuration as a new version: the version row (config, diff, who, why) and the audit
 * row with the diff are written in the same transaction as the change. Refused with a field error on
 * `reason` when tiers, units or dates change after a claim was verified and no reason is given.
 */
export async function updateSettlementConfig(db: Db, slug: string, input: unknown, actor: string, opts: { reason?: string } = {}): Promise<UpdateResult> {
  const config = settlementConfigSchema.parse(input);
  if (config.slug !== slug) throw new AppError('bad_input', 'the slug of a settlement cannot change', { field: 'slug' });
  const reason = opts.reason?.trim() || null;
  if (reason && reason.length > 500) throw new AppError('bad_input', 'the reason must be at most 500 characters', { field: 'reason' });
  return db.transaction(async (tx) => {
    // Locked, so two saves cannot both become the same next version.
    const [current] = await tx.select().from(settlements).where(eq(settlements.slug, slug)).for('update');
    if (!current) throw new AppError('not_found', `no settlement "${slug}"`);
    const impact = await configImpact(tx, current, config);
    if (impact.changes.length === 0) return { ...current, impact };
    if (impact.reasonRequired && !reason)
      throw new AppError(
        'bad_input',
        `${impact.verifiedClaims} claim${impact.verifiedClaims === 1 ? ' is' : 's are'} already verified: changing ${impact.guarded.map((c) => c.path).join(', ')} needs a stated reason (the court order reference). It affects ${impact.affectedClaims} claim${impact.affectedClaims === 1 ? '' : 's'}.`,
        { field: 'reason' },
      );
    const version = current.configVersion + 1;
    const [row] = await tx
      .update(settlements)
      .set({ config, configVersion: version, updatedAt: new Date() })
      .where(and(eq(settlements.id, current.id), ne(settlements.configVersion, version)))
      .returning();
    await tx.insert(settlementConfigVersions).values({ settlementId: current.id, version, config, changes: impact.changes, actor, reason });
    await appendAudit(tx, {
      settlementId: current.id,
      actor,
      action: 'settlement.update',
      targetType: 'settlement',
      targetId: slug,
      // The configuration holds no personal data (the contact is the administrator's public one).
      details: { version, previousVersion: current.configVersion, reason, changes: impact.changes, affectedClaims: impact.affectedClaims },
    });
    return { ...row, impact };
  });
}

/** Every version of a settlement's configuration, oldest first. */
export async function listConfigVersions(db: Queryable, settlementId: string) {
  return db.select().from(settlementConfigVersions).where(eq(settlementConfigVersions.settlementId, settlementId)).orderBy(asc(settlementConfigVersions.version));
}

export async function findSettlement(db: Queryable, slug: string): Promise<Settlement | null> {
  const [row] = await db.select().from(settlements).where(eq(settlements.slug, slug));
  return row ?? null;
}

/**
 * The public site reads a settlement on every submission. Its configuration changes rarely, so
 * claimant-facing paths may see it up to CACHE_MS late (a settings change reaches the site within
 * seconds); the console always reads it fresh.
 */
const CACHE_MS = 5_000;
const recent = new Map<string, { at: number; settlement: Settlement | null }>();

export async function findSettlementCached(db: Queryable, slug: string, now = Date.now()): Promise<Settlement | null> {
  const hit = recent.get(slug);
  if (hit && now - hit.at < CACHE_MS) return hit.settlement;
  const settlement = await findSettlement(db, slug);
  if (recent.size > 1000) recent.clear();
  recent.set(slug, { at: now, settlement });
  return settlement;
}

export async function listSettlements(db: Queryable): Promise<Settlement[]> {
  return db.select().from(settlements).orderBy(asc(settlements.createdAt));
}

export function configOf(s: Settlement): SettlementConfig {
  return s.config;
}
