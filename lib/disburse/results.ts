import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { disbursementImports, paymentAttempts, paymentEvents, type DisbursementRail } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { AppError } from '@/lib/errors';
import { attemptStateOf, canMove, isRepeat, type PaymentState } from './lifecycle';
import { movePayments, type Move } from './transition';

/**
 * Applying a rail's results file (ACH returns and NOCs, PayPal's results, the card vendor's report, the
 * bank's paid-checks list): the part every rail shares. ALL OR NOTHING: every row is checked first —
 * its reference names one of our attempts on that rail, that attempt is the payment's current one, the
 * amount agrees, the move is allowed — and any problem rejects the whole file with `file:line:column`
 * messages and nothing applied. Then one transaction moves the payments (with their events), records
 * the file's SHA-256 (the same file again is recognised and changes nothing) and writes one audit row.
 * A row that repeats what the payment already shows (the same answer twice) is counted, not applied.
 */

export type ResultRow = {
  line: number;
  /** The column of the reference, for the message. */
  column: number;
  reference: string;
  /** The state the rail's answer means; null: no change (pending at the rail, or a NOC). */
  to: PaymentState | null;
  code: string;
  /** When the file states an amount: it must be the attempt's. */
  amountCents?: number;
  amountColumn?: number;
  railRef?: string | null;
  unspentCents?: number | null;
  /** Applied after the checks, in the same transaction (a NOC's correction of the bank details). */
  apply?: (ctx: { tx: Parameters<Parameters<Db['transaction']>[0]>[0]; claimPk: number; settlementId: string }) => Promise<void>;
};

export type ApplyResult = { file: string; rows: number; alreadyApplied: boolean; applied: Record<string, number>; repeats: number; unchanged: number };

type AttemptRow = { id: number; run_id: string; claim_pk: number; reference: string; amount_cents: number; attempt_state: string; payment_state: PaymentState };

export async function applyResults(
  db: Db,
  input: { settlementId: string; rail: DisbursementRail; kind: string; fileName: string; bytes: Buffer; rows: ResultRow[]; actor: string },
): Promise<ApplyResult> {
  const sha = createHash('sha256').update(input.bytes).digest('hex');
  const out: ApplyResult = { file: input.fileName, rows: input.rows.length, alreadyApplied: false, applied: {}, repeats: 0, unchanged: 0 };
  const [seen] = await db
    .select({ id: disbursementImports.id })
    .from(disbursementImports)
    .where(and(eq(disbursementImports.settlementId, input.settlementId), eq(disbursementImports.kind, input.kind), eq(disbursementImports.sha256, sha)));
  if (seen) return { ...out, alreadyApplied: true };

  return db.transaction(async (tx) => {
    // The advisory lock serialises appliers of one settlement's results with the disburser's moves.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`disburse-results:${input.settlementId}`}))`);
    const refs = [...new Set(input.rows.map((r) => r.reference))];
    const found = new Map<string, AttemptRow>();
    for (let i = 0; i < refs.length; i += 5000) {
      const chunk = refs.slice(i, i + 5000);
      for (const r of rowsOf<AttemptRow>(
        await tx.execute(sql`
          select a.id, a.run_id, a.claim_pk, a.reference, a.amount_cents, a.state as attempt_state, p.state as payment_state
            from payment_attempts a join payments p on p.run_id = a.run_id and p.claim_pk = a.claim_pk
           where a.settlement_id = ${input.settlementId} and a.rail = ${input.rail} and a.reference = any(${`{${chunk.map((c) => `"${c.replace(/["\\]/g, '')}"`).join(',')}}`}::text[])
           for update of p`),
      ))
        found.set(r.reference, { ...r, id: Number(r.id), claim_pk: Number(r.claim_pk), amount_cents: Number(r.amount_cents) });
    }
    const errors: string[] = [];
    const at = (r: ResultRow, col: number, msg: string) => errors.push(`${input.fileName}:${r.line}:${col}: ${msg}`);
    const state = new Map<string, PaymentState>();
    const waves: Move[][] = [];
    const depth = new Map<string, number>();
    for (const r of input.rows) {
      const a = found.get(r.reference);
      if (!a) {
        at(r, r.column, `no ${input.rail} payment has the reference "${r.reference}"`);
        continue;
      }
      if (r.amountCents !== undefined && r.amountCents !== a.amount_cents) at(r, r.amountColumn ?? r.column, `the amount ${r.amountCents} cents is not the payment's ${a.amount_cents} cents`);
      const current = state.get(r.reference) ?? a.payment_state;
      // The attempt must be the payment's current one: an answer about a voided, replaced attempt is an
      // exception for a person, not something to apply.
      const mirror = attemptStateOf(current);
      if (mirror !== a.attempt_state && !(current === 'reissued' && ['failed', 'returned', 'unclaimed', 'voided', 'uncashed'].includes(a.attempt_state))) {
        at(r, r.column, `reference "${r.reference}" is attempt of a payment that is now ${current} (this attempt is ${a.attempt_state}); resolve it by hand`);
        continue;
      }
      if (r.to === null || isRepeat(current, r.to)) {
        if (r.to === null) out.unchanged++;
        else out.repeats++;
        continue;
      }
      if (!canMove(current, r.to)) {
        at(r, r.column, `a payment that is ${current} cannot become ${r.to} (${r.code})`);
        continue;
      }
      state.set(r.reference, r.to);
      const d = depth.get(r.reference) ?? 0;
      depth.set(r.reference, d + 1);
      (waves[d] ??= []).push({ runId: a.run_id, claimPk: a.claim_pk, from: current, to: r.to, attemptId: a.id, code: r.code });
      out.applied[r.to] = (out.applied[r.to] ?? 0) + 1;
    }
    if (errors.length) throw new AppError('bad_input', `${input.fileName}: ${errors.length} problem${errors.length === 1 ? '' : 's'} found; nothing was applied`, { details: errors.slice(0, 100) });

    for (const w of waves) await movePayments(tx, input.settlementId, w, input.actor);
    // What the rail told us beyond the state: its own id, a card's unspent balance; then per-row work (NOC).
    for (const r of input.rows) {
      const a = found.get(r.reference)!;
      if (r.railRef || r.unspentCents != null)
        await tx
          .update(paymentAttempts)
          .set({ ...(r.railRef ? { railRef: r.railRef } : {}), ...(r.unspentCents != null ? { unspentCents: r.unspentCents } : {}), updatedAt: new Date() })
          .where(eq(paymentAttempts.id, a.id));
      if (r.apply) {
        await r.apply({ tx, claimPk: a.claim_pk, settlementId: input.settlementId });
        await tx.insert(paymentEvents).values({ settlementId: input.settlementId, runId: a.run_id, claimPk: a.claim_pk, attemptId: a.id, fromState: a.payment_state, toState: a.payment_state, code: r.code, note: 'details corrected', actor: input.actor });
        out.applied[r.code] = (out.applied[r.code] ?? 0) + 1;
      }
    }
    await tx.insert(disbursementImports).values({ settlementId: input.settlementId, kind: input.kind, fileName: input.fileName, sha256: sha, rows: input.rows.length, applied: out.applied, actor: input.actor });
    await appendAudit(tx, {
      settlementId: input.settlementId,
      actor: input.actor,
      action: `disburse.results.${input.kind}`,
      targetType: 'file',
      targetId: sha,
      details: { file: input.fileName, rows: input.rows.length, applied: out.applied, repeats: out.repeats, unchanged: out.unchanged },
    });
    return out;
  });
}
