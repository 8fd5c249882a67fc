import { describe, expect, it } from 'vitest';
import { claimStatus } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { assertTransition, canTransition, CLAIM_STATUSES, CLAIM_STATUS_LABELS, CLAIMANT_STATUS_LABELS, INITIAL_STATUSES, type ClaimStatus } from './lifecycle';

/**
 * The expected moves, written out independently of the module as a grid (rows: from, columns: to,
 * in the order received, under_review, deficient, approved, denied, withdrawn). Changing the lifecycle
 * means changing this grid on purpose.
 */
const GRID = `
                 rec rev def app den wdr
  received        .   x   x   x   x   x
  under_review    .   .   x   x   x   x
  deficient       x   x   x   .   x   x
  approved        .   x   .   .   .   x
  denied          .   x   .   .   .   x
  withdrawn       .   .   .   .   .   .
`;
const ORDER: ClaimStatus[] = ['received', 'under_review', 'deficient', 'approved', 'denied', 'withdrawn'];
const expected = new Map<string, boolean>();
for (const line of GRID.trim().split('\n').slice(1)) {
  const [from, ...cells] = line.trim().split(/\s+/);
  cells.forEach((c, i) => expected.set(`${from}>${ORDER[i]}`, c === 'x'));
}

describe('claim lifecycle', () => {
  it('lists every status once, the same as the database enum, without "paid"', () => {
    expect([...CLAIM_STATUSES].sort()).toEqual([...ORDER].sort());
    expect(claimStatus.enumValues).toEqual([...CLAIM_STATUSES]);
    expect(CLAIM_STATUSES).not.toContain('paid' as never);
    for (const s of CLAIM_STATUSES) {
      expect(CLAIM_STATUS_LABELS[s]).toBeTruthy();
      expect(CLAIMANT_STATUS_LABELS[s]).toBeTruthy();
    }
  });

  const pairs = ORDER.flatMap((from) => ORDER.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s follows the grid', (from, to) => {
    const allowed = expected.get(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
    else {
      let err: unknown;
      try {
        assertTransition(from, to, 'CL-TEST');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('conflict');
      expect((err as AppError).message).toContain('CL-TEST');
    }
  });

  it('covers all 36 pairs', () => expect(pairs).toHaveLength(36));

  it('never leaves withdrawn, and a deficient claim is never approved uncured', () => {
    for (const to of ORDER) expect(canTransition('withdrawn', to)).toBe(false);
    expect(canTransition('deficient', 'approved')).toBe(false);
  });

  it('creates claims only as received or deficient', () => expect([...INITIAL_STATUSES].sort()).toEqual(['deficient', 'received']));

  it('refuses an unknown status as bad input, naming it', () => {
    expect(() => assertTransition('paid' as ClaimStatus, 'approved')).toThrow(/unknown claim status "paid"/);
    try {
      assertTransition('received', 'paid' as ClaimStatus);
    } catch (e) {
      expect((e as AppError).code).toBe('bad_input');
    }
  });
});
