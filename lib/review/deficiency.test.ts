import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { auditLog, claimAppeals, claims, deficiencies, deficiencyMail } from '@/db/schema';
import { ensureDemo } from '@/lib/demo/service';
import type { Mail } from '@/lib/mail/send';
import { openTestDb } from '@/lib/testing/db';
import { seedClaims } from '@/lib/testing/seed';
import type { Settlement } from '@/lib/settlements/service';
import { applyRules } from './apply-rules';
import { appealDenial, answerDeficiency } from './claimant';
import { reviewDecide } from './decide';
import { deficiencyLetterPdf, expireDeficiencies, queueReminders, sendDeficiencyMail } from './deficiency';
import { listQueue, parseQueueFilter } from './queue';

/** The deficiency lifecycle (letter, reminder, cure, expiry) and appeals, on a real database. */

let h: Handle;
let s: Settlement;
beforeAll(async () => {
  h = await openTestDb();
  s = (await ensureDemo(h.db, { classSize: 10, sampleClaims: false })).settlement;
});
afterAll(async () => h?.close());

const day = (iso: string, hour = 15) => new Date(`${iso}T${String(hour).padStart(2, '0')}:00:00Z`);
const statusOf = async (id: number) => (await h.db.select({ s: claims.status }).from(claims).where(eq(claims.id, id)))[0].s;
const outbox: Mail[] = [];
const send = async (m: Mail) => {
  outbox.push(m);
  return { messageId: 'x' };
};

async function requestInfo(email: string, at: Date) {
  const [c] = await seedClaims(h.db, s.id, [{ email }]);
  await reviewDecide(h.db, s, c.claimId, { decision: 'request_info', reasonCode: 'PROOF_REQUESTED', message: 'Send a screenshot of your account settings page.' }, 'staff:a', at);
  return c;
}

describe('deficiency letters and reminders', () => {
  it('sends the letter once, a reminder 7 days before the deadline once, and a printable PDF', async () => {
    const c = await requestInfo('letter@example.com', day('2026-05-01'));
    const [d] = await h.db.select().from(deficiencies).where(eq(deficiencies.claimPk, c.id));
    expect(await sendDeficiencyMail(h.db, s, { send })).toEqual({ sent: 1, failed: 0 });
    expect(await sendDeficiencyMail(h.db, s, { send })).toEqual({ sent: 0, failed: 0 });
    const letter = outbox.find((m) => m.to === 'letter@example.com')!;
    expect(letter.subject).toContain(c.claimId);
    expect(letter.text).toContain('Send a screenshot of your account settings page.');
    expect(letter.text).toMatch(/will be denied/);

    const before = new Date(`${d.cureBy}T12:00:00Z`);
    before.setUTCDate(before.getUTCDate() - 8);
    expect(await queueReminders(h.db, s, before)).toBe(0);
    const due = new Date(before.getTime() + 86_400_000);
    expect(await queueReminders(h.db, s, due)).toBe(1);
    expect(await queueReminders(h.db, s, new Date(due.getTime() + 86_400_000))).toBe(0);
    await sendDeficiencyMail(h.db, s, { send });
    expect(outbox.filter((m) => m.to === 'letter@example.com').map((m) => m.subject.startsWith('Reminder'))).toEqual([false, true]);
    expect(await h.db.select({ kind: deficiencyMail.kind, state: deficiencyMail.state }).from(deficiencyMail).where(eq(deficiencyMail.deficiencyId, d.id))).toHaveLength(2);

    const pdf = await deficiencyLetterPdf(h.db, s, c.id);
    expect(pdf!.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the claimant answers on the status page: cured, back in the queue as received', async () => {
    const c = await requestInfo('answer@example.com', day('2026-05-01'));
    const [d] = await h.db.select().from(deficiencies).where(eq(deficiencies.claimPk, c.id));
    const auth = { claimId: c.claimId, emailOrZip: 'answer@example.com' };
    expect(await answerDeficiency(h.db, s, auth, { deficiencyId: d.id, answer: 'ok' }, day('2026-05-02'))).toMatchObject({ ok: false, errors: { answer: expect.any(String) } });
    expect(await answerDeficiency(h.db, s, { ...auth, emailOrZip: 'wrong@example.com' }, { deficiencyId: d.id, answer: 'Here it is: attached.' }, day('2026-05-02'))).toMatchObject({ ok: false });
    const r = await answerDeficiency(h.db, s, auth, { deficiencyId: d.id, answer: 'My account page shows the username.' }, day('2026-05-02'));
    expect(r).toMatchObject({ ok: true });
    expect(await statusOf(c.id)).toBe('received');
    expect((await h.db.select().from(deficiencies).where(eq(deficiencies.id, d.id)))[0].curedAt).not.toBeNull();
    // A cured claim is not denied at the deadline, and its letter is no longer sent.
    expect(await expireDeficiencies(h.db, s, day('2026-12-31'))).toBeGreaterThanOrEqual(0);
    expect(await statusOf(c.id)).toBe('received');
  });

  it('an uncured claim is denied DEFICIENCY_NOT_CURED the day after its cure date, once', async () => {
    const c = await requestInfo('late@example.com', day('2026-06-01'));
    const [d] = await h.db.select().from(deficiencies).where(eq(deficiencies.claimPk, c.id));
    expect(await expireDeficiencies(h.db, s, day(d.cureBy, 18))).toBe(0);
    const after = new Date(`${d.cureBy}T12:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    after.setUTCHours(18);
    expect(await answerDeficiency(h.db, s, { claimId: c.claimId, emailOrZip: 'late@example.com' }, { deficiencyId: d.id, answer: 'Too late, sorry about that.' }, after)).toMatchObject({ ok: false, error: expect.stringMatching(/ended/) });
    expect(await expireDeficiencies(h.db, s, after)).toBeGreaterThanOrEqual(1);
    const [row] = await h.db.select().from(claims).where(eq(claims.id, c.id));
    expect(row).toMatchObject({ status: 'denied', decisionReason: 'DEFICIENCY_NOT_CURED' });
    expect(await expireDeficiencies(h.db, s, after)).toBe(0);
    expect((await h.db.select().from(auditLog).where(eq(auditLog.action, 'review.deficiency.expired'))).length).toBeGreaterThanOrEqual(1);
  });
});

describe('appeals', () => {
  it('a denied claimant appeals once; the claim returns to the queue marked as an appeal; the rules leave it to people', async () => {
    const [c] = await seedClaims(h.db, s.id, [{ email: 'appeal@example.com', verificationStatus: 'matched' }]);
    await h.db.update(claims).set({ fraudAction: 'recommend_deny', fraudReasons: ['NOT_IN_CLASS'], fraudScore: 100 }).where(eq(claims.id, c.id));
    await applyRules(h.db, s, { actor: 'cli:test' });
    expect(await statusOf(c.id)).toBe('denied');
    const auth = { claimId: c.claimId, emailOrZip: 'appeal@example.com' };
    expect(await appealDenial(h.db, s, auth, { reason: 'short' })).toMatchObject({ ok: false, errors: { reason: expect.any(String) } });
    const r = await appealDenial(h.db, s, auth, { reason: 'I am in the class: I used the app in Illinois since 2019.' });
    expect(r).toMatchObject({ ok: true });
    expect(await statusOf(c.id)).toBe('under_review');
    const q = await listQueue(h.db, s, parseQueueFilter({ appeal: '1' }));
    expect(q.items.map((i) => i.claimId)).toEqual([c.claimId]);
    expect(q.items[0].appeal).toBe(true);
    // The automatic rules do not deny it again: the appeal is for a person.
    await applyRules(h.db, s, { actor: 'cli:test' });
    expect(await statusOf(c.id)).toBe('under_review');
    await reviewDecide(h.db, s, c.claimId, { decision: 'deny', reasonCodes: ['NOT_IN_CLASS'], why: 'No record under any identifier.' }, 'staff:a');
    expect((await h.db.select().from(claimAppeals).where(eq(claimAppeals.claimPk, c.id)))[0].decidedAt).not.toBeNull();
    expect(await appealDenial(h.db, s, auth, { reason: 'Please look again, I really am in the class.' })).toMatchObject({ ok: false, error: expect.stringMatching(/once/) });
    const actions = (await h.db.select().from(auditLog).where(eq(auditLog.targetId, c.claimId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['claim.appeal', 'claim.appeal.decided', 'claim.decision.deny']));
  });
});

describe('the outbox does not write to a claim no longer deficient', () => {
  it('a letter queued for a claim withdrawn meanwhile is not sent', async () => {
    const c = await requestInfo('gone@example.com', day('2026-05-01'));
    const { withdrawClaimIn, claimHandle } = await import('@/lib/claims/review');
    await h.db.transaction(async (tx) => withdrawClaimIn(tx, s, await claimHandle(tx, s, c.claimId), 'claimant'));
    const before = outbox.length;
    await sendDeficiencyMail(h.db, s, { send });
    expect(outbox.slice(before).filter((m) => m.to === 'gone@example.com')).toHaveLength(0);
    const [d] = await h.db.select().from(deficiencies).where(eq(deficiencies.claimPk, c.id));
    expect((await h.db.select().from(deficiencyMail).where(eq(deficiencyMail.deficiencyId, d.id)))[0].state).toBe('failed');
  });
});
