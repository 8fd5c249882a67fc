import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { formatCents } from '@/lib/money';
import { listRuns } from '@/lib/payouts/service';
import { computeRunAction } from './actions';
import { RunActionForm } from './run-forms';

export const metadata: Metadata = { title: 'Payouts' };

export default async function PayoutsPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { settlement } = await requireStaff('payouts:compute', { settlementSlug: slug });
  const runs = await listRuns(await getDb(), settlement!.id);
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Payout runs</h1>
        <p className="muted">
          A run computes every approved claim’s payment from the plan of allocation, exactly to the cent. A draft is approved by a second person with the finance role, then locked for disbursement.
        </p>
      </div>
      <section className="card">
        <h2>New draft run</h2>
        <p>Computes a draft from the approved claims now (nothing is paid). You can compare it with earlier runs before anyone approves it.</p>
        <RunActionForm action={computeRunAction.bind(null, slug)} label="Compute a draft run" />
      </section>
      <section className="card">
        <h2>Runs</h2>
        {runs.length === 0 ? (
          <p className="muted">No payout runs yet.</p>
        ) : (
          <form method="get" action={`/admin/${slug}/payouts/compare`}>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Compare</th>
                    <th scope="col">Run</th>
                    <th scope="col">Round</th>
                    <th scope="col">Status</th>
                    <th scope="col">Claims</th>
                    <th scope="col">Allocated</th>
                    <th scope="col">Computed</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <label>
                          <input type="checkbox" name="run" value={r.id} /> <span className="visually-hidden">compare run {r.id.slice(0, 8)}</span>
                        </label>
                      </td>
                      <td>
                        <Link href={`/admin/${slug}/payouts/${r.id}`}>{r.id.slice(0, 8)}</Link>
                      </td>
                      <td>{r.round}</td>
                      <td>{r.phase === 'computed' ? r.status : `${r.status} (${r.phase})`}</td>
                      <td>{(r.claims ?? 0).toLocaleString('en-US')}</td>
                      <td>{formatCents(r.allocatedCents ?? 0)}</td>
                      <td>{r.computedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              <button type="submit" className="btn secondary">Compare the two selected runs</button>
            </p>
          </form>
        )}
      </section>
      <p className="muted small">
        From the command line: <code>npx fairshare payouts compute --settlement {slug}</code>, <code>payouts approve RUN --actor EMAIL</code>, <code>payouts verify RUN</code>.
      </p>
    </div>
  );
}
