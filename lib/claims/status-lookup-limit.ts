import type { Queryable } from '@/db/client';
import { hitRateLimit, peekRateLimit } from '@/lib/intake/rate-limit';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_PREFIX, parsePublicId } from './claim-id';
import { LOOKUP_FAILED, lookupClaimStatus } from './status';

/**
 * "Check my claim" asks for a claim ID and a 5-digit ZIP: 100,000 guesses per ID, which a per-IP limit
 * alone does not stop (addresses are cheap). So failures are also counted per claim ID: after
 * MAX_FAILURES_PER_CLAIM in an hour, that ID answers the same generic failure even to the right ZIP,
 * until the hour is over. The owner loses at most an hour; a guesser gets 10 tries per hour per ID.
 */
export const MAX_FAILURES_PER_CLAIM = 10;
const HOUR = 3_600_000;

export async function lookupClaimStatusLimited(db: Queryable, settlement: Settlement, rawClaimId: string, emailOrZip: string, now = new Date()) {
  const claimId = parsePublicId(String(rawClaimId ?? ''), CLAIM_PREFIX) ?? String(rawClaimId ?? '').trim().toUpperCase().slice(0, 40);
  const key = `${settlement.id}:${claimId}`;
  if ((await peekRateLimit(db, 'status-claim', key, { now, windowMs: HOUR })) >= MAX_FAILURES_PER_CLAIM) return { ok: false as const, error: LOOKUP_FAILED };
  const result = await lookupClaimStatus(db, settlement, rawClaimId, emailOrZip);
  if (!result.ok) await hitRateLimit(db, 'status-claim', key, { now, windowMs: HOUR, limit: MAX_FAILURES_PER_CLAIM });
  return result;
}
