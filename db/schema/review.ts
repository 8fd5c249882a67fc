import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the tsconfig path alias.
import { claims, deficiencies } from './claims';
import { settlements } from './settlements';

/**
 * Claim review (lib/review, docs/decisions/0020-claim-review.md): staff notes, bulk denials waiting for
 * a second reviewer, appeals, the claimant's answers to a reviewer's request for information, and the
 * deficiency-letter outbox (one row per deficiency and kind, so a notice or reminder is never sent twice).
 */

/** Staff-only notes on a claim: never shown to the claimant, never holding more personal data than needed. */
export const claimNotes = pgTable(
  'claim_notes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    author: text('author').notNull(),
    body: text('body').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('claim_notes_claim_idx').on(t.claimPk, t.id)],
);

export const bulkActionStatuses = ['pending', 'done', 'cancelled'] as const;

/**
 * A bulk decision larger than config.fraud.bulkDenyConfirmAbove: the claims it names (frozen at request
 * time, so the second reviewer confirms exactly what the first one saw) wait here until a different
 * reviewer confirms or cancels it.
 */
export const pendingBulkActions = pgTable(
  'pending_bulk_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    decision: text('decision').notNull(),
    reasonCodes: text('reason_codes').array().notNull(),
    claimPks: bigint('claim_pks', { mode: 'number' }).array().notNull(),
    /** What was selected, in words ("cluster 42", "filter reason=SHARED_PAYOUT"). */
    scope: text('scope').notNull(),
    status: text('status', { enum: bulkActionStatuses }).notNull().default('pending'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedBy: text('confirmed_by'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    result: jsonb('result').$type<Record<string, unknown>>(),
  },
  (t) => [index('pending_bulk_actions_idx').on(t.settlementId, t.status)],
);

/** A denied claimant's one request for reconsideration (unique per claim: once). */
export const claimAppeals = pgTable(
  'claim_appeals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** Sealed: the claimant's reason may hold personal data (lib/privacy/crypto.ts). */
    reason: text('reason').notNull(),
    /** The denial's reason codes the appeal is against. */
    deniedFor: text('denied_for').array().notNull().default(sql`'{}'::text[]`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when a reviewer decides the claim again. */
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('claim_appeals_claim_uq').on(t.claimPk), index('claim_appeals_open_idx').on(t.settlementId).where(sql`${t.decidedAt} is null`)],
);

/** The claimant's answer to a reviewer's request for information (sealed: it may hold personal data). */
export const deficiencyAnswers = pgTable(
  'deficiency_answers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    deficiencyId: bigint('deficiency_id', { mode: 'number' })
      .notNull()
      .references(() => deficiencies.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    answer: text('answer').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deficiency_answers_claim_idx').on(t.claimPk)],
);

export const deficiencyMailKinds = ['notice', 'reminder'] as const;

/**
 * The deficiency-letter outbox: one row per (deficiency, kind), inserted with ON CONFLICT DO NOTHING, so
 * a notice or a reminder is queued once whatever re-runs. Sending marks the row `sending` and commits
 * before the relay is contacted (at most once, as the notice outbox, docs/decisions/0018).
 */
export const deficiencyMail = pgTable(
  'deficiency_mail',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    deficiencyId: bigint('deficiency_id', { mode: 'number' })
      .notNull()
      .references(() => deficiencies.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: deficiencyMailKinds }).notNull(),
    state: text('state', { enum: ['queued', 'sending', 'sent', 'failed'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('deficiency_mail_uq').on(t.deficiencyId, t.kind), index('deficiency_mail_state_idx').on(t.settlementId, t.state)],
);
