import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { claimFraud, claims, fraudClusters, fraudRuns, type FraudEvidence } from '@/db/schema';
import { checkChar, CLAIM_PREFIX } from '@/lib/claims/claim-id';
import { reviewDecide } from '@/lib/review/decide';
import type { Settlement } from '@/lib/settlements/service';
import { seedClaims } from '@/lib/testing/seed';

/**
 * The review queue's e2e fixtures (FAIRSHARE_E2E=1 only): one fraud run with a planted ring of claims
 * sharing a payout account (more than bulkDenyConfirmAbove, so denying it needs a second reviewer),
 * three fast-form claims to work with the keyboard, one claim a reviewer asked for proof on, and one
 * denied claim to appeal. Claim IDs are fixed so e2e/review.spec.ts can name them.
 */

export const E2E_RULESET = 'e2e-planted';
const fixed = (body: string) => `${CLAIM_PREFIX}-${body.slice(0, 4)}-${body.slice(4)}-${checkChar(body)}`;
export const E2E_REVIEW = {
  cureClaimId: fixed('E2E0CVRE'),
  cureEmail: 'cure.review@example.org',
  appealClaimId: fixed('E2E0APPE'),
  appealEmail: 'appeal.review@example.org',
  ringReason: 'SHARED_PAYOUT',
  fastReason: 'FAST_FORM',
} as const;

export async function ensureReviewFixtures(db: Db, s: Settlement): Promise<void> {
  const [done] = await db.select({ id: fraudRuns.id }).from(fraudRuns).where(and(eq(fraudRuns.settlementId, s.id), eq(fraudRuns.rulesetVersion, E2E_RULESET)));
  if (done) return;
  const ringSize = s.config.fraud.bulkDenyConfirmAbove + 2;
  const ring = await seedClaims(db, s.id, Array.from({ length: ringSize }, (_, i) => ({ email: `ring${i}@example.net`, verificationStatus: 'unmatched' })));
  const fast = await seedClaims(db, s.id, Array.from({ length: 3 }, (_, i) => ({ email: `fast${i}@example.net`, verificationStatus: 'matched' })));
  const [cure, appeal] = await seedClaims(db, s.id, [{ email: E2E_REVIEW.cureEmail }, { email: E2E_REVIEW.appealEmail }]);
  await db.update(claims).set({ claimId: E2E_REVIEW.cureClaimId }).where(eq(claims.id, cure.id));
  await db.update(claims).set({ claimId: E2E_REVIEW.appealClaimId }).where(eq(claims.id, appeal.id));

  const [run] = await db
    .insert(fraudRuns)
    .values({ settlementId: s.id, rulesetVersion: E2E_RULESET, configVersion: s.configVersion, status: 'done', claimsScored: ringSize + 3, actor: 'system:e2e', finishedAt: new Date() })
    .returning({ id: fraudRuns.id });
  const clusterId = Math.min(...ring.map((c) => c.id));
  const ringEvidence: FraudEvidence[] = [{ code: E2E_REVIEW.ringReason, weight: 600, evidence: `same PayPal account as ${ringSize - 1} other claims` }];
  await db.insert(fraudClusters).values({ runId: run.id, clusterId, settlementId: s.id, size: ringSize, links: { payout: ringSize - 1 } });
  await db.insert(claimFraud).values([
    ...ring.map((c) => ({ runId: run.id, claimPk: c.id, score: 400, action: 'recommend_deny', reasons: [E2E_REVIEW.ringReason], evidence: ringEvidence, clusterId })),
    ...fast.map((c, i) => ({ runId: run.id, claimPk: c.id, score: 700 + i, action: 'review', reasons: [E2E_REVIEW.fastReason], evidence: [{ code: E2E_REVIEW.fastReason, weight: 300 - i, evidence: `form completed in ${4 + i} seconds` }], clusterId: null })),
  ]);
  await db.update(claims).set({ fraudScore: 400, fraudAction: 'recommend_deny', fraudReasons: [E2E_REVIEW.ringReason], fraudRunId: run.id, fraudClusterId: clusterId }).where(inArray(claims.id, ring.map((c) => c.id)));
  for (const [i, c] of fast.entries())
    await db.update(claims).set({ fraudScore: 700 + i, fraudAction: 'review', fraudReasons: [E2E_REVIEW.fastReason], fraudRunId: run.id }).where(eq(claims.id, c.id));

  await reviewDecide(db, s, E2E_REVIEW.cureClaimId, { decision: 'request_info', reasonCode: 'PROOF_REQUESTED', message: 'Describe the videos you posted in 2021 and the account you used.' }, 'system:e2e');
  await reviewDecide(db, s, E2E_REVIEW.appealClaimId, { decision: 'deny', reasonCodes: ['NOT_IN_CLASS'] }, 'system:e2e');
}
