import { connection } from 'next/server';
import { getDb } from '@/app/_lib/db';
import { env } from '@/lib/env';
import { stripeClient } from '@/lib/disburse/stripe/client';
import { respondToWebhook } from '@/lib/disburse/stripe/webhook';

/**
 * Stripe v2 thin events for outbound payments (lib/disburse/stripe/webhook.ts). Public — Stripe has no
 * session — so the ONLY gate is the signature: verifyEvent on the raw body with STRIPE_WEBHOOK_SECRET,
 * before any database access; unsigned or badly signed requests get 400 and change nothing.
 */
export async function POST(request: Request) {
  await connection();
  const e = env();
  if (!e.STRIPE_SECRET_KEY || !e.STRIPE_WEBHOOK_SECRET) return Response.json({ error: 'webhook not configured' }, { status: 503 });
  return respondToWebhook(request, { db: getDb, stripe: stripeClient({ secretKey: e.STRIPE_SECRET_KEY, apiBase: e.STRIPE_API_BASE }), secret: e.STRIPE_WEBHOOK_SECRET });
}
