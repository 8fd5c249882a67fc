import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { claims, fraudRuns } from '@/db/schema';
import { listQueue, parseQueueFilter } from '@/lib/review/queue';
import { openTestDb } from '@/lib/testing/db';
import { ensureDemo } from './service';
import { E2E_REVIEW, ensureReviewFixtures } from './review-fixtures';

let h: Handle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => h?.close());

it('plants the review fixtures once: a ring above the second-reviewer threshold, fast forms, a deficient and a denied claim', async () => {
  const s = (await ensureDemo(h.db, { classSize: 10, sampleClaims: false })).settlement;
  await ensureReviewFixtures(h.db, s);
  await ensureReviewFixtures(h.db, s);
  expect(await h.db.select().from(fraudRuns).where(eq(fraudRuns.settlementId, s.id))).toHaveLength(1);
  const ring = await listQueue(h.db, s, parseQueueFilter({ reason: E2E_REVIEW.ringReason }));
  expect(ring.total).toBe(s.config.fraud.bulkDenyConfirmAbove + 2);
  expect(new Set(ring.items.map((i) => i.clusterId)).size).toBe(1);
  expect((await listQueue(h.db, s, parseQueueFilter({ reason: E2E_REVIEW.fastReason }))).items.map((i) => i.score)).toEqual([700, 701, 702]);
  const status = async (id: string) => (await h.db.select({ s: claims.status }).from(claims).where(eq(claims.claimId, id)))[0].s;
  expect(await status(E2E_REVIEW.cureClaimId)).toBe('deficient');
  expect(await status(E2E_REVIEW.appealClaimId)).toBe('denied');
});
