import type { Queryable } from '@/db/client';
import { netFundCents } from '@/lib/settlements/config';
import type { Settlement } from '@/lib/settlements/service';
import { readClaimStats, readFilingCounts, totalsOf, type ClaimTotals, type FilingCounts } from './stats';
import { buildTimeline, expectedClaimsPerDay, todayIn, type TimelineItem } from './timeline';

/**
 * Everything the dashboard shows, from the aggregates (constant time in the number of claims).
 */
export type Dashboard = {
  today: string;
  timeline: TimelineItem[];
  claims: ClaimTotals;
  filings: FilingCounts;
  /** One row per day of the claim period up to today (or the last claim): actual and expected claims. */
  daily: { day: string; claims: number; expected: number | null }[];
  expectedTotal: number | null;
  /** Expected claims by today under the model, to compare with claims.total. */
  expectedToDate: number | null;
  netFundCents: number;
  perShareCents: number | null;
};

export async function loadDashboard(db: Queryable, s: Settlement, now = new Date()): Promise<Dashboard> {
  const c = s.config;
  const [rows, filings] = await Promise.all([readClaimStats(db, s.id), readFilingCounts(db, s.id)]);
  const claims = totalsOf(rows, c);
  const today = todayIn(now, c.dates.timeZone);
  const expected = expectedClaimsPerDay(c);
  const expectedByDay = new Map(expected.map((e) => [e.day, e.expected]));
  const actualByDay = new Map(claims.perDay.map((d) => [d.day, d.claims]));
  const lastClaimDay = claims.perDay.at(-1)?.day ?? today;
  const end = [today, lastClaimDay].sort().at(-1)!;
  const start = [c.dates.noticeDate, claims.perDay[0]?.day ?? c.dates.noticeDate].sort()[0];
  const daily: Dashboard['daily'] = [];
  for (let d = start, i = 0; d <= end && i < 1000; i++) {
    daily.push({ day: d, claims: actualByDay.get(d) ?? 0, expected: expectedByDay.has(d) ? Math.round(expectedByDay.get(d)!) : null });
    d = nextDay(d);
  }
  const expectedToDate = expected.length ? Math.round(expected.filter((e) => e.day <= today).reduce((a, e) => a + e.expected, 0)) : null;
  const net = netFundCents(c);
  return {
    today,
    timeline: buildTimeline(c, now),
    claims,
    filings,
    daily,
    expectedTotal: c.classSize ? Math.round(c.classSize * c.expectedClaimRate) : null,
    expectedToDate,
    netFundCents: net,
    perShareCents: claims.payableUnits > 0 ? net / claims.payableUnits : null,
  };
}

function nextDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
