import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Handle } from '@/db/client';
import { claims, paymentAttempts } from '@/db/schema';
import { sealClaim, type ClaimPii } from '@/lib/claims/seal';
import { settlementKey } from '@/lib/privacy/keys';
import { openTestDb } from '@/lib/testing/db';
import { disbursementFixture, stateCounts, type Fixture } from '../test-fixture';
import { stripeClient } from './client';
import { disburseStripe } from './send';
import { FakeStripe } from './testing/fake-stripe';
import { BadSignature, handleEvent, respondToWebhook, verifyEvent } from './webhook';

/** Integration: the real `stripe` SDK against the local fake, on a real (PGlite) database. */

let h: Handle;
let f: Fixture;
let fake: FakeStripe;
const SETTINGS = { financialAccount: 'fa_test_fund', currency: 'usd', description: 'TikTok settlement payment' };
const sdk = () => stripeClient({ secretKey: 'sk_test_fake', apiBase: `http://127.0.0.1:${fake.port}`, timeoutMs: 400 });
const attempts = async (runId: string) => h.db.select().from(paymentAttempts).where(and(eq(paymentAttempts.runId, runId), eq(paymentAttempts.rail, 'stripe')));

beforeAll(async () => {
  h = await openTestDb();
  fake = await new FakeStripe().start();
  f = await disbursementFixture(h, ['ach', 'ach', 'ach', 'check', 'paypal']);
}, 120_000);
afterAll(async () => {
  await fake?.stop();
  await h?.close();
});

describe('stripe rail: the outbox with the real SDK', () => {
  it('refuses the approver of the run', async () => {
    await expect(disburseStripe(h.db, f.runId, { actor: f.approver.actor, stripe: sdk(), settings: SETTINGS })).rejects.toThrow(/someone other/);
    expect(fake.payments.size).toBe(0);
  });

  it('pays the bank claimants once; a re-run sends nothing', async () => {
    const r = await disburseStripe(h.db, f.runId, { actor: f.finance.actor, stripe: sdk(), settings: SETTINGS });
    expect(r).toMatchObject({ sent: 3, found: 0, refused: 0, unresolved: 0, batch: { payments: 3 } });
    expect(fake.payments.size).toBe(3);
    const atts = await attempts(f.runId);
    expect(atts.every((a) => a.state === 'submitted' && a.railRef?.startsWith('obp_') && a.railRecipient?.startsWith('acct_'))).toBe(true);
    // The amount sent is the payment's, in cents.
    for (const a of atts) expect((fake.payments.get(a.railRef!)!.amount as { value: number }).value).toBe(a.amountCents);
    expect((await stateCounts(h, f.runId)).submitted).toBe(3);

    const again = await disburseStripe(h.db, f.runId, { actor: f.finance.actor, stripe: sdk(), settings: SETTINGS });
    expect(again).toMatchObject({ nothingNew: true, sent: 0, batch: null });
    expect(fake.payments.size).toBe(3);
  });

  it('webhooks: fetched, applied once, in any order; a forged signature changes nothing', async () => {
    const client = sdk();
    const [a1, a2, a3] = await attempts(f.runId);
    const deliver = async (e: { body: string; signature: string }) => handleEvent(h.db, client, verifyEvent(client, e.body, e.signature, fake.webhookSecret));

    // a1 posted: the event twice.
    fake.setStatus(a1.railRef!, 'posted');
    const e1 = fake.event('v2.money_management.outbound_payment.posted', a1.railRef!);
    expect((await deliver(e1)).outcome).toBe('applied');
    expect((await deliver(e1)).outcome).toBe('repeat');

    // a2 posted then returned, the events delivered backwards: each applies the CURRENT state.
    fake.setStatus(a2.railRef!, 'posted');
    const posted = fake.event('v2.money_management.outbound_payment.posted', a2.railRef!);
    fake.setStatus(a2.railRef!, 'returned', 'account_closed');
    const returned = fake.event('v2.money_management.outbound_payment.returned', a2.railRef!);
    expect((await deliver(returned)).outcome).toBe('applied');
    expect((await deliver(posted)).outcome).toBe('already');

    // A forged signature, a missing one, a wrong secret: refused before anything is read.
    fake.setStatus(a3.railRef!, 'failed', 'payout_method_declined');
    const forged = fake.event('v2.money_management.outbound_payment.failed', a3.railRef!, { secret: 'whsec_attacker' });
    expect(() => verifyEvent(client, forged.body, forged.signature, fake.webhookSecret)).toThrow(BadSignature);
    expect(() => verifyEvent(client, forged.body, null, fake.webhookSecret)).toThrow(BadSignature);
    const good = fake.event('v2.money_management.outbound_payment.failed', a3.railRef!);
    expect(() => verifyEvent(client, good.body.replace('failed', 'posted'), good.signature, fake.webhookSecret)).toThrow(BadSignature);

    const byId = async (id: number) => (await h.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, id)))[0];
    expect((await byId(a1.id)).state).toBe('paid');
    expect((await byId(a2.id)).state).toBe('returned');
    expect((await byId(a2.id)).resultCode).toBe('returned:account_closed');
    expect((await byId(a3.id)).state).toBe('submitted');
    const ev = rowsOf<{ n: string | number }>(await h.db.execute(sql`select count(*) n from stripe_events`))[0];
    expect(Number(ev.n)).toBe(3); // e1, returned, posted (the repeat of e1 is not a new row)
    const events = rowsOf<{ to_state: string }>(await h.db.execute(sql`select to_state from payment_events where claim_pk = ${a2.claimPk} order by id`));
    expect(events.map((e) => e.to_state)).toEqual(['queued', 'submitted', 'returned']); // the fetched state, not each event's
  });
});

describe('stripe rail: the webhook over HTTP (a real Request, raw body)', () => {
  it('400 unsigned, forged or tampered, and nothing changes; 200 signed, 200 again as a repeat', async () => {
    const d = await disbursementFixture(h, ['ach'], { slug: 'hook' });
    await disburseStripe(h.db, d.runId, { actor: d.finance.actor, stripe: sdk(), settings: SETTINGS });
    const [a] = await attempts(d.runId);
    fake.setStatus(a.railRef!, 'posted');
    const deps = { db: async () => h.db, stripe: sdk(), secret: fake.webhookSecret };
    const post = (body: string, sig?: string) =>
      respondToWebhook(new Request('http://localhost/api/webhooks/stripe', { method: 'POST', body, headers: { 'content-type': 'application/json', ...(sig ? { 'stripe-signature': sig } : {}) } }), deps);
    const count = async () => Number(rowsOf<{ n: string | number }>(await h.db.execute(sql`select count(*) n from stripe_events`))[0].n);
    const before = await count();
    const good = fake.event('v2.money_management.outbound_payment.posted', a.railRef!);
    const forged = fake.event('v2.money_management.outbound_payment.posted', a.railRef!, { secret: 'whsec_attacker' });
    const stale = fake.event('v2.money_management.outbound_payment.posted', a.railRef!, { at: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(good.body)).status).toBe(400);
    expect((await post(forged.body, forged.signature)).status).toBe(400);
    expect((await post(stale.body, stale.signature)).status).toBe(400); // outside the 5-minute tolerance: a replay
    expect((await post(good.body + ' ', good.signature)).status).toBe(400);
    expect((await post(JSON.stringify(JSON.parse(good.body), null, 2), good.signature)).status).toBe(400); // re-serialised ≠ raw
    expect(await count()).toBe(before);
    expect((await attempts(d.runId))[0].state).toBe('submitted');
    const ok = await post(good.body, good.signature);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, outcome: 'applied' });
    expect(await (await post(good.body, good.signature)).json()).toEqual({ received: true, outcome: 'repeat' });
    expect((await attempts(d.runId))[0].state).toBe('paid');
    expect((await post(good.body, good.signature)).status).toBe(200);
    expect((await respondToWebhook(new Request('http://x', { method: 'POST', body: good.body, headers: { 'stripe-signature': good.signature } }), { ...deps, secret: undefined })).status).toBe(503);
  });
});

describe('stripe rail: the claim changed after the intent', () => {
  it('is not paid to the old or the new details: the attempt fails for a re-issue, nothing is sent', async () => {
    const d = await disbursementFixture(h, ['ach'], { slug: 'changed' });
    const before = fake.payments.size;
    const pk = d.claimsByMethod.ach[0].id;
    const r = await disburseStripe(h.db, d.runId, {
      actor: d.finance.actor,
      stripe: sdk(),
      settings: SETTINGS,
      // The claimant changes bank account on the status page between the intent and the call.
      afterIntent: async () => {
        const key = await settlementKey(h.db, d.settlement.id);
        const pii: ClaimPii = { firstName: 'A', lastName: 'B', email: 'a@example.com', usernames: [] };
        const sealed = sealClaim(key, pii, { method: 'ach', routingNumber: '011000015', accountNumber: '999888777', accountType: 'checking' });
        await h.db.update(claims).set(sealed).where(eq(claims.id, pk));
      },
    });
    expect(r).toMatchObject({ sent: 0, refused: 1 });
    expect(fake.payments.size).toBe(before);
    expect((await attempts(d.runId))[0]).toMatchObject({ state: 'failed', resultCode: 'details_changed' });
    expect(await stateCounts(h, d.runId)).toMatchObject({ failed: 1 });
  });
});

describe('stripe rail: a response lost for good', () => {
  it('is resolved by asking Stripe, not by paying again', async () => {
    const d = await disbursementFixture(h, ['ach'], { slug: 'lost' });
    fake.hangNext.add('/v2/money_management/outbound_payments');
    const before = fake.payments.size;
    const r1 = await disburseStripe(h.db, d.runId, { actor: d.finance.actor, stripe: sdk(), settings: SETTINGS, tries: 1 });
    expect(r1).toMatchObject({ sent: 0, unresolved: 1 });
    expect(fake.payments.size).toBe(before + 1); // Stripe made it; we do not know
    const [a] = await attempts(d.runId);
    expect(a).toMatchObject({ state: 'queued', railRef: null });
    const r2 = await disburseStripe(h.db, d.runId, { actor: d.finance.actor, stripe: sdk(), settings: SETTINGS });
    expect(r2).toMatchObject({ sent: 0, found: 1, unresolved: 0 });
    expect(fake.payments.size).toBe(before + 1);
    expect(fake.createdPerKey().get(a.idempotencyKey)).toBe(1);
    expect((await attempts(d.runId))[0].state).toBe('submitted');
  });
});

describe('stripe rail: drill — lost responses, timeouts, 500s', () => {
  it('never pays twice and, run after run, resolves every payment; webhooks twice, shuffled, through the same faults, end in Stripe\'s states', async () => {
    const d = await disbursementFixture(h, Array(30).fill('ach'), { slug: 'drill' });
    const flaky = new FakeStripe('whsec_x', 7);
    await flaky.start();
    flaky.faults = { lose: 0.1, timeout: 0.1, error500: 0.1 };
    const client = stripeClient({ secretKey: 'sk_test_fake', apiBase: `http://127.0.0.1:${flaky.port}`, timeoutMs: 300 });
    try {
      let unresolved = Infinity;
      let found = 0;
      for (let round = 0; round < 20 && unresolved > 0; round++) {
        const r = await disburseStripe(h.db, d.runId, { actor: d.finance.actor, stripe: client, settings: SETTINGS, tries: 2 });
        unresolved = r.unresolved;
        found += r.found;
      }
      expect(unresolved).toBe(0);
      // The faults did bite: some payments were made by Stripe but their answer lost, then found by asking.
      expect(found).toBeGreaterThan(0);
      const atts = await attempts(d.runId);
      expect(atts).toHaveLength(30);
      expect(atts.every((a) => a.state === 'submitted')).toBe(true);
      // Zero double payments: exactly one outbound payment per attempt key, and it is the recorded one.
      const per = flaky.createdPerKey();
      expect(per.size).toBe(30);
      expect([...per.values()].every((n) => n === 1)).toBe(true);
      for (const a of atts) expect(flaky.payments.get(a.railRef!)?.metadata.fairshare_key).toBe(a.idempotencyKey);
      const total = [...flaky.payments.values()].reduce((t, p) => t + (p.amount as { value: number }).value, 0);
      expect(total).toBe(atts.reduce((t, a) => t + a.amountCents, 0));

      // Webhooks under the same faults: every event twice, shuffled; a delivery that fails (the fetch got a
      // 500 or timed out) is delivered again later, as Stripe does.
      const finals = ['posted', 'failed', 'returned'] as const;
      const events: { body: string; signature: string }[] = [];
      atts.forEach((a, i) => {
        const final = finals[i % 3];
        if (final === 'returned') events.push(flaky.event('v2.money_management.outbound_payment.posted', a.railRef!));
        flaky.setStatus(a.railRef!, final, final === 'posted' ? undefined : 'drill');
        const e = flaky.event(`v2.money_management.outbound_payment.${final}`, a.railRef!);
        events.push(e, e);
      });
      let queue = events.map((e, i) => ({ e, k: (i * 7919) % events.length })).sort((x, y) => x.k - y.k).map((x) => x.e);
      for (let round = 0; round < 30 && queue.length; round++) {
        const failed: typeof queue = [];
        for (const e of queue) {
          try {
            await handleEvent(h.db, client, verifyEvent(client, e.body, e.signature, flaky.webhookSecret));
          } catch {
            failed.push(e);
          }
        }
        queue = failed;
      }
      expect(queue).toEqual([]);
      const after = await attempts(d.runId);
      after.forEach((a) => {
        const i = atts.findIndex((x) => x.id === a.id);
        expect(a.state).toBe({ posted: 'paid', failed: 'failed', returned: 'returned' }[finals[i % 3]]);
      });
      expect([...flaky.createdPerKey().values()].every((n) => n === 1)).toBe(true);
    } finally {
      await flaky.stop();
    }
  }, 120_000);
});
