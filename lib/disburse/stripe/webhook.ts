import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { rowsOf, type Db } from '@/db/client';
import { stripeEvents } from '@/db/schema';
import { recordOutbound, type ObpView } from './record';
import { OUTBOUND_PAYMENT_EVENTS } from './requests';

/**
 * Stripe's v2 thin events for outbound payments (app/api/webhooks/stripe/route.ts). A thin event says
 * only "this object changed": we verify the signature on the raw body, FETCH the outbound payment from
 * the API (its current state is the truth, so the order of deliveries does not matter), then record the
 * event id and the state change in ONE transaction — a repeated delivery finds its id and does nothing.
 */

export const WEBHOOK_ACTOR = 'system:stripe-webhook';

export class BadSignature extends Error {}

export type WebhookResult = { eventId: string; outcome: 'applied' | 'already' | 'unknown' | 'repeat' | 'ignored' };

/** Verifies and parses; throws BadSignature for anything not signed with our secret (the route answers 400). */
export function verifyEvent(stripe: Stripe, rawBody: string, signature: string | null, secret: string | undefined): Stripe.V2.Core.EventNotification {
  if (!signature || !secret) throw new BadSignature('unsigned');
  try {
    return stripe.parseEventNotification(rawBody, signature, secret);
  } catch {
    throw new BadSignature('bad signature');
  }
}

export async function handleEvent(db: Db, stripe: Stripe, ev: { id: string; type: string; related_object?: { id?: string; type: string } | null }): Promise<WebhookResult> {
  const seen = rowsOf<{ id: string }>(await db.execute(sql`select id from stripe_events where id = ${ev.id}`));
  if (seen.length) return { eventId: ev.id, outcome: 'repeat' };
  const related = ev.related_object;
  if (!(OUTBOUND_PAYMENT_EVENTS as readonly string[]).includes(ev.type) || !related?.id || related.type !== 'v2.money_management.outbound_payment') {
    await db.insert(stripeEvents).values({ id: ev.id, type: ev.type, relatedId: related?.id ?? null, outcome: 'ignored' }).onConflictDoNothing();
    return { eventId: ev.id, outcome: 'ignored' };
  }
  // Fetched BEFORE the transaction (no network call holding locks); a failure here answers 5xx and
  // Stripe delivers again.
  const relatedId = related.id;
  const obp = (await stripe.v2.moneyManagement.outboundPayments.retrieve(relatedId)) as unknown as ObpView;
  return db.transaction(async (tx) => {
    const ins = await tx.insert(stripeEvents).values({ id: ev.id, type: ev.type, relatedId, outcome: 'pending' }).onConflictDoNothing().returning({ id: stripeEvents.id });
    if (ins.length === 0) return { eventId: ev.id, outcome: 'repeat' as const };
    const outcome = await recordOutbound(tx, obp, WEBHOOK_ACTOR, `webhook:${ev.type}`);
    await tx.execute(sql`update stripe_events set outcome = ${outcome} where id = ${ev.id}`);
    return { eventId: ev.id, outcome };
  });
}

/** Bodies of a thin event are small; a larger one is not Stripe's (refused before the signature check's work). */
const MAX_EVENT_BYTES = 64 * 1024;

/**
 * The HTTP side of the webhook, apart from Next so it is tested with a real Request on a real database:
 * 400 for anything not signed with our secret (nothing read, nothing written), 200 once recorded (a
 * repeat included: Stripe must stop delivering it), 500 when Stripe or the database failed (Stripe retries).
 * The response never echoes the payload.
 */
export async function respondToWebhook(req: Request, deps: { db: () => Promise<Db>; stripe: Stripe; secret: string | undefined }): Promise<Response> {
  if (!deps.secret) return Response.json({ error: 'webhook not configured' }, { status: 503 });
  const raw = await req.text(); // the RAW body: a re-serialised JSON would not match the signature
  if (Buffer.byteLength(raw) > MAX_EVENT_BYTES) return Response.json({ error: 'too large' }, { status: 400 });
  let ev: Stripe.V2.Core.EventNotification;
  try {
    ev = verifyEvent(deps.stripe, raw, req.headers.get('stripe-signature'), deps.secret);
  } catch {
    return Response.json({ error: 'invalid signature' }, { status: 400 });
  }
  try {
    const r = await handleEvent(await deps.db(), deps.stripe, ev as Parameters<typeof handleEvent>[2]);
    return Response.json({ received: true, outcome: r.outcome });
  } catch {
    return Response.json({ error: 'not processed; deliver again' }, { status: 500 });
  }
}
