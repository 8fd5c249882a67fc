import type { Metadata } from 'next';
import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { formatLongDate, timeLeft } from '@/lib/settlements/deadlines';
import { deadlineText } from '@/lib/settlements/notice-text';
import { loadSettlement } from '../_site/settlement';
import { submitObjection } from './actions';
import { ObjectionForm } from './objection-form';

export const metadata: Metadata = { title: 'Object to the settlement' };

export default async function ObjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = (await loadSettlement(slug)).config;
  const tz = c.dates.timeZone;
  const left = timeLeft(new Date(), c.dates.objectionDeadline, tz);
  return (
    <main id="main" className="container narrow">
      <p className="breadcrumb">
        <Link href={`/${slug}`}>{c.shortName}</Link> › Object
      </p>
      <h1>Object to the settlement</h1>
      {left.passed ? (
        <div className="alert warn" role="status">
          <b>The deadline to object has passed</b> ({deadlineText(c.dates.objectionDeadline, tz)}). You can still send an objection: it will be
          recorded as late, and the Court will decide whether to consider it.
        </div>
      ) : (
        <p className="deadline-callout">
          Deadline: <b>{deadlineText(c.dates.objectionDeadline, tz)}</b> <span className="badge ok">{left.label}</span>
        </p>
      )}
      <div className="card consequences">
        <h2>What objecting means</h2>
        <ul>
          <li>You tell the Court why you think the settlement, the plan of allocation, or the requested attorneys&apos; fees are not fair.</li>
          <li>
            <b>You stay in the class.</b> You can still <Link href={`/${slug}/claim`}>file a claim</Link> and be paid if the settlement is approved.
            If the Court approves it anyway, you are bound by it.
          </li>
          <li>
            Only class members can object. <b>If you exclude yourself, you cannot object.</b>
          </li>
          <li>
            The Court will consider objections at the Final Approval Hearing on <b>{formatLongDate(c.dates.finalApprovalHearing)}</b>. Your objection
            is filed with the Court and sent to the lawyers for both sides.
          </li>
        </ul>
      </div>
      <ObjectionForm action={submitObjection.bind(null, slug)} idempotencyKey={randomUUID()} hearing={formatLongDate(c.dates.finalApprovalHearing)} />
    </main>
  );
}
