import type { Handle } from '@/db/client';
import { AppError } from '@/lib/errors';
import { bossFor, ensureQueue } from './boss';
import { getJobDefinition } from './registry';
import { createRun, markFailed, setBossJobId } from './runs';

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
  const runId = await createRun(handle.db, { name, params, actor: opts.actor, settlementId: opts.settlementId, via: 'queue' });
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
