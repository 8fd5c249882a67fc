import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '@/db/client';
import { claimIdentifiers, claimMatchState, claims, classMembers, matchReviews } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CLAIM_PII, type ClaimPii } from '@/lib/claims/seal';
import { CLASS_PII, type ClassRecord } from '@/lib/classlist/members';
import { AppError } from '@/lib/errors';
import { decryptJson, keyedHash } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { maskEmail, maskPhone, maskText, normaliseEmail, normalisePhone, normaliseUsername } from '@/lib/privacy/normalise';
import type { Settlement } from '@/lib/settlements/service';
import { verifyClaimsNow } from './batch';
import { nameAddressScores } from './fuzzy';

/**
 * What a reviewer sees of a claim's verification (masked, side by side with the matched record), and
 * the reviewer's word on a probable match. Personal data stays masked: pii:reveal is a separate step.
 */

export type EvidenceRow = { field: string; claim: string; record: string; same: boolean | null };
export type MatchEvidence = {
  status: string | null;
  recordId: string | null;
  via: string | null;
  reasonCodes: string[];
  identifierKinds: Record<string, number>;
  rows: EvidenceRow[];
  scores: { nameScore: number; addressScore: number } | null;
  review: { decision: string; actor: string; at: Date } | null;
};

const m = (v: string | undefined, f: (s: string) => string) => (v ? f(v) : '—');

export async function matchEvidence(db: Queryable, settlement: Settlement, claimPk: number): Promise<MatchEvidence> {
  const key = await settlementKey(db, settlement.id);
  const [claim] = await db.select().from(claims).where(and(eq(claims.settlementId, settlement.id), eq(claims.id, claimPk)));
  if (!claim) throw new AppError('not_found', 'no such claim');
  const [state] = await db.select().from(claimMatchState).where(eq(claimMatchState.claimPk, claimPk));
  const kinds = rowsToCounts(await db.select({ kind: claimIdentifiers.kind }).from(claimIdentifiers).where(eq(claimIdentifiers.claimPk, claimPk)));
  const [latest] = rowsOf<{ via: string | null; reason_codes: string[] }>(await db.execute(sql`select via, reason_codes from claim_verifications where claim_pk = ${claimPk} order by id desc limit 1`));
  const recordId = state?.recordId ?? claim.matchedRecordId;
  const pii = decryptJson<ClaimPii>(key, claim.pii, CLAIM_PII);
  const [record] = recordId ? await db.select().from(classMembers).where(and(eq(classMembers.settlementId, settlement.id), eq(classMembers.recordId, recordId))) : [];
  const r = record ? decryptJson<Omit<ClassRecord, 'recordId' | 'attributes'>>(key, record.pii, CLASS_PII) : null;
  const eqHash = (kind: string, a: string | null | undefined, b: string | null | undefined) => (a && b ? keyedHash(key, kind, a) === keyedHash(key, kind, b) : null);
  const usernames = pii.usernames ?? [];
  const rows: EvidenceRow[] = [
    { field: 'E-mail', claim: m(pii.email, maskEmail), record: m(r?.email, maskEmail), same: record ? eqHash('email', normaliseEmail(pii.email), r?.email ? normaliseEmail(r.email) : null) : null },
    { field: 'Phone', claim: m(pii.phone, maskPhone), record: m(r?.phone, maskPhone), same: record && pii.phone && r?.phone ? normalisePhone(pii.phone) === normalisePhone(r.phone) : null },
    {
      field: usernames.length > 1 ? `Usernames (${usernames.length})` : 'Username',
      claim: usernames.length ? usernames.map((u) => maskText(u, 2)).join(', ') : '—',
      record: m(r?.username, (u) => maskText(u, 2)),
      same: record && r?.username ? usernames.some((u) => normaliseUsername(u) === normaliseUsername(r.username!)) : null,
    },
    { field: 'Name', claim: `${maskText(pii.firstName)} ${maskText(pii.lastName)}`, record: r ? `${maskText(r.firstName ?? '')} ${maskText(r.lastName ?? '')}` : '—', same: null },
    { field: 'Street', claim: m(pii.street, (s) => maskText(s, 3)), record: m(r?.street, (s) => maskText(s, 3)), same: null },
    { field: 'ZIP', claim: pii.zip ?? '—', record: r?.zip ?? '—', same: record && pii.zip && r?.zip ? pii.zip.slice(0, 5) === r.zip.slice(0, 5) : null },
    { field: 'Notice ID', claim: claim.noticeId ?? '—', record: record?.noticeId ?? '—', same: record && claim.noticeId ? claim.noticeId === record.noticeId : null },
  ];
  const [review] = recordId ? await db.select().from(matchReviews).where(and(eq(matchReviews.claimPk, claimPk), eq(matchReviews.recordId, recordId))) : [];
  return {
    status: state?.status ?? null,
    recordId: recordId ?? null,
    via: latest?.via ?? null,
    reasonCodes: latest?.reason_codes ?? [],
    identifierKinds: kinds,
    rows,
    scores: r ? nameAddressScores(pii, r) : null,
    review: review ? { decision: review.decision, actor: review.actor, at: review.at } : null,
  };
}

function rowsToCounts(rows: { kind: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}
/**
 * A reviewer confirms or rejects a probable match: recorded (match_reviews, audit row naming the staff
 * user) and the claim is verified again at once with that decision (pickMatch reads it), so a
 * confirmed match gets its tier and units — or becomes a conflict if another claim holds the record.
 */
export async function reviewMatch(db: Db, settlement: Settlement, claimId: string, decision: 'confirm' | 'reject', actor: string, now = new Date()): Promise<{ status: string | null }> {
  const key = await settlementKey(db, settlement.id);
  return db.transaction(async (tx) => {
    const [claim] = await tx.select({ id: claims.id }).from(claims).where(and(eq(claims.settlementId, settlement.id), eq(claims.claimId, claimId)));
    if (!claim) throw new AppError('not_found', 'This claim no longer exists.');
    const [state] = await tx.select().from(claimMatchState).where(eq(claimMatchState.claimPk, claim.id));
    if (state?.status !== 'probable' || !state.recordId) throw new AppError('conflict', 'This claim has no probable match to review (it may have changed; reload the page).');
    await tx
      .insert(matchReviews)
      .values({ claimPk: claim.id, settlementId: settlement.id, recordId: state.recordId, decision, actor, at: now })
      .onConflictDoUpdate({ target: [matchReviews.claimPk, matchReviews.recordId], set: { decision, actor, at: now } });
    await appendAudit(tx, { settlementId: settlement.id, actor, action: `claim.match_${decision}`, targetType: 'claim', targetId: claimId, details: { recordId: state.recordId } });
    await verifyClaimsNow(tx, key, settlement, [claim.id], actor, now);
    const [after] = await tx.select({ status: claimMatchState.status }).from(claimMatchState).where(eq(claimMatchState.claimPk, claim.id));
    return { status: after?.status ?? null };
  });
}
