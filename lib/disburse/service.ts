import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '@/db/client';
import { disbursements, paymentAttempts, settlements, type DisbursementRail } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { CLAIM_PAYMENT, CLAIM_PII, type ClaimPii, type PaymentDetails } from '@/lib/claims/seal';
import { AppError } from '@/lib/errors';
import { loadRun } from '@/lib/payouts/runner';
import { decryptJson, encryptJson, type DataKey } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { addDays, localDate } from '@/lib/settlements/deadlines';
import type { SettlementConfig } from '@/lib/settlements/config';
import { buildAchFile, checkEntries, traceNumber, type AchEntry } from './ach/nacha';
import { renderCheckLetters } from './check/letters';
import { buildPositivePay } from './check/positive-pay';
import { attemptKey, FILE_RAILS, methodsOfRail, PAYABLE_STATES, type FileRail } from './lifecycle';
import { buildPaypalFiles, type PaypalRow } from './paypal/file';
import { buildPrepaidOrder } from './prepaid/file';
import type { RailsConfig } from './rails-config';
import { movePayments } from './transition';

/**
 * `fairshare disburse RUN --rail R` for the file rails (docs/decisions/0021, 0022). The outbox, in three
 * steps, each its own transaction:
 *
 * 1. INTENT — under a per-settlement-and-rail lock: take the run's payable payments whose claim chose a
 *    method of this rail; give each an attempt (number n+1, deterministic idempotency key, the next trace
 *    or check number); BUILD the files and store them sealed with the disbursement; move the payments
 *    pending|reissued → queued; audit. Nothing has left yet.
 * 2. WRITE — the stored bytes go to the file(s).
 * 3. SUBMITTED — the disbursement is `written`, its payments queued → submitted; audit.
 *
 * A crash after 1 leaves a `queued` disbursement: the next run writes the SAME stored bytes (same file
 * id, trace and check numbers) and finishes 3, before it takes anything new. A crash between 2 and 3
 * writes the same file again — the same bytes, never a second, different payment. A run with nothing
 * pending and nothing unfinished writes nothing and says so.
 */

const CONTENT = 'disbursements.content';
/** Payments per disbursement (one intent transaction holds them in memory); the rest waits for the next run. */
export const DEFAULT_BATCH_LIMIT = 100_000;

export type DisburseFile = { name: string; data: Buffer };
export type DisburseOptions = {
  rail: DisbursementRail;
  actor: string;
  rails: RailsConfig;
  /** Writes a batch's files; returns where they went (a path, for the audit row and the summary). */
  write: (files: DisburseFile[], batch: { batchNo: number; rail: DisbursementRail }) => Promise<string>;
  now?: Date;
  /** ACH: the settlement date asked for (default: the next weekday after today). */
  effectiveDate?: string;
  limit?: number;
  /** Crash-test seams: after the intent commits / after the files are written, before they are marked. */
  afterIntent?: () => Promise<void> | void;
  afterWrite?: () => Promise<void> | void;
};

export type BatchSummary = { batchNo: number; payments: number; amountCents: number; files: { name: string; sha256: string; rows: number; amountCents: number }[]; writtenTo: string; resumed: boolean };
export type DisburseResult = { runId: string; rail: DisbursementRail; batches: BatchSummary[]; skipped: { claimId: string; reason: string }[]; nothingNew: boolean };

export function isFileRail(r: string): r is FileRail {
  return (FILE_RAILS as readonly string[]).includes(r);
}

export async function disburse(db: Db, runId: string, opts: DisburseOptions): Promise<DisburseResult> {
  if (!isFileRail(opts.rail)) throw new AppError('bad_input', `the ${opts.rail} rail is not available yet (file rails: ${FILE_RAILS.join(', ')})`);
  const run = await loadRun(db, runId);
  if (run.status !== 'approved' && run.status !== 'locked') throw new AppError('conflict', `only an approved or locked run is paid; this one is ${run.status}`);
  if (run.phase !== 'computed') throw new AppError('conflict', `the run is not computed (${run.phase})`);
  // Four eyes on money leaving: the run was approved by someone other than the person sending it.
  if (run.approvedBy && run.approvedBy === opts.actor) throw new AppError('forbidden', 'a disbursement is started by someone other than the person who approved the run');
  const key = await settlementKey(db, run.settlementId);

  // Unfinished batches first: the same bytes again, then marked. Nothing new in the same call (the
  // operator hands out the resumed files before a new batch is made).
  const unfinished = await db
    .select()
    .from(disbursements)
    .where(and(eq(disbursements.runId, runId), eq(disbursements.rail, opts.rail), eq(disbursements.status, 'queued')))
    .orderBy(asc(disbursements.batchNo));
  if (unfinished.length) {
    const batches: BatchSummary[] = [];
    for (const d of unfinished) batches.push(await writeBatch(db, key, d, opts, true));
    return { runId, rail: opts.rail, batches, skipped: [], nothingNew: false };
  }

  const intent = await recordIntent(db, key, run, opts);
  if (!intent.batch) return { runId, rail: opts.rail, batches: [], skipped: intent.skipped, nothingNew: true };
  await opts.afterIntent?.();
  return { runId, rail: opts.rail, batches: [await writeBatch(db, key, intent.batch, opts, false)], skipped: intent.skipped, nothingNew: false };
}

type Disbursement = typeof disbursements.$inferSelect;

type Payable = {
  claimPk: number;
  claimId: string;
  amountCents: number;
  state: 'pending' | 'reissued';
  paymentKey: string;
  method: string;
  attempts: number;
  paymentHash: string | null;
  payment: PaymentDetails;
  pii: ClaimPii;
};

/** A payable payment's attempt before it is stored: its reference and what the file builder needs. */
type Planned = Payable & { attempt: number; key: string; seq: number; reference: string };

async function recordIntent(db: Db, key: DataKey, run: Awaited<ReturnType<typeof loadRun>>, opts: DisburseOptions): Promise<{ batch: Disbursement | null; skipped: { claimId: string; reason: string }[] }> {
  const rail = opts.rail as FileRail;
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`disburse:${run.settlementId}:${rail}`}))`);
    const [s] = await tx.select().from(settlements).where(eq(settlements.id, run.settlementId));
    const config = s.config as SettlementConfig;
    const rows = rowsOf<{ claim_pk: string | number; claim_id: string; amount_cents: string | number; state: 'pending' | 'reissued'; key: string; method: string; attempts: string | number; payment: string; pii: string; payment_hash: string | null }>(
      await tx.execute(sql`
        select p.claim_pk, c.claim_id, p.amount_cents, p.state, p.idempotency_key as key, c.payment_method as method, c.payment, c.pii, c.payment_hash,
               coalesce((select max(a.attempt) from payment_attempts a where a.run_id = p.run_id and a.claim_pk = p.claim_pk), 0) as attempts
          from payments p join claims c on c.id = p.claim_pk
         where p.run_id = ${run.id} and p.state = any(${`{${PAYABLE_STATES.join(',')}}`}::text[]) and p.amount_cents > 0
           and c.status = 'approved' and c.payment_method = any(${`{${methodsOfRail(rail).join(',')}}`}::text[])
         order by p.claim_pk
         limit ${opts.limit ?? DEFAULT_BATCH_LIMIT}
         for update of p`),
    );
    const payables: Payable[] = rows.map((r) => ({
      claimPk: Number(r.claim_pk),
      claimId: r.claim_id,
      amountCents: Number(r.amount_cents),
      state: r.state,
      paymentKey: r.key,
      method: r.method,
      attempts: Number(r.attempts),
      paymentHash: r.payment_hash,
      payment: decryptJson<PaymentDetails>(key, r.payment, CLAIM_PAYMENT),
      pii: decryptJson<ClaimPii>(key, r.pii, CLAIM_PII),
    }));
    const skipped: { claimId: string; reason: string }[] = [];
    const ok = payables.filter((p) => {
      const reason = unpayableReason(rail, p);
      if (reason) skipped.push({ claimId: p.claimId, reason });
      return !reason;
    });
    if (ok.length === 0) return { batch: null, skipped };

    const railConfig = railSettings(rail, opts.rails);
    const [{ seq, batch }] = rowsOf<{ seq: string | number | null; batch: string | number | null }>(
      await tx.execute(sql`select (select max(reference_seq) from payment_attempts where settlement_id = ${run.settlementId} and rail = ${rail}) as seq,
                                  (select max(batch_no) from disbursements where settlement_id = ${run.settlementId} and rail = ${rail}) as batch`),
    );
    let next = Number(seq ?? 0) + 1;
    if (rail === 'check') next = Math.max(next, opts.rails.check!.firstCheckNumber);
    const batchNo = Number(batch ?? 0) + 1;
    const planned: Planned[] = ok.map((p, i) => {
      const attempt = p.attempts + 1;
      const k = attemptKey(p.paymentKey, attempt);
      const n = next + i;
      return { ...p, attempt, key: k, seq: n, reference: referenceOf(rail, opts.rails, n, k) };
    });
    if (rail === 'ach' && next + planned.length - 1 > 9_999_999) throw new AppError('conflict', 'the ACH trace sequence (7 digits) is exhausted for this settlement');
    const issuedOn = localDate(now, config.dates.timeZone);
    const staleOn = addDays(issuedOn, config.dates.checkVoidDays);
    const effectiveDate = opts.effectiveDate ?? nextWeekday(issuedOn);
    const files = await buildFiles(rail, planned, { rails: opts.rails, now, batchNo, issuedOn, staleOn, caseName: config.caseName, effectiveDate });
    const amountCents = planned.reduce((t, p) => t + p.amountCents, 0);
    const [d] = await tx
      .insert(disbursements)
      .values({
        settlementId: run.settlementId,
        runId: run.id,
        rail,
        batchNo,
        status: 'queued',
        payments: planned.length,
        amountCents,
        files: files.map((f) => ({ name: f.name, sha256: sha256(f.data), rows: f.rows, amountCents: f.amountCents })),
        content: encryptJson(key, files.map((f) => ({ name: f.name, data: f.data.toString('base64') })), CONTENT),
        railConfig,
        effectiveDate: rail === 'ach' ? effectiveDate : null,
        createdBy: opts.actor,
        createdAt: now,
      })
      .returning();
    const ids: { id: number; claimPk: number }[] = [];
    for (let i = 0; i < planned.length; i += 1000) {
      ids.push(
        ...(await tx
          .insert(paymentAttempts)
          .values(
            planned.slice(i, i + 1000).map((p) => ({
              settlementId: run.settlementId,
              runId: run.id,
              claimPk: p.claimPk,
              attempt: p.attempt,
              rail,
              method: p.method,
              paymentHash: p.paymentHash,
              disbursementId: d.id,
              idempotencyKey: p.key,
              amountCents: p.amountCents,
              state: 'queued' as const,
              referenceSeq: p.seq,
              reference: p.reference,
              issuedOn: rail === 'check' ? issuedOn : null,
              staleOn: rail === 'check' ? staleOn : null,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .returning({ id: paymentAttempts.id, claimPk: paymentAttempts.claimPk })),
      );
    }
    const attemptOf = new Map(ids.map((x) => [x.claimPk, x.id]));
    await movePayments(
      tx,
      run.settlementId,
      planned.map((p) => ({ runId: run.id, claimPk: p.claimPk, from: p.state, to: 'queued' as const, attemptId: attemptOf.get(p.claimPk), code: `${rail}#${batchNo}` })),
      opts.actor,
      now,
    );
    await appendAudit(tx, {
      settlementId: run.settlementId,
      actor: opts.actor,
      action: 'disburse.intent',
      targetType: 'payout_run',
      targetId: run.id,
      details: { rail, batchNo, payments: planned.length, amountCents, files: files.map((f) => ({ name: f.name, sha256: sha256(f.data) })), skipped: skipped.length },
    });
    return { batch: d, skipped };
  });
}

async function writeBatch(db: Db, key: DataKey, d: Disbursement, opts: DisburseOptions, resumed: boolean): Promise<BatchSummary> {
  const files = decryptJson<{ name: string; data: string }[]>(key, d.content, CONTENT).map((f) => ({ name: f.name, data: Buffer.from(f.data, 'base64') }));
  files.forEach((f, i) => {
    if (sha256(f.data) !== d.files[i]?.sha256) throw new AppError('internal', `disbursement ${d.id}: stored file ${f.name} does not match its recorded SHA-256`);
  });
  const writtenTo = await opts.write(files, { batchNo: d.batchNo, rail: d.rail });
  await opts.afterWrite?.();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(disbursements)
      .set({ status: 'written', writtenAt: new Date(), writtenTo })
      .where(and(eq(disbursements.id, d.id), eq(disbursements.status, 'queued')))
      .returning({ id: disbursements.id });
    if (!row) return; // another process finished this batch meanwhile: it wrote the same bytes
    const atts = await tx
      .select({ id: paymentAttempts.id, runId: paymentAttempts.runId, claimPk: paymentAttempts.claimPk })
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.disbursementId, d.id), eq(paymentAttempts.state, 'queued')));
    await movePayments(
      tx,
      d.settlementId,
      atts.map((a) => ({ runId: a.runId, claimPk: a.claimPk, from: 'queued' as const, to: 'submitted' as const, attemptId: a.id, code: `${d.rail}#${d.batchNo}` })),
      opts.actor,
    );
    await appendAudit(tx, {
      settlementId: d.settlementId,
      actor: opts.actor,
      action: 'disburse.written',
      targetType: 'disbursement',
      targetId: d.id,
      details: { rail: d.rail, batchNo: d.batchNo, payments: atts.length, amountCents: d.amountCents, resumed, writtenTo },
    });
  });
  return { batchNo: d.batchNo, payments: d.payments, amountCents: d.amountCents, files: d.files, writtenTo, resumed };
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Why a payment cannot go on this rail now (it stays pending and is listed), or null. */
function unpayableReason(rail: FileRail, p: Payable): string | null {
  switch (rail) {
    case 'ach': {
      if (p.payment.method !== 'ach') return 'no bank details on the claim';
      const bad = checkEntries([achEntryOf(p, 1)]);
      return bad.length ? bad[0].replace(/^entry \S+: /, '') : null;
    }
    case 'check':
      return p.pii.street && p.pii.city && p.pii.state && p.pii.zip ? null : 'no complete mailing address for a check';
    case 'paypal':
      return p.payment.method === 'paypal' || p.payment.method === 'venmo' ? null : 'no PayPal or Venmo handle on the claim';
    case 'prepaid':
      return p.payment.method === 'prepaid_card' && p.payment.email ? null : 'no e-mail address for the card';
  }
}

function achEntryOf(p: Payable, traceSeq: number): AchEntry {
  const pay = p.payment as Extract<PaymentDetails, { method: 'ach' }>;
  return {
    routing: pay.routingNumber,
    account: pay.accountNumber,
    accountType: pay.accountType,
    amountCents: p.amountCents,
    individualId: p.claimId,
    name: `${p.pii.firstName} ${p.pii.lastName}`,
    traceSeq,
  };
}

function railSettings(rail: FileRail, rails: RailsConfig): Record<string, unknown> {
  const c = rails[rail];
  if (!c) throw new AppError('bad_input', `the ${rail} rail needs its settings ("${rail}" in the --rails file; see docs/cli.md)`);
  return c as Record<string, unknown>;
}

function referenceOf(rail: FileRail, rails: RailsConfig, seq: number, key: string): string {
  if (rail === 'ach') return traceNumber(rails.ach!.originatingDfi, seq);
  if (rail === 'check') return String(seq);
  return key;
}

/** ACH files of the same day need distinct file id modifiers: A–Z then 0–9, by batch number. */
export function fileIdModifier(batchNo: number): string {
  const s = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return s[(batchNo - 1) % s.length];
}

export function nextWeekday(iso: string): string {
  let d = addDays(iso, 1);
  while ([0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d;
}

type BuiltFile = DisburseFile & { rows: number; amountCents: number };

async function buildFiles(
  rail: FileRail,
  items: Planned[],
  ctx: { rails: RailsConfig; now: Date; batchNo: number; issuedOn: string; staleOn: string; caseName: string; effectiveDate: string },
): Promise<BuiltFile[]> {
  const n = String(ctx.batchNo).padStart(4, '0');
  const total = items.reduce((t, p) => t + p.amountCents, 0);
  switch (rail) {
    case 'ach': {
      const text = buildAchFile({ config: ctx.rails.ach!, entries: items.map((p) => achEntryOf(p, p.seq)), createdAt: ctx.now, effectiveDate: ctx.effectiveDate, fileIdModifier: fileIdModifier(ctx.batchNo), firstBatchNumber: 1 });
      return [{ name: `ach-${n}.ach`, data: Buffer.from(text, 'ascii'), rows: items.length, amountCents: total }];
    }
    case 'check': {
      const c = ctx.rails.check!;
      const payee = (p: Planned) => `${p.pii.firstName} ${p.pii.lastName}`;
      const pp = buildPositivePay(
        items.map((p) => ({ action: 'issue' as const, account: c.account, checkNumber: p.seq, amountCents: p.amountCents, issueDate: ctx.issuedOn, payee: payee(p) })),
        c.positivePay,
      );
      const pdf = await renderCheckLetters(
        items.map((p) => ({
          checkNumber: p.seq,
          claimId: p.claimId,
          payee: payee(p),
          address: [p.pii.street!, p.pii.street2, `${p.pii.city}, ${p.pii.state} ${p.pii.zip}`].filter((x): x is string => !!x),
          amountCents: p.amountCents,
          issueDate: ctx.issuedOn,
          staleDate: ctx.staleOn,
        })),
        { payerName: c.payerName, memo: c.memo, caseName: ctx.caseName, createdAt: ctx.now },
      );
      return [
        { name: `checks-${n}-positive-pay.csv`, data: Buffer.from(pp, 'utf8'), rows: items.length, amountCents: total },
        { name: `checks-${n}-letters.pdf`, data: pdf, rows: items.length, amountCents: total },
      ];
    }
    case 'paypal': {
      const c = ctx.rails.paypal!;
      const rows: PaypalRow[] = items.map((p) => ({ reference: p.reference, amountCents: p.amountCents, payment: p.payment as PaypalRow['payment'] }));
      const texts = buildPaypalFiles(rows, { currency: c.currency, note: c.note, maxRows: c.maxRowsPerFile });
      return texts.map((t, i) => {
        const part = rows.slice(i * c.maxRowsPerFile, (i + 1) * c.maxRowsPerFile);
        return { name: `paypal-${n}-part${i + 1}.csv`, data: Buffer.from(t, 'utf8'), rows: part.length, amountCents: part.reduce((s, r) => s + r.amountCents, 0) };
      });
    }
    case 'prepaid': {
      const text = buildPrepaidOrder(
        items.map((p) => ({ reference: p.reference, firstName: p.pii.firstName, lastName: p.pii.lastName, email: (p.payment as { email: string }).email, amountCents: p.amountCents })),
        ctx.rails.prepaid!.program,
      );
      return [{ name: `prepaid-${n}-order.csv`, data: Buffer.from(text, 'utf8'), rows: items.length, amountCents: total }];
    }
  }
}

/** The run's disbursements of a rail (or all), oldest first. */
export async function listDisbursements(db: Queryable, runId: string): Promise<Disbursement[]> {
  return db.select().from(disbursements).where(eq(disbursements.runId, runId)).orderBy(asc(disbursements.rail), asc(disbursements.batchNo));
}
