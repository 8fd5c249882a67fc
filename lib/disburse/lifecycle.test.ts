import { describe, expect, it } from 'vitest';
import { assertMove, attemptKey, canMove, isRepeat, methodsOfRail, PAYMENT_STATES, PAYMENT_TRANSITIONS, RAIL_OF_METHOD } from './lifecycle';

describe('payment lifecycle', () => {
  it('every state has its moves, and every target is a state', () => {
    for (const s of PAYMENT_STATES) for (const t of PAYMENT_TRANSITIONS[s]) expect(PAYMENT_STATES).toContain(t);
  });
  it('nothing leaves without the intent recorded first, and nothing moves backwards', () => {
    expect(canMove('pending', 'submitted')).toBe(false);
    expect(canMove('pending', 'queued')).toBe(true);
    expect(canMove('returned', 'paid')).toBe(false);
    expect(canMove('paid', 'submitted')).toBe(false);
    expect(canMove('no_payment', 'queued')).toBe(false);
    expect(canMove('paid', 'returned')).toBe(true);
    expect(canMove('unclaimed', 'paid')).toBe(true);
  });
  it('a re-issue goes through reissued and back to the queue, never straight to submitted', () => {
    for (const s of ['failed', 'returned', 'unclaimed', 'voided', 'uncashed'] as const) expect(canMove(s, 'reissued')).toBe(true);
    expect(canMove('reissued', 'queued')).toBe(true);
    expect(canMove('reissued', 'submitted')).toBe(false);
    expect(canMove('submitted', 'reissued')).toBe(false);
  });
  it('refuses a forbidden move with a conflict naming both states, and an unknown state as bad input', () => {
    expect(() => assertMove('returned', 'paid', 'claim 7')).toThrow(/claim 7: a payment that is returned cannot become paid/);
    expect(() => assertMove('sent', 'paid')).toThrow(/unknown payment state "sent"/);
    expect(isRepeat('returned', 'returned')).toBe(true);
  });
  it('derives one key per attempt from the payment key', () => {
    const k = 'a'.repeat(32);
    expect(attemptKey(k, 1)).toBe(`pay_${k}_a1`);
    expect(attemptKey(k, 2)).not.toBe(attemptKey(k, 1));
    expect(() => attemptKey('x', 1)).toThrow();
  });
  it('maps methods to rails: Venmo through PayPal, Zelle to none', () => {
    expect(methodsOfRail('paypal').sort()).toEqual(['paypal', 'venmo']);
    expect(RAIL_OF_METHOD.zelle).toBeNull();
    expect(methodsOfRail('prepaid')).toEqual(['prepaid_card']);
  });
});
