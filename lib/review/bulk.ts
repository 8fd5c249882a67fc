import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { pgArray, rowsOf, type Db, type Queryable } from '@/db/client';
import { pendingBulkActions } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { decisionNote } from '@/lib/claims/review';
import type { ClaimStatus } from '@/lib/claims/lifecycle';
import { recordDecisions, type ClaimHandle } from '@/lib/claims/transition';
import { AppError } from '@/lib/errors';
import type { Settlement } from '@/lib/settlements/service';
import { queueWhere, type QueueFilter } from './queue';
import { decidableFrom, DENY_REASONS, needsSecondReviewer, undocumentedReasons } from './rules';

/**
 * Bulk decisions for a fraud cluster or for the queue's current filter. The claims are chosen once, when
 * the reviewer asks; a denial of more than config.fraud.bulkDenyConfirmAbove claims is kept as a pending
 * action with exactly those claims, and happens only when a DIFFERENT reviewer confirms it (the four-eyes
 * rule). Applied in batches, set-based (lib/claims/transition recordDecisions), one audit row per batch
 * naming its claims.
 */

export const BATCH = 1000;

export const bulkInputSchema = z.object({
  decision: z.enum(['approve', 'deny'], { error: 'Choose approve or deny.' }),
  reasonCodes: z.array(z.string()).default([]),
});
export type BulkScope = { clusterId: number } | { filter: QueueFilter };

export function scopeLabel(scope: BulkScope): string {
  if ('clusterId' in scope) return `cluster ${scope.clusterId}`;
  const f = Object.entries(scope.filter).filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'sort' && k !== 'cluster');
  const rest = f.map(([k, v]) => `${k}=${v}`).join(' ');
  if (scope.filter.cluster) return `cluster ${scope.filter.cluster}${rest ? ` with ${rest}` : ''}`;
  return `queue filter ${rest || '(all)'}`;
}

/** The claims a bulk action takes: decidable into `to`, in the cluster or matching the filter. */
async function selectClaims(db: Queryable, s: Settlement, scope: BulkScope, to: ClaimStatus): Promise<number[]> {
  const from = decidableFrom(to);
  const where = 'clusterId' in scope ? sql`c.settlement_id = ${s.id} and c.fraud_cluster_id = ${scope.clusterId}` : queueWhere(s, scope.filter);
  // An approval never takes a claim whose class-list match is in conflict or only probable (lib/claims/review).
  const approveGuard = to === 'approved' ? sql` and c.verification_status not in ('conflict', 'probable')` : sql``;
  const rows = rowsOf<{ id: string | number }>(
    await db.execute(sql`select c.id from claims c where ${where} and c.status::text = any(${pgArray(from)}::text[])${approveGuard} order by c.id`),
  );
  return rows.map((r) => Number(r.id));
}

function validate(input: z.infer<typeof bulkInputSchema>) {
  if (input.decision === 'deny') {
    if (input.reasonCodes.length === 0) throw new AppError('bad_input', 'Choose at least one reason for the denial.', { field: 'reasonCodes' });
    const bad = undocumentedReasons(input.reasonCodes);
    if (bad.length) throw new AppError('bad_input', `Reasons must be documented codes (${DENY_REASONS.join(', ')}); not ${bad.join(', ')}.`, { field: 'reasonCodes' });
  }
}

/**
 * Decides the given claims (by internal key) in batches; claims whose status no longer allows the
 * decision (decided meanwhile) are skipped and counted. Returns how many were decided and skipped.
 */
export async function applyDecisions(
  db: Db,
  s: Settlement,
  pks: number[],
  d: { decision: 'approve' | 'deny'; from?: ClaimStatus[]; reasonCodes: (pk: number) => string[]; decidedBy: string; secondApprover?: string | null; auditAction: string; auditDetails?: Record<string, unknown> },
  at = new Date(),
): Promise<{ decided: number; skipped: number }> {
  const to: ClaimStatus = d.decision === 'approve' ? 'approved' : 'denied';
  const from = d.from ?? decidableFrom(to);
  let decided = 0;
  let skipped = 0;
  for (let i = 0; i < pks.length; i += BATCH) {
    const chunk = pks.slice(i, i + BATCH);
    decided += await db.transaction(async (tx) => {
      // Locked, so a reviewer deciding one of them at the same moment waits and then sees it decided.
      const rows = rowsOf<{ id: string | number; claim_id: string; status: ClaimStatus }>(
        await tx.execute(sql`select id, claim_id, status from claims where settlement_id = ${s.id} and id = any(${pgArray(chunk)}::bigint[])
          and status::text = any(${pgArray(from)}::text[]) order by id for update`),
      );
      const items = rows.map((r) => ({ claim: { claimPk: Number(r.id), settlementId: s.id, claimId: r.claim_id, status: r.status } as ClaimHandle, reasonCodes: d.reasonCodes(Number(r.id)) }));
      if (items.length === 0) return 0;
      await recordDecisions(tx, items, { decision: d.decision, decidedBy: d.decidedBy, secondApprover: d.secondApprover ?? null, note: decisionNote(d.decision), at });
      await appendAudit(tx, {
        settlementId: s.id,
        actor: d.decidedBy,
        action: d.auditAction,
        targetType: 'claims',
        details: { ...d.auditDetails, decision: d.decision, secondApprover: d.secondApprover ?? null, count: items.length, claims: items.map((it) => it.claim.claimId), reasonCodes: [...new Set(items.flatMap((it) => it.reasonCodes))] },
      });
      return items.length;
    });
    skipped += chunk.length;
  }
  return { decided, skipped: skipped - decided };
}

export type BulkResult = { status: 'done'; decided: number; skipped: number } | { status: 'pending'; pendingId: string; count: number };

/** A reviewer's bulk decision: applied now, or kept for a second reviewer when it is a large denial. */
export async function bulkDecide(db: Db, s: Settlement, scope: BulkScope, raw: unknown, actor: string, at = new Date()): Promise<BulkResult> {
  const parsed = bulkInputSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('bad_input', parsed.error.issues[0].message, { field: String(parsed.error.issues[0].path[0] ?? 'decision') });
  const input = parsed.data;
  validate(input);
  const pks = await selectClaims(db, s, scope, input.decision === 'approve' ? 'approved' : 'denied');
  if (pks.length === 0) throw new AppError('bad_input', 'No claim in this selection can be decided.', { field: 'scope' });
  const reasonCodes = input.decision === 'deny' ? input.reasonCodes : [];
  if (needsSecondReviewer(input.decision, pks.length, s.config.fraud.bulkDenyConfirmAbove)) {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(pendingBulkActions)
        .values({ settlementId: s.id, decision: input.decision, reasonCodes, claimPks: pks, scope: scopeLabel(scope), requestedBy: actor, requestedAt: at })
        .returning({ id: pendingBulkActions.id });
      await appendAudit(tx, { settlementId: s.id, actor, action: 'review.bulk.request', targetType: 'bulk_action', targetId: row.id, details: { decision: input.decision, reasonCodes, count: pks.length, scope: scopeLabel(scope) } });
      return { status: 'pending' as const, pendingId: row.id, count: pks.length };
    });
  }
  const r = await applyDecisions(db, s, pks, { decision: input.decision, reasonCodes: () => reasonCodes, decidedBy: actor, auditAction: `review.bulk.${input.decision}`, auditDetails: { scope: scopeLabel(scope) } }, at);
  return { status: 'done', ...r };
}

async function pendingAction(tx: Queryable, s: Settlement, id: string) {
  if (!z.uuid().safeParse(id).success) throw new AppError('not_found', 'This bulk action does not exist.', { field: 'id' });
  const [row] = await tx.select().from(pendingBulkActions).where(and(eq(pendingBulkActions.id, id), eq(pendingBulkActions.settlementId, s.id)));
  if (!row) throw new AppError('not_found', 'This bulk action does not exist.', { field: 'id' });
  if (row.status !== 'pending') throw new AppError('conflict', `This bulk action is already ${row.status}.`, { field: 'id' });
  return row;
}

/** The second reviewer confirms: the claims are decided, with the requester as decider and the confirmer as second approver. */
export async function confirmBulk(db: Db, s: Settlement, id: string, actor: string, at = new Date()): Promise<{ decided: number; skipped: number }> {
  // Claim the row first (pending → done, conditional) so two confirmers cannot both apply it.
  const row = await db.transaction(async (tx) => {
    const p = await pendingAction(tx, s, id);
    if (p.requestedBy === actor) throw new AppError('conflict', 'A second reviewer — not the one who asked — must confirm this bulk denial.', { field: 'id' });
    const claimed = await tx
      .update(pendingBulkActions)
      .set({ status: 'done', confirmedBy: actor, confirmedAt: at })
      .where(and(eq(pendingBulkActions.id, id), eq(pendingBulkActions.status, 'pending')))
      .returning({ id: pendingBulkActions.id });
    if (!claimed.length) throw new AppError('conflict', 'This bulk action was confirmed or cancelled meanwhile.', { field: 'id' });
    await appendAudit(tx, { settlementId: s.id, actor, action: 'review.bulk.confirm', targetType: 'bulk_action', targetId: id, details: { requestedBy: p.requestedBy, count: p.claimPks.length } });
    return p;
  });
  const r = await applyDecisions(
    db,
    s,
    row.claimPks.map(Number),
    { decision: row.decision as 'approve' | 'deny', reasonCodes: () => row.reasonCodes, decidedBy: row.requestedBy, secondApprover: actor, auditAction: `review.bulk.${row.decision}`, auditDetails: { scope: row.scope, bulkAction: id } },
    at,
  );
  await db.update(pendingBulkActions).set({ result: r }).where(eq(pendingBulkActions.id, id));
  return r;
}

export async function cancelBulk(db: Db, s: Settlement, id: string, actor: string): Promise<void> {
  await db.transaction(async (tx) => {
    await pendingAction(tx, s, id);
    await tx.update(pendingBulkActions).set({ status: 'cancelled', confirmedBy: actor, confirmedAt: new Date() }).where(eq(pendingBulkActions.id, id));
    await appendAudit(tx, { settlementId: s.id, actor, action: 'review.bulk.cancel', targetType: 'bulk_action', targetId: id });
  });
}

export async function listPendingBulk(db: Queryable, s: Settlement) {
  return db
    .select({ id: pendingBulkActions.id, decision: pendingBulkActions.decision, reasonCodes: pendingBulkActions.reasonCodes, scope: pendingBulkActions.scope, requestedBy: pendingBulkActions.requestedBy, requestedAt: pendingBulkActions.requestedAt, count: sql<number>`cardinality(${pendingBulkActions.claimPks})` })
    .from(pendingBulkActions)
    .where(and(eq(pendingBulkActions.settlementId, s.id), eq(pendingBulkActions.status, 'pending')))
    .orderBy(pendingBulkActions.requestedAt);
}

/** The last bulk actions confirmed or cancelled (the queue page shows what became of them). */
export async function listRecentBulk(db: Queryable, s: Settlement, limit = 5) {
  return db
    .select({ id: pendingBulkActions.id, status: pendingBulkActions.status, decision: pendingBulkActions.decision, scope: pendingBulkActions.scope, requestedBy: pendingBulkActions.requestedBy, confirmedBy: pendingBulkActions.confirmedBy, confirmedAt: pendingBulkActions.confirmedAt, result: pendingBulkActions.result, count: sql<number>`cardinality(${pendingBulkActions.claimPks})` })
    .from(pendingBulkActions)
    .where(and(eq(pendingBulkActions.settlementId, s.id), ne(pendingBulkActions.status, 'pending')))
    .orderBy(desc(pendingBulkActions.confirmedAt))
    .limit(limit);
}
