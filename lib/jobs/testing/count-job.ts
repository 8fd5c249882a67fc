import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { JobDefinition } from '../types';

/**
 * A test-only job: counts to `steps`, one step per `waitMs`, then records its key in test_done (which
 * the test creates). Resumable like a real job: a step done is a step in job_runs' progress, and a
 * finished key is recorded once (`on conflict do nothing`), so a redelivery cannot double-count.
 */
export const countJob: JobDefinition<{ key: string; steps: number; waitMs?: number }, { counted: number; pid: number }> = {
  name: 'test.slowcount',
  params: z.object({ key: z.string(), steps: z.number().int().min(1), waitMs: z.number().int().optional() }),
  expireInSeconds: 3,
  retryLimit: 2,
  retryDelaySeconds: 1,
  async run(ctx, p) {
    for (let i = 1; i <= p.steps; i++) {
      ctx.signal.throwIfAborted();
      if (p.waitMs) await new Promise((r) => setTimeout(r, p.waitMs));
      await ctx.progress(i, p.steps);
    }
    await ctx.handle.db.execute(sql`insert into test_done (key, pid) values (${p.key}, ${process.pid})`);
    return { counted: p.steps, pid: process.pid };
  },
};
