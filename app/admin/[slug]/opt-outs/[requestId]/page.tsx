import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { getOptOut } from '@/lib/filings/console';
import { AuditList } from '../../_components/audit-list';

export const metadata: Metadata = { title: 'Request for exclusion' };

export default async function OptOutPage({ params }: { params: Promise<{ slug: string; requestId: string }> }) {
  await connection();
  const { slug, requestId } = await params;
  const { settlement } = await requireStaff('filings:view', { settlementSlug: slug });
  const o = await getOptOut(await getDb(), settlement!, decodeURIComponent(requestId));
  if (!o) notFound();
  return (
    <div className="admin-page narrow-page">
      <p className="small"><Link href={`/admin/${slug}/opt-outs`}>← Requests for exclusion</Link></p>
      <h1 className="mono">{o.requestId}</h1>
      <section className="card">
        <dl className="kv">
          <div><dt>Name</dt><dd>{o.name}</dd></div>
          {o.email && <div><dt>E-mail</dt><dd>{o.email}</dd></div>}
          <div><dt>City, state</dt><dd>{o.place || '—'}</dd></div>
          <div><dt>Notice ID</dt><dd className="mono">{o.noticeId ?? '—'}</dd></div>
          <div><dt>Channel</dt><dd>{o.channel === 'mail' ? 'Mail (paper, keyed in by staff)' : 'Web'}</dd></div>
          {o.postmarkDate && <div><dt>Postmarked</dt><dd>{o.postmarkDate}</dd></div>}
          <div><dt>{o.channel === 'mail' ? 'Keyed in' : 'Received'}</dt><dd>{o.submittedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</dd></div>
          <div><dt>Timely</dt><dd>{o.late ? (o.postmarkDate ? 'No — postmarked after the deadline' : 'No — received after the deadline') : 'Yes'}</dd></div>
        </dl>
      </section>
      <AuditList rows={o.audit} />
    </div>
  );
}
