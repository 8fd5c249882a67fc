import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { auditLog, claimDecisions, claimEvents, claims, claimVerifications, deficiencies, settlements } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import { readClaimStats, readFilingCounts, totalsOf } from '@/lib/dashboard/stats';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims } from '@/lib/testing/seed';
import type { Settlement } from '@/lib/settlements/service';
import { runDoctor } from './doctor';

/**
 * The demo with its six weeks of activity goes through the real use cases, so every count agrees:
 * fairshare doctor passes. Each hand-made corruption below is one a writer bypassing the use cases
 * would make, and doctor names it.
 */

let h: Handle;
let s: Settlement;
beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 200, activity: true })).settlement;
});
afterAll(async () => h.close());

const failing = async () => (await runDoctor(h.db, s)).checks.filter((c) => !c.ok);

describe('fairshare doctor', () => {
  it('passes on the demo with activity, whose dashboard counts agree with its deficiencies and audit log', async () => {
    const report = await runDoctor(h.db, s);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);

    const totals = totalsOf(await readClaimStats(h.db, s.id), s.config);
    const filings = await readFilingCounts(h.db, s.id);
    expect(totals.total).toBeGreaterThan(500);
    // The defect in issue 6: 107 deficient claims but 87 open deficiencies. Now they are one number.
    expect(totals.byStatus.deficient).toBeGreaterThan(0);
    expect(filings.deficiencies.open).toBe(totals.byStatus.deficient);
    const [{ n }] = rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from audit_log where settlement_id = ${s.id} and action = 'claim.file'`));
    expect(n).toBe(totals.total);
    // Every approved or denied claim has its decision row; approved ones their verification and integer units.
    const decisions = await h.db.select().from(claimDecisions).where(eq(claimDecisions.settlementId, s.id));
    expect(decisions.filter((d) => d.decision !== 'request_info').length).toBe(totals.byStatus.approved + totals.byStatus.denied);
    const approved = await h.db.select({ units: claims.units, tier: claims.tier }).from(claims).where(and(eq(claims.settlementId, s.id), eq(claims.status, 'approved')));
    expect(approved.every((a) => (a.tier === 'illinois' ? a.units === 6 : a.units === 1))).toBe(true);
  });

  it('names a claim_stats row that no longer agrees with the claims', async () => {
    await h.db.execute(sql`update claim_stats set claims = claims + 1 where ctid = (select ctid from claim_stats where settlement_id = ${s.id} limit 1)`);
    const f = await failing();
    expect(f.map((c) => c.name)).toEqual(['claim_stats agrees with the claims']);
    expect(f[0].examples[0]).toMatch(/claims \d+ counted, \d+ in claim_stats/);
    await h.db.execute(sql`select claim_stats_rebuild(${s.id})`);
    expect(await failing()).toEqual([]);
  });

  it('names a status written around the lifecycle, and a deficiency without a deficient claim', async () => {
    const [victim] = await h.db.select({ id: claims.id, claimId: claims.claimId }).from(claims).where(and(eq(claims.settlementId, s.id), eq(claims.status, 'deficient'))).limit(1);
    await h.db.update(claims).set({ status: 'approved' }).where(eq(claims.id, victim.id));
    const f = await failing();
    expect(f.map((c) => c.name).sort()).toEqual(["a claim's status is the last step of its timeline", 'deficient claims are exactly those with an open deficiency'].sort());
    expect(f.flatMap((c) => c.examples).join('\n')).toContain(`${victim.claimId} is approved but has 1 open deficiency`);
    await h.db.update(claims).set({ status: 'deficient' }).where(eq(claims.id, victim.id));
    expect(await failing()).toEqual([]);
  });

  it('names a claim written without its audit row, and a tier changed without a verification', async () => {
    const [raw] = await seedClaims(h.db, s.id, [{ tier: 'nationwide' }]);
    await h.db.insert(claimEvents).values({ settlementId: s.id, claimPk: raw.id, status: 'received', actor: 'test' });
    const [verified] = await h.db.select({ id: claimVerifications.claimPk }).from(claimVerifications).where(eq(claimVerifications.settlementId, s.id)).limit(1);
    await h.db.execute(sql`update claims set units = units + 5 where id = ${verified.id}`);
    const f = await failing();
    expect(f.map((c) => c.name).sort()).toEqual(["a claim's tier and units are its newest verification's", 'every claim has its intake audit row'].sort());
    expect(f.find((c) => c.name.startsWith('every'))!.examples).toEqual([`${raw.claimId} has no claim.file audit row`]);
  });
});

describe('demo --reset', () => {
  it('leaves no orphans: every history row of the old demo goes with its claims', async () => {
    const tables = [claimEvents, deficiencies, claimVerifications, claimDecisions] as const;
    const before = await Promise.all(tables.map(async (t) => (await h.db.select({ id: t.id }).from(t)).length));
    expect(before.every((n) => n > 0)).toBe(true);
    const fresh = (await ensureDemo(h.db, { classSize: 200, reset: true })).settlement;
    expect(fresh.id).not.toBe(s.id);
    const [{ n }] = rowsOf<{ n: number }>(
      await h.db.execute(sql`select count(*)::int as n from (
        select claim_pk, settlement_id from claim_events union all select claim_pk, settlement_id from deficiencies
        union all select claim_pk, settlement_id from claim_verifications union all select claim_pk, settlement_id from claim_decisions) t
        where not exists (select 1 from claims c where c.id = t.claim_pk) or not exists (select 1 from settlements x where x.id = t.settlement_id)`),
    );
    expect(n).toBe(0);
    for (const t of tables) expect((await h.db.select({ id: t.id }).from(t).where(eq(t.settlementId, s.id))).length).toBe(0);
    expect(await h.db.select().from(settlements).where(eq(settlements.id, s.id))).toEqual([]);
    const stats = rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from claim_stats where settlement_id = ${s.id}`));
    expect(stats[0].n).toBe(0);
    expect((await runDoctor(h.db, null)).checks.filter((c) => !c.ok)).toEqual([]);
    void auditLog;
  });
});
