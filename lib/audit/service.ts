import { createHash } from 'node:crypto';
import { and, asc, gt, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '@/db/client';
import { auditLog } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { chainHash, chainKeyOf, GENESIS, INSTALLATION_CHAIN, LEGACY_CHAIN, seqSlot, type AuditContent } from './chain';

export type AuditEntry = {
  settlementId?: string | null;
  actor: string;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Never personal data: ids, counts, codes. */
  details?: Record<string, unknown>;
};

/** Where a row landed: its id, its chain ('installation' or the settlement's id), its place and hash there. */
export type AuditRecord = { id: number; chain: string; seq: number; hash: string };

// Class id of the chain locks (two-key advisory locks); the second key is derived from the chain key.
const AUDIT_LOCK_CLASS = 0x0fa1c4a1;
/** Stands for "no settlement" in the head index's expression (db/schema/audit.ts): the installation chain. */
export const NO_SETTLEMENT = '00000000-0000-0000-0000-000000000000';

/** A stable 32-bit lock key per chain; two chains sharing one only share a queue, never a chain. */
function lockKey(chain: string): number {
  return createHash('sha256').update(chain).digest().readInt32BE(0);
}

/**
 * Appends one row to its chain (the settlement's, or the installation's when settlementId is null) inside
 * the caller's transaction. Call it last in the transaction: the chain's lock is held until commit, and
 * only writers of the same chain wait for it.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<AuditRecord> {
  const content: AuditContent = {
    settlementId: entry.settlementId ?? null,
    at: new Date().toISOString(),
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
  };
  const chain = content.settlementId ?? INSTALLATION_CHAIN;
  const [lock] = rowsOf<{ iso: string }>(
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}::int, ${lockKey(chain)}::int), current_setting('transaction_isolation') as iso`),
  );
  // Under repeatable read the head below would come from a snapshot taken before the lock, and two
  // writers would claim the same place (the unique index then refuses the second): refuse it plainly.
  if (lock.iso !== 'read committed') throw new AppError('internal', `appendAudit needs a read committed transaction, not ${lock.iso}`);
  const [before, after] = seqSlot(content);
  // One statement reads the chain's head and links the new row to it:
  // sha256(prev || "\n" || canonicalJson({...content, seq})), exactly what chainHash computes (every use
  // case writes one, so a round trip here is felt in intake). The statement starts after the lock is
  // held, so the head it reads is the committed one.
  const [row] = rowsOf<{ id: string | number; seq: string | number; hash: string }>(
    await tx.execute(sql`
      insert into audit_log (settlement_id, chain_seq, at, actor, action, target_type, target_id, details, prev_hash, hash)
      select ${content.settlementId}::uuid, head.seq + 1, ${content.at}::timestamptz, ${content.actor}, ${content.action}, ${content.targetType},
             ${content.targetId}, ${JSON.stringify(content.details)}::jsonb, head.hash,
             encode(sha256(convert_to(head.hash || E'\n' || ${before} || (head.seq + 1)::text || ${after}, 'UTF8')), 'hex')
      from (select coalesce(h.seq, 0) as seq, coalesce(h.hash, ${GENESIS}) as hash
            from (select 1) one
            left join lateral (
              select chain_seq as seq, hash from audit_log
              where coalesce(settlement_id, ${NO_SETTLEMENT}::uuid) = ${content.settlementId ?? NO_SETTLEMENT}::uuid and chain_seq is not null
              order by chain_seq desc limit 1) h on true) head
      returning id, chain_seq as seq, hash`),
  );
  return { id: Number(row.id), chain, seq: Number(row.seq), hash: row.hash };
}

/** A chain's last row as verified: how many rows, which id ends it, its hash and time. */
export type ChainHead = { chain: string; settlementId: string | null; rows: number; lastId: number | null; hash: string; at: string | null };
export type ChainReport = ChainHead & ({ ok: true } | { ok: false; brokenAt: number; reason: string });

export type VerifyOptions = {
  /** Only this settlement's chain (by settlement id). */
  settlementId?: string;
  /** Only these chains ('installation', 'legacy', settlement ids). */
  chains?: string[];
  pageSize?: number;
  /** Called with the row at position `seq` of a chain, for checkpoint comparisons. */
  onRow?: (chain: string, seq: number, id: number, hash: string) => void;
};

type Walk = ChainReport & { prev: string };

/**
 * Walks the audit log in id order, in pages, keeping one running hash per chain, and reports each
 * chain: intact up to its head, or the first row that does not fit. Within a chain ids grow with seq
 * (ids are drawn while the chain's lock is held), so id order is chain order.
 */
export async function verifyAuditChains(db: Queryable, opts: VerifyOptions = {}): Promise<ChainReport[]> {
  // One snapshot: rows of different chains commit out of id order, and a walk whose pages saw different
  // moments could miss a row that committed late and report a gap that is not there.
  if (!('rollback' in db)) return db.transaction((tx) => walkChains(tx, opts), { isolationLevel: 'repeatable read', accessMode: 'read only' });
  return walkChains(db, opts);
}

async function walkChains(db: Queryable, opts: VerifyOptions): Promise<ChainReport[]> {
  const pageSize = opts.pageSize ?? 5000;
  const chains = new Map<string, Walk>();
  const wanted = opts.chains ? new Set(opts.chains) : null;
  let filter: SQL | undefined;
  if (opts.settlementId) filter = sql`${auditLog.settlementId} = ${opts.settlementId}::uuid and ${auditLog.chainSeq} is not null`;
  else if (wanted) {
    // Read only the wanted chains' rows (the console asks for three chains out of many).
    const keys = [...wanted].filter((c) => c !== LEGACY_CHAIN).map((c) => (c === INSTALLATION_CHAIN ? NO_SETTLEMENT : c));
    const parts: SQL[] = [];
    if (keys.length) parts.push(sql`(${auditLog.chainSeq} is not null and coalesce(${auditLog.settlementId}, ${NO_SETTLEMENT}::uuid) in (${sql.join(keys.map((k) => sql`${k}::uuid`), sql`, `)}))`);
    if (wanted.has(LEGACY_CHAIN)) parts.push(sql`${auditLog.chainSeq} is null`);
    filter = parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
  }
  for (let after = 0; ; ) {
    const page = await db.select().from(auditLog).where(and(gt(auditLog.id, after), filter)).orderBy(asc(auditLog.id)).limit(pageSize);
    if (page.length === 0) break;
    for (const r of page) {
      after = r.id;
      const key = chainKeyOf(r.settlementId, r.chainSeq);
      if (wanted && !wanted.has(key)) continue;
      let c = chains.get(key);
      if (!c) {
        c = { chain: key, settlementId: key === LEGACY_CHAIN ? null : r.settlementId, rows: 0, lastId: null, hash: GENESIS, at: null, ok: true, prev: GENESIS };
        chains.set(key, c);
      }
      c.rows++;
      opts.onRow?.(key, c.rows, r.id, r.hash);
      if (!c.ok) continue;
      const fail = (reason: string) => Object.assign(c, { ok: false, brokenAt: r.id, reason });
      if (r.chainSeq !== null && r.chainSeq !== c.rows) {
        fail(`it is entry ${r.chainSeq} of its chain but follows entry ${c.rows - 1} (a row was removed or inserted)`);
        continue;
      }
      if (r.prevHash !== c.prev) {
        fail('a row before it was removed or changed');
        continue;
      }
      const content: AuditContent & { seq?: number } = {
        settlementId: r.settlementId,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        details: r.details,
        seq: r.chainSeq ?? undefined,
      };
      if (chainHash(c.prev, content) !== r.hash) {
        fail('the row was edited');
        continue;
      }
      c.prev = r.hash;
      Object.assign(c, { lastId: r.id, hash: r.hash, at: r.at.toISOString() });
    }
  }
  // Installation first, then legacy, then settlements in the order their chains began (stable sort).
  return [...chains.values()].map(({ prev: _prev, ...c }) => c).sort((a, b) => order(a.chain) - order(b.chain));
}

const order = (chain: string) => (chain === INSTALLATION_CHAIN ? 0 : chain === LEGACY_CHAIN ? 1 : 2);

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string; chain: string };

/** The whole log in one verdict: ok with the row count, or the first broken chain and row. */
export async function verifyAuditChain(db: Queryable, opts: VerifyOptions = {}): Promise<ChainVerdict> {
  const reports = await verifyAuditChains(db, opts);
  const rows = reports.reduce((n, c) => n + c.rows, 0);
  const broken = reports.find((c) => !c.ok);
  if (!broken || broken.ok) return { ok: true, rows };
  return { ok: false, rows, brokenAt: broken.brokenAt, reason: broken.reason, chain: broken.chain };
}
