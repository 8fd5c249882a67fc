import { describe, expect, it } from 'vitest';
import { clusterAlerts, flatDailyRate, recentDays, volumeAlerts } from './campaign';

const config = {
  classSize: 1_000_000,
  expectedClaimRate: 0.02,
  dates: { noticeDate: '2026-01-01', claimDeadline: '2026-04-10' } as never,
  fraud: { campaignVolumeFactor: 5 },
};

describe('campaign alert', () => {
  it('expected daily volume is class size × claim rate spread over the claim period', () => {
    expect(flatDailyRate(config)).toBe(200); // 20,000 claims over 100 days
    expect(flatDailyRate({ ...config, classSize: undefined })).toBeNull();
  });
  it('alerts on a day far above the expected rate, not on a busy but plausible one', () => {
    const alerts = volumeAlerts(
      [
        { day: '2026-02-01', claims: 900 },
        { day: '2026-02-02', claims: 1001 },
        { day: '2026-02-03', claims: 5000 },
      ],
      config,
    );
    expect(alerts).toEqual([
      { kind: 'volume', day: '2026-02-02', claims: 1001, expected: 200, ratio: 5 },
      { kind: 'volume', day: '2026-02-03', claims: 5000, expected: 200, ratio: 25 },
    ]);
  });
  it('the notice wave the plan expects raises no alert', () => {
    expect(volumeAlerts([{ day: '2026-01-02', claims: 3000 }], config, new Map([['2026-01-02', 1500]]))).toEqual([]);
  });
  it('no class size, no volume alert', () => {
    expect(volumeAlerts([{ day: '2026-01-02', claims: 1e6 }], { ...config, classSize: undefined })).toEqual([]);
  });
  it('a cluster alerts when it gained five claims and at least doubled', () => {
    expect(
      clusterAlerts([
        { clusterId: 1, size: 12, previous: 4 },
        { clusterId: 2, size: 40, previous: 30 },
        { clusterId: 3, size: 6, previous: 2 },
        { clusterId: 4, size: 7, previous: 0 },
      ]),
    ).toEqual([
      { kind: 'cluster', clusterId: 1, size: 12, previous: 4 },
      { kind: 'cluster', clusterId: 4, size: 7, previous: 0 },
    ]);
  });
  it('looks at recent days only', () => {
    expect(recentDays([{ day: '2026-01-01' }, { day: '2026-01-20' }, { day: '2026-01-21' }], '2026-01-21', 2)).toEqual([{ day: '2026-01-20' }, { day: '2026-01-21' }]);
  });
});
