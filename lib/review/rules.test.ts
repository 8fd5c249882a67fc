import { describe, expect, it } from 'vitest';
import { autoDenyReasons, canAppeal, decidableFrom, isExpired, needsSecondReviewer, reminderDay, ruleOutcome, undocumentedReasons } from './rules';

describe('review rules', () => {
  const cfg = { autoApproveClean: true, denyCriteria: ['NOT_IN_CLASS', 'DUPLICATE_RECORD'] };
  it('auto-denies only on the agreement’s criteria, with exactly those codes', () => {
    expect(autoDenyReasons(['SHARED_PAYOUT', 'NOT_IN_CLASS'], cfg.denyCriteria)).toEqual(['NOT_IN_CLASS']);
    expect(autoDenyReasons(['SHARED_PAYOUT', 'IP_BURST'], cfg.denyCriteria)).toEqual([]);
    expect(ruleOutcome({ status: 'received', verificationStatus: 'unmatched', fraudAction: 'recommend_deny', fraudReasons: ['HONEYPOT'] }, cfg)).toBeNull();
    expect(ruleOutcome({ status: 'received', verificationStatus: 'unmatched', fraudAction: 'recommend_deny', fraudReasons: ['DUPLICATE_RECORD'] }, cfg)).toEqual({ decision: 'deny', reasonCodes: ['DUPLICATE_RECORD'] });
  });
  it('auto-approves only verified, unflagged, undecided claims, and only when the settlement says so', () => {
    const clean = { status: 'received' as const, verificationStatus: 'matched', fraudAction: 'none', fraudReasons: [] };
    expect(ruleOutcome(clean, cfg)).toEqual({ decision: 'approve' });
    expect(ruleOutcome(clean, { ...cfg, autoApproveClean: false })).toBeNull();
    expect(ruleOutcome({ ...clean, verificationStatus: 'probable' }, cfg)).toBeNull();
    expect(ruleOutcome({ ...clean, fraudAction: 'review' }, cfg)).toBeNull();
    expect(ruleOutcome({ ...clean, fraudAction: null }, cfg)).toBeNull();
    expect(ruleOutcome({ ...clean, status: 'deficient' }, cfg)).toBeNull();
  });
  it('people deny on documented codes only', () => {
    expect(undocumentedReasons(['SHARED_PAYOUT', 'DEFICIENCY_NOT_CURED'])).toEqual([]);
    expect(undocumentedReasons(['BECAUSE'])).toEqual(['BECAUSE']);
  });
  it('a second reviewer for denials above the threshold only', () => {
    expect(needsSecondReviewer('deny', 25, 25)).toBe(false);
    expect(needsSecondReviewer('deny', 26, 25)).toBe(true);
    expect(needsSecondReviewer('approve', 1000, 25)).toBe(false);
  });
  it('a deficient claim may be denied but not approved; decided claims are reopened, not flipped', () => {
    expect(decidableFrom('approved')).toEqual(['received', 'under_review']);
    expect(decidableFrom('denied')).toEqual(['received', 'under_review', 'deficient']);
  });
  it('reminders before the deadline, expiry after it, one appeal', () => {
    expect(reminderDay('2026-05-01', '2026-05-31')).toBe('2026-05-24');
    expect(reminderDay('2026-05-28', '2026-05-31')).toBeNull();
    expect(isExpired('2026-05-31', '2026-05-31')).toBe(false);
    expect(isExpired('2026-05-31', '2026-06-01')).toBe(true);
    expect(canAppeal('denied', false)).toBe(true);
    expect(canAppeal('denied', true)).toBe(false);
    expect(canAppeal('approved', false)).toBe(false);
  });
});

