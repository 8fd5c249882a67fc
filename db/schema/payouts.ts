import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the tsconfig path alias.
import { claims } from './claims';
import { settlements } from './settlements';

/**
 * Payout runs (lib/payouts): one computation of who gets what for one round of a settlement, reproducible
 * from what it stores — the plan snapshot, the configuration version, the hash of its inputs (the claims'
 * ids, units and tiers, the plan and the deductions) and the code version. draft → approved (by a second
 * person with the finance role) → locked; a newer approved run of the same round supersedes a draft or
 * approved one. `progress` is the resumable runner's state: the last claim written, the running hash and
 * the totals so far, committed with each batch of payments.
 */
export const payoutRunStatuses = ['draft', 'approved', 'locked', 'superseded'] as const;
export type PayoutRunStatus = (typeof payoutRunStatuses)[number];

export const payoutRuns = pgTable(
  'payout_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    /** 1 for the first distribution; 2, 3… share uncashed and returned money among those who cashed. */
    round: integer('round').notNull().default(1),
    /** For a later round: the money it shares (fed by disbursement). */
    sourceAmountCents: bigint('source_amount_cents', { mode: 'number' }),
    status: text('status', { enum: payoutRunStatuses }).notNull().default('draft'),
    /** computing → computed (or failed); only a computed draft can be approved. */
    phase: text('phase', { enum: ['computing', 'computed', 'failed'] }).notNull().default('computing'),
    plan: jsonb('plan').$type<Record<string, unknown>>().notNull(),
    configVersion: integer('config_version').notNull(),
    inputsHash: text('inputs_hash'),
    codeVersion: text('code_version').notNull(),
    distributableCents: bigint('distributable_cents', { mode: 'number' }).notNull(),
    allocatedCents: bigint('allocated_cents', { mode: 'number' }),
    residueCents: bigint('residue_cents', { mode: 'number' }),
    claims: integer('claims'),
    /** The allocation of the summary (lib/payouts/serialise.ts), fixed once pass 1 is done. */
    allocation: jsonb('allocation').$type<Record<string, unknown>>(),
    /** Totals per tier, histogram, smallest and largest payment, claims dropped by the minimum. */
    totals: jsonb('totals').$type<Record<string, unknown>>(),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    approvedBy: text('approved_by'),
    lockedBy: text('locked_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    computedAt: timestamp('computed_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
  },
  (t) => [index('payout_runs_settlement_idx').on(t.settlementId, t.createdAt)],
);

/**
 * One row per claim of a run (a claim under the minimum gets 0 cents, state no_payment, so its claimant
 * can be told why). The idempotency key is derived by the database from (run, claim, round), so a
 * disbursement retry of the same payment carries the same key and never pays twice.
 */
export const payments = pgTable(
  'payments',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => payoutRuns.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    round: smallint('round').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    units: bigint('units', { mode: 'number' }).notNull(),
    tier: text('tier').notNull(),
    paymentMethod: text('payment_method').notNull(),
    /** pending → (disbursement) sent, cashed, returned, failed…; no_payment for 0 cents. */
    state: text('state').notNull().default('pending'),
    idempotencyKey: text('idempotency_key').generatedAlwaysAs(sql`md5('payment:' || run_id::text || ':' || claim_pk::text || ':' || round::text)`),
  },
  (t) => [primaryKey({ columns: [t.runId, t.claimPk] }), index('payments_claim_idx').on(t.claimPk)],
);
