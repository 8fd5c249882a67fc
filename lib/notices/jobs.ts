import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settlements } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { JobDefinition } from '@/lib/jobs/types';
import { issueNotices } from './issue';
import { enqueueNotices, sendQueuedNotices } from './outbox';

/** Notice work as jobs (lib/jobs/types.ts): the CLI runs them with runJobHere, the queue runs the same code. Both are idempotent and resumable — progress lives in class_members and notice_messages. */

async function loadSettlement(handle: { db: import('@/db/client').Db }, id: string) {
  const [s] = await handle.db.select().from(settlements).where(eq(settlements.id, id));
  if (!s) throw new AppError('not_found', `no settlement ${id}`);
  return s;
}

export const issueNoticesJob: JobDefinition<{ settlementId: string }, { issued: number; alreadyIssued: number; collisionsRetried: number }> = {
  name: 'notices.issue',
  title: 'Issue Notice IDs and confirmation codes',
  permission: 'notices:manage',
  params: z.object({ settlementId: z.uuid() }),
  async run(ctx, p) {
    await loadSettlement(ctx.handle, p.settlementId);
    return issueNotices(ctx.handle.db, p.settlementId, { actor: ctx.actor, signal: ctx.signal, onProgress: (d, t) => ctx.progress(d, t, 'notices issued') });
  },
};

export const sendNoticesJob: JobDefinition<
  { settlementId: string; rate?: number; limit?: number; concurrency?: number },
  { queuedInitial: number; queuedResend: number; sent: number; failed: number; requeued: number; inDoubt: number; remaining: number }
> = {
  name: 'notices.send',
  title: 'Send the e-mail notice campaign',
  permission: 'notices:manage',
  params: z.object({
    settlementId: z.uuid(),
    rate: z.number().positive().max(100_000).optional(),
    limit: z.number().int().positive().optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
  }),
  async run(ctx, p) {
    const settlement = await loadSettlement(ctx.handle, p.settlementId);
    // Enqueueing is idempotent (a unique key per member, campaign and kind), so a re-delivered job only resumes.
    const q = await enqueueNotices(ctx.handle.db, settlement.id, ctx.actor);
    const r = await sendQueuedNotices(ctx.handle.db, settlement, {
      actor: ctx.actor,
      rate: p.rate,
      limit: p.limit,
      concurrency: p.concurrency,
      signal: ctx.signal,
      onProgress: (d, t) => ctx.progress(d, t, 'notices sent'),
    });
    return { queuedInitial: q.initial, queuedResend: q.resend, ...r };
  },
};
