import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { z } from 'zod';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { listClaims, searchClaims, type ClaimListItem } from '@/lib/claims/search';
import { channelLabels, claimStatuses, statusLabels } from '@/lib/dashboard/stats';

export const metadata: Metadata = { title: 'Claims' };

const querySchema = z.object({
  q: z.string().max(200).optional(),
  status: z.enum(claimStatuses).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

const kindLabels = { claim_id: 'claim ID', email: 'e-mail', phone: 'phone', name: 'full name' } as const;

export default async function ClaimsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  await connection();
  const { slug } = await params;
  const { settlement } = await requireStaff('claims:view', { settlementSlug: slug });
  const db = await getDb();
  const f = querySchema.parse(await searchParams);
  const searching = Boolean(f.q?.trim());
  const search = searching ? await searchClaims(db, settlement!, f.q!) : null;
  const list = searching ? null : await listClaims(db, settlement!, { status: f.status, before: f.before });
  const items = search?.items ?? list!.items;
  const tierName = new Map(settlement!.config.tiers.map((t) => [t.key, t.name]));
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Claims</h1>
        <p className="muted">Search by claim ID, e-mail, phone or full name. Personal data stays encrypted: the search compares keyed hashes.</p>
      </div>
      <form className="card search-form" method="get" role="search" aria-label="Search claims">
        <div className="field">
          <label htmlFor="q">Claim ID, e-mail, phone or full name</label>
          <input id="q" name="q" type="search" defaultValue={f.q ?? ''} aria-describedby="q-hint" autoComplete="off" />
          <p className="hint" id="q-hint">
            e.g. CL-7K3M-9QX2-P · jane@example.com · (312) 555-0148 · Jane Doe
          </p>
        </div>
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={f.status ?? ''}>
            <option value="">Any status</option>
            {claimStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button className="btn">Search</button>
          <Link className="btn secondary" href={`/admin/${slug}/claims`}>
            Clear
          </Link>
        </div>
      </form>
      {search && (
        <p role="status" data-testid="search-status">
          {search.query
            ? `${items.length} claim${items.length === 1 ? '' : 's'} with this ${kindLabels[search.query.kind]}.`
            : 'Enter a full claim ID (with its check character), an e-mail address, a phone number, or a first and last name.'}
        </p>
      )}
      <ClaimsTable slug={slug} items={items} tierName={tierName} />
      {list && (
        <nav className="pager" aria-label="Pages">
          {f.before ? <Link href={`/admin/${slug}/claims${f.status ? `?status=${f.status}` : ''}`}>← Newest</Link> : <span />}
          {list.next ? <Link href={`/admin/${slug}/claims?${new URLSearchParams({ ...(f.status ? { status: f.status } : {}), before: String(list.next) })}`}>Older →</Link> : <span />}
        </nav>
      )}
    </div>
  );
}

function ClaimsTable({ slug, items, tierName }: { slug: string; items: ClaimListItem[]; tierName: Map<string, string> }) {
  return (
    <div className="table-wrap">
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">Claim ID</th>
            <th scope="col">Claimant</th>
            <th scope="col">E-mail</th>
            <th scope="col">Status</th>
            <th scope="col">Tier</th>
            <th scope="col">Channel</th>
            <th scope="col">Submitted (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No claims.
              </td>
            </tr>
          )}
          {items.map((c) => (
            <tr key={c.claimId}>
              <td className="nowrap">
                <Link className="mono" href={`/admin/${slug}/claims/${c.claimId}`}>
                  {c.claimId}
                </Link>
              </td>
              <td>{c.name}</td>
              <td>{c.email}</td>
              <td>
                <span className={`badge status-${c.status}`}>{statusLabels[c.status]}</span>
                {c.late && <span className="badge warn">late</span>}
              </td>
              <td>{tierName.get(c.tier) ?? c.tier}</td>
              <td>{channelLabels[c.channel] ?? c.channel}</td>
              <td className="nowrap">{c.submittedAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
