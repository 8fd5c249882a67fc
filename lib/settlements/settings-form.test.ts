import { describe, expect, it } from 'vitest';
import { demoConfig } from '@/lib/demo/service';
import { applySettingsForm, dollarFieldValue, dollarsToCents } from './settings-form';

const base = demoConfig(new Date('2026-01-01'));
const raw = JSON.stringify(base);

describe('settings form', () => {
  it('converts dollars to exact cents and back', () => {
    expect(dollarsToCents('$30,663,600.00')).toBe(3066360000);
    expect(dollarsToCents('0.1')).toBe(10);
    expect(dollarsToCents('1.005')).toBeNull();
    expect(dollarsToCents('=1+1')).toBeNull();
    expect(dollarFieldValue(3066360005)).toBe('30,663,600.05');
  });

  it('applies structured fields over the raw JSON', () => {
    const r = applySettingsForm({ raw, 'dates.claimDeadline': '2026-09-30', 'deductions.expenses': '2,000,000', 'tiers.0.kind': 'fixed', 'tiers.0.shares': '8', paymentMethodsPresent: '1', paymentMethods: ['paypal', 'check'], 'contact.phone': '1-800-555-0100' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.dates.claimDeadline).toBe('2026-09-30');
    expect(r.config.deductions.expenses).toBe(200_000_000);
    expect(r.config.tiers[0].units).toEqual({ kind: 'fixed', shares: 8 });
    expect(r.config.paymentMethods).toEqual(['paypal', 'check']);
    expect(r.config.contact.phone).toBe('1-800-555-0100');
  });

  it('names the field of every error', () => {
    const r = applySettingsForm({ raw, 'dates.claimDeadline': '2001-01-01', 'deductions.taxes': 'lots', 'tiers.1.kind': 'points', 'tiers.1.attribute': '', 'tiers.1.perUnit': '-1', paymentMethodsPresent: '1', 'contact.email': 'not-an-email' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors)).toEqual(expect.arrayContaining(['deductions.taxes', 'tiers.1.attribute', 'tiers.1.perUnit', 'paymentMethods']));
  });

  it('takes whole units only, saying how to scale a fractional plan', () => {
    for (const v of ['1.5', '0', '6e0', ' 2.0']) {
      const r = applySettingsForm({ raw, 'tiers.0.kind': 'fixed', 'tiers.0.shares': v });
      expect(r, v).toMatchObject({ ok: false, errors: { 'tiers.0.shares': expect.stringMatching(/whole number.*10 and 60/) } });
    }
    expect(applySettingsForm({ raw, 'tiers.0.kind': 'fixed', 'tiers.0.shares': '60' })).toMatchObject({ ok: true });
  });

  it('reports bad JSON and schema errors from the raw editor', () => {
    expect(applySettingsForm({ raw: '{"slug": ' })).toMatchObject({ ok: false, errors: { raw: expect.stringMatching(/Not valid JSON/) } });
    const r = applySettingsForm({ raw: JSON.stringify({ ...base, grossFundCents: -5 }) });
    expect(r).toMatchObject({ ok: false, errors: { grossFundCents: expect.any(String) } });
  });
});
