import { asc, gt, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { auditLog } from '@/db/schema';
import { canonicalJson, chainHash, GENESIS, type AuditContent } from './chain';

export type AuditEntry = {
  settlementId?: string | null;
  actor: string;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Never personal data: ids, counts, codes. */
  details?: Record<string, unknown>;
};

// Any constant: one advisory lock serialises writers of the single chain.
const AUDIT_LOCK = 0x0fa1c4a1;

/**
 * Appends one row to the hash chain inside the caller's transaction. Call it last in the
 * transaction: the chain lock is held until commit.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const content: AuditContent = {
    settlementId: entry.settlementId ?? null,
    at: new Date().toISOString(),
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
  };
  // One statement reads the chain's head and links the new row to it: sha256(prev || "\n" || content),
  // exactly what chainHash computes (every use case writes one, so a round trip here is felt in intake).
  // The statement starts after the lock is held, so the head it reads is the committed one.
  await tx.execute(sql`
    insert into audit_log (settlement_id, at, actor, action, target_type, target_id, details, prev_hash, hash)
    select ${content.settlementId}, ${content.at}::timestamptz, ${content.actor}, ${content.action}, ${content.targetType},
           ${content.targetId}, ${JSON.stringify(content.details)}::jsonb, head.hash,
           encode(sha256(convert_to(head.hash || E'\n' || ${canonicalJson(content)}, 'UTF8')), 'hex')
    from (select coalesce((select hash from audit_log order by id desc limit 1), ${GENESIS}) as hash) head`);
}

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Walks the whole chain in id order, in pages, and reports the first row that does not fit. */
export async function verifyAuditChain(db: Queryable, pageSize = 5000): Promise<ChainVerdict> {
  let prev = GENESIS;
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.id, after)).orderBy(asc(auditLog.id)).limit(pageSize);
    if (page.length === 0) return { ok: true, rows };
    for (const r of page) {
      rows++;
      if (r.prevHash !== prev) return { ok: false, rows, brokenAt: r.id, reason: 'a row before it was removed or changed' };
      const expected = chainHash(prev, {
        settlementId: r.settlementId,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        details: r.details,
      });
      if (expected !== r.hash) return { ok: false, rows, brokenAt: r.id, reason: 'the row was edited' };
      prev = r.hash;
      after = r.id;
    }
  }
}
