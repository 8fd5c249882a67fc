import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settlementConfigSchema } from './config';
import { distributionFigures, publicStatistics } from './statistics';
import tiktok from '@/docs/settlements/tiktok.json';

const config = settlementConfigSchema.parse(tiktok);

describe('distributionFigures', () => {
  it('TikTok-style: 6-share and 1-share payments', () => {
    expect(distributionFigures([{ cents: 2784, claims: 3 }, { cents: 16704, claims: 1 }, { cents: 0, claims: 5 }])).toEqual({
      paidClaims: 4,
      totalCents: 3 * 2784 + 16704,
      averageCents: Math.floor((3 * 2784 + 16704) / 4),
      medianCents: 2784,
      smallestCents: 2784,
      largestCents: 16704,
    });
  });
  it('is null when nobody was paid', () => expect(distributionFigures([{ cents: 0, claims: 3 }])).toBeNull());
  it('the median is a payment someone received, between the smallest and the largest', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ cents: fc.integer({ min: 1, max: 1e7 }), claims: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1, maxLength: 20 }), (amounts) => {
        const f = distributionFigures(amounts)!;
        expect(amounts.some((a) => a.cents === f.medianCents)).toBe(true);
        expect(f.smallestCents).toBeLessThanOrEqual(f.medianCents);
        expect(f.medianCents).toBeLessThanOrEqual(f.largestCents);
        expect(f.averageCents * f.paidClaims).toBeLessThanOrEqual(f.totalCents);
      }),
    );
  });
});

describe('publicStatistics', () => {
  it('gives both estimates and the expected claimants, and no distribution before a locked run', () => {
    const s = publicStatistics(config, { filed: 1200, payableClaims: 1000, payableShares: 1500 }, null);
    expect(s.expectedClaimants).toBe(Math.round(config.classSize! * config.expectedClaimRate));
    expect(s.today?.basis).toBe('today');
    expect(s.projection?.basis).toBe('projection');
    expect(s.distribution).toBeNull();
  });
  it('has no "today" figure before the first payable claim', () => {
    expect(publicStatistics(config, { filed: 0, payableClaims: 0, payableShares: 0 }, []).today).toBeNull();
  });
});
