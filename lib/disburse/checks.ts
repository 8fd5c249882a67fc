import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { paymentAttempts } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { AppError } from '@/lib/errors';
import { buildPositivePay, type PositivePayRow } from './check/positive-pay';
import type { CheckConfig } from './rails-config';
import { STOP_CODES } from './ach/returns';
import { parseDollars, readResultCsv } from './csv-results';
import type { PaymentState } from './lifecycle';
import { applyResults, type ApplyResult } from './results';
import { movePayments, type Move } from './transition';

/**
 * Checks after they are issued, and re-issues for every rail: voids (a check stopped before it is
 * cashed), the stale-date sweep (checkVoidDays after issue: uncashed), the bank's paid-checks list, and
 * re-issue (the payment goes back to the queue; the next disbursement gives it a new attempt, a new key
 * and — for a check — a new check number; the old check is voided first, in the same transaction).
 */

type CheckAttempt = { id: number; run_id: string; claim_pk: number; reference: string; amount_cents: number; issued_on: string; state: PaymentState; claim_id: string; pii: string };

/** Voids issued, uncashed checks by number. Returns the positive-pay void records for the bank. */
export async function voidChecks(db: Db, settlementId: string, checkNumbers: number[], reason: string, actor: string, cfg?: CheckConfig): Promise<{ voided: number; positivePay: string | null }> {
  if (!checkNumbers.length) throw new AppError('bad_input', 'name at least one check number');
  return db.transaction(async (tx) => {
    const rows = rowsOf<CheckAttempt>(
      await tx.execute(sql`
        select a.id, a.run_id, a.claim_pk, a.reference, a.amount_cents, a.issued_on::text, p.state, c.claim_id, c.pii
          from payment_attempts a join payments p on p.run_id = a.run_id and p.claim_pk = a.claim_pk join claims c on c.id = a.claim_pk
         where a.settlement_id = ${settlementId} and a.rail = 'check' and a.reference = any(${`{${checkNumbers.join(',')}}`}::text[])
         for update of p`),
    );
    const byNumber = new Map(rows.map((r) => [Number(r.reference), r]));
    const problems = checkNumbers.flatMap((n) => {
      const r = byNumber.get(n);
      if (!r) return [`check ${n}: no such check in this settlement's register`];
      if (r.state !== 'submitted') return [`check ${n}: the payment is ${r.state}, only an issued, uncashed check can be voided`];
      return [];
    });
    if (problems.length) throw new AppError('conflict', `${problems.length} check${problems.length === 1 ? '' : 's'} cannot be voided; nothing was voided`, { details: problems });
    await movePayments(
      tx,
      settlementId,
      rows.map((r) => ({ runId: r.run_id, claimPk: Number(r.claim_pk), from: 'submitted' as const, to: 'voided' as const, attemptId: Number(r.id), code: 'void', note: reason })),
      actor,
    );
    await appendAudit(tx, { settlementId, actor, action: 'disburse.check.void', targetType: 'checks', targetId: checkNumbers.join(','), details: { checks: checkNumbers, reason } });
    const pp = cfg
      ? buildPositivePay(
          rows.map((r): PositivePayRow => ({ action: 'void', account: cfg.account, checkNumber: Number(r.reference), amountCents: Number(r.amount_cents), issueDate: r.issued_on, payee: '' })),
          cfg.positivePay,
        )
      : null;
    return { voided: rows.length, positivePay: pp };
  });
}

/** Issued checks past their stale date (as of `asOf`, YYYY-MM-DD) become uncashed: their money is owed again. */
export async function sweepStaleChecks(db: Db, settlementId: string, asOf: string, actor: string): Promise<{ uncashed: number; amountCents: number }> {
  return db.transaction(async (tx) => {
    const rows = rowsOf<{ id: number; run_id: string; claim_pk: number; amount_cents: number }>(
      await tx.execute(sql`
        select a.id, a.run_id, a.claim_pk, a.amount_cents
          from payment_attempts a join payments p on p.run_id = a.run_id and p.claim_pk = a.claim_pk
         where a.settlement_id = ${settlementId} and a.rail = 'check' and a.state = 'submitted' and p.state = 'submitted' and a.stale_on < ${asOf}::date
         for update of p`),
    );
    if (!rows.length) return { uncashed: 0, amountCents: 0 };
    await movePayments(
      tx,
      settlementId,
      rows.map((r) => ({ runId: r.run_id, claimPk: Number(r.claim_pk), from: 'submitted' as const, to: 'uncashed' as const, attemptId: Number(r.id), code: 'stale' })),
      actor,
    );
    const amountCents = rows.reduce((t, r) => t + Number(r.amount_cents), 0);
    await appendAudit(tx, { settlementId, actor, action: 'disburse.check.stale', details: { asOf, checks: rows.length, amountCents } });
    return { uncashed: rows.length, amountCents };
  });
}

/** The bank's paid-checks list (CSV: check_number, amount): each presented check → paid. All or nothing. */
export async function importPaidChecks(db: Db, settlementId: string, fileName: string, bytes: Buffer, actor: string): Promise<ApplyResult> {
  const read = await readResultCsv(
    bytes,
    fileName,
    [
      { key: 'number', aliases: ['check_number', 'check number', 'serial'], required: true },
      { key: 'amount', aliases: ['amount', 'paid amount'], required: true },
    ],
    (_row, col, where, err) => {
      const number = col('number') ?? '';
      if (!/^\d+$/.test(number)) return err('number', `"${number}" is not a check number`), null;
      const amountCents = parseDollars(col('amount') ?? '');
      if (amountCents === null) return err('amount', `"${col('amount')}" is not an amount`), null;
      const w = where('number');
      return { line: w.line, column: w.column ?? 1, reference: String(Number(number)), to: 'paid', code: 'PAID', amountCents, amountColumn: where('amount').column };
    },
  );
  if (!read.ok) throw new AppError('bad_input', `${fileName}: ${read.errors.length} problem${read.errors.length === 1 ? '' : 's'} found; nothing was applied`, { details: read.errors });
  return applyResults(db, { settlementId, rail: 'check', kind: 'paid_checks', fileName, bytes, rows: read.rows, actor });
}

const REISSUABLE: PaymentState[] = ['failed', 'returned', 'unclaimed', 'voided', 'uncashed'];

/**
 * Re-issues payments of a run: the named claims (public claim IDs), or with `all` every payment that
 * failed, came back, went unclaimed, was voided or went stale. An issued check named here (lost, on the
 * claimant's request) is voided first. An ACH payment returned with a stop code (R02, R03, R04…) is
 * re-issued only once the claim's payment details differ from the ones that attempt used (its payment
 * hash): the same account would fail again. All or nothing.
 */
export async function reissuePayments(db: Db, runId: string, sel: { claimIds?: string[]; all?: boolean }, reason: string, actor: string): Promise<{ reissued: number; voidedChecks: number; amountCents: number }> {
  if (!sel.all && !sel.claimIds?.length) throw new AppError('bad_input', 'name the claims to re-issue, or all');
  return db.transaction(async (tx) => {
    const rows = rowsOf<{ claim_pk: number; claim_id: string; state: PaymentState; amount_cents: number; settlement_id: string; attempt_id: number | null; rail: string | null; result_code: string | null; attempt_hash: string | null; claim_hash: string | null; method: string }>(
      await tx.execute(sql`
        select p.claim_pk, c.claim_id, p.state, p.amount_cents, c.settlement_id, a.id as attempt_id, a.rail, a.result_code, a.payment_hash as attempt_hash, c.payment_hash as claim_hash, c.payment_method as method
          from payments p join claims c on c.id = p.claim_pk
          left join lateral (select * from payment_attempts x where x.run_id = p.run_id and x.claim_pk = p.claim_pk order by x.attempt desc limit 1) a on true
         where p.run_id = ${runId}
           and ${sel.all ? sql`p.state = any(${`{${REISSUABLE.join(',')}}`}::text[])` : sql`c.claim_id = any(${`{${sel.claimIds!.map((c) => `"${c.replace(/["\\]/g, '')}"`).join(',')}}`}::text[])`}
         order by p.claim_pk
         for update of p`),
    );
    const problems: string[] = [];
    if (!sel.all) for (const id of sel.claimIds!) if (!rows.some((r) => r.claim_id === id)) problems.push(`${id}: no payment of this run`);
    const voids: Move[] = [];
    const moves: Move[] = [];
    for (const r of rows) {
      const base = { runId, claimPk: Number(r.claim_pk), attemptId: r.attempt_id == null ? null : Number(r.attempt_id) };
      let from = r.state;
      if (from === 'submitted' && r.rail === 'check') {
        voids.push({ ...base, from: 'submitted', to: 'voided', code: 'void', note: reason });
        from = 'voided';
      }
      if (!REISSUABLE.includes(from)) {
        problems.push(`${r.claim_id}: the payment is ${r.state}; only a failed, returned, unclaimed, voided or stale payment (or an issued check) can be re-issued`);
        continue;
      }
      if (r.rail === 'ach' && r.result_code && STOP_CODES.includes(r.result_code) && r.method === 'ach' && r.claim_hash === r.attempt_hash)
        problems.push(`${r.claim_id}: returned ${r.result_code} (account closed or invalid): the claimant must give new bank details or choose another method first`);
      else moves.push({ ...base, from, to: 'reissued', code: 'reissue', note: reason, attemptId: null });
    }
    if (problems.length) throw new AppError('conflict', `${problems.length} payment${problems.length === 1 ? '' : 's'} cannot be re-issued; nothing was re-issued`, { details: problems.slice(0, 100) });
    if (!rows.length) return { reissued: 0, voidedChecks: 0, amountCents: 0 };
    const settlementId = rows[0].settlement_id;
    await movePayments(tx, settlementId, voids, actor);
    await movePayments(tx, settlementId, moves, actor);
    const amountCents = rows.reduce((t, r) => t + Number(r.amount_cents), 0);
    await appendAudit(tx, { settlementId, actor, action: 'disburse.reissue', targetType: 'payout_run', targetId: runId, details: { payments: moves.length, voidedChecks: voids.length, amountCents, reason } });
    return { reissued: moves.length, voidedChecks: voids.length, amountCents };
  });
}

/** The check register of a settlement: every check number ever issued, with its payment's state. */
export async function checkRegister(db: Db, settlementId: string) {
  return db
    .select({ checkNumber: paymentAttempts.reference, state: paymentAttempts.state, amountCents: paymentAttempts.amountCents, issuedOn: paymentAttempts.issuedOn, staleOn: paymentAttempts.staleOn, attempt: paymentAttempts.attempt })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.settlementId, settlementId), eq(paymentAttempts.rail, 'check')))
    .orderBy(paymentAttempts.referenceSeq);
}
