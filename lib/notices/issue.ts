import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { classMembers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { settlementKey } from '@/lib/privacy/keys';
import { newNoticeCredentials, noticeColumns, type NoticeCredentials } from './codes';

/**
 * `fairshare notices issue`: a Notice ID and a confirmation code for every class member that has none.
 * Idempotent — only members without a Notice ID are touched, so a re-run (or a class-list re-import that
 * added members) issues to the new ones only. Batches are committed one by one, so a killed run keeps
 * what it issued and the next run carries on.
 */

const UNIQUE_VIOLATION = '23505';
const MAX_COLLISION_RETRIES = 5;

function isUniqueViolation(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) if (x.code === UNIQUE_VIOLATION) return true;
  return false;
}

export type IssueResult = { issued: number; alreadyIssued: number; collisionsRetried: number };

export async function countWithoutNotice(db: Queryable, settlementId: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(classMembers).where(and(eq(classMembers.settlementId, settlementId), isNull(classMembers.noticeId)));
  return r.n;
}

/** Writes credentials to members that still have none (a member issued meanwhile keeps its own: `notice_id is null`). */
async function writeBatch(tx: Queryable, key: Awaited<ReturnType<typeof settlementKey>>, ids: number[], issuedAt: Date, creds: NoticeCredentials[]): Promise<number> {
  const rows = ids.map((id, i) => {
    const c = noticeColumns(key, creds[i], issuedAt);
    return sql`(${id}::bigint, ${c.noticeId}, ${c.confirmationCodeHash}, ${c.noticeCode})`;
  });
  const r = await tx.execute(sql`
    update class_members as c
       set notice_id = v.notice_id, confirmation_code_hash = v.code_hash, notice_code = v.notice_code, notice_issued_at = ${issuedAt}
      from (values ${sql.join(rows, sql`, `)}) as v(id, notice_id, code_hash, notice_code)
     where c.id = v.id and c.notice_id is null`);
  return (r as { rowCount?: number; affectedRows?: number }).rowCount ?? (r as { affectedRows?: number }).affectedRows ?? ids.length;
}

export async function issueNotices(
  db: Db,
  settlementId: string,
  opts: { actor: string; batchSize?: number; onProgress?: (done: number, total: number) => Promise<void> | void; signal?: AbortSignal; rand?: (n: number) => number },
): Promise<IssueResult> {
  const key = await settlementKey(db, settlementId);
  const batchSize = opts.batchSize ?? 1000;
  const total = await countWithoutNotice(db, settlementId);
  const [{ n: all }] = await db.select({ n: count() }).from(classMembers).where(eq(classMembers.settlementId, settlementId));
  let issued = 0;
  let retried = 0;
  let after = 0;
  while (!opts.signal?.aborted) {
    const batch = await db
      .select({ id: classMembers.id })
      .from(classMembers)
      .where(and(eq(classMembers.settlementId, settlementId), isNull(classMembers.noticeId), gt(classMembers.id, after)))
      .orderBy(asc(classMembers.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    const ids = batch.map((b) => b.id);
    const issuedAt = new Date();
    for (let attempt = 0; ; attempt++) {
      try {
        const n = await db.transaction(async (tx) => {
          const written = await writeBatch(tx, key, ids, issuedAt, ids.map(() => newNoticeCredentials(opts.rand)));
          await appendAudit(tx, { settlementId, actor: opts.actor, action: 'notices.issue', details: { issued: written } });
          return written;
        });
        issued += n;
        break;
      } catch (e) {
        // 40 random bits per Notice ID: a collision with an existing one is rare but possible at 89M
        // members. The whole batch rolled back; draw new IDs and try again.
        if (!isUniqueViolation(e) || attempt >= MAX_COLLISION_RETRIES) throw e;
        retried++;
      }
    }
    after = ids.at(-1)!;
    await opts.onProgress?.(issued, total);
  }
  return { issued, alreadyIssued: all - total, collisionsRetried: retried };
}
