import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { reportDescriptions, reportKinds } from '@/lib/reports/export';

export const metadata: Metadata = { title: 'Reports' };

const formatLabels = { pdf: 'PDF', csv: 'CSV', json: 'JSON' } as const;

export default async function ReportsPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { user, settlement } = await requireStaff('reports:export', { settlementSlug: slug });
  const c = settlement!.config;
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Reports to the court</h1>
        <p className="muted">
          {c.caseName} · {c.court} · {c.caseNumber}. PDFs are laid out as filings signed by you ({user.name}) for the Settlement Administrator. Every export is recorded in the audit log.
        </p>
      </div>
      <ul className="report-list">
        {reportKinds.filter((k) => k !== 'payout-run').map((k) => {
          const r = reportDescriptions[k];
          return (
            <li key={k} className="card">
              <h2>{r.title}</h2>
              <p>{r.description}</p>
              <p className="button-row">
                {r.formats.map((f) => (
                  <a key={f} className={`btn ${f === 'pdf' ? '' : 'secondary'}`} href={`/api/admin/${slug}/reports/${k}?format=${f}`} download aria-label={`Download the ${r.title} as ${formatLabels[f]}`}>
                    {formatLabels[f]}
                  </a>
                ))}
              </p>
            </li>
          );
        })}
      </ul>
      <p className="muted small">
        From the command line: <code>npx fairshare report declaration --format pdf --out declaration.pdf --settlement {slug}</code>
      </p>
    </div>
  );
}
