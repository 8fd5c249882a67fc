import { sql } from 'drizzle-orm';
import { pgArray, rowsOf, type Db } from '@/db/client';
import type { Settlement } from '@/lib/settlements/service';
import { applyDecisions, BATCH } from './bulk';
import { autoDenyReasons } from './rules';

/**
 * `fairshare review apply-rules`: the settlement's automatic rules (lib/review/rules.ts ruleOutcome).
 * - approve: received/under-review claims verified against the class list (verification_status
 *   matched) with fraud_action 'none', when config.fraud.autoApproveClean;
 * - deny: recommend_deny claims whose fraud reasons include a code of config.fraud.denyCriteria, with
 *   exactly those codes — nothing else is ever denied automatically;
 * - everything else stays for people, and so does every claim with an open appeal.
 * Keyset pages of BATCH claims, each decided set-based in one transaction with one audit row: it works
 * at a million claims, and a re-run finds nothing left to do (idempotent).
 */

export type ApplyRulesCounts = { settlement: string; approved: number; denied: number; leftForPeople: number };

export const RULES_ACTOR = 'rules:apply';

/** An appealed claim is for a person: the rules never decide it again. */
const notAppealed = sql`not exists (select 1 from claim_appeals a where a.claim_pk = claims.id and a.decided_at is null)`;

export async function applyRules(
  db: Db,
  s: Settlement,
  opts: { actor: string; at?: Date; signal?: AbortSignal; onProgress?: (done: number) => Promise<void> | void } = { actor: RULES_ACTOR },
): Promise<ApplyRulesCounts> {
  const cfg = s.config.fraud;
  const at = opts.at ?? new Date();
  let approved = 0;
  let denied = 0;
  const details = { rules: { autoApproveClean: cfg.autoApproveClean, denyCriteria: cfg.denyCriteria }, configVersion: s.configVersion, by: opts.actor };

  if (cfg.autoApproveClean) {
    let after = 0;
    for (;;) {
      opts.signal?.throwIfAborted();
      const ids = rowsOf<{ id: string | number }>(
        await db.execute(sql`select id from claims where settlement_id = ${s.id} and status in ('received', 'under_review')
          and verification_status = 'matched' and fraud_action = 'none' and ${notAppealed} and id > ${after} order by id limit ${BATCH}`),
      ).map((r) => Number(r.id));
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      approved += (await applyDecisions(db, s, ids, { decision: 'approve', reasonCodes: () => [], decidedBy: opts.actor, auditAction: 'review.rules.approve', auditDetails: details }, at)).decided;
      await opts.onProgress?.(approved + denied);
    }
  }

  if (cfg.denyCriteria.length) {
    let after = 0;
    for (;;) {
      opts.signal?.throwIfAborted();
      const rows = rowsOf<{ id: string | number; fraud_reasons: string[] }>(
        await db.execute(sql`select id, fraud_reasons from claims where settlement_id = ${s.id} and status in ('received', 'under_review')
          and fraud_action = 'recommend_deny' and fraud_reasons && ${pgArray(cfg.denyCriteria)}::text[] and ${notAppealed} and id > ${after} order by id limit ${BATCH}`),
      );
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].id);
      const reasons = new Map(rows.map((r) => [Number(r.id), autoDenyReasons(r.fraud_reasons, cfg.denyCriteria)]));
      denied += (await applyDecisions(db, s, [...reasons.keys()], { decision: 'deny', reasonCodes: (pk) => reasons.get(pk) ?? [], decidedBy: opts.actor, auditAction: 'review.rules.deny', auditDetails: details }, at)).decided;
      await opts.onProgress?.(approved + denied);
    }
  }

  const [left] = rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from claims where settlement_id = ${s.id} and status in ('received', 'under_review', 'deficient')`));
  return { settlement: s.slug, approved, denied, leftForPeople: Number(left.n) };
}
