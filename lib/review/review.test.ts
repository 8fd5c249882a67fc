import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { auditLog, claimDecisions, claimEvents, claimNotes, claims, deficiencies, deficiencyMail, fraudRuns, pendingBulkActions } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims, type ClaimSeed } from '@/lib/testing/seed';
import type { Settlement } from '@/lib/settlements/service';
import { addDays, localDate } from '@/lib/settlements/deadlines';
import { addNote, assignClaim, reviewDecide } from './decide';
import { bulkDecide, cancelBulk, confirmBulk } from './bulk';
import { applyRules } from './apply-rules';
import { listQueue, parseQueueFilter } from './queue';

/** The review use cases against a real database (PGlite, or PostgreSQL with DATABASE_URL). */

let h: Handle;
let s: Settlement;
let runId: string;

beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 10, sampleClaims: false })).settlement;
  const [run] = await h.db.insert(fraudRuns).values({ settlementId: s.id, rulesetVersion: 'test', configVersion: s.configVersion, status: 'done', actor: 'test' }).returning();
  runId = run.id;
});
afterAll(async () => h?.close());

type Fraud = { score?: number; action?: string; reasons?: string[]; cluster?: number | null };
async function make(n: number, seed: ClaimSeed = {}, fraud: Fraud = {}) {
  const rows = await seedClaims(h.db, s.id, Array.from({ length: n }, () => ({ ...seed })));
  const ids = rows.map((r) => r.id);
  if (fraud.action)
    await h.db
      .update(claims)
      .set({ fraudScore: fraud.score ?? 1000, fraudAction: fraud.action, fraudReasons: fraud.reasons ?? [], fraudRunId: runId, fraudClusterId: fraud.cluster ?? null })
      .where(inArray(claims.id, ids));
  return rows;
}
const statusOf = async (id: number) => (await h.db.select({ s: claims.status }).from(claims).where(eq(claims.id, id)))[0].s;

describe('one claim at a time', () => {
  it('approves, with a timeline step, a decision row and an audit row', async () => {
    const [c] = await make(1, { verificationStatus: 'matched' });
    await reviewDecide(h.db, s, c.claimId, { decision: 'approve', why: 'checked the record' }, 'staff:a');
    expect(await statusOf(c.id)).toBe('approved');
    expect(await h.db.select().from(claimDecisions).where(eq(claimDecisions.claimPk, c.id))).toHaveLength(1);
    expect((await h.db.select().from(claimEvents).where(eq(claimEvents.claimPk, c.id))).map((e) => e.status)).toEqual(['approved']);
    const audit = await h.db.select().from(auditLog).where(eq(auditLog.targetId, c.claimId));
    expect(audit.map((a) => a.action).sort()).toEqual(['claim.decision.approve', 'claim.note']);
    expect((await h.db.select().from(claimNotes).where(eq(claimNotes.claimPk, c.id)))[0].body).toBe('checked the record');
  });

  it('denies only on documented reason codes, naming the field', async () => {
    const [c] = await make(1);
    await expect(reviewDecide(h.db, s, c.claimId, { decision: 'deny', reasonCodes: [] }, 'staff:a')).rejects.toMatchObject({ field: 'reasonCodes' });
    await expect(reviewDecide(h.db, s, c.claimId, { decision: 'deny', reasonCodes: ['I_FEEL_LIKE_IT'] }, 'staff:a')).rejects.toMatchObject({ field: 'reasonCodes' });
    await reviewDecide(h.db, s, c.claimId, { decision: 'deny', reasonCodes: ['SHARED_PAYOUT', 'IP_BURST'] }, 'staff:a');
    const [row] = await h.db.select().from(claims).where(eq(claims.id, c.id));
    expect(row).toMatchObject({ status: 'denied', decision: 'deny', decisionReason: 'SHARED_PAYOUT;IP_BURST' });
  });

  it('requests information: a deficiency due in cureDays and one queued letter', async () => {
    const [c] = await make(1);
    await expect(reviewDecide(h.db, s, c.claimId, { decision: 'request_info', reasonCode: 'INFO_REQUESTED', message: 'short' }, 'staff:a')).rejects.toMatchObject({ field: 'message' });
    const at = new Date('2026-05-01T15:00:00Z');
    await reviewDecide(h.db, s, c.claimId, { decision: 'request_info', reasonCode: 'INFO_REQUESTED', message: 'Send a screenshot of your account page.' }, 'staff:a', at);
    expect(await statusOf(c.id)).toBe('deficient');
    const [d] = await h.db.select().from(deficiencies).where(eq(deficiencies.claimPk, c.id));
    expect(d.cureBy).toBe(addDays(localDate(at, s.config.dates.timeZone), s.config.dates.cureDays));
    expect(await h.db.select().from(deficiencyMail).where(eq(deficiencyMail.deficiencyId, d.id))).toMatchObject([{ kind: 'notice', state: 'queued' }]);
  });

  it('adds notes and assigns to staff who may decide', async () => {
    const [c] = await make(1);
    await expect(addNote(h.db, s, c.claimId, '  ', 'staff:a')).rejects.toMatchObject({ field: 'note' });
    await addNote(h.db, s, c.claimId, 'looks like a household', 'staff:a');
    await expect(assignClaim(h.db, s, c.claimId, 'finance@fairshare.test', 'staff:a')).rejects.toMatchObject({ field: 'assignee' });
    expect(await assignClaim(h.db, s, c.claimId, 'reviewer@fairshare.test', 'staff:a')).toBe('reviewer@fairshare.test');
    expect((await h.db.select().from(claims).where(eq(claims.id, c.id)))[0].assignedTo).toBe('reviewer@fairshare.test');
    expect(await assignClaim(h.db, s, c.claimId, null, 'staff:a')).toBeNull();
    const actions = (await h.db.select().from(auditLog).where(eq(auditLog.targetId, c.claimId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['claim.note', 'claim.assign', 'claim.unassign']));
  });
});

describe('bulk decisions', () => {
  it('denies a small cluster at once', async () => {
    const ring = await make(3, {}, { score: 300, action: 'recommend_deny', reasons: ['SHARED_PAYOUT'], cluster: 900001 });
    const r = await bulkDecide(h.db, s, { clusterId: 900001 }, { decision: 'deny', reasonCodes: ['SHARED_PAYOUT'] }, 'staff:a');
    expect(r).toEqual({ status: 'done', decided: 3, skipped: 0 });
    for (const c of ring) expect(await statusOf(c.id)).toBe('denied');
    expect(await h.db.select().from(claimDecisions).where(inArray(claimDecisions.claimPk, ring.map((c) => c.id)))).toHaveLength(3);
    const audit = rowsOf<{ details: { count: number } }>(await h.db.execute(sql`select details from audit_log where action = 'review.bulk.deny'`));
    expect(audit[0].details.count).toBe(3);
  });

  it('keeps a large denial pending until a DIFFERENT reviewer confirms', async () => {
    const n = s.config.fraud.bulkDenyConfirmAbove + 1;
    const ring = await make(n, {}, { score: 200, action: 'recommend_deny', reasons: ['SHARED_PAYOUT'], cluster: 900002 });
    const r = await bulkDecide(h.db, s, { clusterId: 900002 }, { decision: 'deny', reasonCodes: ['SHARED_PAYOUT'] }, 'staff:a');
    expect(r).toMatchObject({ status: 'pending', count: n });
    const id = (r as { pendingId: string }).pendingId;
    expect(await statusOf(ring[0].id)).toBe('received');
    await expect(confirmBulk(h.db, s, id, 'staff:a')).rejects.toMatchObject({ code: 'conflict' });
    expect(await confirmBulk(h.db, s, id, 'staff:b')).toEqual({ decided: n, skipped: 0 });
    for (const c of ring) expect(await statusOf(c.id)).toBe('denied');
    const [d] = await h.db.select().from(claimDecisions).where(eq(claimDecisions.claimPk, ring[0].id));
    expect(d).toMatchObject({ decidedBy: 'staff:a', secondApprover: 'staff:b', reasonCodes: ['SHARED_PAYOUT'] });
    await expect(confirmBulk(h.db, s, id, 'staff:c')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a cancelled pending denial decides nothing', async () => {
    const n = s.config.fraud.bulkDenyConfirmAbove + 2;
    const ring = await make(n, {}, { score: 200, action: 'review', reasons: ['IP_BURST'], cluster: 900003 });
    const r = (await bulkDecide(h.db, s, { filter: parseQueueFilter({ cluster: '900003' }) }, { decision: 'deny', reasonCodes: ['IP_BURST'] }, 'staff:a')) as { pendingId: string };
    await cancelBulk(h.db, s, r.pendingId, 'staff:b');
    expect((await h.db.select().from(pendingBulkActions).where(eq(pendingBulkActions.id, r.pendingId)))[0].status).toBe('cancelled');
    expect(await statusOf(ring[0].id)).toBe('received');
  });
});

describe('the queue', () => {
  it('filters by reason and cluster and sorts riskiest first', async () => {
    await make(2, {}, { score: 850, action: 'review', reasons: ['FAST_FORM'], cluster: 900010 });
    await make(1, {}, { score: 610, action: 'review', reasons: ['FAST_FORM', 'IP_BURST'], cluster: 900010 });
    const q = await listQueue(h.db, s, parseQueueFilter({ cluster: '900010' }));
    expect(q.total).toBe(3);
    expect(q.items.map((i) => i.score)).toEqual([610, 850, 850]);
    expect((await listQueue(h.db, s, parseQueueFilter({ cluster: '900010', reason: 'IP_BURST' }))).total).toBe(1);
  });
});

describe('review apply-rules', () => {
  it('approves verified clean claims, denies only on the deny criteria, leaves the rest; a re-run changes nothing', async () => {
    const h2 = await openTestDb();
    try {
      const s2 = (await ensureDemo(h2.db, { classSize: 10, sampleClaims: false })).settlement;
      const seedAll = async (n: number, seed: ClaimSeed, f: Fraud) => {
        const rows = await seedClaims(h2.db, s2.id, Array.from({ length: n }, () => seed));
        if (f.action) await h2.db.update(claims).set({ fraudScore: f.score ?? 1000, fraudAction: f.action, fraudReasons: f.reasons ?? [] }).where(inArray(claims.id, rows.map((r) => r.id)));
        return rows;
      };
      await seedAll(1200, { verificationStatus: 'matched' }, { action: 'none' }); // approved (more than one batch)
      await seedAll(5, { verificationStatus: 'unmatched' }, { action: 'none' }); // not verified: people
      await seedAll(4, { verificationStatus: 'matched' }, { action: 'review', reasons: ['FAST_FORM'], score: 800 }); // people
      await seedAll(3, {}, { action: 'recommend_deny', reasons: ['NOT_IN_CLASS', 'FAST_FORM'], score: 200 }); // denied on NOT_IN_CLASS
      await seedAll(2, {}, { action: 'recommend_deny', reasons: ['SHARED_PAYOUT', 'IP_BURST'], score: 300 }); // not a criterion: people
      await seedAll(2, { verificationStatus: 'matched', status: 'approved' }, { action: 'none' }); // already decided
      const first = await applyRules(h2.db, s2, { actor: 'cli:test' });
      expect(first).toEqual({ settlement: s2.slug, approved: 1200, denied: 3, leftForPeople: 11 });
      const denied = rowsOf<{ decision_reason: string }>(await h2.db.execute(sql`select decision_reason from claims where settlement_id = ${s2.id} and status = 'denied'`));
      expect(denied.map((d) => d.decision_reason)).toEqual(['NOT_IN_CLASS', 'NOT_IN_CLASS', 'NOT_IN_CLASS']);
      const audits = rowsOf<{ n: number }>(await h2.db.execute(sql`select count(*)::int as n from audit_log where action like 'review.rules.%'`));
      expect(audits[0].n).toBe(3); // two approval batches and one denial batch
      expect(await applyRules(h2.db, s2, { actor: 'cli:test' })).toEqual({ settlement: s2.slug, approved: 0, denied: 0, leftForPeople: 11 });
    } finally {
      await h2.close();
    }
  });
});

describe('the declaration', () => {
  it('counts denials per reason code, a denial citing two codes under each', async () => {
    const { declarationFigures } = await import('@/lib/reports/declaration');
    const [c] = await make(1);
    await reviewDecide(h.db, s, c.claimId, { decision: 'deny', reasonCodes: ['HONEYPOT', 'FAST_FORM'] }, 'staff:a');
    const f = await declarationFigures(h.db, s);
    const by = Object.fromEntries(f.denialsByReason.map((d) => [d.reason, d.claims]));
    expect(by.HONEYPOT).toBe(1);
    expect(by.FAST_FORM).toBe(1);
    expect(Object.keys(by).some((k) => k.includes(';'))).toBe(false);
  });
});

describe('j / k through the queue', () => {
  it('gives the neighbours, and after a decision the claim that moved into its place', async () => {
    const { queueNeighbours } = await import('./queue');
    const rows = await make(3, {}, { score: 111, action: 'review', reasons: ['UA_BURST'], cluster: 900020 });
    const f = parseQueueFilter({ cluster: '900020' });
    const ids = (await listQueue(h.db, s, f)).items.map((i) => i.claimId);
    expect(ids.sort()).toEqual(rows.map((r) => r.claimId).sort());
    const q = (await listQueue(h.db, s, f)).items.map((i) => i.claimId);
    expect(await queueNeighbours(h.db, s, f, 1, q[1])).toEqual({ prev: { claimId: q[0], index: 0 }, next: { claimId: q[2], index: 2 } });
    await reviewDecide(h.db, s, q[0], { decision: 'deny', reasonCodes: ['UA_BURST'] }, 'staff:a');
    expect(await queueNeighbours(h.db, s, f, 0, q[0])).toEqual({ prev: null, next: { claimId: q[1], index: 0 } });
  });
});
