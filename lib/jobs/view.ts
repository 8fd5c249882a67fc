import type { JobRun } from './runs';

/** What the console shows of a run (JSON-safe; no params, which may name server paths). */
export type JobRunView = {
  id: string;
  name: string;
  status: JobRun['status'];
  done: number;
  total: number | null;
  note: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
  actor: string;
  attempts: number;
  via: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** A running run whose last heartbeat is over two minutes old: its worker probably died (it will be retried when its job expires). */
  stale: boolean;
};

export function runView(r: JobRun, now = Date.now()): JobRunView {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    done: r.progressDone,
    total: r.progressTotal,
    note: r.progressNote,
    result: r.result ?? null,
    error: r.error,
    actor: r.actor,
    attempts: r.attempts,
    via: r.via,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    stale: r.status === 'running' && !!r.heartbeatAt && now - r.heartbeatAt.getTime() > 120_000,
  };
}

export const isActive = (status: string) => status === 'queued' || status === 'running';
