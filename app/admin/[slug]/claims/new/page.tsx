import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { localDate } from '@/lib/settlements/deadlines';
import { enterPaperClaimAction } from './actions';
import { PaperClaimForm } from './paper-form';

export const metadata: Metadata = { title: 'Enter a paper claim' };

export default async function PaperClaimPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { settlement } = await requireStaff('claims:enter', { settlementSlug: slug });
  const c = settlement!.config;
  return (
    <div className="admin-page">
      <p className="small">
        <Link href={`/admin/${slug}/claims`}>← Claims</Link>
      </p>
      <div className="page-head">
        <h1>Enter a paper claim</h1>
        <p className="muted">
          Key in a claim form received by mail exactly as written. The same checks as the web form apply. The postmark decides whether it is on time: postmarked on or before{' '}
          {c.dates.claimDeadline} ({c.dates.timeZone}) is timely.
        </p>
      </div>
      <PaperClaimForm
        action={enterPaperClaimAction.bind(null, slug)}
        today={localDate(new Date(), c.dates.timeZone)}
        attestations={c.attestations.map((a) => ({ key: a.key, label: a.label }))}
        paymentMethods={c.paymentMethods}
        identifierLabel={c.identifierLabel}
        slug={slug}
      />
    </div>
  );
}
