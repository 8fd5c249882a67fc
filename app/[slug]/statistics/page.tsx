import type { Metadata } from 'next';
import Link from 'next/link';
import { formatCents } from '@/lib/money';
import { timeLeft } from '@/lib/settlements/deadlines';
import { percentText, tierMixText } from '@/lib/settlements/estimate';
import { publicStatistics } from '@/lib/settlements/statistics';
import { loadSettlement } from '../_site/settlement';
import { KeyDates } from '../_site/sections';
import { loadPublicFigures } from './data';

export const metadata: Metadata = { title: 'Settlement statistics' };

const n = (v: number) => v.toLocaleString('en-US');

/** Live, cached, aggregate-only figures for claimants, the press and the Court's observers. */
export default async function StatisticsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const settlement = await loadSettlement(slug);
  const c = settlement.config;
  const figures = await loadPublicFigures(settlement);
  const s = publicStatistics(c, { filed: figures.filed, payableClaims: figures.payableClaims, payableShares: figures.payableShares }, figures.amounts);
  const ofExpected = s.expectedClaimants ? Math.min(1, s.claimsFiled / s.expectedClaimants) : null;
  // Early in the claim period the fund divided among the first claims is hundreds of times what anyone
  // will be paid (the declaration withholds it for the same reason): shown once claims hold more shares
  // than the projection assumes, or once the claim deadline has passed.
  const deadlinePassed = timeLeft(new Date(), c.dates.claimDeadline, c.dates.timeZone).passed;
  const todayMeaningful = !!s.today && (deadlinePassed || !s.projection || s.today.shares > s.projection.shares);
  const todayWhy = s.today
    ? `Not shown yet: ${n(s.claimsFiled)} claims are a small part of the ${s.expectedClaimants ? n(s.expectedClaimants) : 'many'} expected, and dividing the fund among them alone would overstate every payment many times over.`
    : 'No claim that may be paid has been filed yet.';
  return (
    <main id="main" className="container narrow claim-page">
      <p className="back-link">
        <Link href={`/${slug}`}>← Back to the settlement website</Link>
      </p>
      <h1>Settlement statistics</h1>
      <p className="lede">{c.name}. Figures are updated every minute and never show any person’s claim.</p>

      <section aria-labelledby="claims-title">
        <h2 id="claims-title">Claims filed</h2>
        <p className="big-figure" data-testid="stats-claims-filed">
          {n(s.claimsFiled)} <span className="muted small">claims filed so far</span>
        </p>
        {s.expectedClaimants && ofExpected !== null ? (
          <>
            <div
              className="progress"
              role="img"
              aria-label={`${n(s.claimsFiled)} claims filed, ${percentText(s.claimsFiled / s.expectedClaimants)} of the ${n(s.expectedClaimants)} the parties expected`}
            >
              <span style={{ width: `${(ofExpected * 100).toFixed(1)}%` }} />
            </div>
            <p className="muted small">
              The parties expected about {n(s.expectedClaimants)} claims ({percentText(c.expectedClaimRate)} of {n(c.classSize!)} class members).
            </p>
          </>
        ) : null}
        <p>
          Of these, {n(s.payableClaims)} are not denied or withdrawn, holding {n(s.payableShares)} shares.
        </p>
      </section>

      <section aria-labelledby="estimate-title">
        <h2 id="estimate-title">Estimated payment per share</h2>
        <div className="estimate-grid" data-testid="stats-estimates">
          {[
            { key: 'today', label: 'If the claim period ended today', e: todayMeaningful ? s.today : null, why: todayWhy },
            { key: 'projection', label: 'At the expected claim rate', e: s.projection, why: 'The class size is not known, so no projection can be made.' },
          ].map(({ key, label, e, why }) => (
            <div className="card" key={key} data-testid={`stats-estimate-${key}`}>
              <h3>{label}</h3>
              {e ? (
                <dl className="kv">
                  <dt>One share</dt>
                  <dd>{formatCents(e.perShareCents)}</dd>
                  {e.perTier.map((t) => (
                    <div key={t.key} className="kv-row">
                      <dt>{t.name}</dt>
                      <dd>{t.cents != null ? formatCents(t.cents) : 'depends on the member’s records'}</dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <p className="muted">{why}</p>
              )}
            </div>
          ))}
        </div>
        {s.projection ? <p className="muted small">The expected-rate figure assumes {tierMixText(s.projection)}.</p> : null}
        <p className="muted small">
          Both are estimates, not promises: the real amounts are known only after the claim deadline, when valid claims are counted and the Court
          has ruled on fees and costs.
        </p>
      </section>

      {s.distribution ? (
        <section aria-labelledby="distribution-title">
          <h2 id="distribution-title">After distribution</h2>
          <dl className="kv" data-testid="stats-distribution">
            <dt>Claimants paid</dt>
            <dd>{n(s.distribution.paidClaims)}</dd>
            <dt>Total paid</dt>
            <dd>{formatCents(s.distribution.totalCents)}</dd>
            <dt>Average payment</dt>
            <dd>{formatCents(s.distribution.averageCents)}</dd>
            <dt>Median payment</dt>
            <dd>{formatCents(s.distribution.medianCents)}</dd>
            <dt>Smallest and largest</dt>
            <dd>
              {formatCents(s.distribution.smallestCents)} – {formatCents(s.distribution.largestCents)}
            </dd>
          </dl>
        </section>
      ) : null}

      <section aria-labelledby="dates-title">
        <h2 id="dates-title">Key dates</h2>
        <KeyDates config={c} now={new Date()} />
      </section>
    </main>
  );
}
