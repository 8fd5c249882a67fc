import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectedEstimate } from '@/lib/settlements/estimate';
import { sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { claims } from '@/db/schema';
import { eq, inArray } from 'drizzle-orm';
import { ensureDemo } from '@/lib/demo/service';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims } from '@/lib/testing/seed';
import type { Settlement } from '@/lib/settlements/service';
import { readClaimStats, totalsOf } from './stats';
import { loadDashboard } from './service';

let h: Handle;
let s: Settlement;

beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 20, sampleClaims: false })).settlement;
});
afterAll(async () => h?.close());

/** What the aggregates must equal: a direct count over the claims, grouped the same way. */
async function directCounts() {
  const rows = rowsOf<{ status: string; tier: string; channel: string; late: boolean; day: string; n: string | number; units: number | null; unitless: string | number }>(
    await h.db.execute(sql`select status, tier, channel, late, to_char((submitted_at at time zone 'America/New_York')::date, 'YYYY-MM-DD') as day,
      count(*) as n, sum(units) as units, count(*) filter (where units is null) as unitless
      from claims where settlement_id = ${s.id} group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`),
  );
  return rows.map((r) => `${r.day}|${r.status}|${r.tier}|${r.channel}|${r.late}|${Number(r.n)}|${Number(r.units ?? 0)}|${Number(r.unitless)}`);
}

async function aggregateCounts() {
  const rows = await readClaimStats(h.db, s.id);
  return rows
    .map((r) => `${r.day}|${r.status}|${r.tier}|${r.channel}|${r.late}|${r.claims}|${r.units}|${r.unitless}`)
    .sort();
}

describe('claim_stats aggregates', () => {
  it('stay equal to a direct count through inserts, updates and deletes', async () => {
    const day = (d: string) => new Date(`${d}T15:00:00Z`);
    const seeded = await seedClaims(
      h.db,
      s.id,
      Array.from({ length: 120 }, (_, i) => ({
        tier: i % 5 === 0 ? 'illinois' : 'nationwide',
        channel: (['web', 'mail', 'import'] as const)[i % 3],
        late: i % 17 === 0,
        // Around midnight in New York: 03:30Z on the 2nd is still the 1st there.
        submittedAt: i % 4 === 0 ? new Date('2026-03-02T03:30:00Z') : day(`2026-03-0${1 + (i % 6)}`),
      })),
    );
    expect(await aggregateCounts()).toEqual((await directCounts()).sort());

    // A bulk status change with units (verification), a single update, an update of uncounted columns only, deletes.
    await h.db.update(claims).set({ status: 'approved', units: 1 }).where(inArray(claims.id, seeded.slice(0, 50).map((c) => c.id)));
    await h.db.update(claims).set({ status: 'denied', decisionReason: 'DUPLICATE' }).where(eq(claims.id, seeded[60].id));
    await h.db.update(claims).set({ fraudScore: 0.5 }).where(eq(claims.settlementId, s.id));
    await h.db.update(claims).set({ tier: 'illinois', units: 6 }).where(eq(claims.id, seeded[61].id));
    await h.db.delete(claims).where(inArray(claims.id, seeded.slice(100, 110).map((c) => c.id)));
    await h.db.transaction(async (tx) => {
      await tx.update(claims).set({ status: 'deficient' }).where(eq(claims.id, seeded[70].id));
      await tx.update(claims).set({ status: 'approved' }).where(eq(claims.id, seeded[70].id));
    });
    expect(await aggregateCounts()).toEqual((await directCounts()).sort());

    const totals = totalsOf(await readClaimStats(h.db, s.id), s.config);
    expect(totals.total).toBe(110);
    expect(totals.byStatus.denied).toBe(1);
    expect(totals.byChannel.web + totals.byChannel.mail + totals.byChannel.import).toBe(110);
  });

  it('are rebuilt from the claims by claim_stats_rebuild', async () => {
    const before = await aggregateCounts();
    await h.db.execute(sql`delete from claim_stats where settlement_id = ${s.id}`);
    expect(await aggregateCounts()).toEqual([]);
    await h.db.execute(sql`select claim_stats_rebuild(${s.id}::uuid)`);
    expect(await aggregateCounts()).toEqual(before);
  });

  it('feed the dashboard: counts, per-day series and the estimated share value', async () => {
    const d = await loadDashboard(h.db, s, new Date());
    expect(d.claims.total).toBe(110);
    expect(d.daily.reduce((a, x) => a + x.claims, 0)).toBe(110);
    // Payable units: approved claims carry units; the rest count with their tier's shares; the denied one counts nothing.
    const direct = rowsOf<{ u: number }>(
      await h.db.execute(sql`select sum(coalesce(units, case when tier = 'illinois' then 6 else 1 end))::float as u
        from claims where settlement_id = ${s.id} and status not in ('denied', 'withdrawn')`),
    )[0].u;
    expect(d.claims.payableUnits).toBe(Number(direct));
    expect(d.ifEndedToday).toMatchObject({ basis: 'today', shares: Number(direct), perShareCents: Math.floor(d.netFundCents / Number(direct)) });
    // The projection does not move with the claims so far: it is the plan's figure.
    expect(d.projection).toEqual(projectedEstimate(s.config));
    expect(d.daily.at(-1)!.cumulative).toBe(110);
  });
});
