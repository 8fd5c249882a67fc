import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { netFundCents, settlementConfigSchema } from './config';
import { amountsText, apportion, basisText, estimateIfEndedToday, perShareCentsOf, projectedEstimate, publicEstimate, tierMixText } from './estimate';

const tiktok = settlementConfigSchema.parse(JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8')));
const NET = netFundCents(tiktok); // $54,671,400.00

describe('projection at the expected claim rate', () => {
  it('splits 1.6% of 89 million between the tiers by the configured mix, exactly', () => {
    const e = projectedEstimate(tiktok)!;
    expect(e.basis).toBe('projection');
    expect(e.claimants).toBe(1_424_000);
    expect(e.perTier.map((t) => [t.key, t.claimants])).toEqual([
      ['illinois', 113_920],
      ['nationwide', 1_310_080],
    ]);
    // 113,920 × 6 + 1,310,080 × 1
    expect(e.shares).toBe(1_993_600);
    expect(NET).toBe(5_467_140_000);
    expect(e.perShareCents).toBe(2742); // floor(5,467,140,000 / 1,993,600) = 2742.34…
    expect(e.perTier.map((t) => t.cents)).toEqual([2742 * 6, 2742]);
    expect(e.mix).toBe('expected');
  });

  it('states the basis and the tier mix it assumes', () => {
    const e = projectedEstimate(tiktok)!;
    expect(tierMixText(e)).toBe('8% of claimants in the Illinois Subclass (6 shares each) and 92% in the Nationwide Class (1 share each)');
    expect(basisText(e, tiktok.classSize)).toBe(
      'Projection at the expected claim rate: 1.6% of the 89,000,000 class members file valid claims (1,424,000 claimants: 113,920 Illinois Subclass, 1,310,080 Nationwide Class), assuming 8% of claimants in the Illinois Subclass (6 shares each) and 92% in the Nationwide Class (1 share each); 1,993,600 shares in all.',
    );
    expect(amountsText(e)).toBe('$27.42 per share; Illinois Subclass $164.52, Nationwide Class $27.42');
  });

  it('assumes the smallest share when the mix is not configured, and says so', () => {
    const noMix = { ...tiktok, tiers: tiktok.tiers.map(({ expectedClaimantShare: _drop, ...t }) => t) };
    const e = projectedEstimate(noMix)!;
    expect(e.mix).toBe('smallest-share');
    expect(e.shares).toBe(1_424_000);
    expect(e.perShareCents).toBe(Math.floor(NET / 1_424_000));
    expect(tierMixText(e)).toContain('every claimant in the Nationwide Class (1 share each), because');
  });

  it('pays less per share when more people claim', () => {
    expect(projectedEstimate(tiktok, 0.05)!.perShareCents).toBeLessThan(projectedEstimate(tiktok, 0.01)!.perShareCents);
  });

  it('gives no projection without a class size, for points plans or for fractional shares', () => {
    expect(projectedEstimate({ ...tiktok, classSize: undefined })).toBeNull();
    expect(projectedEstimate({ ...tiktok, tiers: [{ ...tiktok.tiers[1], units: { kind: 'points', attribute: 'months', perUnit: 1 } }] })).toBeNull();
    expect(projectedEstimate({ ...tiktok, tiers: [{ ...tiktok.tiers[1], units: { kind: 'fixed', shares: 1.5 } }] })).toBeNull();
  });
});

describe('if the claim period ended today', () => {
  it('divides the net fund among the payable shares so far (the figure that must never stand alone)', () => {
    const e = estimateIfEndedToday(tiktok, { claims: 1273, shares: 2040 })!;
    expect(e.basis).toBe('today');
    expect(e.perShareCents).toBe(Math.floor(NET / 2040));
    expect(e.perTier[0].cents).toBe(e.perShareCents * 6);
    expect(basisText(e)).toBe('If the claim period ended today: the 1,273 claims received so far that are not denied or withdrawn, holding 2,040 shares.');
  });

  it('is absent before the first payable claim', () => {
    expect(estimateIfEndedToday(tiktok, { claims: 0, shares: 0 })).toBeNull();
  });
});

describe('the website\'s estimate, from the live claim count', () => {
  it('stays the projection while the claims so far hold fewer shares than it assumes', () => {
    const e = publicEstimate(tiktok, { claims: 1273, shares: 2040 })!;
    expect(e.basis).toBe('projection');
    expect(e.perShareCents).toBe(2742);
  });

  it('follows the claims once they hold more shares than the projection, and is then lower', () => {
    const e = publicEstimate(tiktok, { claims: 2_500_000, shares: 3_000_000 })!;
    expect(e.basis).toBe('today');
    expect(e.perShareCents).toBe(Math.floor(NET / 3_000_000)); // $18.22
    expect(e.perShareCents).toBeLessThan(projectedEstimate(tiktok)!.perShareCents);
  });

  it('never states more per share than either figure, whatever the claims', () => {
    fc.assert(
      fc.property(fc.nat({ max: 50_000_000 }), fc.nat({ max: 6 }), (claims, extra) => {
        const live = { claims, shares: claims * (1 + (extra % 6)) };
        const e = publicEstimate(tiktok, live)!;
        expect(e.perShareCents).toBeLessThanOrEqual(projectedEstimate(tiktok)!.perShareCents);
        const today = estimateIfEndedToday(tiktok, live);
        if (today) expect(e.perShareCents).toBeLessThanOrEqual(today.perShareCents);
      }),
    );
  });

  it('states nothing where no projection can be made (a figure from the first claims would overstate)', () => {
    expect(publicEstimate({ ...tiktok, classSize: undefined }, { claims: 10, shares: 10 })).toBeNull();
  });
});

describe('exact arithmetic', () => {
  it('floors in integers beyond 2^53 products', () => {
    // 9e15 cents / 7 shares: a float division would already be inexact in the last digit.
    expect(perShareCentsOf(9_007_199_254_740_991, 7)).toBe(Number(9_007_199_254_740_991n / 7n));
    expect(() => perShareCentsOf(100, 0)).toThrow();
    expect(() => perShareCentsOf(100.5, 1)).toThrow();
  });

  it('never promises more than the net fund, and a tier is paid at least its estimate by largest remainder', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), fc.integer({ min: 1, max: 1e9 }), (net, shares) => {
        const p = perShareCentsOf(net, shares);
        expect(BigInt(p) * BigInt(shares) <= BigInt(net)).toBe(true);
        expect((BigInt(p) + 1n) * BigInt(shares) > BigInt(net)).toBe(true);
      }),
    );
  });

  it('apportions claimants so the parts add up to the total, by largest remainder', () => {
    expect(apportion(10, [1n, 1n, 1n])).toEqual([4, 3, 3]);
    expect(apportion(7, [0n, 5n])).toEqual([0, 7]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 6 }), (total, ws) => {
        fc.pre(ws.some((w) => w > 0));
        const parts = apportion(total, ws.map(BigInt));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const W = ws.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => expect(Math.abs(p - (total * ws[i]) / W)).toBeLessThan(1 + 1e-6));
      }),
    );
  });
});
