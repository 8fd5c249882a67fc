import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { appendAudit } from '@/lib/audit/service';
import { addDays } from '@/lib/settlements/deadlines';
import { movePayments } from './transition';

/**
 * ACH has no "paid" message: an entry is taken as received once its return window has passed without a
 * return (the receiving bank must return R01–R04 within 2 banking days of the settlement date). This
 * moves such entries submitted → paid (code SETTLED). A later return (R10/R11 come up to 60 days later)
 * still moves them paid → returned.
 */

export const ACH_RETURN_DAYS = 2;

/** The latest settlement date whose return window (`days` weekdays after it) has ended by `asOf`. */
export function settledCutoff(asOf: string, days = ACH_RETURN_DAYS): string {
  let d = asOf;
  let left = days;
  while (left > 0) {
    d = addDays(d, -1);
    if (![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) left--;
  }
  return addDays(d, -1);
}

export async function settleAch(db: Db, settlementId: string, asOf: string, actor: string): Promise<{ settled: number; amountCents: number; cutoff: string }> {
  const cutoff = settledCutoff(asOf);
  return db.transaction(async (tx) => {
    const rows = rowsOf<{ id: number; run_id: string; claim_pk: number; amount_cents: number }>(
      await tx.execute(sql`
        select a.id, a.run_id, a.claim_pk, a.amount_cents
          from payment_attempts a join disbursements d on d.id = a.disbursement_id
          join payments p on p.run_id = a.run_id and p.claim_pk = a.claim_pk
         where a.settlement_id = ${settlementId} and a.rail = 'ach' and a.state = 'submitted' and p.state = 'submitted'
           and d.status = 'written' and d.effective_date <= ${cutoff}::date
         for update of p`),
    );
    if (!rows.length) return { settled: 0, amountCents: 0, cutoff };
    await movePayments(
      tx,
      settlementId,
      rows.map((r) => ({ runId: r.run_id, claimPk: Number(r.claim_pk), from: 'submitted' as const, to: 'paid' as const, attemptId: Number(r.id), code: 'SETTLED' })),
      actor,
    );
    const amountCents = rows.reduce((t, r) => t + Number(r.amount_cents), 0);
    await appendAudit(tx, { settlementId, actor, action: 'disburse.ach.settled', details: { asOf, cutoff, entries: rows.length, amountCents } });
    return { settled: rows.length, amountCents, cutoff };
  });
}
