import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { z } from 'zod';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { VerifyButton } from './verify-button';
import { runVerificationAction } from './verify-actions';
import { claimListFilterSchema, decodeCursor, listClaims, searchClaims, type ClaimListFilter, type ClaimListItem } from '@/lib/claims/search';
import { channelLabels, claimStatuses, statusLabels } from '@/lib/dashboard/stats';
import { localDateTime, timeZoneName } from '@/lib/settlements/deadlines';

export const metadata: Metadata = { title: 'Claims' };

const PAGE_SIZE = 50;

const pagingSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  after: z.string().max(60).optional().catch(undefined),
  before: z.string().max(60).optional().catch(undefined),
  last: z.literal('1').optional().catch(undefined),
  page: z.coerce.number().int().positive().max(10_000_000).optional().catch(undefined),
});

const kindLabels = { claim_id: 'claim ID', email: 'e-mail', phone: 'phone', name: 'full name' } as const;
const n = (v: number) => v.toLocaleString('en-US');

export default async function ClaimsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { slug } = await params;
  const { user, settlement } = await requireStaff('claims:view', { settlementSlug: slug });
  const s = settlement!;
  const db = await getDb();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  const paging = pagingSchema.parse(raw);
  // Filters come from the URL, so a filtered list can be bookmarked and shared; a bad one is named, not guessed.
  const parsed = claimListFilterSchema.safeParse({ status: raw.status, tier: raw.tier, channel: raw.channel, from: raw.from, to: raw.to });
  const filterErrors = parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
  const filter: ClaimListFilter = parsed.success ? parsed.data : {};
  const c = s.config;
  const tz = c.dates.timeZone;
  const zone = timeZoneName(tz);
  const searching = Boolean(paging.q?.trim());
  const search = searching ? await searchClaims(db, s, paging.q!, filter) : null;
  const list = searching
    ? null
    : await listClaims(db, s, { ...filter, after: decodeCursor(paging.after), before: decodeCursor(paging.before), last: paging.last === '1', limit: PAGE_SIZE });
  const items = search?.items ?? list!.items;
  const tierName = new Map(c.tiers.map((t) => [t.key, t.name]));

  // Page numbers are shown for orientation; the pages themselves are keyset cursors, so a claim arriving
  // meanwhile never shifts a row onto two pages.
  const pages = list ? Math.max(1, Math.ceil(list.total / PAGE_SIZE)) : 1;
  const pageNo = !list ? 1 : paging.last === '1' ? pages : !list.newer ? 1 : Math.min(Math.max(paging.page ?? 1, 1), pages);
  const firstRow = list && list.total ? (paging.last === '1' ? list.total - items.length + 1 : (pageNo - 1) * PAGE_SIZE + 1) : 0;
  const filterParams: Record<string, string> = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<string, string>;
  const href = (extra: Record<string, string>) => `/admin/${slug}/claims?${new URLSearchParams({ ...filterParams, ...extra })}`;
  const filtered = Object.keys(filterParams).length > 0;

  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Claims</h1>
        <p className="muted">Search by claim ID, e-mail, phone or full name, or filter the list. Personal data stays encrypted: the search compares keyed hashes.</p>
        <p>
          <Link href={`/admin/${slug}/review`}>Review queue</Link>
        </p>
        {can(user.role, 'claims:decide') && <VerifyButton action={runVerificationAction.bind(null, slug)} />}
        {can(user.role, 'claims:enter') && (
          <p>
            <Link href={`/admin/${slug}/claims/new`}>Enter a paper claim</Link>
          </p>
        )}
      </div>
      <form className="card claims-filter" method="get" role="search" aria-label="Search and filter claims">
        <div className="field q">
          <label htmlFor="q">Claim ID, e-mail, phone or full name</label>
          <input id="q" name="q" type="search" defaultValue={paging.q ?? ''} aria-describedby="q-hint" autoComplete="off" />
          <p className="hint" id="q-hint">
            e.g. CL-7K3M-9QX2-D · jane@example.com · (312) 555-0148 · Jane Doe
          </p>
        </div>
        <fieldset className="filters">
          <legend className="visually-hidden">Filters</legend>
          <div className="field">
            <label htmlFor="status">Status</label>
            <select id="status" name="status" defaultValue={filter.status ?? ''}>
              <option value="">Any status</option>
              {claimStatuses.map((st) => (
                <option key={st} value={st}>
                  {statusLabels[st]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="tier">Tier</label>
            <select id="tier" name="tier" defaultValue={filter.tier ?? ''}>
              <option value="">Any tier</option>
              {c.tiers.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="channel">Channel</label>
            <select id="channel" name="channel" defaultValue={filter.channel ?? ''}>
              <option value="">Any channel</option>
              {Object.entries(channelLabels).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${filterErrors.from ? ' has-error' : ''}`}>
            <label htmlFor="from">Submitted from</label>
            <input id="from" name="from" type="date" defaultValue={raw.from ?? ''} aria-describedby="dates-hint" aria-invalid={filterErrors.from ? true : undefined} />
          </div>
          <div className={`field${filterErrors.to ? ' has-error' : ''}`}>
            <label htmlFor="to">Submitted to</label>
            <input id="to" name="to" type="date" defaultValue={raw.to ?? ''} aria-describedby="dates-hint" aria-invalid={filterErrors.to ? true : undefined} />
          </div>
        </fieldset>
        <p className="hint small" id="dates-hint">
          Days in {zone}, the settlement&apos;s time zone; both days included.
        </p>
        <div className="filter-buttons">
          <button className="btn">Show claims</button>
          <Link className="btn secondary" href={`/admin/${slug}/claims`}>
            Clear
          </Link>
        </div>
      </form>
      {!parsed.success && (
        <p className="alert error" role="alert">
          Filters not applied — {Object.entries(filterErrors).map(([k, v]) => `${filterLabel(k)}: ${v?.join(', ')}`).join('; ')}.
        </p>
      )}
      <p role="status" data-testid="list-status" className="list-status">
        {search
          ? search.query
            ? `${n(search.total)} claim${search.total === 1 ? '' : 's'} with this ${kindLabels[search.query.kind]}${filtered ? ' and these filters' : ''}.`
            : 'Enter a full claim ID (with its check character), an e-mail address, a phone number, or a first and last name.'
          : list!.total === 0
            ? `No claims${filtered ? ' match these filters' : ' yet'}.`
            : `Claims ${n(firstRow)}–${n(firstRow + items.length - 1)} of ${n(list!.total)}${filtered ? ' matching the filters' : ''}, newest first.`}
      </p>
      <ClaimsTable slug={slug} items={items} tierName={tierName} timeZone={tz} zone={zone} />
      {list && list.total > 0 && (
        <nav className="pager" aria-label="Pages of claims">
          <span className="pager-side">
            {list.newer ? (
              <>
                <Link href={href({})}>« Newest</Link>
                <Link href={href({ before: list.newer, page: String(Math.max(1, pageNo - 1)) })} rel="prev">
                  ‹ Newer
                </Link>
              </>
            ) : null}
          </span>
          <span aria-current="page">
            Page {n(pageNo)} of {n(pages)}
          </span>
          <span className="pager-side">
            {list.older ? (
              <>
                <Link href={href({ after: list.older, page: String(pageNo + 1) })} rel="next">
                  Older ›
                </Link>
                <Link href={href({ last: '1' })}>Oldest »</Link>
              </>
            ) : null}
          </span>
        </nav>
      )}
    </div>
  );
}

function filterLabel(key: string): string {
  return ({ status: 'status', tier: 'tier', channel: 'channel', from: 'submitted from', to: 'submitted to' } as Record<string, string>)[key] ?? key;
}

function ClaimsTable({ slug, items, tierName, timeZone, zone }: { slug: string; items: ClaimListItem[]; tierName: Map<string, string>; timeZone: string; zone: string }) {
  return (
    <div className="table-wrap">
      <table className="dense" data-testid="claims-table">
        <caption className="visually-hidden">Claims, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Claim ID</th>
            <th scope="col">Claimant</th>
            <th scope="col">E-mail</th>
            <th scope="col">Status</th>
            <th scope="col">Tier</th>
            <th scope="col">Channel</th>
            <th scope="col">Submitted ({zone})</th>
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
              <td className="nowrap">
                <time dateTime={c.submittedAt.toISOString()}>{localDateTime(c.submittedAt, timeZone)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
