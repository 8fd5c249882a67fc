import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { ensureDemo } from '@/lib/demo/service';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { distributionFigures, distributionSections } from './distribution';
import { exportReport } from './export';
import { defaultDeclarant } from './types';

let h: Handle;
let s: Settlement;
beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 40, sampleClaims: false })).settlement;
});
afterAll(async () => h.close());

/** Three claims paid through an approved run, in chosen states, without running the whole pipeline. */
async function seedRun(states: { state: string; cents: number; method: string }[]) {
  const claimRows = (await h.db.execute(sql`select id from claims where settlement_id = ${s.id} order by id limit ${states.length}`)) as unknown as { rows: { id: number }[] };
  const ids = claimRows.rows.map((r) => Number(r.id));
  expect(ids.length).toBe(states.length);
  const total = states.reduce((a, x) => a + x.cents, 0);
  const [run] = (
    (await h.db.execute(sql`insert into payout_runs (settlement_id, status, phase, plan, config_version, code_version, distributable_cents, allocated_cents, residue_cents, claims, created_by)
      values (${s.id}, 'locked', 'computed', '{}'::jsonb, 1, 'test', ${total + 7}, ${total}, 7, ${states.length}, 'test') returning id`)) as unknown as { rows: { id: string }[] }
  ).rows;
  for (const [i, x] of states.entries())
    await h.db.execute(sql`insert into payments (run_id, claim_pk, round, amount_cents, units, tier, payment_method, state) values (${run.id}, ${ids[i]}, 1, ${x.cents}, 1, 'nationwide', ${x.method}, ${x.state})`);
}

describe('the post-distribution accounting', () => {
  it('before any approved run: no payments, the whole distributable amount left', async () => {
    const f = await distributionFigures(h.db, s);
    expect(f.payments).toMatchObject({ claimantsPaid: 0, paidCents: 0, medianCents: null, rounds: 0 });
    expect(f.classList.records).toBe(40);
    const sections = distributionSections(s, f);
    expect(sections.map((x) => x.heading)).toEqual(['The fund', 'Notice', 'Claims, exclusions and objections', 'Payments', 'Residue and cy pres', 'Potential fraud']);
  });

  it('computes recoveries, methods, uncashed checks and what is left, balancing to the cent', async () => {
    const demo = await h.db.execute(sql`select count(*) as n from claims where settlement_id = ${s.id}`);
    const have = Number((demo as unknown as { rows: { n: number }[] }).rows[0].n);
    if (have < 5) {
      const { seedClaims } = await import('@/lib/testing/seed');
      await seedClaims(h.db, s.id, Array.from({ length: 5 - have }, (_, i) => ({ email: `dist${i}@example.org` })));
    }
    await seedRun([
      { state: 'paid', cents: 2784, method: 'paypal' },
      { state: 'paid', cents: 16704, method: 'check' },
      { state: 'paid', cents: 2784, method: 'venmo' },
      { state: 'uncashed', cents: 2784, method: 'check' },
      { state: 'submitted', cents: 2784, method: 'paypal' },
    ]);
    const p = (await distributionFigures(h.db, s)).payments;
    expect(p).toMatchObject({
      claimantsPaid: 3,
      paidCents: 2784 + 16704 + 2784,
      averageCents: Math.floor((2784 + 16704 + 2784) / 3),
      medianCents: 2784,
      largestCents: 16704,
      smallestCents: 2784,
      checksNotCashed: { count: 1, cents: 2784 },
      outstandingCents: 2784,
      unpaidCents: 2784,
      residueCents: 7,
      rounds: 1,
    });
    expect(p.paidCents + p.outstandingCents + p.unpaidCents + p.residueCents).toBe(p.distributableCents);
    expect(p.byMethod).toEqual([
      { method: 'check', payments: 1, cents: 16704 },
      { method: 'paypal', payments: 1, cents: 2784 },
      { method: 'venmo', payments: 1, cents: 2784 },
    ]);
  });

  it('exports as CSV with an audit row, every figure one line', async () => {
    const out = await exportReport(h.db, { settlement: s, kind: 'distribution', format: 'csv', actor: 'test@example.org', declarant: defaultDeclarant('Test') });
    let text = '';
    for await (const chunk of out.chunks) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    expect(text).toContain('Median recovery per claimant');
    expect(text).toContain('Checks not cashed');
    expect(text).toContain('Lodestar multiplier');
  });
});
