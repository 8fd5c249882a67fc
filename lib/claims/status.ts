import { and, asc, eq } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { claimantVerificationText } from '@/lib/verification/status';
import { claimEvents, claims, deficiencies } from '@/db/schema';
import { constantTimeEqual, keyedHash } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { normaliseEmail, normaliseZip } from '@/lib/privacy/normalise';
import type { Settlement } from '@/lib/settlements/service';
import { CLAIM_PREFIX, parsePublicId } from './claim-id';
import { CLAIMANT_STATUS_LABELS, DECIDED_STATUSES, isClaimStatus, UNPAYABLE_STATUSES } from './lifecycle';

/**
 * "Check my claim": the claim ID plus the e-mail or ZIP code given on the claim. Both are compared as
 * keyed hashes, and a wrong ID and a wrong e-mail give the same answer so the page cannot be used to
 * learn which claim IDs exist. The view holds no personal data.
 */

export const LOOKUP_FAILED =
  'We could not find a claim with that claim ID and e-mail address or ZIP code. Check both and try again.';

export type TimelineStep = { key: string; label: string; state: 'done' | 'current' | 'problem' | 'upcoming'; at?: string; note?: string };
export type OpenDeficiency = { id: number; code: string; message: string; cureBy: string };
export type ClaimStatusView = {
  claimId: string;
  status: string;
  statusLabel: string;
  late: boolean;
  tier: string;
  tierName: string;
  submittedAt: string;
  decisionReason: string | null;
  timeline: TimelineStep[];
  deficiencies: OpenDeficiency[];
  /** Attestations the claimant may withdraw to cure an ATTESTATION_UNSUPPORTED deficiency. */
  withdrawable: { key: string; label: string }[];
  /** The verification outcome in plain words (lib/verification/status.ts): never a record detail or a reason code. */
  verification: { title: string; body: string } | null;
  /** The amount of an approved or locked payout run, explained in plain words (lib/payouts/explain.ts). */
  payment?: { amountCents: number; lines: string[] } | null;
  /** Where the payment stands once a disbursement began, in plain words; canChange: the claimant may choose another method (lib/disburse/claimant.ts). */
  paymentState?: { state: string; words: string; canChange: boolean } | null;
};

/** The claimant's words for each status (defined once in ./lifecycle). */
export const STATUS_LABELS: Record<string, string> = CLAIMANT_STATUS_LABELS;

export type ClaimRow = typeof claims.$inferSelect;

/** The claim a claim ID + e-mail/ZIP identify, or null (for any mismatch, without saying which). */
export async function authenticateClaim(db: Queryable, settlement: Settlement, rawClaimId: string, emailOrZip: string): Promise<ClaimRow | null> {
  const claimId = parsePublicId(String(rawClaimId ?? ''), CLAIM_PREFIX);
  const secret = String(emailOrZip ?? '').trim();
  const key = await settlementKey(db, settlement.id);
  const given = secret.includes('@') ? keyedHash(key, 'email', normaliseEmail(secret)) : keyedHash(key, 'zip', normaliseZip(secret));
  if (!claimId || !secret) return null;
  const [row] = await db.select().from(claims).where(and(eq(claims.settlementId, settlement.id), eq(claims.claimId, claimId)));
  if (!row) return null;
  const stored = secret.includes('@') ? row.emailHash : row.zipHash;
  return stored && constantTimeEqual(stored, given) ? row : null;
}

export async function lookupClaimStatus(
  db: Queryable,
  settlement: Settlement,
  rawClaimId: string,
  emailOrZip: string,
): Promise<{ ok: true; view: ClaimStatusView } | { ok: false; error: string }> {
  const row = await authenticateClaim(db, settlement, rawClaimId, emailOrZip);
  if (!row) return { ok: false, error: LOOKUP_FAILED };
  return { ok: true, view: await statusView(db, settlement, row) };
}

/** The non-personal summary shown on the confirmation page right after filing. */
export async function claimReceipt(db: Queryable, settlement: Settlement, rawClaimId: string): Promise<ClaimStatusView | null> {
  const claimId = parsePublicId(rawClaimId, CLAIM_PREFIX);
  if (!claimId) return null;
  const [row] = await db.select().from(claims).where(and(eq(claims.settlementId, settlement.id), eq(claims.claimId, claimId)));
  return row ? statusView(db, settlement, row) : null;
}

export async function statusView(db: Queryable, settlement: Settlement, row: ClaimRow): Promise<ClaimStatusView> {
  const config = settlement.config;
  const events = await db.select().from(claimEvents).where(eq(claimEvents.claimPk, row.id)).orderBy(asc(claimEvents.at), asc(claimEvents.id));
  const defs = await db.select().from(deficiencies).where(eq(deficiencies.claimPk, row.id)).orderBy(asc(deficiencies.id));
  const open = defs.filter((d) => !d.curedAt).map((d) => ({ id: d.id, code: d.code, message: d.message, cureBy: d.cureBy }));
  const tierName = config.tiers.find((t) => t.key === row.tier)?.name ?? row.tier;
  const withdrawable = open.some((d) => d.code === 'ATTESTATION_UNSUPPORTED')
    ? row.attestations.map((k) => ({ key: k, label: config.attestations.find((a) => a.key === k)?.label ?? k }))
    : [];
  return {
    claimId: row.claimId,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status] ?? row.status,
    late: row.late,
    tier: row.tier,
    tierName,
    submittedAt: row.submittedAt.toISOString(),
    decisionReason: row.status === 'denied' ? row.decisionReason : null,
    timeline: buildTimeline(row.status, events),
    deficiencies: open,
    withdrawable,
    verification: claimantVerificationText(row.verificationStatus),
    payment: await claimPayment(db, row.id),
    paymentState: await claimPaymentState(db, row.id),
  };
}

async function claimPayment(db: Queryable, claimPk: number): Promise<ClaimStatusView['payment']> {
  const { paymentOfClaim } = await import('@/lib/payouts/service');
  const { explainPayment } = await import('@/lib/payouts/explain');
  const p = await paymentOfClaim(db as Db, claimPk);
  return p ? { amountCents: p.amountCents, lines: explainPayment(p) } : null;
}

async function claimPaymentState(db: Queryable, claimPk: number): Promise<ClaimStatusView['paymentState']> {
  const { claimantPaymentState } = await import('@/lib/disburse/claimant');
  const p = await claimantPaymentState(db, claimPk);
  return p ? { state: p.state, words: p.words, canChange: p.canChange } : null;
}

type EventRow = typeof claimEvents.$inferSelect;

/**
 * What happened (from claim_events) followed by what is still to come, so a claimant sees where the
 * claim stands in the whole process: received → under review → approved/denied → paid (the payment).
 */
export function buildTimeline(status: string, events: EventRow[]): TimelineStep[] {
  const steps: TimelineStep[] = events.map((e, i) => ({
    key: `event-${e.id}`,
    label: e.note?.startsWith('Correction') ? 'Correction received' : (STATUS_LABELS[e.status] ?? e.status),
    state: i === events.length - 1 ? (e.status === 'deficient' ? 'problem' : e.status === 'denied' ? 'problem' : 'current') : 'done',
    at: e.at.toISOString(),
    note: e.note ?? undefined,
  }));
  const seen = new Set(events.map((e) => e.status));
  const ahead: [string, string][] = [];
  // Payment is not a claim status: it will come from the payment (its own table) once payouts exist.
  const decided = isClaimStatus(status) && DECIDED_STATUSES.includes(status);
  const unpayable = isClaimStatus(status) && UNPAYABLE_STATUSES.includes(status);
  if (!decided) {
    if (!seen.has('under_review')) ahead.push(['under_review', 'Under review: checked against the records']);
    ahead.push(['decision', 'Decision: approved or denied with the reason']);
  }
  if (!unpayable) ahead.push(['paid', 'Paid by the method you chose, after final approval']);
  return [...steps, ...ahead.map(([key, label]) => ({ key, label, state: 'upcoming' as const }))];
}
