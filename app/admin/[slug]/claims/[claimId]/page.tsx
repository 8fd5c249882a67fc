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
import { revealAction, reviewMatchAction } from './actions';
import { MatchEvidenceCard } from './match-evidence';
import { PersonalDetailsCard } from './reveal';

export const metadata: Metadata = { title: 'Claim' };

const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

export default async function ClaimPage({ params }: { params: Promise<{ slug: string; claimId: string }> }) {
  await connection();
  const { slug, claimId } = await params;
  const { user, settlement } = await requireStaff('claims:view', { settlementSlug: slug });
  const db = await getDb();
  const claim = await getClaimDetail(db, settlement!, decodeURIComponent(claimId));
  if (!claim) notFound();
  const evidence = await matchEvidence(db, settlement!, claim.claimPk);
  const who = new Map((await listStaff(db)).map((u) => [`staff:${u.id}`, u.email]));
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
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return (
    <div className="admin-page">
      <p className="small">
        <Link href={`/admin/${slug}/claims`}>← Claims</Link>
      </p>
      <div className="page-head">
        <h1 className="mono">{claim.claimId}</h1>
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
