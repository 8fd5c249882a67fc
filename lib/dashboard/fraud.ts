import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import { addDays } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';
import { loadClusterGrowth, recentDays, volumeAlerts, type CampaignAlert } from '@/lib/fraud/campaign';
import type { FraudCounts } from '@/lib/fraud/run';

/**
 * The dashboard's fraud panel (issue 8), read without scanning claims, so it stays fast at 30M claims:
 * flags by reason and clusters come from the newest finished run's stored totals (fraud_runs.counts);
 * the review backlog counts flagged claims still waiting through claims_fraud_idx, capped; throughput
 * reads the newest decisions by claim_decisions' primary key, bounded; the campaign alert reads the
 * claim_stats aggregates the dashboard already loaded, and fraud_clusters by primary key.
 */

export const BACKLOG_CAP = 100_000;
export const THROUGHPUT_DAYS = 14;
// claim_decisions has no (settlement_id, at) index yet: the newest rows by primary key, bounded (a day with more
// than this many decisions in the window is under-counted; the index would remove the bound).
const THROUGHPUT_ROWS = 200_000;

export type FraudPanelData = {
  run: { id: string; finishedAt: string; rulesetVersion: string; claimsScored: number } | null;
  byAction: Record<string, number>;
  byReason: Record<string, number>;
  clusters: { count: number; largest: number; claims: number };
  /** Flagged claims (review or recommend_deny) still received or under review; `capped` when at the cap. */
  backlog: { review: number; recommendDeny: number; capped: boolean };
  /** Decisions per day over the last THROUGHPUT_DAYS days, oldest first. */
  throughput: { day: string; decisions: number }[];
  alerts: CampaignAlert[];
};

export async function loadFraudPanel(db: Queryable, s: Settlement, perDay: readonly { day: string; claims: number }[], plan: ReadonlyMap<string, number>, today: string): Promise<FraudPanelData> {
  const [run] = rowsOf<{ id: string; finished_at: Date | string; ruleset_version: string; claims_scored: number; counts: FraudCounts | null }>(
    await db.execute(sql`select id, finished_at, ruleset_version, claims_scored, counts from fraud_runs
      where settlement_id = ${s.id} and status = 'done' order by finished_at desc limit 1`),
  );
  const backlog = { review: 0, recommendDeny: 0, capped: false };
  for (const action of ['review', 'recommend_deny'] as const) {
    const [r] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from (select 1 from claims
        where settlement_id = ${s.id} and fraud_action = ${action} and status in ('received', 'under_review') limit ${BACKLOG_CAP}) x`),
    );
    if (action === 'review') backlog.review = r.n;
    else backlog.recommendDeny = r.n;
    if (r.n >= BACKLOG_CAP) backlog.capped = true;
  }
  const from = addDays(today, -(THROUGHPUT_DAYS - 1));
  const got = new Map(
    rowsOf<{ day: string; n: number }>(
      await db.execute(sql`select to_char(at, 'YYYY-MM-DD') as day, count(*)::int as n from (
          select at from claim_decisions where settlement_id = ${s.id} order by id desc limit ${THROUGHPUT_ROWS}) d
        where at >= ${from}::date group by 1`),
    ).map((r) => [r.day, r.n]),
  );
  const throughput = Array.from({ length: THROUGHPUT_DAYS }, (_, i) => addDays(from, i)).map((day) => ({ day, decisions: got.get(day) ?? 0 }));
  const alerts: CampaignAlert[] = [...volumeAlerts(recentDays(perDay, today), s.config, plan), ...(await loadClusterGrowth(db, s.id, 5))];
  const counts = run?.counts ?? null;
  return {
    run: run ? { id: run.id, finishedAt: new Date(run.finished_at).toISOString(), rulesetVersion: run.ruleset_version, claimsScored: run.claims_scored } : null,
    byAction: counts?.byAction ?? {},
    byReason: counts?.byReason ?? {},
    clusters: counts?.clusters ?? { count: 0, largest: 0, claims: 0 },
    backlog,
    throughput,
    alerts,
  };
}
