import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, foreignKey, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the tsconfig path alias.
import { claims } from './claims';
import { payments, payoutRuns } from './payouts';
import { settlements } from './settlements';

/**
 * Disbursement (lib/disburse, docs/decisions/0021-payment-lifecycle-and-outbox.md, 0022-file-rails.md).
 *
 * A payment (payments, one per claim of a run) moves through the lifecycle of lib/disburse/lifecycle.ts;
 * each hand-over to a rail is an ATTEMPT with its own deterministic idempotency key (the payment's key +
 * the attempt number), written BEFORE the file or the call (the outbox). A re-issue is a new attempt;
 * the old one stays, voided or returned, so the history of every cent is kept.
 */

export const disbursementRails = ['ach', 'check', 'paypal', 'prepaid', 'stripe'] as const;
export type DisbursementRail = (typeof disbursementRails)[number];

/** queued: the intent (attempts and the file's bytes) is committed, the file may not be out yet; written: handed out. */
export const disbursementStatuses = ['queued', 'written'] as const;

/**
 * One batch handed to a rail: one `fairshare disburse RUN --rail R` that found something to pay. Its
 * files are built once, sealed and stored with the intent, so a resume after a crash writes the very same
 * bytes (same ACH file id, trace numbers, check numbers), never a second, different file.
 */
export const disbursements = pgTable(
  'disbursements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => payoutRuns.id, { onDelete: 'cascade' }),
    rail: text('rail', { enum: disbursementRails }).notNull(),
    /** 1, 2, 3… per settlement and rail (names the files; the ACH batch number). */
    batchNo: integer('batch_no').notNull(),
    status: text('status', { enum: disbursementStatuses }).notNull().default('queued'),
    payments: integer('payments').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** The files' names, SHA-256, rows and amounts (no personal data). */
    files: jsonb('files').$type<{ name: string; sha256: string; rows: number; amountCents: number }[]>().notNull(),
    /** Sealed JSON [{ name, text }]: the files themselves (they carry account numbers and names). */
    content: text('content').notNull(),
    /** The rail settings the files were built with (the fund's own bank identifiers, no claimant data). */
    railConfig: jsonb('rail_config').$type<Record<string, unknown>>().notNull(),
    /** ACH: the settlement date asked for (returns are counted from it). */
    effectiveDate: date('effective_date'),
    createdBy: text('created_by').notNull(),
    /** Fixed at intent: the files' creation time, so rebuilding them gives the same bytes. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    writtenAt: timestamp('written_at', { withTimezone: true }),
    writtenTo: text('written_to'),
  },
  (t) => [uniqueIndex('disbursements_batch_uq').on(t.settlementId, t.rail, t.batchNo), index('disbursements_run_idx').on(t.runId, t.rail)],
);

export const attemptStates = ['queued', 'submitted', 'paid', 'failed', 'returned', 'unclaimed', 'voided', 'uncashed'] as const;
export type AttemptState = (typeof attemptStates)[number];

/**
 * One hand-over of one payment to one rail. The idempotency key is deterministic (payment key + attempt
 * number), recorded before anything leaves. `reference` is what the rail echoes back: the ACH trace
 * number, the check number, the PayPal sender_item_id, the card order reference; unique per settlement
 * and rail, so a returns or results file names exactly one attempt.
 */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    runId: uuid('run_id').notNull(),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    attempt: smallint('attempt').notNull(),
    rail: text('rail', { enum: disbursementRails }).notNull(),
    /** The claim's payment method when the attempt was made (venmo and paypal share a rail). */
    method: text('method').notNull(),
    /** The claim's payment-identity hash when the attempt was made: after a "stop" return (R02, R03…) the same account is not paid again. */
    paymentHash: text('payment_hash'),
    disbursementId: uuid('disbursement_id').references(() => disbursements.id, { onDelete: 'cascade' }),
    idempotencyKey: text('idempotency_key').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    state: text('state', { enum: attemptStates }).notNull().default('queued'),
    /** Sequential per settlement and rail: the ACH trace sequence, the check number. */
    referenceSeq: bigint('reference_seq', { mode: 'number' }).notNull(),
    reference: text('reference').notNull(),
    /** The rail's own id once known (PayPal payout item id, card id, Stripe outbound payment id). */
    railRef: text('rail_ref'),
    /**
     * Stripe: the recipient account (v2 core account) the attempt pays, kept BEFORE the payment is created
     * so that a resume lists that recipient's outbound payments to find a lost one (lib/disburse/stripe).
     */
    railRecipient: text('rail_recipient'),
    /** The last result code: R01…, PayPal's status or error, a void reason. */
    resultCode: text('result_code'),
    /** Checks: issue date and the date after which the check is void (config.dates.checkVoidDays). */
    issuedOn: date('issued_on'),
    /** Prepaid cards: the balance the vendor last reported unspent (courts ask for it). */
    unspentCents: bigint('unspent_cents', { mode: 'number' }),
    staleOn: date('stale_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.runId, t.claimPk], foreignColumns: [payments.runId, payments.claimPk], name: 'payment_attempts_payment_fk' }).onDelete('cascade'),
    uniqueIndex('payment_attempts_attempt_uq').on(t.runId, t.claimPk, t.attempt),
    uniqueIndex('payment_attempts_key_uq').on(t.idempotencyKey),
    uniqueIndex('payment_attempts_reference_uq').on(t.settlementId, t.rail, t.reference),
    // Never two live hand-overs of one payment (reliability.md §2.9 rule 3).
    uniqueIndex('payment_attempts_live_uq')
      .on(t.runId, t.claimPk)
      .where(sql`state in ('queued', 'submitted', 'paid')`),
    index('payment_attempts_disbursement_idx').on(t.disbursementId),
  ],
);

/** Every state change of a payment: from, to, why (a code such as R03 or "void"), who, when. */
export const paymentEvents = pgTable(
  'payment_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    runId: uuid('run_id').notNull(),
    claimPk: bigint('claim_pk', { mode: 'number' }).notNull(),
    attemptId: bigint('attempt_id', { mode: 'number' }),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    code: text('code'),
    note: text('note'),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payment_events_payment_idx').on(t.runId, t.claimPk, t.id)],
);

/**
 * A results file applied (ACH returns/NOC, PayPal results, card report, paid checks): its SHA-256 is
 * unique per settlement and kind, so applying the same file twice changes nothing the second time.
 */
export const disbursementImports = pgTable(
  'disbursement_imports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    rows: integer('rows').notNull(),
    applied: jsonb('applied').$type<Record<string, number>>().notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('disbursement_imports_file_uq').on(t.settlementId, t.kind, t.sha256)],
);

/**
 * Stripe webhook events applied (lib/disburse/stripe/webhook.ts): the event id is the primary key and is
 * inserted in the same transaction as the state change it causes, so a repeated delivery is a no-op.
 */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  relatedId: text('related_id'),
  /** What it did: applied, repeat-state, unknown-object… (no personal data). */
  outcome: text('outcome').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The "your payment did not arrive" e-mail outbox (lib/disburse/payment-mail.ts): one row per attempt
 * that failed or came back, inserted by lib/disburse/transition.ts in the transaction of the move with
 * ON CONFLICT DO NOTHING, so a claimant is told at most once per attempt however often the rail repeats
 * its answer. Sending marks the row `sending` and commits before the relay is contacted (as the
 * deficiency letters, docs/decisions/0018).
 */
export const paymentMail = pgTable(
  'payment_mail',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    attemptId: bigint('attempt_id', { mode: 'number' })
      .notNull()
      .references(() => paymentAttempts.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** The payment state that prompted it: failed or returned. */
    kind: text('kind', { enum: ['failed', 'returned'] }).notNull(),
    state: text('state', { enum: ['queued', 'sending', 'sent', 'failed'] }).notNull().default('queued'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('payment_mail_attempt_uq').on(t.attemptId), index('payment_mail_state_idx').on(t.settlementId, t.state)],
);
