import 'server-only';
import { unstable_cache } from 'next/cache';
import { and, desc, eq } from 'drizzle-orm';
import { getDb } from '@/app/_lib/db';
import { payoutRuns } from '@/db/schema';
import { readClaimStats, totalsOf } from '@/lib/dashboard/stats';
import type { Settlement } from '@/lib/settlements/service';

type Figures = { filed: number; payableClaims: number; payableShares: number; amounts: { cents: number; claims: number }[] | null };

/**
 * The aggregates behind the public statistics page, cached for a minute per settlement: the page is
 * public and may be linked from the press, so a traffic spike reads the cache, not the database.
 */
export function loadPublicFigures(settlement: Settlement): Promise<Figures> {
  return unstable_cache(
    async (): Promise<Figures> => {
      const db = await getDb();
      const totals = totalsOf(await readClaimStats(db, settlement.id), settlement.config);
      const [run] = await db
        .select({ totals: payoutRuns.totals })
        .from(payoutRuns)
        .where(and(eq(payoutRuns.settlementId, settlement.id), eq(payoutRuns.round, 1), eq(payoutRuns.status, 'locked')))
        .orderBy(desc(payoutRuns.lockedAt))
        .limit(1);
      const amounts = (run?.totals as { distinctAmounts?: { cents: number; claims: number }[] } | null)?.distinctAmounts ?? null;
      return { filed: totals.total, payableClaims: totals.payableClaims, payableShares: Math.round(totals.payableUnits), amounts };
    },
    ['public-statistics', settlement.id, String(settlement.configVersion)],
    { revalidate: 60 },
  )();
}
