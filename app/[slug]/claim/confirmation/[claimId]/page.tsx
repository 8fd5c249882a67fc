import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/app/_lib/db';
import { spellPublicId } from '@/lib/claims/read-aloud';
import { claimReceipt } from '@/lib/claims/status';
import { formatLongDate } from '@/lib/settlements/deadlines';
import { claimDeadlineLabel } from '../../deadline';
import { loadSettlement } from '../../../_site/settlement';

const tzName = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? '';

export const metadata: Metadata = { title: 'Claim received' };

/** Shown right after filing. Holds no personal data: anyone with the claim ID sees only this. */
export default async function ConfirmationPage({ params }: { params: Promise<{ slug: string; claimId: string }> }) {
  const { slug, claimId } = await params;
  const settlement = await loadSettlement(slug);
  const db = await getDb();
  const receipt = await claimReceipt(db, settlement, decodeURIComponent(claimId));
  if (!receipt) notFound();
  const c = settlement.config;
  return (
    <main id="main" className="container narrow claim-page">
      <p className="back-link">
        <Link href={`/${slug}`}>← Back to the settlement website</Link>
      </p>
      <div className="card confirmation">
        <p className="confirmation-kicker">
          <span className="badge ok">Claim received</span>
        </p>
        <h1>Thank you. We received your claim.</h1>
        <p>Your claim ID is</p>
        <p className="claim-id" aria-describedby="read-aloud">
          {receipt.claimId}
        </p>
        <p className="small muted" id="read-aloud">
          Read aloud: {spellPublicId(receipt.claimId)}. The last character is a check character that catches typing mistakes.
        </p>
        <p>Write it down or keep the confirmation e-mail we sent you. You need it to check your claim or to contact us about it.</p>
        <dl className="kv">
          <dt>Status</dt>
          <dd>
            <span className={`badge ${receipt.status === 'deficient' ? 'warn' : ''}`}>{receipt.statusLabel}</span>
          </dd>
          <dt>Submitted</dt>
          <dd>{new Date(receipt.submittedAt).toLocaleString('en-US', { timeZone: c.dates.timeZone, dateStyle: 'long', timeStyle: 'short' })} {tzName(c.dates.timeZone)}</dd>
        </dl>
      </div>
      {receipt.late ? (
        <div className="alert warn">
          <strong>Your claim is late.</strong> The deadline was {claimDeadlineLabel(c)}. We have kept your claim, but late claims are paid only if the Court allows them.
        </div>
      ) : null}
      {receipt.deficiencies.map((d) => (
        <div key={d.id} className="alert warn">
          <strong>Action needed by {formatLongDate(d.cureBy)}.</strong> {d.message}{' '}
          <Link href={`/${slug}/status?id=${receipt.claimId}`}>Fix it on the Check my claim page</Link>.
        </div>
      ))}
      <section className="card">
        <h2>What happens next</h2>
        <ol className="next-steps">
          <li>We check every claim against {c.platform}’s records. This can take several weeks.</li>
          <li>If anything is missing, we tell you what to fix and give you {c.dates.cureDays} days to fix it.</li>
          <li>
            The Court holds the final approval hearing on {formatLongDate(c.dates.finalApprovalHearing)}. Payments are sent after the settlement is approved and any appeals are resolved.
          </li>
        </ol>
        <p className="actions-inline">
          <Link className="btn" href={`/${slug}/status?id=${receipt.claimId}`}>
            Check my claim
          </Link>
          <Link className="btn secondary" href={`/${slug}`}>
            Back to the settlement website
          </Link>
        </p>
      </section>
    </main>
  );
}
