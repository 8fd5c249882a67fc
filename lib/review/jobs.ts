import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { JobDefinition } from '@/lib/jobs/types';
import { findSettlement } from '@/lib/settlements/service';
import { applyRules, type ApplyRulesCounts } from './apply-rules';
import { expireDeficiencies, queueReminders, sendDeficiencyMail } from './deficiency';

/**
 * Review jobs (registered in lib/jobs/registry.ts). Both are idempotent: apply-rules finds nothing left
 * on a re-run; the deficiency job denies an expired claim once (it is no longer deficient after) and
 * queues each letter and reminder once (unique per deficiency and kind), sending each at most once.
 */

const settlementParams = z.object({ settlement: z.string().min(1) });

async function settlementOf(ctx: { handle: { db: Parameters<typeof findSettlement>[0] } }, slug: string) {
  const s = await findSettlement(ctx.handle.db, slug);
  if (!s) throw new AppError('not_found', `no settlement "${slug}"`);
  return s;
}

export const applyRulesJob: JobDefinition<z.infer<typeof settlementParams>, ApplyRulesCounts> = {
  name: 'review.apply-rules',
  title: 'Apply the automatic review rules',
  permission: 'claims:decide',
  params: settlementParams,
  async run(ctx, params) {
    const s = await settlementOf(ctx, params.settlement);
    return applyRules(ctx.handle.db, s, { actor: ctx.actor, signal: ctx.signal, onProgress: (done) => ctx.progress(done, undefined, 'claims decided') });
  },
};

export type DeficiencyCounts = { settlement: string; expired: number; remindersQueued: number; sent: number; failed: number };

export const deficienciesJob: JobDefinition<z.infer<typeof settlementParams>, DeficiencyCounts> = {
  name: 'review.deficiencies',
  title: 'Deficiency letters, reminders and expiry',
  permission: 'claims:decide',
  params: settlementParams,
  async run(ctx, params) {
    const s = await settlementOf(ctx, params.settlement);
    const expired = await expireDeficiencies(ctx.handle.db, s);
    const remindersQueued = await queueReminders(ctx.handle.db, s);
    const { sent, failed } = await sendDeficiencyMail(ctx.handle.db, s);
    return { settlement: s.slug, expired, remindersQueued, sent, failed };
  },
};
