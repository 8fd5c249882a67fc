import Stripe from 'stripe';
import { AppError } from '@/lib/errors';

/**
 * The real Stripe SDK client for the rail. `apiBase` (STRIPE_API_BASE) points it at another server —
 * the local fake in tests and e2e (testing/fake-stripe.ts); production leaves it unset.
 * maxNetworkRetries is 0 on purpose: the SDK would re-send a create on a timeout; the rail instead ASKS
 * Stripe whether the payment exists first (send.ts), and only then sends again with the same key.
 */
export function stripeClient(opts: { secretKey?: string; apiBase?: string; timeoutMs?: number }): Stripe {
  if (!opts.secretKey) throw new AppError('bad_input', 'the Stripe rail needs STRIPE_SECRET_KEY');
  const base = opts.apiBase ? new URL(opts.apiBase) : null;
  return new Stripe(opts.secretKey, {
    maxNetworkRetries: 0,
    timeout: opts.timeoutMs ?? 30_000,
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
  });
}
