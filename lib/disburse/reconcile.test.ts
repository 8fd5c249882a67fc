import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { openTestDb } from '@/lib/testing/db';
import { reissuePayments, sweepStaleChecks } from './checks';
import { reconcile, reconcileRun } from './reconcile';
import { disburse } from './service';
import { disbursementFixture, RAILS, type Fixture } from './test-fixture';

describe('reconcile (pure)', () => {
  it('puts every payment in one bucket and balances against the run', () => {
    const r = reconcile('run', 600, [
      { rail: 'ach', state: 'submitted', count: 2, cents: 200, unspentCents: 0 },
      { rail: 'ach', state: 'returned', count: 1, cents: 100, unspentCents: 0 },
      { rail: 'check', state: 'paid', count: 1, cents: 150, unspentCents: 0 },
      { rail: 'prepaid', state: 'paid', count: 1, cents: 150, unspentCents: 40 },
      { rail: 'ach', state: 'no_payment', count: 3, cents: 0, unspentCents: 0 },
    ]);
    expect(r.balanced).toBe(true);
    expect(r.total).toMatchObject({ intended: { count: 5, cents: 600 }, confirmed: { cents: 300 }, outstanding: { cents: 300 }, sent: { cents: 200 }, returned: { cents: 100 }, unspentCents: 40 });
    expect(r.rails.map((l) => l.rail)).toEqual(['ach', 'check', 'prepaid']);
  });
  it('a run whose payments do not add up is an alert', () => {
    const r = reconcile('run', 601, [{ rail: 'ach', state: 'paid', count: 1, cents: 600, unspentCents: 0 }]);
    expect(r.balanced).toBe(false);
    expect(r.exceptions).toEqual(['the run allocated 601 cents but its payments total 600']);
  });
});

let h: Handle;
let f: Fixture;
beforeAll(async () => {
  h = await openTestDb();
  f = await disbursementFixture(h, ['ach', 'ach', 'check', 'check', 'paypal', 'zelle']);
}, 120_000);
afterAll(async () => h?.close());

describe('reconcileRun (database)', () => {
  it('balances to the cent through sending, stale checks and re-issue; drift behind its back is reported', async () => {
    const before = await reconcileRun(h.db, f.runId);
    expect(before.balanced).toBe(true);
    expect(before.total.not_sent.count).toBe(6);
    expect(before.total.intended.cents).toBe(1_000_003);
    for (const rail of ['ach', 'check', 'paypal'] as const) await disburse(h.db, f.runId, { rail, actor: f.finance.actor, rails: RAILS, write: async () => 'memory', now: new Date('2026-12-08T15:00:00Z') });
    await sweepStaleChecks(h.db, f.settlement.id, '2027-12-31', f.finance.actor);
    await reissuePayments(h.db, f.runId, { all: true }, 'stale', f.finance.actor);
    const r = await reconcileRun(h.db, f.runId);
    expect(r.exceptions).toEqual([]);
    expect(r.rails.find((l) => l.rail === 'ach')!.sent.count).toBe(2);
    expect(r.rails.find((l) => l.rail === 'check')!.not_sent.count).toBe(2);
    expect(r.rails.find((l) => l.rail === 'none')!.not_sent.count).toBe(1);
    expect(r.total.intended.cents).toBe(1_000_003);
    // Someone changes a sent payment's amount in the database: the attempt disagrees, and the run no longer balances.
    await h.db.execute(sql`update payments set amount_cents = amount_cents + 1 where run_id = ${f.runId} and state = 'submitted' and claim_pk = (select min(claim_pk) from payments where run_id = ${f.runId} and state = 'submitted')`);
    const bad = await reconcileRun(h.db, f.runId);
    expect(bad.balanced).toBe(false);
    expect(bad.exceptions.some((e) => /its current attempt submitted/.test(e))).toBe(true);
    expect(bad.exceptions).toContain('the run allocated 1000003 cents but its payments total 1000004');
  });
});
