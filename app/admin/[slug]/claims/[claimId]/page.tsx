import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import { listStaff } from '@/lib/auth/queries';
import { getClaimDetail } from '@/lib/claims/detail';
import { channelLabels, statusLabels, type ClaimStatus } from '@/lib/dashboard/stats';
import { paymentMethodLabels, type PaymentMethod } from '@/lib/settlements/config';
import { matchEvidence } from '@/lib/verification/review';
import { assignAction, decideAction, noteAction, revealAction, reviewMatchAction } from './actions';
import { DecisionPanel } from './decision-panel';
import { MatchEvidenceCard } from './match-evidence';
import { PersonalDetailsCard } from './reveal';
import { parseQueueFilter, queueNeighbours, queueParams } from '@/lib/review/queue';
import { DENY_REASONS, INFO_REASONS, reasonLabel } from '@/lib/review/rules';
import { claimReviewView } from '@/lib/review/view';

export const metadata: Metadata = { title: 'Claim' };

const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

export default async function ClaimPage({ params, searchParams }: { params: Promise<{ slug: string; claimId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { slug, claimId } = await params;
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const { user, settlement } = await requireStaff('claims:view', { settlementSlug: slug });
  const db = await getDb();
  const claim = await getClaimDetail(db, settlement!, decodeURIComponent(claimId));
  if (!claim) notFound();
  const evidence = await matchEvidence(db, settlement!, claim.claimPk);
  const who = new Map((await listStaff(db)).map((u) => [`staff:${u.id}`, u.email]));
  const review = await claimReviewView(db, settlement!.id, claim.claimPk);
  // Opened from the review queue (?q=1&i=N plus the queue's filter): j / k walk the same queue.
  const fromQueue = raw.q === '1' && /^\d{1,7}$/.test(raw.i ?? '');
  const filter = parseQueueFilter(raw);
  const index = fromQueue ? Number(raw.i) : 0;
  const nav = fromQueue ? await queueNeighbours(db, settlement!, filter, index, claim.claimId) : { prev: null, next: null };
  const navHref = (to: { claimId: string; index: number } | null) => {
    if (!to) return null;
    const q = queueParams({ ...filter, page: undefined });
    q.set('q', '1');
    q.set('i', String(to.index));
    return `/admin/${slug}/claims/${encodeURIComponent(to.claimId)}?${q}`;
  };
  const openDeficiency = claim.deficiencies.some((d) => !d.curedAt);
  const tier = settlement!.config.tiers.find((t) => t.key === claim.tier);
  const history = [
    ...claim.events.map((e) => ({ at: e.at, what: `Status: ${statusLabels[e.status as ClaimStatus] ?? e.status}`, note: e.note, who: e.actor })),
    ...claim.verifications.map((v) => ({
      at: v.at,
      what: `Verification (${v.trigger}): ${v.status}`,
      note: `${v.tier}${v.units !== null ? ` · ${v.units} unit${v.units === 1 ? '' : 's'}` : ''}${v.via ? ` · via ${v.via}` : ''}${v.reasonCodes.length ? ` · ${v.reasonCodes.join(', ')}` : ''} · configuration v${v.configVersion}`,
      who: v.actor,
    })),
    ...claim.decisions.map((d) => ({ at: d.at, what: `Decision: ${d.decision}`, note: `${d.reasonCodes.join(', ') || '—'}${d.secondApprover ? ` · second approver ${who.get(d.secondApprover) ?? d.secondApprover}` : ''}`, who: d.decidedBy })),
    ...claim.deficiencies.map((d) => ({ at: d.createdAt, what: `Deficiency ${d.code}`, note: `${d.message} (cure by ${d.cureBy}${d.curedAt ? `; cured ${when(d.curedAt)}` : ''})`, who: '' })),
    ...review.notes.map((n) => ({ at: n.at, what: 'Note (staff only)', note: n.body, who: n.author })),
    ...(review.appeal ? [{ at: review.appeal.at, what: 'Appeal: the claimant asked for reconsideration', note: review.appeal.deniedFor.length ? `against the denial for ${review.appeal.deniedFor.join(', ')}` : null, who: 'claimant' }] : []),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return (
    <div className="admin-page">
      <p className="small">
        <Link href={`/admin/${slug}/claims`}>← Claims</Link>
      </p>
      <div className="page-head">
        <h1 className="mono">{claim.claimId}</h1>
        {review.appeal && !review.appeal.decidedAt && <p><span className="badge warn" data-testid="appeal-badge">Appeal</span> the claimant asked for reconsideration of a denial</p>}
        <p>
          <span className={`badge status-${claim.status}`}>{statusLabels[claim.status as ClaimStatus] ?? claim.status}</span> {claim.late && <span className="badge warn">late</span>}{' '}
          <span className="muted">
            submitted {when(claim.submittedAt)} UTC · {channelLabels[claim.channel] ?? claim.channel}
          </span>
        </p>
      </div>
      <div className="detail-grid">
        <PersonalDetailsCard masked={claim.masked} canReveal={can(user.role, 'pii:reveal')} action={revealAction.bind(null, slug, claim.claimId)} />
        <section className="card" aria-labelledby="claim-h">
          <h2 id="claim-h">Claim</h2>
          <dl className="kv">
            <div><dt>Tier</dt><dd>{tier?.name ?? claim.tier}{claim.units !== null ? ` · ${claim.units} unit${claim.units === 1 ? '' : 's'}` : ''}</dd></div>
            <div><dt>Requested tier</dt><dd>{settlement!.config.tiers.find((t) => t.key === claim.requestedTier)?.name ?? claim.requestedTier ?? '—'}</dd></div>
            {claim.configVersion !== null && <div><dt>Verified under</dt><dd>configuration version {claim.configVersion}</dd></div>}
            <div><dt>Attestations</dt><dd>{claim.attestations.length ? claim.attestations.join(', ') : 'none'}</dd></div>
            <div><dt>Payment method</dt><dd>{paymentMethodLabels[claim.paymentMethod as PaymentMethod] ?? claim.paymentMethod}</dd></div>
            <div><dt>Verification</dt><dd>{claim.verificationStatus}{claim.matchedRecordId ? ` (record ${claim.matchedRecordId})` : ''}</dd></div>
            <div><dt>Fraud</dt><dd>{claim.fraudScore === null ? 'not scored' : `${claim.fraudScore.toFixed(2)} · ${claim.fraudAction ?? 'none'}${claim.fraudReasons.length ? ` · ${claim.fraudReasons.join(', ')}` : ''}`}</dd></div>
            <div><dt>Decision</dt><dd>{claim.decision ? `${claim.decision}${claim.decisionReason ? ` (${claim.decisionReason})` : ''}` : 'pending'}</dd></div>
            {claim.claimRef && <div><dt>Reference</dt><dd className="mono">{claim.claimRef}</dd></div>}
          </dl>
        </section>
      </div>
      {can(user.role, 'claims:decide') && (
        <DecisionPanel
          status={claim.status}
          decide={decideAction.bind(null, slug, claim.claimId)}
          note={noteAction.bind(null, slug, claim.claimId)}
          assign={assignAction.bind(null, slug, claim.claimId)}
          denyReasons={[...claim.fraudReasons.filter((r) => DENY_REASONS.includes(r)), ...DENY_REASONS.filter((r) => !claim.fraudReasons.includes(r))].map((code) => ({ code, label: reasonLabel(code) }))}
          infoReasons={INFO_REASONS.map((code) => ({ code, label: reasonLabel(code) }))}
          flagged={claim.fraudReasons}
          assignedTo={review.assignedTo}
          prevHref={navHref(nav.prev)}
          nextHref={navHref(nav.next)}
        />
      )}
      {openDeficiency && can(user.role, 'pii:reveal') && (
        <p className="card small">
          <a href={`/admin/${slug}/claims/${encodeURIComponent(claim.claimId)}/letter`} download>
            Download the deficiency letter (PDF, addressed to the claimant)
          </a>
        </p>
      )}
      <section className="card" aria-labelledby="fraud-h">
        <h2 id="fraud-h">Fraud evidence</h2>
        {review.run ? (
          <>
            <p className="small muted">
              Score {claim.fraudScore ?? '—'} of 1000 · {claim.fraudAction ?? 'none'} · rule set {review.run.rulesetVersion}, run of {when(review.run.startedAt)} UTC
            </p>
            {review.evidence.length === 0 ? (
              <p>No rule fired.</p>
            ) : (
              <ul data-testid="fraud-evidence">
                {review.evidence.map((e, i) => (
                  <li key={i}>
                    <strong>{reasonLabel(e.code)}</strong> <code className="small">{e.code}</code> −{e.weight}: {e.evidence}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <p className="muted">Not scored yet.</p>
        )}
        {review.cluster && (
          <>
            <h3>
              Cluster {review.cluster.clusterId} · {review.cluster.size} claims{' '}
              <a className="small" href={`/admin/${slug}/review?cluster=${review.cluster.clusterId}`}>
                review the cluster
              </a>
            </h3>
            {Object.keys(review.cluster.links).length > 0 && <p className="small muted">Tied by {Object.entries(review.cluster.links).map(([k, v]) => `${k} ×${v}`).join(', ')}</p>}
            <ul data-testid="cluster-claims">
              {review.cluster.claims.map((m) => (
                <li key={m.claimId}>
                  <Link className="mono" href={`/admin/${slug}/claims/${encodeURIComponent(m.claimId)}`}>
                    {m.claimId}
                  </Link>{' '}
                  <span className="small">{statusLabels[m.status as ClaimStatus] ?? m.status} · score {m.score ?? '—'} · {m.reasons.join(', ') || 'no flag'}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <MatchEvidenceCard evidence={evidence} canDecide={can(user.role, 'claims:decide')} action={reviewMatchAction.bind(null, slug, claim.claimId)} />
      <section className="card" aria-labelledby="hist-h">
        <h2 id="hist-h">History</h2>
        {history.length === 0 ? (
          <p className="muted">Received {when(claim.submittedAt)} UTC; no status change yet.</p>
        ) : (
          <ol className="timeline">
            {history.map((h, i) => (
              <li key={i} className="done">
                <strong>{h.what}</strong> <span className="muted small">{when(h.at)} UTC{h.who ? ` · ${who.get(h.who) ?? h.who}` : ''}</span>
                {h.note && <div className="small">{h.note}</div>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card" aria-labelledby="audit-h">
        <h2 id="audit-h">Audit trail</h2>
        <div className="table-wrap">
          <table className="dense" data-testid="claim-audit">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {claim.audit.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">No audit entries for this claim.</td>
                </tr>
              )}
              {claim.audit.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{when(a.at)}</td>
                  <td>{who.get(a.actor) ?? a.actor}</td>
                  <td><code>{a.action}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
