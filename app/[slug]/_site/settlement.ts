import 'server-only';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/app/_lib/db';
import { findSettlement, type Settlement } from '@/lib/settlements/service';
import { readClaimStats, totalsOf } from '@/lib/dashboard/stats';

/** The settlement for a site page, once per request; unknown slugs are a 404. Always dynamic. */
export const loadSettlement = cache(async (slug: string) => {
  await connection();
  const settlement = await findSettlement(await getDb(), slug);
  if (!settlement) notFound();
  return settlement;
});

/** The claims received so far that may still be paid, for the site's estimate (claim_stats: a few ms at any scale). */
export async function loadLiveClaims(settlement: Settlement): Promise<{ claims: number; shares: number }> {
  const totals = totalsOf(await readClaimStats(await getDb(), settlement.id), settlement.config);
  return { claims: totals.payableClaims, shares: Math.round(totals.payableUnits) };
}
