import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { FILE_RAILS, PAYMENT_STATE_LABELS, type PaymentState } from '@/lib/disburse/lifecycle';
import { disbursementOverview, lastRailConfig } from '@/lib/disburse/overview';
import { formatCents } from '@/lib/money';
import { importResultsAction, reissueFailedAction, startDisbursementAction } from './actions';
import { ButtonForm, ImportForm, StartForm } from './forms';
import { railName, RailProgress } from './progress';

export const metadata: Metadata = { title: 'Disbursements' };

/** Rail settings to start from when a rail has never been used in this settlement (the fund fills in its own). */
const TEMPLATES: Record<string, unknown> = {
  paypal: { currency: 'USD', note: 'Your settlement payment', maxRowsPerFile: 5000 },
  prepaid: { program: 'PROGRAM-ID' },
  check: { account: '000123456789', firstCheckNumber: 100001, positivePay: { preset: 'common' }, payerName: 'Settlement Fund', memo: 'Settlement payment' },
  ach: { immediateDestination: '', immediateDestinationName: '', immediateOrigin: '', immediateOriginName: '', companyName: '', companyId: '', originatingDfi: '', entryDescription: 'SETTLEMENT' },
};

export default async function DisbursementsPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { settlement, user } = await requireStaff('disbursements:run', { settlementSlug: slug });
  const db = await getDb();
  const o = await disbursementOverview(db, settlement!);
  const defaults: Record<string, string> = {};
  for (const r of FILE_RAILS) defaults[r] = JSON.stringify((await lastRailConfig(db, settlement!.id, r)) ?? TEMPLATES[r], null, 2);
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Disbursements</h1>
        <p className="muted">
          Pays each approved run once, rail by rail. Starting a disbursement needs a fresh sign-in and a run approved by someone else. Every cent is reconciled per run and rail; a mismatch is shown as an alert.
        </p>
      </div>
      <section className="card" aria-labelledby="fund">
        <h2 id="fund">Fund</h2>
        <dl className="stats">
          <div><dt>Net fund</dt><dd>{formatCents(o.netFundCents)}</dd></div>
          <div><dt>Paid (confirmed)</dt><dd>{formatCents(o.paidCents)}</dd></div>
          <div><dt>Remaining in the fund</dt><dd data-testid="fund-remaining">{formatCents(o.remainingCents)}</dd></div>
        </dl>
        <progress max={Math.max(o.netFundCents, 1)} value={o.paidCents} aria-label="Share of the net fund paid out" />
      </section>
      {o.runs.length === 0 ? (
        <section className="card">
          <p>No approved payout run yet. <Link href={`/admin/${slug}/payouts`}>Payout runs</Link> are computed and approved by two people first.</p>
        </section>
      ) : null}
      {o.runs.map((r) => {
        const rec = r.reconciliation;
        const ownApproval = r.approvedBy === `staff:${user.id}`;
        return (
          <section key={r.runId} className="card" aria-labelledby={`run-${r.runId}`} data-run={r.runId}>
            <h2 id={`run-${r.runId}`}>
              Run <Link href={`/admin/${slug}/payouts/${r.runId}`}>{r.runId.slice(0, 8)}</Link> · round {r.round} · {r.status}
            </h2>
            {rec.balanced ? (
              <p className="alert ok" role="status" data-testid="reconciliation">
                Reconciled: {formatCents(rec.total.intended.cents)} intended = the run’s {formatCents(rec.allocatedCents)}, every bucket and file to the cent.
              </p>
            ) : (
              <div className="alert error" role="alert" data-testid="reconciliation">
                <strong>Reconciliation mismatch ({rec.exceptions.length}).</strong>
                <ul>
                  {rec.exceptions.slice(0, 20).map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              </div>
            )}
            <h3>Progress by rail</h3>
            {rec.rails.map((l) => (
              <RailProgress key={l.rail} line={l} />
            ))}
            <RailProgress line={rec.total} />

            <h3>Start a disbursement</h3>
            {ownApproval ? (
              <p className="alert warn">You approved this run, so someone else with the finance role starts its disbursement.</p>
            ) : (
              <StartForm action={startDisbursementAction.bind(null, slug, r.runId)} runId={r.runId} defaults={defaults} />
            )}

            <h3>Batches</h3>
            {r.batches.length === 0 ? (
              <p className="muted">Nothing sent yet.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Rail</th>
                      <th scope="col">Batch</th>
                      <th scope="col">Status</th>
                      <th scope="col">Payments</th>
                      <th scope="col">Amount</th>
                      <th scope="col">Files</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.batches.map((b) => (
                      <tr key={b.id}>
                        <td>{railName(b.rail)}</td>
                        <td>{b.batchNo}</td>
                        <td>{b.status}</td>
                        <td>{b.payments}</td>
                        <td>{formatCents(b.amountCents)}</td>
                        <td>
                          {b.files.map((f, i) => (
                            <a key={f.name} className="file-link" href={`/api/admin/${slug}/disbursements/${b.id}/files/${i}`} download>
                              {f.name}
                            </a>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}

            <h3>Failures and returns ({r.failures.length})</h3>
            <p className="muted small">Re-issued so far: {r.reissues}. Claimants whose payment failed or came back are e-mailed and can choose another method on their status page.</p>
            {r.failures.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Claim</th>
                        <th scope="col">Rail</th>
                        <th scope="col">State</th>
                        <th scope="col">Code</th>
                        <th scope="col">Attempt</th>
                        <th scope="col">Amount</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.failures.map((f) => (
                        <tr key={f.claimId}>
                          <td>{f.claimId}</td>
                          <td>{f.rail ? railName(f.rail) : '—'}</td>
                          <td>{PAYMENT_STATE_LABELS[f.state as PaymentState] ?? f.state}</td>
                          <td>{f.code ?? '—'}</td>
                          <td>{f.attempt ?? '—'}</td>
                          <td>{formatCents(f.amountCents)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
            {/* Outside the list: after a re-issue the list empties and the outcome must stay on screen. */}
            <ButtonForm action={reissueFailedAction.bind(null, slug, r.runId)} label="Re-issue all failed and returned payments" />
          </section>
        );
      })}
      <section className="card" aria-labelledby="import">
        <h2 id="import">Import results from a rail</h2>
        <p className="muted small">All or nothing: a file with a bad row is refused with its file:line:column.</p>
        <ImportForm action={importResultsAction.bind(null, slug)} />
      </section>
    </div>
  );
}
