import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { JobProgress } from '@/app/admin/_components/job-progress';
import { getHandle } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { listStaff } from '@/lib/auth/queries';
import { listRuns } from '@/lib/jobs/runs';
import { isActive, runView } from '@/lib/jobs/view';
import { ActionForm } from '@/app/admin/_components/action-form';
import { cancelJobAction, startJobAction } from './actions';
import { GenerateForm } from './generate-form';

export const metadata: Metadata = { title: 'Jobs' };

const when = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—');

/** Background jobs of the settlement: each run's status, progress, who started it, when, and its outcome. */
export default async function JobsPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { user, settlement } = await requireStaff('jobs:view', { settlementSlug: slug });
  const db = (await getHandle()).db;
  const [runs, staff] = await Promise.all([listRuns(db, { settlementId: settlement!.id, limit: 50 }), listStaff(db)]);
  const who = new Map(staff.map((s) => [`staff:${s.id}`, s.email]));
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Jobs</h1>
        <p className="muted">
          Long work (class-list imports, notices, verification, synthetic data) runs in the background; its progress is kept in the database, so you can leave this page and come back.
        </p>
      </div>
      {can(user.role, 'jobs:run') && (
        <section aria-labelledby="gen-h" className="card">
          <h2 id="gen-h">Generate a synthetic data set</h2>
          <p className="muted">A class list, claims and fraud labels for demos and tests, deterministic from the seed, written to the server&apos;s data folder.</p>
          <GenerateForm slug={slug} action={startJobAction.bind(null, slug)} />
        </section>
      )}
      <section aria-labelledby="runs-h">
        <h2 id="runs-h">Recent runs</h2>
        {runs.length === 0 ? (
          <p className="muted">No jobs have run for this settlement yet.</p>
        ) : (
          <ul className="job-list" data-testid="job-list">
            {runs.map((r) => {
              const v = runView(r);
              return (
                <li key={r.id} className="card job-run" data-testid="job-run">
                  <div className="job-run-head">
                    <strong>{r.name}</strong>
                    <span className="muted">
                      {' '}
                      started by {who.get(r.actor) ?? r.actor} · queued {when(v.createdAt)}
                      {v.finishedAt ? ` · ended ${when(v.finishedAt)}` : ''}
                      {r.via === 'cli' ? ' · from the command line' : ''}
                    </span>
                  </div>
                  <JobProgress slug={slug} runId={r.id} initial={v} label={r.name} />
                  {isActive(r.status) && r.via === 'queue' && can(user.role, 'jobs:run') && (
                    <ActionForm action={cancelJobAction.bind(null, slug, r.id)} label={`Cancel ${r.name}`}>
                      <button type="submit" className="btn secondary">
                        Cancel
                      </button>
                    </ActionForm>
                  )}
                  {r.status === 'succeeded' && r.result && (
                    <dl className="job-result">
                      {Object.entries(r.result).map(([k, val]) => (
                        <div key={k}>
                          <dt>{k}</dt>
                          <dd>{typeof val === 'number' ? val.toLocaleString('en-US') : String(val)}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
