import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { listStaff } from '@/lib/auth/queries';
import { statusLabels, type ClaimStatus } from '@/lib/dashboard/stats';
import { listPendingBulk, listRecentBulk, scopeLabel } from '@/lib/review/bulk';
import { listQueue, parseQueueFilter, QUEUE_PAGE, queueParams, QUEUE_SORTS } from '@/lib/review/queue';
import { DENY_REASONS, FRAUD_REASONS, reasonLabel } from '@/lib/review/rules';
import { applyRulesAction, bulkDecideAction, cancelBulkAction, confirmBulkAction } from './actions';
import { ApplyRulesButton, BulkForm, PendingButtons } from './bulk-form';

export const metadata: Metadata = { title: 'Review queue' };

const sortLabels: Record<(typeof QUEUE_SORTS)[number], string> = { risk: 'Riskiest first (lowest score)', safe: 'Safest first', oldest: 'Oldest first', newest: 'Newest first' };
const when = (d: Date) => d.toISOString().slice(0, 10);
const n = (v: number) => v.toLocaleString('en-US');

/**
 * The review queue: claims waiting for a person, riskiest first, filtered by reason, fraud action, tier,
 * cluster, age, appeal or assignee (all in the URL, so a filtered queue can be shared). Bulk decisions
 * take exactly the current filter (or the cluster); large denials wait for a second reviewer below.
 */
export default async function ReviewPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { slug } = await params;
  const { user, settlement } = await requireStaff('claims:view', { settlementSlug: slug });
  const s = settlement!;
  const db = await getDb();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const filter = parseQueueFilter(raw);
  const { items, total } = await listQueue(db, s, filter);
  const pending = await listPendingBulk(db, s);
  const recent = await listRecentBulk(db, s);
  const who = new Map((await listStaff(db)).map((u) => [`staff:${u.id}`, u.email]));
  const canDecide = can(user.role, 'claims:decide');
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE));
  const base = (extra: Record<string, string | number | undefined>) => {
    const q = queueParams({ ...filter, ...extra });
    return `/admin/${slug}/review${q.size ? `?${q}` : ''}`;
  };
  const claimHref = (claimId: string, i: number) => {
    const q = queueParams({ ...filter, page: undefined });
    q.set('q', '1');
    q.set('i', String(i));
    return `/admin/${slug}/claims/${encodeURIComponent(claimId)}?${q}`;
  };
  const firstIndex = (filter.page - 1) * QUEUE_PAGE;
  const hidden: Record<string, string> = Object.fromEntries(
    Object.entries(filter)
      .filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'sort')
      .map(([k, v]) => [`f_${k}`, String(v)]),
  );
  const filtered = Object.keys(hidden).length > 0;

  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Review queue</h1>
        <p className="muted">
          Claims received or under review, waiting for a person. Open one to decide it; on the claim page, <kbd>j</kbd> and <kbd>k</kbd> walk this queue and <kbd>?</kbd> lists the shortcuts.
        </p>
        {canDecide && <ApplyRulesButton action={applyRulesAction.bind(null, slug)} autoApprove={s.config.fraud.autoApproveClean} denyCriteria={s.config.fraud.denyCriteria} />}
      </div>

      {pending.length > 0 && (
        <section className="card" aria-labelledby="pending-h" data-testid="pending-bulk">
          <h2 id="pending-h">Bulk denials waiting for a second reviewer</h2>
          <ul>
            {pending.map((p) => (
              <li key={p.id}>
                <strong>{n(Number(p.count))} claims</strong> of {p.scope}, deny for {p.reasonCodes.join(', ')} — asked by {who.get(p.requestedBy) ?? p.requestedBy} on {when(p.requestedAt)}
                {canDecide && <PendingButtons confirm={confirmBulkAction.bind(null, slug, p.id)} cancel={cancelBulkAction.bind(null, slug, p.id)} label={`the denial of ${p.count} claims`} />}
              </li>
            ))}
          </ul>
        </section>
      )}

      {recent.length > 0 && (
        <section className="card" aria-labelledby="recent-h" data-testid="recent-bulk">
          <h2 id="recent-h">Recent bulk denials</h2>
          <ul className="small">
            {recent.map((r) => (
              <li key={r.id}>
                {r.status === 'done'
                  ? `Denied ${n(Number((r.result as { decided?: number } | null)?.decided ?? 0))} of ${n(Number(r.count))} claims of ${r.scope}`
                  : `Cancelled: ${n(Number(r.count))} claims of ${r.scope}, nothing decided`}{' '}
                — asked by {who.get(r.requestedBy) ?? r.requestedBy}, {r.status === 'done' ? 'confirmed' : 'cancelled'} by {who.get(r.confirmedBy ?? '') ?? r.confirmedBy}
                {r.confirmedAt ? ` on ${when(r.confirmedAt)}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      <form className="card claims-filter" method="get" role="search" aria-label="Filter the review queue">
        <fieldset className="filters">
          <legend className="visually-hidden">Filters</legend>
          <div className="field">
            <label htmlFor="reason">Reason</label>
            <select id="reason" name="reason" defaultValue={filter.reason ?? ''}>
              <option value="">Any reason</option>
              {FRAUD_REASONS.map((r) => (
                <option key={r} value={r}>
                  {reasonLabel(r)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="action">Fraud action</label>
            <select id="action" name="action" defaultValue={filter.action ?? ''}>
              <option value="">Any</option>
              <option value="recommend_deny">Recommend deny</option>
              <option value="review">Review</option>
              <option value="none">None</option>
              <option value="unscored">Not scored</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="tier">Tier</label>
            <select id="tier" name="tier" defaultValue={filter.tier ?? ''}>
              <option value="">Any tier</option>
              {s.config.tiers.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="cluster">Cluster</label>
            <input id="cluster" name="cluster" inputMode="numeric" defaultValue={filter.cluster ?? ''} size={10} />
          </div>
          <div className="field">
            <label htmlFor="minAge">At least … days old</label>
            <input id="minAge" name="minAge" inputMode="numeric" defaultValue={filter.minAge ?? ''} size={5} />
          </div>
          <div className="field">
            <label htmlFor="appeal">Appeals</label>
            <select id="appeal" name="appeal" defaultValue={filter.appeal ?? ''}>
              <option value="">All claims</option>
              <option value="1">Appeals only</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="assigned">Assigned to</label>
            <select id="assigned" name="assigned" defaultValue={filter.assigned ?? ''}>
              <option value="">Anyone</option>
              <option value={user.email}>Me</option>
              <option value="none">Nobody</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="sort">Sort</label>
            <select id="sort" name="sort" defaultValue={filter.sort}>
              {QUEUE_SORTS.map((k) => (
                <option key={k} value={k}>
                  {sortLabels[k]}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <div className="filter-buttons">
          <button className="btn">Show claims</button>
          <Link className="btn secondary" href={`/admin/${slug}/review`}>
            Clear
          </Link>
        </div>
      </form>

      <p role="status" className="list-status" data-testid="queue-status">
        {total === 0 ? `No claims waiting${filtered ? ' match these filters' : ''}.` : `Claims ${n(firstIndex + 1)}–${n(firstIndex + items.length)} of ${n(total)}${filtered ? ' matching the filters' : ''}.`}
      </p>
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="dense" data-testid="review-queue">
            <caption className="visually-hidden">Claims waiting for review</caption>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Score</th>
                <th scope="col">Reasons</th>
                <th scope="col">Cluster</th>
                <th scope="col">Tier</th>
                <th scope="col">Status</th>
                <th scope="col">Submitted</th>
                <th scope="col">Assigned</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it, i) => (
                <tr key={it.claimId}>
                  <td>
                    <Link className="mono" href={claimHref(it.claimId, firstIndex + i)}>
                      {it.claimId}
                    </Link>
                    {it.appeal && <span className="badge warn"> appeal</span>}
                  </td>
                  <td>{it.score ?? '—'}{it.action && it.action !== 'none' ? <span className="small muted"> {it.action.replace('_', ' ')}</span> : null}</td>
                  <td className="small">{it.reasons.join(', ') || '—'}</td>
                  <td>{it.clusterId ? <Link href={base({ cluster: it.clusterId, page: 1 })}>{it.clusterId}</Link> : '—'}</td>
                  <td>{s.config.tiers.find((t) => t.key === it.tier)?.name ?? it.tier}</td>
                  <td>{statusLabels[it.status as ClaimStatus] ?? it.status}</td>
                  <td className="nowrap">{when(it.submittedAt)}</td>
                  <td className="small">{it.assignedTo ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="pager">
          {filter.page > 1 && <Link href={base({ page: filter.page - 1 })}>← Previous page</Link>} <span>
            Page {filter.page} of {n(pages)}
          </span>{' '}
          {filter.page < pages && <Link href={base({ page: filter.page + 1 })}>Next page →</Link>}
        </nav>
      )}
      {canDecide && filtered && total > 0 && (
        <BulkForm
          action={bulkDecideAction.bind(null, slug)}
          hidden={hidden}
          count={total}
          scope={filter.cluster ? scopeLabel({ clusterId: filter.cluster }) : scopeLabel({ filter })}
          reasons={[...(filter.reason && DENY_REASONS.includes(filter.reason) ? [filter.reason] : []), ...DENY_REASONS.filter((r) => r !== filter.reason)].map((code) => ({ code, label: reasonLabel(code) }))}
          threshold={s.config.fraud.bulkDenyConfirmAbove}
        />
      )}
    </div>
  );
}
