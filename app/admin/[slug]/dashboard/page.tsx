import type { Metadata } from 'next';
import { formatCents } from '@/lib/money';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { loadDashboard } from '@/lib/dashboard/service';
import { channelLabels, claimStatuses, statusLabels } from '@/lib/dashboard/stats';
import { percentOfPlan } from '@/lib/dashboard/timeline';
import { formatLongDate, timeZoneName } from '@/lib/settlements/deadlines';
import { amountsText, basisText, percentText } from '@/lib/settlements/estimate';
import { ClaimsPerDayChart, IntakeVsPlanChart, StatusChart } from './charts';
import { noticeCounts } from '@/lib/notices/counts';
import { NoticePanel } from './notice-panel';
import { FraudPanel } from './fraud-panel';
import { DisbursementPanel } from './disbursement-panel';

export const metadata: Metadata = { title: 'Dashboard' };

const n = (v: number) => v.toLocaleString('en-US');

export default async function DashboardPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { user, settlement } = await requireStaff('dashboard:view', { settlementSlug: slug });
  const s = settlement!;
  const d = await loadDashboard(await getDb(), s);
  const notices = await noticeCounts(await getDb(), s.id);
  const c = s.config;
  const tierName = new Map(c.tiers.map((t) => [t.key, t.name]));
  const ofPlan = d.expectedToDate ? percentOfPlan(d.claims.total, d.expectedToDate) : null;
  const p = d.projection;
  const t = d.ifEndedToday;
  const soon = d.timeline.filter((t) => t.state === 'due-soon');
  return (
    <div className="admin-page dash">
      <div className="page-head">
        <h1>{c.shortName}</h1>
        <p className="muted">
          {c.caseName} · {c.caseNumber} · today is {formatLongDate(d.today)} ({timeZoneName(c.dates.timeZone)})
        </p>
      </div>
      {soon.map((t) => (
        <p key={t.key} className="alert warn" role="status">
          <strong>{t.label}</strong> is {t.when === 'today' ? 'today' : `in ${t.days} day${t.days === 1 ? '' : 's'}`} ({formatLongDate(t.date)}). Before it: {t.checklist.join('; ')}.
        </p>
      ))}

      <section className="kpis" aria-label="Key figures">
        <Kpi label="Claims received" value={n(d.claims.total)} note={d.expectedToDate !== null ? `${ofPlan} of the ${n(d.expectedToDate)} expected by today` : undefined} testId="kpi-claims" />
        <Kpi label="Claim rate" value={c.classSize ? `${((100 * d.claims.total) / c.classSize).toFixed(c.classSize > 1e6 ? 3 : 1)}%` : '—'} note={`expected ${(100 * c.expectedClaimRate).toFixed(1)}% of ${c.classSize ? n(c.classSize) : '?'}`} />
        <Kpi label="Opt-outs" value={n(d.filings.optOuts.total)} note={`${n(d.filings.optOuts.late)} late`} href={can(user.role, 'filings:view') ? `/admin/${slug}/opt-outs` : undefined} />
        <Kpi label="Objections" value={n(d.filings.objections.total)} note={`${n(d.filings.objections.late)} late`} href={can(user.role, 'filings:view') ? `/admin/${slug}/objections` : undefined} />
        <Kpi label="Open deficiencies" value={n(d.filings.deficiencies.open)} note={`${n(d.filings.deficiencies.cured)} cured`} />
        <Kpi
          label="Per share, projected"
          value={p ? formatCents(p.perShareCents) : '—'}
          note={p ? `at the expected ${percentText(p.claimRate!)} claim rate (${n(p.claimants)} claimants)` : 'needs a class size and fixed shares'}
          href="#estimate-h"
          testId="kpi-projection"
        />
        <Kpi
          label="Per share if claims ended today"
          value={t ? formatCents(t.perShareCents) : '—'}
          note={t ? `on the ${n(t.claimants)} claims so far (${n(t.shares)} shares)` : 'no payable claim yet'}
          href="#estimate-h"
          testId="kpi-today"
        />
      </section>

      <section className="card" aria-labelledby="deadlines-h">
        <h2 id="deadlines-h">Key dates</h2>
        <ol className="deadline-line">
          {d.timeline.map((t) => (
            <li key={t.key} className={t.state} data-testid={`deadline-${t.key}`}>
              <span className="dl-dot" aria-hidden="true" />
              <span className="dl-date">{formatLongDate(t.date)}</span>
              <span className="dl-label">{t.label}</span>
              <span className={`badge ${t.state === 'due-soon' ? 'warn' : t.state === 'past' ? '' : 'ok'}`}>{t.when}</span>
              {t.state !== 'past' && (
                <details>
                  <summary>Work due before it</summary>
                  <ul>
                    {t.checklist.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ol>
      </section>

      <div className="dash-grid">
        <section className="card" aria-labelledby="perday-h">
          <h2 id="perday-h">Claims against plan</h2>
          <p className="plan-ratio" data-testid="plan-ratio">
            {ofPlan === null ? (
              'Set the class size in the settings to compare with the expected rate.'
            ) : (
              <>
                <strong>{ofPlan} of plan</strong>: {n(d.claims.total)} claims received against {n(d.expectedToDate!)} expected by today.
              </>
            )}
          </p>
          <IntakeVsPlanChart daily={d.daily} percent={ofPlan} />
          <p className="muted small">
            Both lines are running totals on the same scale. Plan: class size × expected claim rate ({d.expectedTotal !== null ? n(d.expectedTotal) : '—'} claims by the deadline), half arriving in a wave after notice that halves weekly, 30% evenly, 20% in the last two weeks.
          </p>
          <h3 className="chart-title">Claims received per day</h3>
          <ClaimsPerDayChart daily={d.daily} />
          <details className="data-alt">
            <summary>Claims per day as a table</summary>
            <div className="table-wrap">
              <table className="dense">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col" className="num">Claims</th>
                    <th scope="col" className="num">Expected</th>
                    <th scope="col" className="num">Received to date</th>
                    <th scope="col" className="num">Expected to date</th>
                  </tr>
                </thead>
                <tbody>
                  {d.daily.map((x) => (
                    <tr key={x.day}>
                      <td>{x.day}</td>
                      <td className="num">{n(x.claims)}</td>
                      <td className="num">{x.expected === null ? '—' : n(x.expected)}</td>
                      <td className="num">{n(x.cumulative)}</td>
                      <td className="num">{x.cumulativeExpected === null ? '—' : n(x.cumulativeExpected)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </section>

        <NoticePanel counts={notices} slug={slug} canManage={can(user.role, 'notices:manage')} />
        <DisbursementPanel settlement={s} slug={slug} canRun={can(user.role, 'disbursements:run')} />

        <FraudPanel data={d.fraud} />

        <section className="card" aria-labelledby="status-h">
          <h2 id="status-h">Claims by status</h2>
          <StatusChart labels={claimStatuses.map((st) => statusLabels[st])} values={claimStatuses.map((st) => d.claims.byStatus[st])} />
          <table className="dense breakdown" data-testid="status-table">
            <caption className="visually-hidden">Claims by status</caption>
            <tbody>
              {claimStatuses.map((st) => (
                <tr key={st}>
                  <th scope="row">
                    <Link href={`/admin/${slug}/claims?status=${st}`}>{statusLabels[st]}</Link>
                  </th>
                  <td className="num">{n(d.claims.byStatus[st])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card" aria-labelledby="tier-h">
          <h2 id="tier-h">By tier and channel</h2>
          <table className="dense breakdown">
            <caption className="visually-hidden">Claims by tier and by channel</caption>
            <tbody>
              {Object.entries(d.claims.byTier).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{tierName.get(k) ?? k}</th>
                  <td className="num">{n(v)}</td>
                </tr>
              ))}
              {Object.entries(d.claims.byChannel).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{channelLabels[k] ?? k}</th>
                  <td className="num">{n(v)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Late claims</th>
                <td className="num">{n(d.claims.late)}</td>
              </tr>
            </tbody>
          </table>
        </section>
      </div>

      <section className="card estimate-basis" aria-labelledby="estimate-h" data-testid="estimate">
        <h2 id="estimate-h">Estimated payment</h2>
        <p className="muted small">Net settlement fund {formatCents(d.netFundCents)}, divided by the total shares; the share value is rounded down to the cent, so an estimate never promises more than the fund.</p>
        <dl className="kv">
          <dt>Projection (stated on the website and in the declaration)</dt>
          <dd data-testid="estimate-projection">{p ? <><strong>{amountsText(p)}</strong>. {basisText(p, c.classSize)}</> : 'No projection: it needs the class size and fixed shares for every group.'}</dd>
          <dt>If the claim period ended today</dt>
          <dd data-testid="estimate-today">
            {t ? <><strong>{amountsText(t)}</strong>. {basisText(t)}{ofPlan !== null && ` That is ${ofPlan} of the claims expected by today, so this figure is far from the final one.`}</> : 'No claim that may be paid yet.'}
          </dd>
        </dl>
      </section>
    </div>
  );
}

function Kpi({ label, value, note, href, testId }: { label: string; value: string; note?: string; href?: string; testId?: string }) {
  const body = (
    <>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
      {note && <span className="kpi-note">{note}</span>}
    </>
  );
  return href ? (
    <Link className="kpi" href={href} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className="kpi" data-testid={testId}>
      {body}
    </div>
  );
}
