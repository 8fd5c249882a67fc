import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { settlements } from './settlements';

export const jobRunStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobRunStatus = (typeof jobRunStatuses)[number];

/**
 * One row per run of a job (lib/jobs): the source of truth for status and progress that the console and
 * the CLI read. pg-boss keeps its own schema (`pgboss`) for delivery; this table outlives its archive.
 * `params` holds only what the job needs to find its work (file paths, ids, counts) — never personal data.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    settlementId: uuid('settlement_id').references(() => settlements.id),
    name: text('name').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<JobRunStatus>().notNull().default('queued'),
    progressDone: bigint('progress_done', { mode: 'number' }).notNull().default(0),
    progressTotal: bigint('progress_total', { mode: 'number' }),
    progressNote: text('progress_note'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    /** The staff e-mail (or CLI operator) that started the run. */
    actor: text('actor').notNull(),
    /** The pg-boss job id; null for a run the CLI did in its own process. */
    bossJobId: uuid('boss_job_id'),
    /** How many times a worker has started it (a redelivery after a crash or a retry adds one). */
    attempts: integer('attempts').notNull().default(0),
    /** 'queue' (a worker ran it) or 'cli' (runJobHere in the operator's process). */
    via: text('via').notNull().default('queue'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Touched with each progress report; a running row with an old heartbeat is a worker that died. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  },
  (t) => [index('job_runs_settlement_idx').on(t.settlementId, t.createdAt), index('job_runs_status_idx').on(t.status)],
);
