import type { z } from 'zod';
import type { Handle } from '@/db/client';
import type { Permission } from '@/lib/auth/permissions';

/**
 * The contract between long work (class-list import, notice sending, verification, and later fraud
 * scoring, payouts, disbursement) and the queue that runs it (lib/jobs: pg-boss on PostgreSQL, the
 * same code in-process on PGlite). A job's `run` must be idempotent and resumable: pg-boss may deliver
 * it twice and a worker may be killed at any point, so a re-run finishes the work without repeating
 * what is done (keep progress in the database, not in memory).
 */

export type JobProgress = (done: number, total?: number, note?: string) => Promise<void>;

export type JobContext = {
  handle: Handle;
  /** Reports progress; the queue stores it so the console and the CLI can show a bar. */
  progress: JobProgress;
  /** Aborted when the worker shuts down; long loops check it between batches. */
  signal: AbortSignal;
  /** The staff e-mail that started the job (audit rows name it). */
  actor: string;
};

export type JobDefinition<P = unknown, R extends Record<string, unknown> = Record<string, unknown>> = {
  /** e.g. "classlist.import", "notices.send", "verify.run" */
  name: string;
  params: z.ZodType<P>;
  run(ctx: JobContext, params: P): Promise<R>;
  /** The permission a staff member needs to start it from the console (default 'jobs:run'). */
  permission?: Permission;
  /** A short label for the console ("Import the class list"); default the name. */
  title?: string;
  /**
   * Seconds a single attempt may run before pg-boss counts it dead and redelivers it (default 4 h).
   * Also how long a crashed worker's job waits before another worker retries it.
   */
  expireInSeconds?: number;
  /** Redeliveries after a failure or expiry (default 3). */
  retryLimit?: number;
  /** Seconds between a failure and its retry (default 5). */
  retryDelaySeconds?: number;
  /**
   * How the console may start it (the Jobs page's generic start action). Absent: not from the console
   * (the CLI and other code call enqueueJob). `input` is what a staff member may send; `toParams` turns
   * it into the job's params on the server, so server-side values (file paths) never come from the browser.
   */
  fromConsole?: {
    input: z.ZodType<unknown>;
    toParams(input: unknown, ctx: { settlementId: string }): P;
  };
};
