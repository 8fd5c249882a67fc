import type { FraudPanelData } from '@/lib/dashboard/fraud';
import { reasonLabel } from '@/lib/fraud/codes';
import { formatLongDate } from '@/lib/settlements/deadlines';

const n = (v: number) => v.toLocaleString('en-US');

/** The dashboard's fraud panel: flags by reason, clusters, the review backlog and throughput, and the campaign alert. */
export function FraudPanel({ data: d }: { data: FraudPanelData }) {
  const reasons = Object.entries(d.byReason).sort((a, b) => b[1] - a[1]);
  const decided = d.throughput.reduce((a, x) => a + x.decisions, 0);
  return (
    <section className="card fraud-panel" aria-labelledby="fraud-h" data-testid="fraud-panel">
      <h2 id="fraud-h">Fraud</h2>
      {d.alerts.map((a) =>
        a.kind === 'volume' ? (
          <p key={`v-${a.day}`} className="alert warn" role="status" data-testid="campaign-alert">
            <strong>Possible claim campaign:</strong> {n(a.claims)} claims on {formatLongDate(a.day)}, {a.ratio}× the {n(a.expected)} a day the class size explains.
          </p>
        ) : (
          <p key={`c-${a.clusterId}`} className="alert warn" role="status" data-testid="campaign-alert">
            <strong>Cluster growing fast:</strong> cluster {a.clusterId} has {n(a.size)} claims, up from {n(a.previous)} at the previous scoring run.
          </p>
        ),
      )}
      {d.run === null ? (
        <p className="muted">No scoring run yet. Run <code>fairshare fraud score</code> to score every claim.</p>
      ) : (
        <>
          <p className="small muted">
            Last scoring run {formatLongDate(d.run.finishedAt.slice(0, 10))}: {n(d.run.claimsScored)} claims, rules {d.run.rulesetVersion}.
          </p>
          <table className="dense breakdown" data-testid="fraud-actions">
            <caption className="visually-hidden">Claims by fraud action and review backlog</caption>
            <tbody>
              <tr>
                <th scope="row">Flagged for review</th>
                <td className="num">{n(d.byAction.review ?? 0)}</td>
              </tr>
              <tr>
                <th scope="row">Recommended for denial</th>
                <td className="num">{n(d.byAction.recommend_deny ?? 0)}</td>
              </tr>
              <tr>
                <th scope="row">Still waiting for a reviewer</th>
                <td className="num" data-testid="fraud-backlog">
                  {n(d.backlog.review + d.backlog.recommendDeny)}
                  {d.backlog.capped ? '+' : ''}
                </td>
              </tr>
              <tr>
                <th scope="row">Clusters (largest)</th>
                <td className="num" data-testid="fraud-clusters">
                  {n(d.clusters.count)} ({n(d.clusters.largest)})
                </td>
              </tr>
            </tbody>
          </table>
          <h3 className="chart-title">Flags by reason</h3>
          {reasons.length === 0 ? (
            <p className="muted small">No flags.</p>
          ) : (
            <table className="dense breakdown" data-testid="fraud-reasons">
              <caption className="visually-hidden">Claims by fraud reason code</caption>
              <tbody>
                {reasons.map(([code, v]) => (
                  <tr key={code}>
                    <th scope="row">
                      {reasonLabel(code)} <code className="muted small">{code}</code>
                    </th>
                    <td className="num">{n(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <details className="data-alt">
        <summary>
          Decisions in the last {d.throughput.length} days: {n(decided)}
        </summary>
        <div className="table-wrap">
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">Decisions</th>
              </tr>
            </thead>
            <tbody>
              {d.throughput.map((x) => (
                <tr key={x.day}>
                  <td>{x.day}</td>
                  <td className="num">{n(x.decisions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
