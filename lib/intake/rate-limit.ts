import { env } from '@/lib/env';
import { createHmac } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { masterKey } from '@/lib/privacy/keys';

/**
 * Fixed-window rate limiting per client IP, shared by every server process through the database
 * (a limit kept in memory would reset on each deploy and differ per instance). The IP is stored only as
 * a keyed hash. Applied to claim submission, Notice ID lookup (brute force of confirmation codes),
 * status lookup and cures. IP velocity alone is a weak fraud signal (shared Wi-Fi, dorms), so the
 * default is generous; the e2e server and benchmarks raise it with FAIRSHARE_INTAKE_RATE_LIMIT.
 */

export const RATE_LIMIT_MESSAGE = 'Too many submissions from your network. Please wait a minute and try again.';
const WINDOW_MS = 60_000;
/** The longest window any caller uses (the per-claim-ID status look-up limit counts per hour). */
export const MAX_WINDOW_MS = 60 * 60_000;

export function intakeLimit(): number {
  return env().FAIRSHARE_INTAKE_RATE_LIMIT;
}

export function ipBucket(scope: string, ip: string): string {
  const mac = createHmac('sha256', masterKey()).update(`ratelimit\u0000${ip}`).digest('base64url').slice(0, 32);
  return `${scope}:${mac}`;
}

export type RateVerdict = { allowed: boolean; count: number; limit: number; retryAfterSeconds: number };

export async function hitRateLimit(
  db: Queryable,
  scope: string,
  ip: string,
  opts: { limit?: number; now?: Date; windowMs?: number } = {},
): Promise<RateVerdict> {
  const limit = opts.limit ?? intakeLimit();
  const now = opts.now ?? new Date();
  const windowMs = Math.min(opts.windowMs ?? WINDOW_MS, MAX_WINDOW_MS);
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ bucket: ipBucket(scope, ip), windowStart, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.bucket, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  // The first request of a window sweeps finished windows, so the table stays small without a cron job.
  // Kept for the longest window in use (plus a margin), so an hourly count is never swept by a minute one.
  if (row.count === 1) await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 2 * MAX_WINDOW_MS)));
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  return { allowed: row.count <= limit, count: row.count, limit, retryAfterSeconds };
}

/** How many hits `key` has in the current window, without counting one (for "only failures count" limits). */
export async function peekRateLimit(db: Queryable, scope: string, key: string, opts: { now?: Date; windowMs?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const windowMs = Math.min(opts.windowMs ?? WINDOW_MS, MAX_WINDOW_MS);
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, ipBucket(scope, key)), eq(rateLimits.windowStart, windowStart)));
  return row?.count ?? 0;
}
