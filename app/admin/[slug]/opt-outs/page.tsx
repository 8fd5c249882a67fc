import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { listOptOuts } from '@/lib/filings/console';
import { readFilingCounts } from '@/lib/dashboard/stats';
import { formatLongDate } from '@/lib/settlements/deadlines';

export const metadata: Metadata = { title: 'Opt-outs' };

export default async function OptOutsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ before?: string }> }) {
  await connection();
  const { slug } = await params;
  const { user, settlement } = await requireStaff('filings:view', { settlementSlug: slug });
  const db = await getDb();
  const before = Number((await searchParams).before) || undefined;
  const [{ items, next }, counts] = await Promise.all([listOptOuts(db, settlement!, before), readFilingCounts(db, settlement!.id)]);
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Requests for exclusion</h1>
        <p className="muted">
          {counts.optOuts.total.toLocaleString('en-US')} received · {counts.optOuts.late.toLocaleString('en-US')} late · deadline {formatLongDate(settlement!.config.dates.optOutDeadline)}. Names are masked here; the court&apos;s list carries them in full.
        </p>
        {can(user.role, 'reports:export') && (
          <p>
            <a className="btn secondary small-btn" href={`/api/admin/${slug}/reports/exclusions?format=pdf`} download>
              Exclusion list (PDF)
            </a>{' '}
            <a className="btn secondary small-btn" href={`/api/admin/${slug}/reports/exclusions?format=csv`} download>
              CSV
            </a>
          </p>
        )}
        {can(user.role, 'filings:enter') && (
          <p>
            <Link href={`/admin/${slug}/opt-outs/new`}>Key in a paper request</Link>
          </p>
        )}
      </div>
      <div className="table-wrap">
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">Request ID</th>
              <th scope="col">Name</th>
              <th scope="col">City, state</th>
              <th scope="col">Channel</th>
              <th scope="col">Received (UTC)</th>
              <th scope="col">Timely</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">No requests for exclusion.</td>
              </tr>
            )}
            {items.map((o) => (
              <tr key={o.requestId}>
                <td><Link className="mono" href={`/admin/${slug}/opt-outs/${o.requestId}`}>{o.requestId}</Link></td>
                <td>{o.name}</td>
                <td>{o.place}</td>
                <td>{o.channel}</td>
                <td className="nowrap">{o.submittedAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{o.late ? <span className="badge warn">late</span> : <span className="badge ok">timely</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        {before ? <Link href={`/admin/${slug}/opt-outs`}>← Newest</Link> : <span />}
        {next ? <Link href={`/admin/${slug}/opt-outs?before=${next}`}>Older →</Link> : <span />}
      </nav>
    </div>
  );
}
