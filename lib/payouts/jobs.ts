import { z } from 'zod';
import type { JobDefinition } from '@/lib/jobs/types';
import { computeRun } from './runner';

/**
 * `payouts.compute`: computes (or resumes) a draft run created by lib/payouts/service.ts createRun. The
 * run's progress lives in payout_runs, so a second delivery or a restart after a kill finishes the same
 * run without writing a payment twice.
 */
export const payoutsCompute: JobDefinition<{ runId: string }, { runId: string; claims: number; allocatedCents: number; residueCents: number; inputsHash: string }> = {
  name: 'payouts.compute',
  title: 'Compute a payout run',
  permission: 'payouts:compute',
  params: z.object({ runId: z.uuid() }),
  async run(ctx, params) {
    const run = await computeRun(ctx.handle, params.runId, ctx.actor, {
      signal: ctx.signal,
      onPage: (done, total) => ctx.progress(done, total, 'payments written'),
    });
    return { runId: run.id, claims: run.claims ?? 0, allocatedCents: run.allocatedCents ?? 0, residueCents: run.residueCents ?? 0, inputsHash: run.inputsHash ?? '' };
  },
};

export const payoutJobs = [payoutsCompute];
