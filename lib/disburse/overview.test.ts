import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { openTestDb } from '@/lib/testing/db';
import { disbursementFile, disbursementOverview, lastRailConfig } from './overview';
import { disburse } from './service';
import { movePayment } from './transition';
import { disbursementFixture, RAILS, type Fixture } from './test-fixture';

let h: Handle;
let f: Fixture;

beforeAll(async () => {
  h = await openTestDb();
  f = await disbursementFixture(h, ['paypal', 'venmo', 'check']);
  await disburse(h.db, f.runId, { rail: 'paypal', actor: f.finance.actor, rails: RAILS, write: async () => 'console' });
  const c = f.claimsByMethod.paypal[0];
  const [a] = rowsOf<{ id: number }>(await h.db.execute(sql`select id from payment_attempts where run_id = ${f.runId} and claim_pk = ${c.id}`));
  await movePayment(h.db, f.settlement.id, { runId: f.runId, claimPk: c.id, from: 'submitted', to: 'returned', attemptId: Number(a.id), code: 'RETURNED' }, 'test');
}, 120_000);
afterAll(async () => h?.close());

describe('the finance overview', () => {
  it('reconciles per rail, lists failures without payment details, and the fund remaining', async () => {
    const o = await disbursementOverview(h.db, f.settlement);
    expect(o.runs).toHaveLength(1);
    const r = o.runs[0];
    expect(r.reconciliation.balanced).toBe(true);
    expect(r.reconciliation.rails.map((l) => l.rail)).toEqual(['check', 'paypal']);
    expect(r.failures).toEqual([expect.objectContaining({ claimId: f.claimsByMethod.paypal[0].claimId, rail: 'paypal', state: 'returned', code: 'RETURNED', attempt: 1 })]);
    expect(JSON.stringify(r.failures)).not.toContain('@example.com');
    expect(r.batches).toHaveLength(1);
    expect(o.remainingCents).toBe(o.netFundCents - o.paidCents);
    // The queued e-mail for the returned attempt (one row).
    expect(rowsOf(await h.db.execute(sql`select * from payment_mail`))).toHaveLength(1);
  });

  it('serves the stored file, checked against its SHA-256, and remembers the rail settings', async () => {
    const [b] = (await disbursementOverview(h.db, f.settlement)).runs[0].batches;
    const file = await disbursementFile(h.db, f.settlement.id, b.id, 0);
    expect(file?.name).toBe(b.files[0].name);
    expect(file?.data.toString('utf8').split('\n').filter(Boolean)).toHaveLength(2);
    expect(await disbursementFile(h.db, f.settlement.id, b.id, 5)).toBeNull();
    expect(await lastRailConfig(h.db, f.settlement.id, 'paypal')).toMatchObject({ note: RAILS.paypal!.note });
    expect(await lastRailConfig(h.db, f.settlement.id, 'ach')).toBeNull();
  });
});
