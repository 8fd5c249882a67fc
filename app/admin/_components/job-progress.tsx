'use client';
import { useEffect, useState } from 'react';
import type { JobRunView } from '@/lib/jobs/view';

const STATUS: Record<JobRunView['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/**
 * A job run's progress bar. Polls GET /api/admin/[slug]/jobs/[id] every second while the run is queued
 * or running and stops when it ends. The state lives in job_runs, so leaving the page and coming back
 * (or another staff member opening it) shows the same bar. Mount: <JobProgress slug={slug} runId={id} />,
 * optionally with `initial` (the server's view, so the first paint has the bar without waiting).
 */
export function JobProgress({ slug, runId, initial, label }: { slug: string; runId: string; initial?: JobRunView; label?: string }) {
  const [run, setRun] = useState<JobRunView | undefined>(initial);
  const [lost, setLost] = useState(false);
  const active = !run || run.status === 'queued' || run.status === 'running';
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const tick = async () => {
      try {
        const res = await fetch(`/api/admin/${encodeURIComponent(slug)}/jobs/${encodeURIComponent(runId)}`, { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const v = (await res.json()) as JobRunView;
        if (!stopped) {
          setRun(v);
          setLost(false);
        }
      } catch {
        if (!stopped) setLost(true);
      }
    };
    void tick();
    const timer = setInterval(tick, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [slug, runId, active]);

  const name = label ?? run?.name ?? 'Job';
  const pct = run?.total ? Math.min(100, Math.round((100 * run.done) / run.total)) : undefined;
  const text = !run
    ? 'Loading…'
    : `${STATUS[run.status]}${run.total ? `: ${run.done.toLocaleString('en-US')} of ${run.total.toLocaleString('en-US')} (${pct}%)` : run.done ? `: ${run.done.toLocaleString('en-US')} done` : ''}${run.note && run.status === 'running' ? ` — ${run.note}` : ''}`;
  return (
    <div className={`job-progress job-${run?.status ?? 'loading'}`} data-testid="job-progress" data-status={run?.status}>
      <progress aria-label={`${name} progress`} {...barProps(run)} />
      <p className="job-progress-text" role="status" aria-live="polite">
        {text}
        {run?.attempts && run.attempts > 1 ? ` (attempt ${run.attempts})` : ''}
      </p>
      {run?.stale && <p className="inline-msg error">No progress for over two minutes: the worker may have stopped; the job is retried when it expires.</p>}
      {run?.status === 'failed' && run.error && (
        <p className="inline-msg error" role="alert">
          {run.error}
        </p>
      )}
      {lost && <p className="muted">Cannot reach the server; retrying…</p>}
    </div>
  );
}

/** A bar with a known total shows done/total; a finished run without one is full; an active one without one is indeterminate. */
function barProps(run: JobRunView | undefined): { value?: number; max?: number } {
  if (run?.total) return { value: Math.min(run.done, run.total), max: run.total };
  if (run?.status === 'succeeded') return { value: 1, max: 1 };
  if (!run || run.status === 'queued' || run.status === 'running') return {};
  return { value: 0, max: 1 };
}
