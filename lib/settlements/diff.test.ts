import { describe, expect, it } from 'vitest';
import { demoConfig } from '@/lib/demo/service';
import { diffConfig } from './diff';

describe('diffConfig', () => {
  const base = demoConfig(new Date('2026-01-01'));
  it('is empty for the same configuration', () => {
    expect(diffConfig(base, structuredClone(base))).toEqual([]);
  });
  it('names each changed field with its old and new value', () => {
    const next = structuredClone(base);
    next.dates.claimDeadline = '2030-01-01';
    next.deductions.expenses = 123;
    next.tiers[1].units = { kind: 'fixed', shares: 7 };
    next.paymentMethods = [...base.paymentMethods, 'zelle'];
    const d = diffConfig(base, next);
    expect(d.map((c) => c.path).sort()).toEqual(['dates.claimDeadline', 'deductions.expenses', 'paymentMethods', 'tiers[1].units.shares'].sort());
    expect(d.find((c) => c.path === 'dates.claimDeadline')).toEqual({ path: 'dates.claimDeadline', before: base.dates.claimDeadline, after: '2030-01-01' });
  });
  it('reports added and removed fields', () => {
    const next = structuredClone(base) as Record<string, unknown>;
    delete next.classSize;
    next.extra = 'x';
    const paths = diffConfig(base, next).map((c) => c.path);
    expect(paths).toContain('extra');
    if (base.classSize !== undefined) expect(paths).toContain('classSize');
  });
});
