import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { auditLog, claimDecisions, claimEvents, claims, claimVerifications, deficiencies } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { maskEmail, maskPhone, maskText } from '@/lib/privacy/normalise';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_PREFIX, parsePublicId } from './claim-id';
import { CLAIM_PII, type ClaimPii } from './seal';

/**
 * One claim as staff see it: its state, the claimant's details masked, and its full history (status
 * events, deficiencies, audit rows). Unmasking is a separate use case that writes an audit row first.
 */

export type PersonalDetails = {
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  usernames: string[];
  guardianName: string | null;
};

export type ClaimDetail = {
  /** The internal key (claims.id): never shown as the claim's ID. */
  claimPk: number;
  claimId: string;
  claimRef: string | null;
  status: string;
  tier: string;
  units: number | null;
  channel: string;
  late: boolean;
  paymentMethod: string;
  verificationStatus: string;
  matchedRecordId: string | null;
  fraudScore: number | null;
  fraudAction: string | null;
  fraudReasons: string[];
  decision: string | null;
  decisionReason: string | null;
  attestations: string[];
  submittedAt: Date;
  updatedAt: Date;
  masked: PersonalDetails;
  events: { status: string; note: string | null; actor: string; at: Date }[];
  deficiencies: { code: string; message: string; cureBy: string; curedAt: Date | null; createdAt: Date }[];
  /** As filed: the tier the claimant's attestations asked for. */
  requestedTier: string | null;
  configVersion: number | null;
  verifications: { status: string; tier: string; units: number | null; via: string | null; matchedRecordId: string | null; reasonCodes: string[]; configVersion: number; trigger: string; actor: string; at: Date }[];
  decisions: { decision: string; reasonCodes: string[]; decidedBy: string; secondApprover: string | null; at: Date }[];
  audit: { id: number; at: Date; actor: string; action: string; details: Record<string, unknown> }[];
};

export function maskDetails(p: ClaimPii): PersonalDetails {
  const full = reveal(p);
  return {
    name: `${maskText(p.firstName)} ${maskText(p.lastName)}`,
    email: maskEmail(p.email),
    phone: p.phone ? maskPhone(p.phone) : null,
    // City and state are not identifying on their own and help staff recognise a claim; the street is masked.
    address: full.address ? [p.street ? maskText(p.street, 2) : null, p.city, p.state].filter(Boolean).join(', ') : null,
    usernames: p.usernames.map((u) => maskText(u, 2)),
    guardianName: p.guardianName ? maskText(p.guardianName) : null,
  };
}

function reveal(p: ClaimPii): PersonalDetails {
  const address = [p.street, p.street2, p.city, p.state, p.zip, p.country].filter(Boolean).join(', ');
  return {
    name: `${p.firstName} ${p.lastName}`,
    email: p.email,
    phone: p.phone ?? null,
    address: address || null,
    usernames: p.usernames,
    guardianName: p.guardianName ?? null,
  };
}

async function findClaimRow(db: Queryable, s: Settlement, rawClaimId: string) {
  const claimId = parsePublicId(rawClaimId, CLAIM_PREFIX);
  if (!claimId) return null;
  const [row] = await db.select().from(claims).where(and(eq(claims.settlementId, s.id), eq(claims.claimId, claimId)));
  return row ?? null;
}

export async function getClaimDetail(db: Queryable, s: Settlement, rawClaimId: string): Promise<ClaimDetail | null> {
  const row = await findClaimRow(db, s, rawClaimId);
  if (!row) return null;
  const key = await settlementKey(db, s.id);
  const pii = decryptJson<ClaimPii>(key, row.pii, CLAIM_PII);
  const [events, defs, audit, verifications, decisions] = await Promise.all([
    db.select().from(claimEvents).where(eq(claimEvents.claimPk, row.id)).orderBy(asc(claimEvents.at), asc(claimEvents.id)),
    db.select().from(deficiencies).where(eq(deficiencies.claimPk, row.id)).orderBy(asc(deficiencies.createdAt)),
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'claim'), inArray(auditLog.targetId, [row.claimId, String(row.id)])))
      .orderBy(desc(auditLog.id))
      .limit(200),
    db.select().from(claimVerifications).where(eq(claimVerifications.claimPk, row.id)).orderBy(asc(claimVerifications.id)),
    db.select().from(claimDecisions).where(eq(claimDecisions.claimPk, row.id)).orderBy(asc(claimDecisions.id)),
  ]);
  return {
    claimPk: row.id,
    claimId: row.claimId,
    claimRef: row.claimRef,
    status: row.status,
    tier: row.tier,
    units: row.units,
    channel: row.channel,
    late: row.late,
    paymentMethod: row.paymentMethod,
    verificationStatus: row.verificationStatus,
    matchedRecordId: row.matchedRecordId,
    fraudScore: row.fraudScore,
    fraudAction: row.fraudAction,
    fraudReasons: row.fraudReasons,
    decision: row.decision,
    decisionReason: row.decisionReason,
    attestations: row.attestations,
    submittedAt: row.submittedAt,
    updatedAt: row.updatedAt,
    masked: maskDetails(pii),
    events: events.filter((e) => e.settlementId === s.id).map((e) => ({ status: e.status, note: e.note, actor: e.actor, at: e.at })),
    deficiencies: defs
      .filter((d) => d.settlementId === s.id)
      .map((d) => ({ code: d.code, message: d.message, cureBy: d.cureBy, curedAt: d.curedAt, createdAt: d.createdAt })),
    requestedTier: row.requestedTier,
    configVersion: row.configVersion,
    verifications: verifications.map((v) => ({ status: v.status, tier: v.tier, units: v.units, via: v.via, matchedRecordId: v.matchedRecordId, reasonCodes: v.reasonCodes, configVersion: v.configVersion, trigger: v.trigger, actor: v.actor, at: v.at })),
    decisions: decisions.map((d) => ({ decision: d.decision, reasonCodes: d.reasonCodes, decidedBy: d.decidedBy, secondApprover: d.secondApprover, at: d.at })),
    audit: audit.filter((a) => a.settlementId === s.id).map((a) => ({ id: a.id, at: a.at, actor: a.actor, action: a.action, details: a.details })),
  };
}

/**
 * Shows a claimant's personal details to a staff member whose role allows it. The audit row (who, which
 * claim, when — never the details) is committed before the details are returned.
 */
export async function revealClaimPii(db: Db, s: Settlement, rawClaimId: string, actor: string): Promise<PersonalDetails | null> {
  return db.transaction(async (tx) => {
    const row = await findClaimRow(tx, s, rawClaimId);
    if (!row) return null;
    const key = await settlementKey(tx, s.id);
    const pii = decryptJson<ClaimPii>(key, row.pii, CLAIM_PII);
    await appendAudit(tx, { settlementId: s.id, actor, action: 'claim.pii.reveal', targetType: 'claim', targetId: row.claimId });
    return reveal(pii);
  });
}
