import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Queryable } from '@/db/client';
import { localDate, addDays } from '@/lib/settlements/deadlines';
import type { Settlement } from '@/lib/settlements/service';

/**
 * The review queue: claims waiting for a person (received or under review), filtered and sorted by
 * fraud score, reason, tier, cluster and age, a page at a time. Bulk decisions "for the current filter"
 * select with the same WHERE clause (queueWhere), so what a reviewer sees is what a bulk action takes.
 */

export const QUEUE_SORTS = ['risk', 'safe', 'oldest', 'newest'] as const;
export const QUEUE_PAGE = 50;

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
export const queueFilterSchema = z.object({
  reason: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, { error: 'Choose a reason code.' }).optional()),
  action: z.preprocess(emptyToUndefined, z.enum(['none', 'review', 'recommend_deny', 'unscored'], { error: 'Choose a fraud action.' }).optional()),
  tier: z.preprocess(emptyToUndefined, z.string().max(64).optional()),
  cluster: z.preprocess(emptyToUndefined, z.coerce.number().int().positive({ error: 'A cluster is a positive number.' }).optional()),
  /** Only claims at least this many days old. */
  minAge: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3650).optional()),
  /** Appeals only (claims returned to the queue by the claimant's request for reconsideration). */
  appeal: z.preprocess(emptyToUndefined, z.enum(['1']).optional()),
  assigned: z.preprocess(emptyToUndefined, z.string().max(254).optional()),
  sort: z.preprocess(emptyToUndefined, z.enum(QUEUE_SORTS).default('risk')),
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

export function parseQueueFilter(raw: Record<string, unknown>): QueueFilter {
  const r = queueFilterSchema.safeParse(raw);
  // A hand-edited URL with a bad value shows the plain queue rather than an error page.
  return r.success ? r.data : queueFilterSchema.parse({});
}

/** The filter as URL search parameters (the queue's links and the claim view's j/k navigation). */
export function queueParams(f: Partial<QueueFilter>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '' && !(k === 'sort' && v === 'risk') && !(k === 'page' && v === 1)) p.set(k, String(v));
  return p;
}

/** The WHERE clause of the queue (alias c = claims). */
export function queueWhere(s: Settlement, f: QueueFilter, now = new Date()): SQL {
  const parts: SQL[] = [sql`c.settlement_id = ${s.id}`, sql`c.status in ('received', 'under_review')`];
  if (f.reason) parts.push(sql`c.fraud_reasons @> array[${f.reason}]::text[]`);
  if (f.action === 'unscored') parts.push(sql`c.fraud_action is null`);
  else if (f.action) parts.push(sql`c.fraud_action = ${f.action}`);
  if (f.tier) parts.push(sql`c.tier = ${f.tier}`);
  if (f.cluster) parts.push(sql`c.fraud_cluster_id = ${f.cluster}`);
  if (f.minAge) parts.push(sql`c.submitted_at < ${addDays(localDate(now, 'UTC'), -f.minAge + 1)}::date`);
  if (f.appeal) parts.push(sql`exists (select 1 from claim_appeals a where a.claim_pk = c.id and a.decided_at is null)`);
  if (f.assigned === 'none') parts.push(sql`c.assigned_to is null`);
  else if (f.assigned) parts.push(sql`c.assigned_to = ${f.assigned}`);
  return sql.join(parts, sql` and `);
}

function orderBy(sort: QueueFilter['sort']): SQL {
  switch (sort) {
    case 'safe':
      return sql`c.fraud_score desc nulls last, c.id`;
    case 'oldest':
      return sql`c.submitted_at, c.id`;
    case 'newest':
      return sql`c.submitted_at desc, c.id desc`;
    default:
      // Riskiest first: the lowest score (1000 = nothing fired); unscored claims last.
      return sql`c.fraud_score asc nulls last, c.id`;
  }
}

export type QueueItem = {
  claimId: string;
  status: string;
  tier: string;
  score: number | null;
  action: string | null;
  reasons: string[];
  clusterId: number | null;
  submittedAt: Date;
  assignedTo: string | null;
  appeal: boolean;
};

export async function listQueue(db: Queryable, s: Settlement, f: QueueFilter, opts: { offset?: number; limit?: number } = {}): Promise<{ items: QueueItem[]; total: number }> {
  const where = queueWhere(s, f);
  const limit = opts.limit ?? QUEUE_PAGE;
  const offset = opts.offset ?? (f.page - 1) * QUEUE_PAGE;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select c.claim_id, c.status, c.tier, c.fraud_score, c.fraud_action, c.fraud_reasons, c.fraud_cluster_id, c.submitted_at, c.assigned_to,
             exists (select 1 from claim_appeals a where a.claim_pk = c.id and a.decided_at is null) as appeal
        from claims c where ${where} order by ${orderBy(f.sort)} limit ${limit} offset ${offset}`),
  );
  const [count] = rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from claims c where ${where}`));
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      claimId: String(r.claim_id),
      status: String(r.status),
      tier: String(r.tier),
      score: r.fraud_score === null ? null : Number(r.fraud_score),
      action: (r.fraud_action as string | null) ?? null,
      reasons: (r.fraud_reasons as string[]) ?? [],
      clusterId: r.fraud_cluster_id === null ? null : Number(r.fraud_cluster_id),
      submittedAt: new Date(r.submitted_at as string),
      assignedTo: (r.assigned_to as string | null) ?? null,
      appeal: Boolean(r.appeal),
    })),
  };
}

/**
 * The claims before and after position `index` (0-based) of the queue: the claim view's k / j. Once the
 * claim at `index` is decided it leaves the queue and the next one moves into its place, so then "next"
 * is the claim now AT `index`.
 */
export async function queueNeighbours(
  db: Queryable,
  s: Settlement,
  f: QueueFilter,
  index: number,
  current: string,
): Promise<{ prev: { claimId: string; index: number } | null; next: { claimId: string; index: number } | null }> {
  const from = Math.max(0, index - 1);
  const { items } = await listQueue(db, s, f, { offset: from, limit: index - from + 2 });
  const at = index - from;
  const prev = at > 0 && items[at - 1] ? { claimId: items[at - 1].claimId, index: index - 1 } : null;
  if (items[at]?.claimId === current) return { prev, next: items[at + 1] ? { claimId: items[at + 1].claimId, index: index + 1 } : null };
  return { prev, next: items[at] ? { claimId: items[at].claimId, index } : null };
}
