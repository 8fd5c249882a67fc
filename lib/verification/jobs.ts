import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { JobDefinition } from '@/lib/jobs/types';
import { findSettlement } from '@/lib/settlements/service';
import { runVerification, type VerifyCounts } from './batch';

/**
 * `verify.run`: batch verification of one settlement's new and changed claims (lib/verification/batch.ts).
 * Idempotent and resumable: each page's results and the claims' match state commit together, so a
 * re-delivered or restarted job only does what is left.
 */
export const verifyParams = z.object({ settlement: z.string().min(1), all: z.boolean().default(false) });

export const verifyJob: JobDefinition<z.infer<typeof verifyParams>, VerifyCounts> = {
  name: 'verify.run',
  title: 'Verify claims against the class list',
  permission: 'claims:decide',
  params: verifyParams,
  async run(ctx, params) {
    const settlement = await findSettlement(ctx.handle.db, params.settlement);
    if (!settlement) throw new AppError('not_found', `no settlement "${params.settlement}"`);
    return runVerification(ctx.handle.db, settlement, {
      actor: ctx.actor,
      all: params.all,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(done, total, 'claims verified'),
    });
  },
};
