import { describe, expect, it } from 'vitest';
import { demoConfig } from '@/lib/demo/service';
import { buildTimeline, expectedClaimsPerDay, intakeSeries, percentOfPlan } from './timeline';

describe('deadlines timeline', () => {
  const config = demoConfig(new Date('2026-03-01T12:00:00Z'));

  it('lists every key date in order with the derived stale and destruction dates', () => {
    const items = buildTimeline(config, new Date('2026-03-01T12:00:00Z'));
    expect(items.map((i) => i.key)).toEqual(['noticeDate', 'optOutDeadline', 'claimDeadline', 'finalApprovalHearing', 'effectiveDate', 'paymentDate', 'checkStaleDate', 'dataDestructionDate']);
    const pay = items.find((i) => i.key === 'paymentDate')!.date;
    const stale = items.find((i) => i.key === 'checkStaleDate')!.date;
    expect((Date.parse(stale) - Date.parse(pay)) / 86_400_000).toBe(config.dates.checkVoidDays);
    expect(items.every((i) => i.checklist.length > 0)).toBe(true);
  });

  it('warns when a date is less than a week away and marks passed dates', () => {
    const deadline = config.dates.optOutDeadline;
    const fiveDaysBefore = new Date(Date.parse(`${deadline}T12:00:00Z`) - 5 * 86_400_000);
    const item = buildTimeline(config, fiveDaysBefore).find((i) => i.key === 'optOutDeadline')!;
    expect(item.state).toBe('due-soon');
    expect(item.when).toBe('5 days to go');
    const after = buildTimeline(config, new Date(Date.parse(`${deadline}T12:00:00Z`) + 3 * 86_400_000)).find((i) => i.key === 'optOutDeadline')!;
    expect(after.state).toBe('past');
    expect(buildTimeline(config, fiveDaysBefore).find((i) => i.key === 'noticeDate')!.state).toBe('past');
  });

  it('spreads the expected claims (class size × claim rate) over the claim period, front-loaded, with a deadline rush', () => {
    const days = expectedClaimsPerDay(config);
    const total = days.reduce((a, d) => a + d.expected, 0);
    expect(total).toBeCloseTo(config.classSize! * config.expectedClaimRate, 3);
    expect(days[0].day).toBe(config.dates.noticeDate);
    expect(days.at(-1)!.day).toBe(config.dates.claimDeadline);
    const mid = days[Math.floor(days.length / 2)].expected;
    expect(days[0].expected).toBeGreaterThan(mid);
    expect(days.at(-1)!.expected).toBeGreaterThan(mid);
    expect(expectedClaimsPerDay({ ...config, classSize: undefined })).toEqual([]);
  });
});

describe('intake against the plan', () => {
  const config = demoConfig(new Date('2026-03-01T12:00:00Z'));
  const expected = expectedClaimsPerDay(config);
  const start = config.dates.noticeDate;

  it('runs both totals on the same scale, day by day', () => {
    const days = [
      { day: start, claims: 10 },
      { day: expected[2].day, claims: 5 },
    ];
    const s = intakeSeries(days, expected, start, expected[4].day);
    expect(s.map((x) => x.cumulative)).toEqual([10, 10, 15, 15, 15]);
    expect(s[4].cumulativeExpected).toBe(Math.round(expected.slice(0, 5).reduce((a, e) => a + e.expected, 0)));
    expect(s[0].expected).toBe(Math.round(expected[0].expected));
  });

  it('states how far intake is from plan, never rounding a small share to 0% or on plan', () => {
    expect(percentOfPlan(1273, 909_000)).toBe('0.14%');
    expect(percentOfPlan(3, 909_000)).toBe('<0.01%');
    expect(percentOfPlan(0, 10)).toBe('0%');
    expect(percentOfPlan(45, 50)).toBe('90.0%');
    expect(percentOfPlan(120, 100)).toBe('120%');
    expect(percentOfPlan(5, 0)).toBe('—');
  });
});
