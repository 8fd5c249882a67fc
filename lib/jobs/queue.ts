import type { Handle } from '@/db/client';
import { appendAudit } from '@/lib/audit/service';
import { AppError } from '@/lib/errors';
import { bossFor, ensureQueue } from './boss';
import { getJobDefinition } from './registry';
import { createRun, getRun, markCancelled, markFailed, setBossJobId } from './runs';

/** What travels through pg-boss: only the run's id; params and progress live in job_runs. */
export type QueuedMessage = { runId: string };

export function parseParams(name: string, rawParams: unknown) {
  const def = getJobDefinition(name);
  const parsed = def.params.safeParse(rawParams);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('bad_input', `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, {
      field: first?.path.length ? first.path.join('.') : undefined,
    });
  }
  return { def, params: parsed.data as Record<string, unknown> };
}

/**
 * Queues a registered job and returns its job run id (job_runs.id), which the console's <JobProgress>
 * and `fairshare jobs` read. Params are validated now, so a bad request fails here, not in a worker.
 * A worker (`fairshare worker`, or the web server's own on PGlite) runs it; delivery is at least once.
 */
export async function enqueueJob(
  handle: Handle,
  name: string,
  rawParams: unknown,
  opts: { actor: string; settlementId?: string | null },
): Promise<string> {
  const { def, params } = parseParams(name, rawParams);
  // The run and its audit row are written together; the message to pg-boss follows (at least once from here on).
  const runId = await handle.db.transaction(async (tx) => {
    const id = await createRun(tx, { name, params, actor: opts.actor, settlementId: opts.settlementId, via: 'queue' });
    await appendAudit(tx, { settlementId: opts.settlementId ?? null, actor: opts.actor, action: 'job.queued', targetType: 'job_run', targetId: id, details: { name } });
    return id;
  });
  try {
    const boss = await bossFor(handle);
    await ensureQueue(boss, def);
    const bossId = await boss.send(name, { runId } satisfies QueuedMessage);
    if (!bossId) throw new Error(`pg-boss refused the job for queue ${name}`);
    await setBossJobId(handle.db, runId, bossId);
  } catch (e) {
    await markFailed(handle.db, runId, `could not queue: ${(e as Error).message}`, true);
    throw e;
  }
  return runId;
}

/**
 * Cancels a queued or running run: job_runs says cancelled at once; a queued job is withdrawn from
 * pg-boss, a running one stops at its next progress report (its work so far stays done — jobs are
 * resumable, so starting it again continues). False when the run had already ended.
 */
export async function cancelJob(handle: Handle, runId: string, opts: { actor: string }): Promise<boolean> {
  const run = await getRun(handle.db, runId);
  if (!run) throw new AppError('not_found', 'no such job run');
  const changed = await handle.db.transaction(async (tx) => {
    const ok = await markCancelled(tx, runId);
    if (ok) await appendAudit(tx, { settlementId: run.settlementId, actor: opts.actor, action: 'job.cancelled', targetType: 'job_run', targetId: runId, details: { name: run.name } });
    return ok;
  });
  if (changed && run.bossJobId && run.status === 'queued') {
    const boss = await bossFor(handle);
    await boss.cancel(run.name, run.bossJobId).catch(() => {});
  }
  return changed;
}
