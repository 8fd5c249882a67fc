import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { deadlineInstant, formatLongDate, localDate, timeZoneName } from '@/lib/settlements/deadlines';
import { enterPaperOptOutAction } from './actions';
import { PaperOptOutForm } from './paper-opt-out-form';

export const metadata: Metadata = { title: 'Key in a paper request for exclusion' };

export default async function PaperOptOutPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { settlement } = await requireStaff('filings:enter', { settlementSlug: slug });
  const d = settlement!.config.dates;
  // The zone as a reader says it ("Eastern Time"), at the deadline itself (daylight saving).
  const zone = timeZoneName(d.timeZone, deadlineInstant(d.optOutDeadline, d.timeZone));
  return (
    <div className="admin-page narrow-page">
      <p className="small">
        <Link href={`/admin/${slug}/opt-outs`}>← Requests for exclusion</Link>
      </p>
      <div className="page-head">
        <h1>Key in a paper request for exclusion</h1>
        <p className="muted">
          Key in a request received by mail exactly as written. The web form&apos;s checks apply. The postmark decides whether it is on time: postmarked on or before{' '}
          {formatLongDate(d.optOutDeadline)} ({zone}) is timely; a later one is kept and marked late.
        </p>
      </div>
      <PaperOptOutForm action={enterPaperOptOutAction.bind(null, slug)} today={localDate(new Date(), d.timeZone)} deadline={formatLongDate(d.optOutDeadline)} />
    </div>
  );
}
