import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { settlementConfigSchema, type SettlementConfig } from './config';
import {
  allocationParagraphs,
  deadlineText,
  formatCents,
  formatDollars,
  fundBreakdown,
  ratioStatements,
  standardQuestions,
  tierUnitsText,
  timesWord,
} from './notice-text';

const tiktok: SettlementConfig = settlementConfigSchema.parse(JSON.parse(fs.readFileSync('docs/settlements/tiktok.json', 'utf8')));

function withShares(illinois: number, nationwide = 1): SettlementConfig {
  return {
    ...tiktok,
    tiers: tiktok.tiers.map((t) => ({ ...t, units: { kind: 'fixed' as const, shares: t.key === 'illinois' ? illinois : nationwide } })),
  };
}

describe('money formatting (integer cents → dollars)', () => {
  it('formats cents exactly, with thousands separators', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(2784)).toBe('$27.84');
    expect(formatCents(16704)).toBe('$167.04');
    expect(formatCents(9_200_000_000)).toBe('$92,000,000.00');
    expect(formatCents(-123456)).toBe('-$1,234.56');
    // Beyond 2^53 / 100 floating division would round; BigInt arithmetic does not.
    expect(formatCents(9_007_199_254_740_991)).toBe('$90,071,992,547,409.91');
  });

  it('drops .00 only for whole amounts', () => {
    expect(formatDollars(9_200_000_000)).toBe('$92,000,000');
    expect(formatDollars(5_467_140_050)).toBe('$54,671,400.50');
  });

  it('refuses fractional cents instead of silently rounding', () => {
    expect(() => formatCents(12.5)).toThrow(/integer cents/);
  });
});

describe('plan of allocation', () => {
  it('states the Illinois multiple from the configured shares', () => {
    expect(ratioStatements(tiktok)).toEqual(['An Illinois Subclass member receives six times the payment of a Nationwide Class member.']);
  });

  it('follows the config when the multiplier changes (the agreement allowed 3 to 10)', () => {
    expect(ratioStatements(withShares(3))).toEqual(['An Illinois Subclass member receives three times the payment of a Nationwide Class member.']);
    expect(ratioStatements(withShares(10))[0]).toContain('ten times');
    expect(ratioStatements(withShares(2))[0]).toContain('receives twice the payment');
    expect(ratioStatements(withShares(3, 2))[0]).toContain('1.5 times');
    expect(ratioStatements(withShares(1))).toEqual([]);
  });

  it('describes units per tier', () => {
    expect(tierUnitsText(tiktok.tiers[0])).toBe('6 shares');
    expect(tierUnitsText(tiktok.tiers[1])).toBe('1 share');
    expect(
      tierUnitsText({ ...tiktok.tiers[1], units: { kind: 'points', attribute: 'months_active', perUnit: 1, cap: 188 } }),
    ).toBe('1 point for each unit of “months active” in the defendant\'s records, up to 188 points');
  });

  it('lists every non-zero deduction and the net fund', () => {
    const b = fundBreakdown(tiktok);
    expect(b.deductions.map((d) => d.label)).toEqual([
      "Attorneys' fees",
      'Litigation expenses',
      'Service awards to the class representatives',
      'Notice and administration costs',
    ]);
    expect(b.net).toBe(b.gross - b.deductions.reduce((s, d) => s + d.cents, 0));
    const text = allocationParagraphs(tiktok).join('\n');
    expect(text).toContain('The settlement fund is $92,000,000.');
    expect(text).toContain(`about ${formatDollars(b.net)} (the net settlement fund)`);
    expect(text).toContain('six times');
    expect(text).toContain('non-reversionary');
  });
});

describe('deadlines and questions', () => {
  it('names the deadline instant in the settlement time zone', () => {
    expect(deadlineText('2022-03-01', 'America/New_York')).toBe('11:59 p.m. Eastern Time on March 1, 2022');
    expect(deadlineText('2022-07-28', 'America/Los_Angeles')).toBe('11:59 p.m. Pacific Time on July 28, 2022');
  });

  it('answers how to claim, exclude and object with the configured deadlines', () => {
    const qs = standardQuestions(tiktok);
    const exclude = qs.find((q) => /exclude/.test(q.q))!;
    expect(exclude.a).toContain('January 31, 2022');
    expect(exclude.a).toMatch(/no payment/);
    expect(exclude.a).toMatch(/not accepted/);
    expect(qs.find((q) => /payment/.test(q.q))!.a).toContain('March 1, 2022');
  });
});
