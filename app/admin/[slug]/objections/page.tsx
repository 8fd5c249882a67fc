import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { listObjections } from '@/lib/filings/console';
import { readFilingCounts } from '@/lib/dashboard/stats';
import { formatLongDate } from '@/lib/settlements/deadlines';

export const metadata: Metadata = { title: 'Objections' };

export default async function ObjectionsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ before?: string }> }) {
  await connection();
  const { slug } = await params;
  const { user, settlement } = await requireStaff('filings:view', { settlementSlug: slug });
  const db = await getDb();
  const before = Number((await searchParams).before) || undefined;
  const [{ items, next }, counts] = await Promise.all([listObjections(db, settlement!, before), readFilingCounts(db, settlement!.id)]);
  const c = counts.objections;
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Objections</h1>
        <p className="muted">
          {c.total} received · {c.late} late · {c.withCounsel} with counsel · {c.willAppear} will appear · deadline {formatLongDate(settlement!.config.dates.objectionDeadline)}
        </p>
        {can(user.role, 'reports:export') && (
          <p>
            <a className="btn secondary small-btn" href={`/api/admin/${slug}/reports/objections?format=pdf`} download>Objections report (PDF)</a>{' '}
            <a className="btn secondary small-btn" href={`/api/admin/${slug}/reports/objections?format=csv`} download>CSV</a>
          </p>
        )}
        {can(user.role, 'filings:enter') && (
          <p>
            <Link href={`/admin/${slug}/objections/new`}>Key in a paper objection</Link>
          </p>
        )}
      </div>
      <div className="table-wrap">
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">Objection ID</th>
              <th scope="col">Objector</th>
              <th scope="col">Counsel</th>
              <th scope="col">Will appear</th>
              <th scope="col">Document</th>
              <th scope="col">Channel</th>
              <th scope="col">Received (UTC)</th>
              <th scope="col">Timely</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr><td colSpan={8} className="muted">No objections.</td></tr>
            )}
            {items.map((o) => (
              <tr key={o.objectionId}>
                <td><Link className="mono" href={`/admin/${slug}/objections/${o.objectionId}`}>{o.objectionId}</Link></td>
                <td>{o.name}</td>
                <td>{o.hasCounsel ? 'yes' : 'no'}</td>
                <td>{o.willAppear ? 'yes' : 'no'}</td>
                <td>{o.hasDocument ? 'attached' : '—'}</td>
                <td>{o.channel}</td>
                <td className="nowrap">{o.submittedAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{o.late ? <span className="badge warn">late</span> : <span className="badge ok">timely</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        {before ? <Link href={`/admin/${slug}/objections`}>← Newest</Link> : <span />}
        {next ? <Link href={`/admin/${slug}/objections?before=${next}`}>Older →</Link> : <span />}
      </nav>
    </div>
  );
}
