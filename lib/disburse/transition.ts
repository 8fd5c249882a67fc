import { sql } from 'drizzle-orm';
import { pgArray, rowsOf, type Queryable } from '@/db/client';
import { AppError } from '@/lib/errors';
import { assertMove, attemptStateOf, type PaymentState } from './lifecycle';

/**
 * The only code that writes payments.state (and the state of the attempt it concerns). Every move is
 * checked against lib/disburse/lifecycle.ts, is conditional on the state the caller read (two importers
 * of the same file, or a file and a void, cannot both win), and writes its payment_events row in the
 * caller's transaction. The caller adds ONE audit row for the operation (a disbursement, a returns file,
 * a void) in the same transaction: the events carry the per-payment detail, the audit row the who and why.
 */

export type PaymentRef = { runId: string; claimPk: number };
export type Move = PaymentRef & {
  from: PaymentState;
  to: PaymentState;
  /** The attempt the move concerns (its state follows when the lifecycle has a matching attempt state). */
  attemptId?: number | null;
  /** A stable code: R03, C01, SUCCEEDED, void, stale… */
  code?: string | null;
  note?: string | null;
};

/**
 * Moves many payments at once: one conditional UPDATE … FROM unnest for the payments, one for their
 * attempts, one INSERT of the events. All or nothing: if any payment is no longer in the state the caller
 * read, AppError 'conflict' and the caller's transaction rolls back.
 */
export async function movePayments(tx: Queryable, settlementId: string, moves: Move[], actor: string, at: Date = new Date()): Promise<void> {
  if (moves.length === 0) return;
  for (const m of moves) assertMove(m.from, m.to, `claim ${m.claimPk}`);
  const run = pgArray(moves.map((m) => m.runId));
  const pk = pgArray(moves.map((m) => m.claimPk));
  const from = pgArray(moves.map((m) => m.from));
  const to = pgArray(moves.map((m) => m.to));
  const ts = at.toISOString();
  const updated = rowsOf<{ claim_pk: number }>(
    await tx.execute(sql`
      update payments p set state = v."to"
      from unnest(${run}::uuid[], ${pk}::bigint[], ${from}::text[], ${to}::text[]) as v(run_id, claim_pk, "from", "to")
      where p.run_id = v.run_id and p.claim_pk = v.claim_pk and p.state = v."from"
      returning p.claim_pk`),
  );
  if (updated.length !== moves.length)
    throw new AppError('conflict', `${moves.length - updated.length} of ${moves.length} payments changed while this was being done; nothing was applied — run it again`);
  const withAttempt = moves.filter((m) => m.attemptId != null && attemptStateOf(m.to));
  if (withAttempt.length) {
    const n = rowsOf<{ id: number }>(
      await tx.execute(sql`
        update payment_attempts a set state = v.state,
               result_code = case when v.state in ('queued', 'submitted') then a.result_code else coalesce(v.code, a.result_code) end, updated_at = ${ts}::timestamptz
        from unnest(${pgArray(withAttempt.map((m) => m.attemptId!))}::bigint[], ${pgArray(withAttempt.map((m) => attemptStateOf(m.to)))}::text[],
                    ${pgArray(withAttempt.map((m) => m.code ?? null))}::text[]) as v(id, state, code)
        where a.id = v.id
        returning a.id`),
    ).length;
    if (n !== withAttempt.length) throw new AppError('internal', 'a payment attempt named by a move does not exist');
  }
  // The claimant is told when a payment failed or came back (lib/disburse/payment-mail.ts): queued here, in
  // the move's transaction, once per attempt (unique attempt_id), whichever rail or import moved it.
  const told = moves.filter((m) => m.attemptId != null && (m.to === 'failed' || m.to === 'returned'));
  if (told.length)
    await tx.execute(sql`
      insert into payment_mail (settlement_id, attempt_id, claim_pk, kind)
      select ${settlementId}::uuid, v.attempt_id, v.claim_pk, v.kind
      from unnest(${pgArray(told.map((m) => m.attemptId!))}::bigint[], ${pgArray(told.map((m) => m.claimPk))}::bigint[], ${pgArray(told.map((m) => m.to))}::text[]) as v(attempt_id, claim_pk, kind)
      on conflict (attempt_id) do nothing`);
  await tx.execute(sql`
    insert into payment_events (settlement_id, run_id, claim_pk, attempt_id, from_state, to_state, code, note, actor, at)
    select ${settlementId}::uuid, v.run_id, v.claim_pk, v.attempt_id, v."from", v."to", v.code, v.note, ${actor}, ${ts}::timestamptz
    from unnest(${run}::uuid[], ${pk}::bigint[], ${pgArray(moves.map((m) => m.attemptId ?? null))}::bigint[], ${from}::text[], ${to}::text[],
                ${pgArray(moves.map((m) => m.code ?? null))}::text[], ${pgArray(moves.map((m) => m.note ?? null))}::text[])
         as v(run_id, claim_pk, attempt_id, "from", "to", code, note)`);
}

/** One payment (a void, a re-issue): movePayments with one move. */
export async function movePayment(tx: Queryable, settlementId: string, move: Move, actor: string, at: Date = new Date()): Promise<void> {
  await movePayments(tx, settlementId, [move], actor, at);
}
