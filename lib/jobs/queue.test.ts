import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { openDb } from '@/db/client';
import { openTestDb } from '@/lib/testing/db';
import { stopBoss } from './boss';
import { cancelJob, enqueueJob } from './queue';
import { registerJob } from './registry';
import { getRun } from './runs';
import { startWorker, type RunningWorker } from './worker';
import type { JobDefinition } from './types';

/** Test-only jobs: counting in steps (resumable through a table), failing a given number of times. */
const attemptsByKey = new Map<string, number>();

const countJob: JobDefinition<{ key: string; steps: number; failTimes?: number; waitMs?: number }, { counted: number }> = {
  name: 'test.count',
  params: z.object({ key: z.string(), steps: z.number().int().min(1), failTimes: z.number().int().optional(), waitMs: z.number().int().optional() }),
  retryLimit: 2,
  retryDelaySeconds: 1,
  async run(ctx, p) {
    const seen = (attemptsByKey.get(p.key) ?? 0) + 1;
    attemptsByKey.set(p.key, seen);
    for (let i = 1; i <= p.steps; i++) {
      ctx.signal.throwIfAborted();
      if (p.waitMs) await new Promise((r) => setTimeout(r, p.waitMs));
      await ctx.progress(i, p.steps, `step ${i}`);
    }
    if (seen <= (p.failTimes ?? 0)) throw new Error(`planned failure ${seen}`);
    await ctx.handle.db.execute(sql`insert into test_done (key) values (${p.key})`);
    return { counted: p.steps };
  },
};
registerJob(countJob);

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const finishedRun = (h: Handle, id: string) => async () => {
  const r = await getRun(h.db, id);
  return r && ['succeeded', 'failed', 'cancelled'].includes(r.status) ? r : undefined;
};

describe('job queue (pg-boss on this database)', () => {
  let h: Handle;
  let worker: RunningWorker;
  beforeAll(async () => {
    h = await openTestDb();
    await h.exec('create table test_done (key text not null)');
    worker = await startWorker(h, { queues: ['test.count'], pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, progressEveryMs: 0, concurrency: 2 });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop(5_000);
    await stopBoss(h);
    await h.close();
  });

  it('enqueue → work → progress → result, recorded in job_runs', async () => {
    const id = await enqueueJob(h, 'test.count', { key: 'a', steps: 5 }, { actor: 'admin@example.com' });
    const queued = await getRun(h.db, id);
    expect(queued?.status === 'queued' || queued?.status === 'running').toBe(true);
    expect(queued?.bossJobId).toBeTruthy();
    const run = await waitFor(finishedRun(h, id));
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ counted: 5 });
    expect(run.progressDone).toBe(5);
    expect(run.progressTotal).toBe(5);
    expect(run.progressNote).toBe('step 5');
    expect(run.attempts).toBe(1);
    expect(run.actor).toBe('admin@example.com');
    expect(run.finishedAt).toBeTruthy();
  }, 90_000);

  it('rejects bad params and unknown jobs before queueing', async () => {
    await expect(enqueueJob(h, 'test.count', { key: 'x' }, { actor: 'a@example.com' })).rejects.toThrow(/steps/);
    await expect(enqueueJob(h, 'no.such.job', {}, { actor: 'a@example.com' })).rejects.toThrow(/unknown job/);
  });

  it('a failing attempt is retried and job_runs shows the attempts; past the retry limit it fails', async () => {
    const retried = await enqueueJob(h, 'test.count', { key: 'b', steps: 2, failTimes: 1 }, { actor: 'a@example.com' });
    const r1 = await waitFor(finishedRun(h, retried));
    expect(r1.status).toBe('succeeded');
    expect(r1.attempts).toBe(2);

    const doomed = await enqueueJob(h, 'test.count', { key: 'c', steps: 1, failTimes: 99 }, { actor: 'a@example.com' });
    const r2 = await waitFor(finishedRun(h, doomed));
    expect(r2.status).toBe('failed');
    expect(r2.attempts).toBe(3); // the first try and retryLimit 2
    expect(r2.error).toMatch(/planned failure 3/);
  }, 120_000);

  it('cancelling a running job stops it at its next progress report; it is not retried', async () => {
    const id = await enqueueJob(h, 'test.count', { key: 'cancel-me', steps: 60, waitMs: 100 }, { actor: 'a@example.com' });
    await waitFor(async () => ((await getRun(h.db, id))?.progressDone ?? 0) >= 2);
    expect(await cancelJob(h, id, { actor: 'a@example.com' })).toBe(true);
    await new Promise((r) => setTimeout(r, 3_000));
    const run = await getRun(h.db, id);
    expect(run!.status).toBe('cancelled');
    expect(run!.attempts).toBe(1);
    expect(run!.progressDone).toBeLessThan(60);
    const done = await h.db.execute(sql`select count(*)::int as n from test_done where key = 'cancel-me'`);
    expect((done as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
    expect(await cancelJob(h, id, { actor: 'a@example.com' })).toBe(false);
  }, 90_000);
});
