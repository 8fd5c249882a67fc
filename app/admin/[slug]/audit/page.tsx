import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { auditActions, auditFilterSchema, searchAudit, type AuditFilter } from '@/lib/audit/queries';
import { lastCheckpoint } from '@/lib/audit/checkpoint';
import { INSTALLATION_CHAIN, LEGACY_CHAIN } from '@/lib/audit/chain';
import { verifyAuditChain } from '@/lib/audit/service';
import { listStaff } from '@/lib/auth/queries';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  await connection();
  const { slug } = await params;
  const { settlement } = await requireStaff('audit:view', { settlementSlug: slug });
  const db = await getDb();
  const filter = auditFilterSchema.parse(await searchParams);
  // The chains this page shows: the settlement's own, the installation's (sign-ins, staff changes) and any
  // legacy rows from before per-settlement chains. Other settlements' chains are theirs to show.
  const chains = [settlement!.id, INSTALLATION_CHAIN, LEGACY_CHAIN];
  const [{ rows, hasNext }, verdict, actions, staff, checkpoint] = await Promise.all([
    searchAudit(db, settlement!.id, filter),
    verifyAuditChain(db, { chains }),
    auditActions(db),
    listStaff(db),
    lastCheckpoint(db),
  ]);
  const anchored = checkpoint?.chains[settlement!.id];
  const who = new Map(staff.map((s) => [`staff:${s.id}`, s.email]));
  const pageHref = (page: number) => {
    const q = new URLSearchParams(Object.entries({ ...filter, page: String(page) }).filter(([, v]) => v !== undefined && v !== '') as [string, string][]);
    return `/admin/${slug}/audit?${q}`;
  };
  const field = (name: keyof AuditFilter, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <input id={`f-${name}`} name={name} defaultValue={(filter[name] as string | undefined) ?? ''} {...props} />
    </div>
  );
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Audit log</h1>
        {verdict.ok ? (
          <p className="alert ok" data-testid="chain-status">
            Hash chain verified: {verdict.rows.toLocaleString('en-US')} entries, none edited or removed.
          </p>
        ) : (
          <p className="alert error" role="alert" data-testid="chain-status">
            The audit log has been tampered with: entry #{verdict.brokenAt} does not fit the chain ({verdict.reason}).
          </p>
        )}
        {checkpoint ? (
          <p className="muted" data-testid="last-checkpoint">
            Last checkpoint: {checkpoint.createdAt.slice(0, 19).replace('T', ' ')} UTC by {who.get(checkpoint.actor) ?? checkpoint.actor}
            {anchored ? (
              <>
                {' '}
                — this settlement&apos;s chain then had {anchored.rows.toLocaleString('en-US')} entries ending at #{anchored.lastId}, head hash{' '}
                <code title={anchored.hash}>{anchored.hash.slice(0, 16)}…</code>
              </>
            ) : (
              ' — this settlement had no entries yet'
            )}
            ; signed with <code title={checkpoint.keyFingerprint}>{checkpoint.keyFingerprint.slice(0, 23)}…</code>. Keep the checkpoint files outside
            the database; <code>fairshare audit verify --checkpoint FILE</code> proves the log still extends them.
          </p>
        ) : (
          <p className="muted" data-testid="last-checkpoint">
            No checkpoint yet: <code>fairshare audit checkpoint --out FILE</code> signs the chain heads so that a shortened or rewritten log is caught.
          </p>
        )}
      </div>
      <form className="filters card" method="get" aria-label="Filter the audit log">
        {field('actor', 'Actor', { placeholder: 'email or staff id' })}
        {field('target', 'Claim or target', { placeholder: 'e.g. CL-… or staff_user' })}
        <div className="field">
          <label htmlFor="f-action">Action</label>
          <input id="f-action" name="action" list="audit-actions" defaultValue={filter.action ?? ''} />
          <datalist id="audit-actions">
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        {field('from', 'From', { type: 'date' })}
        {field('to', 'To', { type: 'date' })}
        <div className="field">
          <label htmlFor="f-scope">Scope</label>
          <select id="f-scope" name="scope" defaultValue={filter.scope}>
            <option value="settlement">This settlement</option>
            <option value="all">Also sign-ins and staff changes</option>
          </select>
        </div>
        <div className="filter-buttons">
          <button className="btn">Filter</button>
          <Link className="btn secondary" href={`/admin/${slug}/audit`}>
            Clear
          </Link>
        </div>
      </form>
      <div className="table-wrap">
        <table className="dense">
          <thead>
            <tr>
              <th scope="col" className="num">#</th>
              <th scope="col">When (UTC)</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No entries match these filters.
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="num mono">{r.id}</td>
                <td className="nowrap">{r.at.toISOString().slice(0, 19).replace('T', ' ')}</td>
                <td>{who.get(r.actor) ?? r.actor}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>{r.targetType ? `${r.targetType}${r.targetId ? ` ${r.targetId}` : ''}` : '—'}</td>
                <td className="details-cell">
                  <code>{Object.keys(r.details).length ? JSON.stringify(r.details) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        {filter.page > 1 ? <Link href={pageHref(filter.page - 1)}>← Newer</Link> : <span />}
        <span className="muted">Page {filter.page}</span>
        {hasNext ? <Link href={pageHref(filter.page + 1)}>Older →</Link> : <span />}
      </nav>
    </div>
  );
}
