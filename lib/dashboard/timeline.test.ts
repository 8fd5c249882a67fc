import { describe, expect, it } from 'vitest';
import { demoConfig } from '@/lib/demo/service';
import { buildTimeline, expectedClaimsPerDay } from './timeline';

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
