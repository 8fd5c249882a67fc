import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/app/_lib/db';
import { parsePublicId } from '@/lib/claims/claim-id';
import { findOptOutReceipt } from '@/lib/filings/queries';
import { loadSettlement } from '../../_site/settlement';
import { Receipt } from '../../_site/receipt';

export const metadata: Metadata = { title: 'Request for exclusion received' };

export default async function ExcludeDone({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ id?: string }> }) {
  const { slug } = await params;
  const settlement = await loadSettlement(slug);
  const id = parsePublicId((await searchParams).id ?? '', 'EX');
  const receipt = id ? await findOptOutReceipt(await getDb(), settlement.id, id) : null;
  if (!receipt) notFound();
  const c = settlement.config;
  return (
    <main id="main" className="container narrow">
      <Receipt title="We received your request to be excluded" idLabel="Request ID" receipt={receipt} timeZone={c.dates.timeZone} lateText="Your request arrived after the deadline. It has been recorded as late; the Court will decide whether to accept it.">
        <h2>What happens now</h2>
        <ul>
          <li>You will not receive a payment from this settlement, and you are not bound by it.</li>
          <li>You keep any right you have to sue the defendants on your own about the claims in this case.</li>
          <li>Your name will be on the list of excluded persons that the Administrator gives to the Court.</li>
          <li>We sent a confirmation to your email address. Keep your request ID.</li>
        </ul>
        <p>
          Changed your mind? Contact the Administrator at {c.contact.phone} or {c.contact.email} before the deadline.
        </p>
        <p>
          <Link href={`/${slug}`}>Back to the settlement website</Link>
        </p>
      </Receipt>
    </main>
  );
}
