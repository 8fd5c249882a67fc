import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { claims } from './claims';
import { settlements } from './settlements';

/**
 * Every identifier a claim carries, as the keyed hash the class list is matched on (docs/decisions/
 * 0016-verification.md): e-mail, phone, every username (not only the first), name + ZIP, street + ZIP
 * and ZIP (the block for the fuzzy name + address comparison). `notice` holds the Notice ID itself —
 * class_members.notice_id is stored in clear too — and only once the claim proved it with the
 * confirmation code. Rewritten whole whenever a claim's identifiers change (intake, cure, import).
 */
export const claimIdentifiers = pgTable(
  'claim_identifiers',
  {
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    /** email | phone | username | notice | name_zip | address | zip */
    kind: text('kind').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.claimPk, t.kind, t.hash] }), index('claim_identifiers_hash_idx').on(t.settlementId, t.kind, t.hash)],
);

/**
 * Where each claim stands with the batch verification: when its identifiers last changed, and what the
 * last verification saw (its time, the configuration version, the matched record's updated_at). A
 * claim is verified again only when one of these moved — that is what makes `fairshare verify`
 * incremental and a second run with nothing changed a no-op.
 */
export const claimMatchState = pgTable(
  'claim_match_state',
  {
    claimPk: bigint('claim_pk', { mode: 'number' })
      .primaryKey()
      .references(() => claims.id, { onDelete: 'cascade' }),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    identifiersAt: timestamp('identifiers_at', { withTimezone: true }).notNull().defaultNow(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    configVersion: integer('config_version'),
    /** The last result (verified | probable | not_found | conflict) and the record it points to: "who holds record R" is one index look-up. */
    status: text('status'),
    recordId: text('record_id'),
  },
  (t) => [index('claim_match_state_settlement_idx').on(t.settlementId, t.claimPk), index('claim_match_state_record_idx').on(t.settlementId, t.recordId)],
);

/** A reviewer's word on a probable (name + address) match: confirmed or rejected. The newest per claim and record counts. */
export const matchReviews = pgTable(
  'match_reviews',
  {
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    recordId: text('record_id').notNull(),
    /** confirm | reject */
    decision: text('decision').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.claimPk, t.recordId] })],
);

/** One `fairshare verify` run: its start is the watermark for "class-list records changed since the last run". */
export const verificationRuns = pgTable(
  'verification_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    configVersion: integer('config_version').notNull(),
    actor: text('actor').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    counts: jsonb('counts').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('verification_runs_settlement_idx').on(t.settlementId, t.id)],
);
