import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { getObjection } from '@/lib/filings/console';
import { AuditList } from '../../_components/audit-list';

export const metadata: Metadata = { title: 'Objection' };

export default async function ObjectionPage({ params }: { params: Promise<{ slug: string; objectionId: string }> }) {
  await connection();
  const { slug, objectionId } = await params;
  const { settlement } = await requireStaff('filings:view', { settlementSlug: slug });
  const o = await getObjection(await getDb(), settlement!, decodeURIComponent(objectionId));
  if (!o) notFound();
  return (
    <div className="admin-page narrow-page">
      <p className="small"><Link href={`/admin/${slug}/objections`}>← Objections</Link></p>
      <h1 className="mono">{o.objectionId}</h1>
      <section className="card">
        <dl className="kv">
          <div><dt>Objector</dt><dd>{o.name}</dd></div>
          <div><dt>City, state</dt><dd>{o.place || '—'}</dd></div>
          <div><dt>Counsel</dt><dd>{o.counsel ?? 'none'}</dd></div>
          <div><dt>Will appear at the hearing</dt><dd>{o.willAppear ? 'Yes' : 'No'}</dd></div>
          <div><dt>Channel</dt><dd>{o.channel === 'mail' ? 'Mail (paper, keyed in by staff)' : 'Web'}</dd></div>
          {o.postmarkDate && <div><dt>Postmarked</dt><dd>{o.postmarkDate}{o.late ? ' — after the deadline, late' : ''}</dd></div>}
          <div><dt>{o.channel === 'mail' ? 'Keyed in' : 'Received'}</dt><dd>{o.submittedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC{o.late && !o.postmarkDate ? ' — late' : ''}</dd></div>
          <div>
            <dt>Document</dt>
            <dd>
              {o.document ? (
                <a href={`/api/admin/${slug}/objections/${o.objectionId}/document`} download={o.document.name}>
                  {o.document.name} ({Math.max(1, Math.round(o.document.bytes / 1024))} KB)
                </a>
              ) : (
                'none'
              )}
            </dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="grounds-h">
        <h2 id="grounds-h">Grounds</h2>
        <p className="grounds">{o.grounds}</p>
      </section>
      <AuditList rows={o.audit} />
    </div>
  );
}
