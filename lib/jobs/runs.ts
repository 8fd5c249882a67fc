import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { jobRuns, type JobRunStatus } from '@/db/schema';

/** Reads and writes of job_runs, the one record of a job's status and progress (console, CLI, worker). */

export type JobRun = typeof jobRuns.$inferSelect;

export async function createRun(
  db: Queryable,
  run: { name: string; params: Record<string, unknown>; actor: string; settlementId?: string | null; via: 'queue' | 'cli'; status?: JobRunStatus },
): Promise<string> {
  const now = new Date();
  const [row] = await db
    .insert(jobRuns)
    .values({
      name: run.name,
      params: run.params,
      actor: run.actor,
      settlementId: run.settlementId ?? null,
      via: run.via,
      status: run.status ?? 'queued',
      ...(run.status === 'running' ? { startedAt: now, heartbeatAt: now, attempts: 1 } : {}),
    })
    .returning({ id: jobRuns.id });
  return row!.id;
}

export async function getRun(db: Queryable, id: string): Promise<JobRun | undefined> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.id, id));
  return row;
}

export async function listRuns(db: Queryable, opts: { settlementId?: string; limit?: number } = {}): Promise<JobRun[]> {
  return db
    .select()
    .from(jobRuns)
    .where(opts.settlementId ? eq(jobRuns.settlementId, opts.settlementId) : undefined)
    .orderBy(desc(jobRuns.createdAt))
    .limit(opts.limit ?? 50);
}

export async function setBossJobId(db: Queryable, id: string, bossJobId: string): Promise<void> {
  await db.update(jobRuns).set({ bossJobId }).where(eq(jobRuns.id, id));
}

/**
 * A worker takes the run: running, one more attempt. Refuses (returns false) a run that already
 * finished, so a redelivered message for a succeeded or cancelled run does nothing.
 */
export async function markRunning(db: Queryable, id: string): Promise<boolean> {
  const now = new Date();
  const rows = await db
    .update(jobRuns)
    .set({ status: 'running', startedAt: now, heartbeatAt: now, finishedAt: null, attempts: sql`${jobRuns.attempts} + 1` })
    .where(and(eq(jobRuns.id, id), inArray(jobRuns.status, ['queued', 'running', 'failed'])))
    .returning({ id: jobRuns.id });
  return rows.length > 0;
}

/** Writes progress; answers the run's status, so a worker notices a cancellation at its next report. */
export async function recordProgress(db: Queryable, id: string, done: number, total: number | undefined, note: string | undefined): Promise<JobRun['status'] | undefined> {
  const rows = await db
    .update(jobRuns)
    .set({
      progressDone: Math.max(0, Math.floor(done)),
      ...(total !== undefined ? { progressTotal: Math.max(0, Math.floor(total)) } : {}),
      ...(note !== undefined ? { progressNote: note.slice(0, 500) } : {}),
      heartbeatAt: new Date(),
    })
    .where(eq(jobRuns.id, id))
    .returning({ status: jobRuns.status });
  return rows[0]?.status;
}

export async function markSucceeded(db: Queryable, id: string, result: Record<string, unknown>): Promise<void> {
  // A run cancelled while it finished stays cancelled.
  await db
    .update(jobRuns)
    .set({ status: 'succeeded', result, error: null, finishedAt: new Date(), heartbeatAt: new Date() })
    .where(and(eq(jobRuns.id, id), inArray(jobRuns.status, ['queued', 'running'])));
}

/** A failed attempt: `final` when no retry follows (the run is failed), else it waits for its retry (queued). */
export async function markFailed(db: Queryable, id: string, error: string, final: boolean): Promise<void> {
  await db
    .update(jobRuns)
    .set({ status: final ? 'failed' : 'queued', error: error.slice(0, 2000), ...(final ? { finishedAt: new Date() } : {}), heartbeatAt: new Date() })
    .where(and(eq(jobRuns.id, id), inArray(jobRuns.status, ['queued', 'running'])));
}

export async function markCancelled(db: Queryable, id: string): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set({ status: 'cancelled', finishedAt: new Date() })
    .where(and(eq(jobRuns.id, id), inArray(jobRuns.status, ['queued', 'running'])))
    .returning({ id: jobRuns.id });
  return rows.length > 0;
}

/**
 * The throttled progress writer shared by the worker and the CLI: at most one UPDATE per `everyMs`, plus
 * the last. `onCancelled` is called when an UPDATE finds the run cancelled (the worker aborts the run).
 */
export function progressWriter(db: Queryable, id: string, everyMs = 500, onCancelled?: () => void) {
  let last = 0;
  let pending: { done: number; total?: number; note?: string } | undefined;
  let total: number | undefined;
  let note: string | undefined;
  return {
    async report(done: number, t?: number, n?: string) {
      if (t !== undefined) total = t;
      if (n !== undefined) note = n;
      pending = { done, total, note };
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      pending = undefined;
      if ((await recordProgress(db, id, done, total, note)) === 'cancelled') onCancelled?.();
    },
    async flush() {
      if (pending) await recordProgress(db, id, pending.done, pending.total, pending.note);
      pending = undefined;
    },
  };
}
