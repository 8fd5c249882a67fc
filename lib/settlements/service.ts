import { asc, eq } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { settlements } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { AppError } from '@/lib/errors';
import { createSettlementKey } from '@/lib/privacy/keys';
import { settlementConfigSchema, type SettlementConfig } from './config';

export type Settlement = typeof settlements.$inferSelect;

export class SettlementExistsError extends AppError {
  constructor(slug: string) {
    super('conflict', `a settlement with slug "${slug}" already exists`, { field: 'slug' });
  }
}

/** Creates a settlement and its data key in one transaction, with an audit row. */
export async function createSettlement(db: Db, input: unknown, actor: string): Promise<Settlement> {
  const config = settlementConfigSchema.parse(input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: settlements.id }).from(settlements).where(eq(settlements.slug, config.slug));
    if (existing) throw new SettlementExistsError(config.slug);
    const [row] = await tx.insert(settlements).values({ slug: config.slug, config }).returning();
    await createSettlementKey(tx, row.id);
    await appendAudit(tx, { settlementId: row.id, actor, action: 'settlement.create', targetType: 'settlement', targetId: row.slug });
    return row;
  });
}

export async function updateSettlementConfig(db: Db, slug: string, input: unknown, actor: string): Promise<Settlement> {
  const config = settlementConfigSchema.parse(input);
  if (config.slug !== slug) throw new Error('the slug of a settlement cannot change');
  return db.transaction(async (tx) => {
    const [row] = await tx.update(settlements).set({ config, updatedAt: new Date() }).where(eq(settlements.slug, slug)).returning();
    if (!row) throw new Error(`no settlement "${slug}"`);
    await appendAudit(tx, { settlementId: row.id, actor, action: 'settlement.update', targetType: 'settlement', targetId: slug });
    return row;
  });
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
