import type { Queryable } from '@/db/client';
import { hitRateLimit, peekRateLimit } from '@/lib/intake/rate-limit';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_PREFIX, parsePublicId } from './claim-id';
import { cureDeficiency, type CureResult } from './cure';
import { LOOKUP_FAILED, lookupClaimStatus } from './status';

/**
 * "Check my claim" and its cure form ask for a claim ID and a 5-digit ZIP: 100,000 guesses per ID, which a
 * per-IP limit alone does not stop (addresses are cheap). So failed proofs are also counted per claim ID,
 * shared by both forms: after MAX_FAILURES_PER_CLAIM in an hour, that ID answers the same generic failure
 * even to the right ZIP, until the hour is over. The owner loses at most an hour; a guesser gets 10 tries
 * per hour per ID, whichever form it uses.
 */
export const MAX_FAILURES_PER_CLAIM = 10;
const HOUR = 3_600_000;

export async function limitedByClaimId<R extends { ok: boolean; error?: string }>(
  db: Queryable,
  settlement: Settlement,
  rawClaimId: string,
  attempt: () => Promise<R>,
  now: Date,
): Promise<R | { ok: false; error: string }> {
  const claimId = parsePublicId(String(rawClaimId ?? ''), CLAIM_PREFIX) ?? String(rawClaimId ?? '').trim().toUpperCase().slice(0, 40);
  const key = `${settlement.id}:${claimId}`;
  if ((await peekRateLimit(db, 'status-claim', key, { now, windowMs: HOUR })) >= MAX_FAILURES_PER_CLAIM) return { ok: false, error: LOOKUP_FAILED };
  const result = await attempt();
  // Only a failed proof of the claim counts; a cure refused for its content (a field error) does not.
  if (!result.ok && result.error === LOOKUP_FAILED) await hitRateLimit(db, 'status-claim', key, { now, windowMs: HOUR, limit: MAX_FAILURES_PER_CLAIM });
  return result;
}

export function lookupClaimStatusLimited(db: Queryable, settlement: Settlement, rawClaimId: string, emailOrZip: string, now = new Date()) {
  return limitedByClaimId(db, settlement, rawClaimId, () => lookupClaimStatus(db, settlement, rawClaimId, emailOrZip), now);
}

export function cureDeficiencyLimited(
  db: Parameters<typeof cureDeficiency>[0],
  settlement: Settlement,
  auth: { claimId: string; emailOrZip: string },
  input: unknown,
  now = new Date(),
): Promise<CureResult> {
  return limitedByClaimId(db, settlement, auth.claimId, () => cureDeficiency(db, settlement, auth, input), now);
}
