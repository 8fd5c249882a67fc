import Link from 'next/link';
import { getDb } from '@/db/client';
import { disbursementOverview } from '@/lib/disburse/overview';
import { formatCents } from '@/lib/money';
import type { Settlement } from '@/lib/settlements/service';
import { railName, RailProgress } from '../disbursements/progress';
import { DisbursementChart } from './disbursement-chart';

/**
 * The dashboard's disbursement panel (lib/disburse/overview.ts): per approved run and rail the progress,
 * the money remaining in the fund, failures and re-issues, and a reconciliation mismatch as an alert.
 * Renders nothing before a run is approved. It loads its own data so the dashboard page needs one line.
 */
export async function DisbursementPanel({ settlement, slug, canRun }: { settlement: Settlement; slug: string; canRun: boolean }) {
  const o = await disbursementOverview(await getDb(), settlement, { failuresPerRun: 0 });
  if (o.runs.length === 0) return null;
  const dollars = (c: number) => c / 100;
  return (
    <section className="card disbursement-panel" aria-labelledby="disb-h" data-testid="disbursement-panel">
      <h2 id="disb-h">Disbursement</h2>
      <p>
        Remaining in the fund: <strong>{formatCents(o.remainingCents)}</strong> of {formatCents(o.netFundCents)} ({formatCents(o.paidCents)} paid).
      </p>
      {o.runs.map((r) => {
        const rec = r.reconciliation;
        const problem = rec.total.failed.count + rec.total.returned.count + rec.total.unclaimed.count + rec.total.voided.count + rec.total.uncashed.count;
        return (
          <div key={r.runId} className="stack">
            <h3>
              Round {r.round} · run {r.runId.slice(0, 8)}
            </h3>
            {!rec.balanced && (
              <p className="alert error" role="alert">
                Reconciliation mismatch: {rec.exceptions[0]}
                {rec.exceptions.length > 1 ? ` (and ${rec.exceptions.length - 1} more)` : ''}
              </p>
            )}
            <DisbursementChart
              rails={rec.rails.map((l) => ({
                rail: railName(l.rail),
                confirmed: dollars(l.confirmed.cents),
                sent: dollars(l.sent.cents),
                notSent: dollars(l.not_sent.cents),
                problem: dollars(l.failed.cents + l.returned.cents + l.unclaimed.cents + l.voided.cents + l.uncashed.cents),
              }))}
            />
            {rec.rails.map((l) => (
              <RailProgress key={l.rail} line={l} compact />
            ))}
            <p className="small">
              {problem} payment(s) failed, returned, unclaimed or voided · {r.reissues} re-issued
            </p>
          </div>
        );
      })}
      {canRun && <Link href={`/admin/${slug}/disbursements`}>Disbursements →</Link>}
    </section>
  );
}
