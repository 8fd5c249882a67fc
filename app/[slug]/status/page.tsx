import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusClient } from './status-client';
import { loadSettlement } from '../_site/settlement';
import { paymentMethodLabels } from '@/lib/settlements/config';

export const metadata: Metadata = { title: 'Check my claim' };

export default async function StatusPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ id?: string | string[] }> }) {
  const { slug } = await params;
  const { id } = await searchParams;
  const settlement = await loadSettlement(slug);
  const c = settlement.config;
  return (
    <main id="main" className="container narrow claim-page">
      <p className="back-link">
        <Link href={`/${slug}`}>← Back to the settlement website</Link>
      </p>
      <h1>Check my claim</h1>
      <p className="lede">{c.name}</p>
      <StatusClient
        slug={slug}
        initialClaimId={typeof id === 'string' ? id.slice(0, 20) : ''}
        identifierLabel={c.identifierLabel}
        contact={`${c.contact.phone} or ${c.contact.email}`}
        timeZone={c.dates.timeZone}
        paymentMethods={c.paymentMethods}
        paymentLabels={paymentMethodLabels}
      />
    </main>
  );
}
