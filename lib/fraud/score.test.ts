import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionFor, rulesetVersion, scoreClaim, scoreOf } from './score';
import { RULES } from './rules';
import { CLEAN_FACTS, type FraudFacts } from './types';

const fraud = { thresholds: { review: 900, recommendDeny: 500 }, denyCriteria: ['NOT_IN_CLASS', 'DUPLICATE_RECORD'] };
const f = (o: Partial<FraudFacts>): FraudFacts => ({ ...CLEAN_FACTS, ...o });

describe('the score', () => {
  it('starts at 1000, deducts each weight and floors at 0', () => {
    expect(scoreOf([])).toBe(1000);
    expect(scoreOf([{ code: 'FAST_FORM', weight: 200, evidence: '' }, { code: 'IP_BURST', weight: 100, evidence: '' }])).toBe(700);
    expect(scoreClaim(f({ honeypot: true, verificationStatus: 'unmatched', disposableEmail: true, formSeconds: 1, uaWindowN: 9 }), fraud).score).toBe(0);
  });
  it('a clean claim is none; at exactly the review threshold it is still none', () => {
    expect(scoreClaim(CLEAN_FACTS, fraud)).toEqual({ score: 1000, action: 'none', reasons: [], evidence: [] });
    expect(scoreClaim(f({ attestationUnsupported: true }), fraud)).toMatchObject({ score: 950, action: 'none', reasons: ['ATTESTATION_CONTRADICTED'] });
    expect(scoreClaim(f({ attestationUnsupported: true, verificationStatus: 'conflict', matchRecordId: null }), fraud)).toMatchObject({ score: 900, action: 'none' });
  });
  it('below review goes to review; below recommendDeny with an allowed criterion is recommend_deny', () => {
    expect(scoreClaim(f({ verificationStatus: 'unmatched' }), fraud)).toMatchObject({ score: 500, action: 'review' });
    expect(scoreClaim(f({ verificationStatus: 'unmatched', disposableEmail: true }), fraud)).toMatchObject({ score: 200, action: 'recommend_deny', reasons: ['NOT_IN_CLASS', 'DISPOSABLE_EMAIL'] });
  });
});

describe('the deny-criteria allow-list', () => {
  it('nothing outside denyCriteria is ever recommended for denial, whatever the score', () => {
    const r = scoreClaim(f({ honeypot: true, disposableEmail: true, formSeconds: 1, uaWindowN: 5, ipWindowN: 9 }), fraud);
    expect(r.score).toBe(0);
    expect(r.action).toBe('review');
    expect(actionFor(0, ['HONEYPOT'], { ...fraud, denyCriteria: [] })).toBe('review');
    expect(actionFor(0, ['HONEYPOT'], { ...fraud, denyCriteria: ['HONEYPOT'] })).toBe('recommend_deny');
  });
  it('a household address or shared Wi-Fi is never a denial on its own, even if a settlement lists it', () => {
    expect(actionFor(100, ['HOUSEHOLD_ADDRESS', 'IP_BURST', 'FAST_FORM'], { ...fraud, denyCriteria: ['HOUSEHOLD_ADDRESS', 'IP_BURST'] })).toBe('review');
  });
  it('property: recommend_deny implies score below recommendDeny and an allowed, deny-capable code', () => {
    const codes = RULES.map((r) => r.code);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.subarray(codes), fc.subarray(codes), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (score, reasons, allowed, a, b) => {
        const t = { review: Math.max(a, b), recommendDeny: Math.min(a, b) };
        const action = actionFor(score, reasons, { thresholds: t, denyCriteria: allowed });
        if (action === 'recommend_deny') {
          expect(score).toBeLessThan(t.recommendDeny);
          expect(reasons.some((r) => allowed.includes(r) && r !== 'HOUSEHOLD_ADDRESS' && r !== 'IP_BURST')).toBe(true);
        }
        if (score >= t.review) expect(action).toBe('none');
      }),
    );
  });
});

describe('the rule-set version', () => {
  it('is stable and changes with a weight', () => {
    expect(rulesetVersion()).toBe(rulesetVersion());
    expect(rulesetVersion()).toMatch(/^rules-[0-9a-f]{12}$/);
    const changed = RULES.map((r) => (r.code === 'FAST_FORM' ? { ...r, weight: 201 } : r));
    expect(rulesetVersion(changed)).not.toBe(rulesetVersion());
  });
});
