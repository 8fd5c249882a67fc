import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import type { SettlementConfig } from '@/lib/settlements/config';
import { addDays, daysBetween } from '@/lib/settlements/deadlines';

/**
 * The campaign alert (issue 8): a bot-driven claim flood shows as daily volume far above what the class
 * size can explain, or as one cluster growing fast between scoring runs. Pure core + a loader.
 *
 * Expected daily volume: classSize × expectedClaimRate spread evenly over the claim period (notice date to
 * claim deadline), or the dashboard's plan for that day (lib/dashboard/timeline.ts: the wave after notice
 * and the deadline rush) when that is higher — so the expected notice wave never raises an alert. A day
 * alerts when its claims exceed `campaignVolumeFactor` times that.
 */

export type VolumeAlert = { kind: 'volume'; day: string; claims: number; expected: number; ratio: number };
export type ClusterAlert = { kind: 'cluster'; clusterId: number; size: number; previous: number };
export type CampaignAlert = VolumeAlert | ClusterAlert;

/** A cluster alerts when it gained at least this many claims since the previous run and at least doubled. */
export const CLUSTER_GROWTH_MIN = 5;

export function flatDailyRate(c: Pick<SettlementConfig, 'classSize' | 'expectedClaimRate' | 'dates'>): number | null {
  const days = daysBetween(c.dates.noticeDate, c.dates.claimDeadline) + 1;
  if (!c.classSize || days <= 0) return null;
  return (c.classSize * c.expectedClaimRate) / days;
}

export function volumeAlerts(
  perDay: readonly { day: string; claims: number }[],
  c: Pick<SettlementConfig, 'classSize' | 'expectedClaimRate' | 'dates'> & { fraud: { campaignVolumeFactor: number } },
  plan: ReadonlyMap<string, number> = new Map(),
): VolumeAlert[] {
  const flat = flatDailyRate(c);
  if (flat === null) return [];
  const out: VolumeAlert[] = [];
  for (const d of perDay) {
    const expected = Math.max(flat, plan.get(d.day) ?? 0);
    if (d.claims > expected * c.fraud.campaignVolumeFactor) out.push({ kind: 'volume', day: d.day, claims: d.claims, expected: Math.round(expected), ratio: +(d.claims / expected).toFixed(1) });
  }
  return out;
}

export function clusterAlerts(clusters: readonly { clusterId: number; size: number; previous: number }[]): ClusterAlert[] {
  return clusters
    .filter((c) => c.size - c.previous >= CLUSTER_GROWTH_MIN && c.size >= 2 * c.previous)
    .sort((a, b) => b.size - b.previous - (a.size - a.previous) || a.clusterId - b.clusterId)
    .map((c) => ({ kind: 'cluster', clusterId: c.clusterId, size: c.size, previous: c.previous }));
}

/**
 * The clusters of the newest finished run beside their size in the run before (0 when new), largest
 * growth first. Reads fraud_clusters by its primary key (run_id, cluster_id): no claim is read.
 */
export async function loadClusterGrowth(db: Queryable, settlementId: string, limit = 20): Promise<ClusterAlert[]> {
  const runs = rowsOf<{ id: string }>(
    await db.execute(sql`select id from fraud_runs where settlement_id = ${settlementId} and status = 'done' order by finished_at desc limit 2`),
  );
  if (runs.length === 0) return [];
  const rows = rowsOf<{ cluster_id: string | number; size: number; previous: number | null }>(
    await db.execute(sql`
      select n.cluster_id, n.size, p.size as previous from fraud_clusters n
        left join fraud_clusters p on p.run_id = ${runs[1]?.id ?? null}::uuid and p.cluster_id = n.cluster_id
      where n.run_id = ${runs[0].id} and n.size >= ${CLUSTER_GROWTH_MIN}
      order by n.size - coalesce(p.size, 0) desc limit ${limit * 5}`),
  );
  // With a single run there is nothing to grow from: every cluster would look new.
  if (runs.length < 2) return [];
  return clusterAlerts(rows.map((r) => ({ clusterId: Number(r.cluster_id), size: r.size, previous: r.previous ?? 0 }))).slice(0, limit);
}

/** The last `days` days of a per-day series ending `today` (the alert looks at recent days only). */
export function recentDays<T extends { day: string }>(perDay: readonly T[], today: string, days = 14): T[] {
  const from = addDays(today, -(days - 1));
  return perDay.filter((d) => d.day >= from && d.day <= today);
}
