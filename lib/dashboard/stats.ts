import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import type { SettlementConfig } from '@/lib/settlements/config';
import { CLAIM_STATUSES, CLAIM_STATUS_LABELS, UNPAYABLE_STATUSES, type ClaimStatus as LifecycleStatus } from '@/lib/claims/lifecycle';

/**
 * Claim figures read from the claim_stats aggregates (db/sql/010_claim_stats.sql), which triggers keep
 * equal to the claims table. One settlement has at most a few thousand aggregate rows (days × status ×
 * tier × channel × late), so reading them all and summing here costs a few milliseconds at any scale.
 */

/** Defined once in lib/claims/lifecycle.ts; re-exported under the names the dashboard and reports use. */
export const claimStatuses = CLAIM_STATUSES;
export type ClaimStatus = LifecycleStatus;
export const statusLabels: Record<ClaimStatus, string> = CLAIM_STATUS_LABELS;
export const channelLabels: Record<string, string> = { web: 'Online', mail: 'Mail', import: 'Imported' };

export type StatRow = {
  day: string;
  status: ClaimStatus;
  tier: string;
  channel: string;
  late: boolean;
  claims: number;
  units: number;
  unitless: number;
};

export async function readClaimStats(db: Queryable, settlementId: string): Promise<StatRow[]> {
  const rows = rowsOf<{ day: string | Date; status: ClaimStatus; tier: string; channel: string; late: boolean; claims: string | number; units: string | number; unitless: string | number }>(
    await db.execute(sql`
      select to_char(day, 'YYYY-MM-DD') as day, status, tier, channel, late,
             sum(claims) as claims, sum(units) as units, sum(unitless) as unitless
      from claim_stats where settlement_id = ${settlementId}
      group by day, status, tier, channel, late
      having sum(claims) <> 0`),
  );
  return rows.map((r) => ({
    day: String(r.day),
    status: r.status,
    tier: r.tier,
    channel: r.channel,
    late: r.late,
    claims: Number(r.claims),
    units: Number(r.units),
    unitless: Number(r.unitless),
  }));
}

export type ClaimTotals = {
  total: number;
  timely: number;
  late: number;
  byStatus: Record<ClaimStatus, number>;
  byTier: Record<string, number>;
  byChannel: Record<string, number>;
  /** Claims per local day, ascending. */
  perDay: { day: string; claims: number }[];
  /** Units of claims that may still be paid (not denied or withdrawn), for the estimated share value. */
  payableUnits: number;
  payableClaims: number;
};

/** Statuses that will not be paid: their units do not dilute the share value. */
const UNPAID = new Set<ClaimStatus>(UNPAYABLE_STATUSES);

/**
 * Sums the aggregate rows. Claims not yet verified have no units: they count with their tier's fixed
 * shares (a points tier counts one unit each until verification assigns points), which is what the
 * claimant asked for and the best estimate before review.
 */
export function totalsOf(rows: StatRow[], config: Pick<SettlementConfig, 'tiers'>): ClaimTotals {
  const byStatus = Object.fromEntries(claimStatuses.map((s) => [s, 0])) as Record<ClaimStatus, number>;
  const byTier: Record<string, number> = Object.fromEntries(config.tiers.map((t) => [t.key, 0]));
  const byChannel: Record<string, number> = { web: 0, mail: 0, import: 0 };
  const days = new Map<string, number>();
  const sharesOf = new Map(config.tiers.map((t) => [t.key, t.units.kind === 'fixed' ? t.units.shares : 1]));
  let total = 0;
  let late = 0;
  let payableUnits = 0;
  let payableClaims = 0;
  for (const r of rows) {
    total += r.claims;
    if (r.late) late += r.claims;
    byStatus[r.status] += r.claims;
    byTier[r.tier] = (byTier[r.tier] ?? 0) + r.claims;
    byChannel[r.channel] = (byChannel[r.channel] ?? 0) + r.claims;
    days.set(r.day, (days.get(r.day) ?? 0) + r.claims);
    if (!UNPAID.has(r.status)) {
      payableClaims += r.claims;
      payableUnits += r.units + r.unitless * (sharesOf.get(r.tier) ?? 1);
    }
  }
  const perDay = [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, claims]) => ({ day, claims }));
  return { total, timely: total - late, late, byStatus, byTier, byChannel, perDay, payableUnits, payableClaims };
}

export type FilingCounts = {
  optOuts: { total: number; timely: number; late: number };
  objections: { total: number; timely: number; late: number; withCounsel: number; willAppear: number; withDocument: number };
  deficiencies: { issued: number; cured: number; open: number };
};

/** Opt-outs, objections and deficiencies are small tables (thousands of rows), counted directly. */
export async function readFilingCounts(db: Queryable, settlementId: string): Promise<FilingCounts> {
  const [o] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`select count(*) as total, count(*) filter (where late) as late from opt_outs where settlement_id = ${settlementId}`),
  );
  const [b] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`select count(*) as total, count(*) filter (where late) as late, count(*) filter (where has_counsel) as counsel,
      count(*) filter (where will_appear) as appear, count(*) filter (where document is not null) as docs
      from objections where settlement_id = ${settlementId}`),
  );
  const [d] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`select
      (select count(*) from deficiencies where settlement_id = ${settlementId} and cured_at is null) as open,
      (select count(*) from deficiencies where settlement_id = ${settlementId} and cured_at is not null) as cured`),
  );
  const n = (v: string | number | undefined) => Number(v ?? 0);
  return {
    optOuts: { total: n(o.total), late: n(o.late), timely: n(o.total) - n(o.late) },
    objections: {
      total: n(b.total),
      late: n(b.late),
      timely: n(b.total) - n(b.late),
      withCounsel: n(b.counsel),
      willAppear: n(b.appear),
      withDocument: n(b.docs),
    },
    deficiencies: { open: n(d.open), cured: n(d.cured), issued: n(d.open) + n(d.cured) },
  };
}

/**
 * The class list can hold tens of millions of records: counted for the court's declaration (a report
 * with a 30-second budget), never on the dashboard, which uses config.classSize instead.
 */
export async function readClassListCounts(db: Queryable, settlementId: string): Promise<{ records: number; undeliverable: number }> {
  const [m] = rowsOf<Record<string, string | number>>(
    await db.execute(sql`select count(*) as total, count(*) filter (where undeliverable) as undeliverable from class_members where settlement_id = ${settlementId}`),
  );
  return { records: Number(m.total), undeliverable: Number(m.undeliverable) };
}
