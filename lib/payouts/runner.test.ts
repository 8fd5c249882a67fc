import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { rowsOf } from '@/db/client';
import { auditLog, payments } from '@/db/schema';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims } from '@/lib/testing/seed';
import { createSettlement, type Settlement } from '@/lib/settlements/service';
import { createStaffUser } from '@/lib/auth/users';
import { loadStaffUser } from '@/lib/auth/queries';
import { runInline } from '@/lib/jobs/run-inline';
import tiktok from '@/docs/settlements/tiktok.json';
import { payoutsCompute } from './jobs';
import { approveRun, createRun, dryRun, exportPayments, lockRun, paymentOfClaim, verifyRun } from './service';
import { loadRun } from './runner';

let h: Handle;
let s: Settlement;
const staff = async (role: 'finance' | 'reviewer', email: string) => {
  const id = await createStaffUser(h.db, { email, name: email, password: 'a-long-password-for-tests', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', role, allSettlements: true }, 'test');
  return { actor: `staff:${id}`, staff: (await loadStaffUser(h.db, id))! };
};

beforeAll(async () => {
  h = await openTestDb();
  s = await createSettlement(h.db, { ...tiktok, grossFundCents: 1_000_003, deductions: {} }, 'test');
  // 700 approved claims (1 in 7 Illinois, 6 shares), plus some that are not approved and must not be paid.
  await seedClaims(h.db, s.id, Array.from({ length: 700 }, (_, i) => ({ status: 'approved' as const, tier: i % 7 === 0 ? 'illinois' : 'nationwide', units: i % 7 === 0 ? 6 : 1 })));
  await seedClaims(h.db, s.id, Array.from({ length: 30 }, () => ({ status: 'denied' as const, tier: 'nationwide', units: 1 })));
}, 120_000);
afterAll(async () => h?.close());

describe('payout runs on a real database', () => {
  it('computes a draft run: one payment per approved claim, summing exactly to the net, reproducible by verify', async () => {
    const a = await staff('finance', 'fin-a@example.com');
    const dry = await dryRun(h.db, s, {});
    expect(dry.claims).toBe(700);
    expect(dry.allocatedCents).toBe(1_000_003);
    const created = await createRun(h.db, s, {}, a.actor);
    const res = await runInline(h, payoutsCompute, { runId: created.id }, { actor: a.actor });
    expect(res.claims).toBe(700);
    const run = await loadRun(h.db, created.id);
    expect(run.phase).toBe('computed');
    expect(run.allocatedCents).toBe(1_000_003);
    const [sum] = rowsOf<{ n: string | number; total: string | number; keys: string | number }>(
      await h.db.execute(sql`select count(*) n, sum(amount_cents) total, count(distinct idempotency_key) keys from payments where run_id = ${run.id}`),
    );
    expect(Number(sum.n)).toBe(700);
    expect(Number(sum.total)).toBe(1_000_003);
    expect(Number(sum.keys)).toBe(700);
    // Illinois is 6× Nationwide within 6 cents; each tier equal within a cent.
    const byTier = rowsOf<{ tier: string; lo: number; hi: number }>(await h.db.execute(sql`select tier, min(amount_cents)::int lo, max(amount_cents)::int hi from payments where run_id = ${run.id} group by tier`));
    for (const t of byTier) expect(t.hi - t.lo).toBeLessThanOrEqual(1);
    const v = await verifyRun(h, run.id);
    expect(v.differences).toEqual([]);
    expect(v.recomputedHash).toBe(run.inputsHash);
    // The same job again is a no-op (idempotent).
    await runInline(h, payoutsCompute, { runId: created.id }, { actor: a.actor });
    const [again] = rowsOf<{ n: string | number }>(await h.db.execute(sql`select count(*) n from payments where run_id = ${run.id}`));
    expect(Number(again.n)).toBe(700);
    const audits = await h.db.select().from(auditLog).where(eq(auditLog.action, 'payouts.compute'));
    expect(audits.length).toBe(1);
  });

  it('two runs of the same claims have the same inputs hash and the same payments', async () => {
    const a = await staff('finance', 'fin-c@example.com');
    const r1 = await createRun(h.db, s, {}, a.actor);
    const r2 = await createRun(h.db, s, {}, a.actor);
    await runInline(h, payoutsCompute, { runId: r1.id }, { actor: a.actor });
    await runInline(h, payoutsCompute, { runId: r2.id }, { actor: a.actor });
    const [x, y] = [await loadRun(h.db, r1.id), await loadRun(h.db, r2.id)];
    expect(x.inputsHash).toBe(y.inputsHash);
    const diff = rowsOf(await h.db.execute(sql`select a.claim_pk from payments a join payments b on b.claim_pk = a.claim_pk and b.run_id = ${r2.id} where a.run_id = ${r1.id} and a.amount_cents <> b.amount_cents`));
    expect(diff).toEqual([]);
  });

  it('verify says what differs when a payment was changed behind the run’s back', async () => {
    const a = await staff('finance', 'fin-d@example.com');
    const r = await createRun(h.db, s, {}, a.actor);
    await runInline(h, payoutsCompute, { runId: r.id }, { actor: a.actor });
    const [one] = await h.db.select().from(payments).where(eq(payments.runId, r.id)).limit(1);
    await h.db.execute(sql`update payments set amount_cents = amount_cents + 100 where run_id = ${r.id} and claim_pk = ${one.claimPk}`);
    const v = await verifyRun(h, r.id);
    expect(v.ok).toBe(false);
    expect(v.differences.join('\n')).toContain(`claim ${one.claimPk}: paid ${one.amountCents + 100} cents, recomputed ${one.amountCents}`);
  });

  it('approval needs a second person with the finance role; then lock; the claimant sees their amount', async () => {
    const a = await staff('finance', 'fin-e@example.com');
    const b = await staff('finance', 'fin-f@example.com');
    const rev = await staff('reviewer', 'rev@example.com');
    const r = await createRun(h.db, s, {}, a.actor);
    await runInline(h, payoutsCompute, { runId: r.id }, { actor: a.actor });
    await expect(approveRun(h.db, r.id, a)).rejects.toThrow(/second person/);
    await expect(approveRun(h.db, r.id, rev)).rejects.toThrow(/finance role/);
    const approved = await approveRun(h.db, r.id, b);
    expect(approved.status).toBe('approved');
    await expect(approveRun(h.db, r.id, b)).rejects.toThrow(/not a draft/);
    const locked = await lockRun(h.db, r.id, b);
    expect(locked.status).toBe('locked');
    await expect(createRun(h.db, s, {}, a.actor)).rejects.toThrow(/locked run/);
    const [p] = await h.db.select().from(payments).where(eq(payments.runId, r.id)).limit(1);
    const mine = await paymentOfClaim(h.db, p.claimPk);
    expect(mine?.amountCents).toBe(p.amountCents);
    expect(mine?.status).toBe('locked');
    // Export: §3.2 columns, the sum equals the allocated amount.
    let csv = '';
    for await (const c of exportPayments(h.db, locked)) csv += c;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('claim_id,claim_ref,tier,units,amount_cents,payment_method,status');
    expect(lines.length).toBe(701);
    expect(lines.slice(1).reduce((t, l) => t + Number(l.split(',')[4]), 0)).toBe(1_000_003);
  });

  it('refuses to approve when the approved claims changed since the run was computed', async () => {
    const s2 = await createSettlement(h.db, { ...tiktok, slug: `t-${randomUUID().slice(0, 8)}`, grossFundCents: 50_000, deductions: {} }, 'test');
    await seedClaims(h.db, s2.id, Array.from({ length: 10 }, () => ({ status: 'approved' as const, tier: 'nationwide', units: 1 })));
    const a = await staff('finance', 'fin-g@example.com');
    const b = await staff('finance', 'fin-h@example.com');
    const r = await createRun(h.db, s2, {}, a.actor);
    await runInline(h, payoutsCompute, { runId: r.id }, { actor: a.actor });
    await seedClaims(h.db, s2.id, [{ status: 'approved', tier: 'nationwide', units: 1 }]);
    await expect(approveRun(h.db, r.id, b)).rejects.toThrow(/changed since this run was computed/);
    expect((await verifyRun(h, r.id)).ok).toBe(false);
  });
});

describe('the claimant’s explanation', () => {
  it('says units × share value and the rounding in plain words', async () => {
    const { explainPayment } = await import('./explain');
    const lines = explainPayment({ runId: 'x', round: 1, status: 'locked', amountCents: 16704, units: 6, shareValue: '2784.0000', exactCents: '167.04', rounding: 'exact', capCents: null, minimumCents: 0 });
    expect(lines.join(' ')).toBe('Your payment is $167.04. Your claim has 6 shares. Each share is worth about $27.84 (the net fund divided by all approved shares), so your exact share is $167.04.');
    const up = explainPayment({ runId: 'x', round: 1, status: 'approved', amountCents: 2785, units: 1, shareValue: '2784.5000', exactCents: '27.84', rounding: 'up', capCents: null, minimumCents: 0 });
    expect(up.join(' ')).toContain('rounded up by less than a cent');
  });
});
