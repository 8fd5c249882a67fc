import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { claimDecisions, claims } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import { runFraudScoring } from '@/lib/fraud/run';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims } from '@/lib/testing/seed';
import { loadDashboard } from './service';

let h: Handle;
let s: Settlement;
beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 20, sampleClaims: false })).settlement;
});
afterAll(async () => h.close());

describe('the dashboard fraud panel', () => {
  it('shows no run before the first scoring, then flags by reason, clusters, the backlog and throughput', async () => {
    const now = new Date('2026-02-10T15:00:00Z');
    expect((await loadDashboard(h.db, s, now)).fraud).toMatchObject({ run: null, backlog: { review: 0, recommendDeny: 0 } });

    // Three unmatched claims with one e-mail (seedClaims pays each claimant's own e-mail), and another.
    const seeded = await seedClaims(h.db, s.id, [{ email: 'a@example.net' }, { email: 'a@example.net' }, { email: 'a@example.net' }, { email: 'b@example.net' }]);
    await h.db.update(claims).set({ verificationStatus: 'unmatched' }).where(eq(claims.settlementId, s.id));
    await runFraudScoring(h.db, s, { actor: 'staff:test' });
    await h.db.insert(claimDecisions).values({ settlementId: s.id, claimPk: seeded[3].id, decision: 'approve', decidedBy: 'staff:test', at: new Date('2026-02-09T12:00:00Z') });

    const d = (await loadDashboard(h.db, s, now)).fraud;
    expect(d.run).toMatchObject({ claimsScored: 4 });
    expect(d.byReason).toEqual({ NOT_IN_CLASS: 4, DUPLICATE_EMAIL: 3 });
    expect(d.clusters).toEqual({ count: 1, largest: 3, claims: 3 });
    expect(d.backlog.review + d.backlog.recommendDeny).toBe(4);
    expect(d.throughput).toHaveLength(14);
    expect(d.throughput.find((x) => x.day === '2026-02-09')?.decisions).toBe(1);
    expect(d.throughput.at(-1)?.day).toBe('2026-02-10');
    // Decided claims leave the backlog.
    await h.db.execute(sql`update claims set status = 'denied' where id = ${seeded[0].id}`);
    expect((await loadDashboard(h.db, s, now)).fraud.backlog.review + (await loadDashboard(h.db, s, now)).fraud.backlog.recommendDeny).toBe(3);
  });
});
