import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { claimFraud, claims, claimSignals, fraudClusters, fraudRuns } from '@/db/schema';
import { exportClaims } from '@/lib/claims/export';
import { CLAIM_PREFIX, newPublicId } from '@/lib/claims/claim-id';
import { sealClaim, type PaymentDetails } from '@/lib/claims/seal';
import { demoClassList, ensureDemo } from '@/lib/demo/service';
import { runInline } from '@/lib/jobs/run-inline';
import { settlementKey } from '@/lib/privacy/keys';
import type { Settlement } from '@/lib/settlements/service';
import { openTestDb } from '@/lib/testing/db';
import { runVerification } from '@/lib/verification/batch';
import { fraudScoreJob } from './jobs';
import { runFraudScoring } from './run';

let h: Handle;
let s: Settlement;
const members = demoClassList(60);
const actor = 'staff:test';
const T0 = Date.UTC(2026, 0, 20, 15, 0, 0);

type Seed = {
  name: string;
  first?: string;
  last?: string;
  email: string;
  street?: string;
  zip?: string;
  payment: PaymentDetails;
  ip?: string;
  ua?: string;
  formSeconds?: number;
  honeypot?: boolean;
  at: number;
};

const ids = new Map<string, number>();

async function seed(list: Seed[]) {
  const key = await settlementKey(h.db, s.id);
  for (const c of list) {
    const [row] = await h.db
      .insert(claims)
      .values({
        settlementId: s.id,
        claimId: newPublicId(CLAIM_PREFIX),
        tier: s.config.tiers[0].key,
        requestedTier: s.config.tiers[0].key,
        formSeconds: c.formSeconds ?? 180,
        honeypot: c.honeypot ?? false,
        submittedAt: new Date(c.at),
        ...sealClaim(
          key,
          { firstName: c.first ?? 'Pat', lastName: c.last ?? c.name, email: c.email, street: c.street ?? `${ids.size + 10} Birch Rd`, city: 'Chicago', state: 'IL', zip: c.zip ?? '60601', usernames: [] },
          c.payment,
          { ip: c.ip ?? `73.10.${ids.size}.9`, userAgent: c.ua ?? 'Mozilla/5.0 Safari' },
        ),
      })
      .returning({ id: claims.id });
    ids.set(c.name, row.id);
  }
}

const m = (i: number) => ({ ...members[i], email: members[i].email! });
const paypal = (email: string): PaymentDetails => ({ method: 'paypal', email });

beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 60, sampleClaims: false })).settlement;
  await seed([
    // Honest members, one of whom files once more later under the same e-mail in capitals.
    { name: 'honest', first: m(1).firstName, last: m(1).lastName, email: m(1).email, payment: paypal(m(1).email), at: T0 },
    { name: 'member', first: m(2).firstName, last: m(2).lastName, email: m(2).email, payment: paypal(m(2).email), at: T0 + 60_000 },
    // A couple at one address sharing one PayPal account (and the home Wi-Fi): honest.
    { name: 'spouse1', first: m(3).firstName, last: m(3).lastName, email: m(3).email, street: '500 Lake Shore Dr Apt 12', payment: paypal(m(3).email), ip: '98.1.1.1', at: T0 + 120_000 },
    { name: 'spouse2', first: m(4).firstName, last: m(4).lastName, email: m(4).email, street: '500 Lake Shore Drive #12', payment: paypal(m(3).email), ip: '98.1.1.1', at: T0 + 180_000 },
    // A payout ring: strangers at different addresses, one PayPal account.
    { name: 'ring1', email: 'r1@example.net', payment: paypal('ring@proton.me'), at: T0 + 240_000 },
    { name: 'ring2', email: 'r2@example.net', payment: paypal('ring@proton.me'), at: T0 + 300_000 },
    { name: 'ring3', email: 'r3@example.net', payment: paypal('ring@proton.me'), at: T0 + 360_000 },
    // A bot burst: one script, one network, seconds per form.
    { name: 'bot1', email: 'b1@example.net', payment: paypal('b1@example.net'), ip: '203.0.113.5', ua: 'python-requests/2.31.0', formSeconds: 2, at: T0 + 400_000 },
    { name: 'bot2', email: 'b2@example.net', payment: paypal('b2@example.net'), ip: '203.0.113.9', ua: 'python-requests/2.31.0', formSeconds: 1, at: T0 + 410_000 },
    { name: 'bot3', email: 'b3@example.net', payment: paypal('b3@example.net'), ip: '203.0.113.14', ua: 'python-requests/2.31.0', formSeconds: 3, at: T0 + 420_000 },
    // A disposable mailbox, and a member's record claimed a second time.
    { name: 'disposable', email: 'x1@mailinator.com', payment: paypal('x1@mailinator.com'), at: T0 + 500_000 },
    { name: 'duplicate', first: m(2).firstName, last: m(2).lastName, email: m(2).email.toUpperCase(), payment: paypal('thief@proton.me'), at: T0 + 600_000 },
  ]);
  await runVerification(h.db, s, { actor });
});
afterAll(async () => h.close());

async function byName() {
  const rows = await h.db.select({ id: claims.id, score: claims.fraudScore, action: claims.fraudAction, reasons: claims.fraudReasons, cluster: claims.fraudClusterId, run: claims.fraudRunId }).from(claims).where(eq(claims.settlementId, s.id));
  const out: Record<string, (typeof rows)[number]> = {};
  for (const [name, id] of ids) out[name] = rows.find((r) => r.id === id)!;
  return out;
}

describe('a scoring run', () => {
  let firstRun: string;
  it('resumes after an interruption and finishes with every claim scored', async () => {
    const partial = await runFraudScoring(h.db, s, { actor, pageSize: 4, stopAfterPages: 1 });
    expect(partial).toMatchObject({ finished: false, claimsScored: 4, signalsComputed: 12 });
    const [running] = await h.db.select().from(fraudRuns).where(eq(fraudRuns.id, partial.runId));
    expect(running.status).toBe('running');
    expect(running.progress).toMatchObject({ stage: 'score', after: ids.get('spouse2') });

    const done = await runFraudScoring(h.db, s, { actor, pageSize: 4 });
    expect(done).toMatchObject({ runId: partial.runId, resumed: true, finished: true, claimsScored: 12, changed: 12, signalsComputed: 12 });
    firstRun = done.runId;
    expect(await h.db.select().from(claimSignals).where(eq(claimSignals.settlementId, s.id))).toHaveLength(12);
    // The scratch table is gone with the finished run.
    expect(rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from fraud_features`))[0].n).toBe(0);
  });

  it('flags fraud with masked evidence and leaves honest look-alikes alone', async () => {
    const c = await byName();
    for (const honest of ['honest', 'member', 'spouse1', 'spouse2']) expect(c[honest], honest).toMatchObject({ action: 'none', score: 1000, reasons: [] });
    for (const ring of ['ring1', 'ring2', 'ring3']) expect(c[ring]).toMatchObject({ action: 'recommend_deny', reasons: ['NOT_IN_CLASS', 'SHARED_PAYOUT'] });
    expect(c.bot2).toMatchObject({ action: 'recommend_deny', reasons: ['NOT_IN_CLASS', 'FAST_FORM', 'UA_BURST'] });
    expect(c.disposable).toMatchObject({ action: 'recommend_deny', reasons: ['NOT_IN_CLASS', 'DISPOSABLE_EMAIL'] });
    expect(c.duplicate.action).toBe('recommend_deny');
    expect(c.duplicate.reasons).toEqual(expect.arrayContaining(['DUPLICATE_RECORD', 'DUPLICATE_EMAIL']));

    const [ev] = await h.db.select().from(claimFraud).where(eq(claimFraud.claimPk, c.ring1.id));
    expect(ev.evidence).toContainEqual({ code: 'SHARED_PAYOUT', weight: 350, evidence: 'same PayPal account as 2 other claims' });
    expect(JSON.stringify(ev.evidence)).not.toContain('proton');
  });

  it('puts rings into clusters by their smallest claim id; a household pair is not a cluster', async () => {
    const c = await byName();
    expect(c.ring2.cluster).toBe(c.ring1.id);
    expect(c.ring3.cluster).toBe(c.ring1.id);
    expect(c.duplicate.cluster).toBe(c.member.id);
    expect(c.spouse1.cluster).toBeNull();
    const clusters = await h.db.select().from(fraudClusters).where(eq(fraudClusters.runId, firstRun));
    expect(clusters.find((x) => x.clusterId === c.ring1.id)).toMatchObject({ size: 3, links: { payout: 2 } });
    expect(clusters.find((x) => x.clusterId === c.member.id)).toMatchObject({ size: 2 });
  });

  it('a second run with nothing changed writes nothing; a new claim changes only what it touches', async () => {
    const again = await runFraudScoring(h.db, s, { actor });
    expect(again).toMatchObject({ finished: true, resumed: false, changed: 0, signalsComputed: 0 });
    expect(await h.db.select().from(claimFraud).where(eq(claimFraud.runId, again.runId))).toHaveLength(0);
    expect((await byName()).ring1.run).toBe(firstRun);

    await seed([{ name: 'ring4', email: 'r4@example.net', payment: paypal('ring@proton.me'), at: T0 + 700_000 }]);
    await runVerification(h.db, s, { actor });
    const third = await runFraudScoring(h.db, s, { actor });
    // The new claim and the three ring claims whose evidence now says "3 other claims".
    expect(third.changed).toBe(4);
    const c = await byName();
    expect(c.ring4).toMatchObject({ action: 'recommend_deny', cluster: c.ring1.id, run: third.runId });
    expect(c.honest.run).toBe(firstRun);
    expect(third.byAction).toMatchObject({ none: 4, recommend_deny: 9 });
    expect(third.clusters).toMatchObject({ count: 2, largest: 4 });
  });

  it('runs as the fraud.score job, and the export carries every scored claim’s fraud columns', async () => {
    const r = await runInline(h, fraudScoreJob, { settlement: s.slug }, { actor });
    expect(r).toMatchObject({ finished: true, changed: 0 });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (b: Buffer) => chunks.push(b));
    await exportClaims(h.db, s, out, actor);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const col = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(13);
    for (const row of rows) {
      expect(['none', 'review', 'recommend_deny']).toContain(row[col('fraud_action')]);
      expect(row[col('fraud_score')]).toMatch(/^\d+$/);
    }
    expect(rows.filter((r) => r[col('fraud_action')] === 'none').every((r) => r[col('fraud_reasons')] === '' && r[col('fraud_score')] === '1000')).toBe(true);
    expect(rows.some((r) => r[col('fraud_reasons')] === 'NOT_IN_CLASS;SHARED_PAYOUT')).toBe(true);
  });

  it('supersedes an unfinished run under other rules instead of resuming it', async () => {
    const [old] = await h.db.insert(fraudRuns).values({ settlementId: s.id, rulesetVersion: 'rules-old', configVersion: s.configVersion, actor, progress: { stage: 'score', after: 3 } }).returning();
    const r = await runFraudScoring(h.db, s, { actor });
    expect(r).toMatchObject({ resumed: false, finished: true });
    const [after] = await h.db.select().from(fraudRuns).where(eq(fraudRuns.id, old.id));
    expect(after).toMatchObject({ status: 'failed', error: 'superseded by a run under other rules or configuration' });
  });
});
