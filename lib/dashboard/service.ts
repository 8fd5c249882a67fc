import type { Queryable } from '@/db/client';
import { netFundCents } from '@/lib/settlements/config';
import { estimateIfEndedToday, projectedEstimate, type Estimate } from '@/lib/settlements/estimate';
import type { Settlement } from '@/lib/settlements/service';
import { readClaimStats, readFilingCounts, totalsOf, type ClaimTotals, type FilingCounts } from './stats';
import { loadFraudPanel, type FraudPanelData } from './fraud';
import { buildTimeline, expectedClaimsPerDay, intakeSeries, todayIn, type IntakeDay, type TimelineItem } from './timeline';

/**
 * Everything the dashboard shows, from the aggregates (constant time in the number of claims).
 */
export type Dashboard = {
  today: string;
  timeline: TimelineItem[];
  claims: ClaimTotals;
  filings: FilingCounts;
  /** One row per day from the notice date (or first claim) to today (or the last claim), with running totals. */
  daily: IntakeDay[];
  expectedTotal: number | null;
  /** Expected claims by today under the model, to compare with claims.total. */
  expectedToDate: number | null;
  netFundCents: number;
  /** The estimate at the expected claim rate (the one the website and the declaration state). */
  projection: Estimate | null;
  /** "If the claim period ended today": the claims so far, not denied or withdrawn. */
  ifEndedToday: Estimate | null;
  /** The fraud panel: flags by reason, clusters, the review backlog, throughput and the campaign alert. */
  fraud: FraudPanelData;
};

export async function loadDashboard(db: Queryable, s: Settlement, now = new Date()): Promise<Dashboard> {
  const c = s.config;
  const [rows, filings] = await Promise.all([readClaimStats(db, s.id), readFilingCounts(db, s.id)]);
  const claims = totalsOf(rows, c);
  const today = todayIn(now, c.dates.timeZone);
  const expected = expectedClaimsPerDay(c);
  const lastClaimDay = claims.perDay.at(-1)?.day ?? today;
  const end = [today, lastClaimDay].sort().at(-1)!;
  const start = [c.dates.noticeDate, claims.perDay[0]?.day ?? c.dates.noticeDate].sort()[0];
  const daily = intakeSeries(claims.perDay, expected, start, end);
  const fraud = await loadFraudPanel(db, s, claims.perDay, new Map(expected.map((e) => [e.day, e.expected])), today);
  const expectedToDate = expected.length ? Math.round(expected.filter((e) => e.day <= today).reduce((a, e) => a + e.expected, 0)) : null;
  return {
    today,
    timeline: buildTimeline(c, now),
    claims,
    filings,
    daily,
    expectedTotal: c.classSize ? Math.round(c.classSize * c.expectedClaimRate) : null,
    expectedToDate,
    netFundCents: netFundCents(c),
    projection: projectedEstimate(c),
    // Units are whole (issue 6 §1); rounding only keeps a legacy fractional unit from breaking exact arithmetic.
    ifEndedToday: estimateIfEndedToday(c, { claims: claims.payableClaims, shares: Math.round(claims.payableUnits) }),
    fraud,
  };
}
