import { asc } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { chainHash, chainKeyOf, GENESIS } from './chain';

/**
 * What someone with superuser access to the database can do despite the append-only triggers: switch
 * them off, change rows, and recompute every hash so the chain alone still verifies. Tests use these to
 * prove that checkpoints catch it.
 */

export async function asSuperuser(h: Handle, script: string): Promise<void> {
  await h.exec(`alter table audit_log disable trigger user; ${script}; alter table audit_log enable trigger user;`);
}

/** Re-links every row of `chain` from the first one onwards with freshly computed hashes. */
export async function rehashChain(h: Handle, chain: string): Promise<void> {
  const rows = (await h.db.select().from(auditLog).orderBy(asc(auditLog.id))).filter((r) => chainKeyOf(r.settlementId, r.chainSeq) === chain);
  let prev = GENESIS;
  const updates: string[] = [];
  rows.forEach((r, i) => {
    const seq = r.chainSeq === null ? undefined : i + 1;
    const hash = chainHash(prev, { settlementId: r.settlementId, at: r.at.toISOString(), actor: r.actor, action: r.action, targetType: r.targetType, targetId: r.targetId, details: r.details, seq });
    updates.push(`update audit_log set prev_hash = '${prev}', hash = '${hash}'${seq === undefined ? '' : `, chain_seq = ${seq}`} where id = ${r.id}`);
    prev = hash;
  });
  // Renumbering can pass through a taken (settlement, seq) pair: drop the unique index for the rewrite.
  await asSuperuser(h, `drop index if exists audit_chain_seq_idx; ${updates.join('; ')}; create unique index audit_chain_seq_idx on audit_log (coalesce(settlement_id, '00000000-0000-0000-0000-000000000000'::uuid), chain_seq) where chain_seq is not null`);
}

export const auditIds = async (h: Handle, chain?: string): Promise<number[]> =>
  (await h.db.select().from(auditLog).orderBy(asc(auditLog.id))).filter((r) => !chain || chainKeyOf(r.settlementId, r.chainSeq) === chain).map((r) => r.id);

