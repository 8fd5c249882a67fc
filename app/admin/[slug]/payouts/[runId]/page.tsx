import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { formatCents } from '@/lib/money';
import type { RunTotals } from '@/lib/payouts/runner';
import { getRun } from '@/lib/payouts/service';
import { approveRunAction, lockRunAction } from '../actions';
import { PaymentHistogram } from '../histogram';
import { RunActionForm } from '../run-forms';

export const metadata: Metadata = { title: 'Payout run' };

/** "2784.000000" cents → "$27.840000" (exact decimal shift, no floating point). */
function shareDollars(cents: string): string {
  const [whole, frac = ''] = cents.split('.');
  const padded = whole.padStart(3, '0');
  const dollars = padded.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `$${dollars}.${padded.slice(-2)}${frac}`;
}

export default async function PayoutRunPage({ params }: { params: Promise<{ slug: string; runId: string }> }) {
  await connection();
  const { slug, runId } = await params;
  const { user, settlement } = await requireStaff('payouts:compute', { settlementSlug: slug });
  const run = await getRun(await getDb(), settlement!.id, runId);
  if (!run) notFound();
  const t = run.totals as RunTotals | null;
  const mine = run.createdBy === `staff:${user.id}`;
  return (
    <div className="admin-page">
      <div className="page-head">
        <p>
          <Link href={`/admin/${slug}/payouts`}>← Payout runs</Link>
        </p>
        <h1>
          Payout run {run.id.slice(0, 8)} <span className={`badge status-${run.status}`}>{run.status}</span>
        </h1>
        <p className="muted">
          Round {run.round} · configuration version {run.configVersion} · code {run.codeVersion} · {run.phase}
        </p>
      </div>
      {run.error && (
        <p className="inline-msg error" role="alert">
          {run.error}
        </p>
      )}
      <section className="card">
        <h2>Totals</h2>
        <dl className="figures">
          <dt>Net distributable</dt>
          <dd>{formatCents(run.distributableCents)}</dd>
          <dt>Allocated to claims</dt>
          <dd>{formatCents(run.allocatedCents ?? 0)}</dd>
          <dt>Residue</dt>
          <dd>{formatCents(run.residueCents ?? 0)}</dd>
          <dt>Claims</dt>
          <dd>{(run.claims ?? 0).toLocaleString('en-US')}</dd>
          <dt>Smallest / largest payment</dt>
          <dd>{t?.smallestCents != null ? `${formatCents(t.smallestCents)} / ${formatCents(t.largestCents!)}` : '—'}</dd>
          <dt>Claims under the minimum</dt>
          <dd>{(t?.droppedByMinimum ?? 0).toLocaleString('en-US')}</dd>
          {(t?.pools ?? []).map((p) => (
            <div key={p.key}>
              <dt>Share value ({p.key === 'main' ? 'main pool' : p.key})</dt>
              <dd>{shareDollars(p.shareValueCents)} per unit</dd>
            </div>
          ))}
          <dt>Inputs hash</dt>
          <dd>
            <code className="break">{run.inputsHash ?? '—'}</code>
          </dd>
        </dl>
      </section>
      <section className="card">
        <h2>By tier</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Claims</th>
                <th scope="col">Units</th>
                <th scope="col">Amount</th>
                <th scope="col">No payment</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(t?.perTier ?? {}).map(([k, v]) => (
                <tr key={k}>
                  <td>{settlement!.config.tiers.find((x) => x.key === k)?.name ?? k}</td>
                  <td>{v.claims.toLocaleString('en-US')}</td>
                  <td>{v.units.toLocaleString('en-US')}</td>
                  <td>{formatCents(v.cents)}</td>
                  <td>{v.noPayment.toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>Payments</h2>
        <PaymentHistogram bins={t?.histogram ?? []} />
        {run.phase === 'computed' && (
          <p>
            <a className="btn secondary" href={`/api/admin/${slug}/payouts/${run.id}/export`} download>
              Export payments (CSV)
            </a>
          </p>
        )}
      </section>
      {can(user.role, 'payouts:approve') && run.phase === 'computed' && (
        <section className="card">
          <h2>Approval</h2>
          {run.status === 'draft' &&
            (mine ? (
              <p>You computed this run, so someone else with the finance role must approve it.</p>
            ) : (
              <>
                <p>Approve this run as the second person. You will be asked to confirm your password and authenticator code if you have not in the last five minutes.</p>
                <RunActionForm action={approveRunAction.bind(null, slug, run.id)} label="Approve this run" />
              </>
            ))}
          {run.status === 'approved' && <RunActionForm action={lockRunAction.bind(null, slug, run.id)} label="Lock this run for disbursement" />}
          {run.status === 'locked' && <p>Locked: this run is final.</p>}
          {run.status === 'superseded' && <p>Superseded by a newer approved run.</p>}
        </section>
      )}
    </div>
  );
}
