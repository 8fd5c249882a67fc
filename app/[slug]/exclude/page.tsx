import type { Metadata } from 'next';
import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { timeLeft } from '@/lib/settlements/deadlines';
import { deadlineText } from '@/lib/settlements/notice-text';
import { loadSettlement } from '../_site/settlement';
import { submitOptOut } from './actions';
import { ExcludeForm } from './exclude-form';

export const metadata: Metadata = { title: 'Exclude myself' };

export default async function ExcludePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = (await loadSettlement(slug)).config;
  const tz = c.dates.timeZone;
  const left = timeLeft(new Date(), c.dates.optOutDeadline, tz);
  return (
    <main id="main" className="container narrow">
      <p className="breadcrumb">
        <Link href={`/${slug}`}>{c.shortName}</Link> › Exclude myself
      </p>
      <h1>Exclude yourself from the settlement</h1>
      <div id="exclude-intro">
        {left.passed ? (
          <div className="alert warn" role="status">
            <b>The deadline to exclude yourself has passed</b> ({deadlineText(c.dates.optOutDeadline, tz)}). You can still send a request: it will
            be recorded as late, and the Court will decide whether to accept it.
          </div>
        ) : (
          <p className="deadline-callout">
            Deadline: <b>{deadlineText(c.dates.optOutDeadline, tz)}</b> <span className="badge ok">{left.label}</span>
          </p>
        )}
        <div className="card consequences">
          <h2>What excluding yourself means</h2>
          <ul>
            <li>
              <b>You will get no payment</b> from this settlement.
            </li>
            <li>You will not be bound by the settlement or by the Court&apos;s judgment.</li>
            <li>
              <b>You keep your right to sue</b> {c.defendant} on your own, at your own expense, about the claims in this case. Time limits for
              filing a lawsuit may apply; you may want to talk to a lawyer.
            </li>
            <li>You cannot object to the settlement: an excluded person is no longer part of the class.</li>
          </ul>
          <p>
            If you want a payment, do not exclude yourself — <Link href={`/${slug}/claim`}>file a claim</Link> instead. If you want to tell the
            Court you dislike the settlement, you can <Link href={`/${slug}/object`}>object</Link> instead.
          </p>
          <p className="small">
            <b>One person per request.</b> Each class member must ask to be excluded for themself. Requests made for a group of people, or by a
            lawyer, company or other third party on behalf of several class members (“mass opt-outs”), are not accepted. A parent or legal
            guardian may sign for a class member under 18.
          </p>
          <p className="small muted">You may also mail a signed letter with the same information to {c.contact.mail}, postmarked by the deadline.</p>
        </div>
      </div>
      <ExcludeForm action={submitOptOut.bind(null, slug)} idempotencyKey={randomUUID()} />
    </main>
  );
}
