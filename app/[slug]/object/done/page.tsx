import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/app/_lib/db';
import { parsePublicId } from '@/lib/claims/claim-id';
import { findObjectionReceipt } from '@/lib/filings/queries';
import { formatLongDate } from '@/lib/settlements/deadlines';
import { loadSettlement } from '../../_site/settlement';
import { Receipt } from '../../_site/receipt';

export const metadata: Metadata = { title: 'Objection received' };

export default async function ObjectionDone({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ id?: string }> }) {
  const { slug } = await params;
  const settlement = await loadSettlement(slug);
  const id = parsePublicId((await searchParams).id ?? '', 'OB');
  const receipt = id ? await findObjectionReceipt(await getDb(), settlement.id, id) : null;
  if (!receipt) notFound();
  const c = settlement.config;
  return (
    <main id="main" className="container narrow">
      <Receipt title="We received your objection" idLabel="Objection ID" receipt={receipt} timeZone={c.dates.timeZone} lateText="Your objection arrived after the deadline. It has been recorded as late; the Court will decide whether to consider it.">
        {receipt.alsoExcluded && (
          <div className="alert warn">
            Our records also show a request for exclusion from your email address. Excluded class members cannot object. Unless you withdraw your
            exclusion request before the deadline by contacting the Administrator, the Court will treat you as excluded and may not consider your
            objection.
          </div>
        )}
        <h2>What happens now</h2>
        <ul>
          <li>Your objection will be filed with the Court and sent to Class Counsel and Defense Counsel.</li>
          <li>
            The Court will consider it at the Final Approval Hearing on {formatLongDate(c.dates.finalApprovalHearing)}.
            {receipt.willAppear ? ' You said you intend to appear; check this website before the hearing in case the date or time changes.' : ''}
          </li>
          <li>You remain a class member. You can still <Link href={`/${slug}/claim`}>file a claim</Link>.</li>
          <li>We sent a confirmation to your email address. Keep your objection ID.</li>
        </ul>
        <p>
          <Link href={`/${slug}`}>Back to the settlement website</Link>
        </p>
      </Receipt>
    </main>
  );
}
