import type PgBoss from 'pg-boss';
import type { Handle } from '@/db/client';
import { bossFor, ensureQueue, type BossOptions } from './boss';
import { jobDefinitions } from './registry';
import { getRun, markFailed, markRunning, markSucceeded, progressWriter } from './runs';
import type { QueuedMessage } from './queue';

/**
 * The worker loop: pg-boss fetches a job (SKIP LOCKED, so several processes on one PostgreSQL database
 * never take the same job), the run is marked running in job_runs, the definition's `run` executes with a
 * progress callback (throttled UPDATEs that double as a heartbeat) and an AbortSignal aborted on stop,
 * and the outcome is recorded. A failure is rethrown so pg-boss retries it (retryLimit); a worker that
 * dies leaves its job active until it expires, when pg-boss redelivers it: `run` is resumable, so the
 * redelivery finishes the work. A run already succeeded or cancelled is not run again.
 */

export type WorkerOptions = BossOptions & {
  /** Jobs run at once in this process, per queue (default 1). */
  concurrency?: number;
  /** Only these job names (default every registered job). */
  queues?: string[];
  /** Progress UPDATEs at most this often (ms, default 500). */
  progressEveryMs?: number;
  onEvent?: (e: { runId: string; name: string; event: 'started' | 'succeeded' | 'failed' | 'skipped'; error?: string }) => void;
};

export type RunningWorker = {
  /** Aborts running jobs' signals, waits for their handlers (up to timeoutMs), and stops fetching. */
  stop(timeoutMs?: number): Promise<void>;
  queues: string[];
};

export async function startWorker(handle: Handle, opts: WorkerOptions = {}): Promise<RunningWorker> {
  const all = jobDefinitions();
  const defs = opts.queues?.length ? all.filter((d) => opts.queues!.includes(d.name)) : all;
  const unknown = (opts.queues ?? []).filter((q) => !all.some((d) => d.name === q));
  if (unknown.length) throw new Error(`unknown queue(s): ${unknown.join(', ')} (known: ${all.map((d) => d.name).join(', ')})`);
  const boss = await bossFor(handle, opts);
  const controller = new AbortController();
  const workIds: string[] = [];
  const active = new Set<Promise<unknown>>();

  for (const def of defs) {
    await ensureQueue(boss, def);
    const handler = async ([job]: PgBoss.JobWithMetadata<QueuedMessage>[]) => {
      if (!job) return;
      const runId = job.data?.runId;
      if (!runId) return;
      const work = (async () => {
        const run = await getRun(handle.db, runId);
        if (!run || !(await markRunning(handle.db, runId))) {
          opts.onEvent?.({ runId, name: def.name, event: 'skipped' });
          return { skipped: true };
        }
        opts.onEvent?.({ runId, name: def.name, event: 'started' });
        // The run stops when the worker stops or when staff cancel it (seen at its next progress report).
        const cancel = new AbortController();
        const signal = AbortSignal.any([controller.signal, cancel.signal]);
        const writer = progressWriter(handle.db, runId, opts.progressEveryMs, () => cancel.abort(new Error('cancelled')));
        try {
          const params = def.params.parse(run.params);
          const result = await def.run({ handle, actor: run.actor, signal, progress: writer.report }, params);
          await writer.flush();
          await markSucceeded(handle.db, runId, result ?? {});
          opts.onEvent?.({ runId, name: def.name, event: 'succeeded' });
          return { runId };
        } catch (e) {
          await writer.flush().catch(() => {});
          if (cancel.signal.aborted) {
            // Cancelled: the row already says so; completing the pg-boss job means no retry.
            opts.onEvent?.({ runId, name: def.name, event: 'skipped' });
            return { cancelled: true };
          }
          const message = e instanceof Error ? e.message : String(e);
          // pg-boss retries while retryCount < retryLimit; the last failure is final.
          const final = job.retryCount >= job.retryLimit;
          await markFailed(handle.db, runId, controller.signal.aborted ? `stopped: ${message}` : message, final);
          opts.onEvent?.({ runId, name: def.name, event: 'failed', error: message });
          throw e;
        }
      })();
      active.add(work);
      try {
        return await work;
      } finally {
        active.delete(work);
      }
    };
    for (let i = 0; i < Math.max(1, opts.concurrency ?? 1); i++) {
      workIds.push(await boss.work<QueuedMessage>(def.name, { batchSize: 1, includeMetadata: true, ...(opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {}) }, handler));
    }
  }

  return {
    queues: defs.map((d) => d.name),
    async stop(timeoutMs = 30_000) {
      for (const id of workIds) await boss.offWork({ id }).catch(() => {});
      controller.abort(new Error('the worker is stopping'));
      await Promise.race([Promise.allSettled([...active]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  };
}
