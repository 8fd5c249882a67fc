import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { JobDefinition } from '@/lib/jobs/types';
import { findSettlement } from '@/lib/settlements/service';
import { runFraudScoring, type FraudCounts } from './run';

/**
 * `fraud.score`: scores a whole settlement (lib/fraud/run.ts). Resumable — a re-delivered or restarted
 * job continues the unfinished run — and idempotent: a second run with nothing changed writes nothing
 * but its run row.
 */
export const fraudScoreParams = z.object({ settlement: z.string().min(1) });

export const fraudScoreJob: JobDefinition<z.infer<typeof fraudScoreParams>, FraudCounts> = {
  name: 'fraud.score',
  title: 'Score claims for fraud',
  permission: 'claims:decide',
  params: fraudScoreParams,
  async run(ctx, params) {
    const settlement = await findSettlement(ctx.handle.db, params.settlement);
    if (!settlement) throw new AppError('not_found', `no settlement "${params.settlement}"`);
    return runFraudScoring(ctx.handle.db, settlement, {
      actor: ctx.actor,
      signal: ctx.signal,
      onProgress: (done, total, what) => ctx.progress(done, total, what),
    });
  },
};
