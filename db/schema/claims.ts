import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the tsconfig path alias.
import { CLAIM_STATUSES } from '../../lib/claims/lifecycle';
import { settlements } from './settlements';

/*
 * Units are bigint with mode 'number': a JavaScript number is exact for integers below 2^53
 * (9.0e15). One claim's units are at most a tier's cap or shares (small integers), and a whole
 * settlement's sum at 30M claims × a scaled multiplier of, say, 10,000 is 3e11, far below 2^53, so
 * reading them as numbers loses nothing and keeps arithmetic simple. A payout engine multiplying units
 * by cents uses BigInt for the product (STACK.md, allocation).
 */

/** The statuses are defined once, in lib/claims/lifecycle.ts; "paid" comes from the payment. */
export const claimStatus = pgEnum('claim_status', CLAIM_STATUSES);
export const channel = pgEnum('channel', ['web', 'mail', 'import']);
export const claims = pgTable(
  'claims',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    /** The public, read-aloud claim ID with a check character (lib/claims/claim-id.ts). */
    claimId: text('claim_id').notNull(),
    /** The submitter's reference for imported claims (INTERFACES.md §2.2). */
    claimRef: text('claim_ref'),
    /** One claim per form submission: a retry or double click carries the same token. */
    idempotencyKey: text('idempotency_key'),
    /** The current status: written only through lib/claims/transition.ts (moveClaim). */
    status: claimStatus('status').notNull().default('received'),
    channel: channel('channel').notNull().default('web'),
    late: boolean('late').notNull().default(false),
    /** As filed: the tier the claimant's attestations ask for. Never changes (null on claims filed before it was kept). */
    requestedTier: text('requested_tier'),
    /**
     * The current tier and units: the latest claim_verifications row's, denormalised here (and written
     * only with a new verification row) because the claim_stats triggers, the dashboard and the export
     * read them from this row at 30M-claim scale. Before verification: the requested tier, no units.
     */
    tier: text('tier').notNull(),
    units: bigint('units', { mode: 'number' }),
    /** The settlement configuration version the current tier/units were computed under. */
    configVersion: integer('config_version'),
    attestations: text('attestations').array().notNull().default(sql`'{}'::text[]`),
    noticeId: text('notice_id'),
    paymentMethod: text('payment_method').notNull(),
    /** Sealed JSON: name, address, email, phone, usernames, signature. */
    pii: text('pii').notNull(),
    /** Sealed JSON: the payment handle (PayPal e-mail; Venmo phone, e-mail or username; routing/account…). */
    payment: text('payment').notNull(),
    /** Sealed JSON: IP address and user agent. */
    intake: text('intake'),
    emailHash: text('email_hash').notNull(),
    phoneHash: text('phone_hash'),
    usernameHash: text('username_hash'),
    zipHash: text('zip_hash'),
    nameHash: text('name_hash'),
    paymentHash: text('payment_hash'),
    ipHash: text('ip_hash'),
    deviceHash: text('device_hash'),
    formSeconds: integer('form_seconds'),
    honeypot: boolean('honeypot').notNull().default(false),
    /** Current verification (pending | matched | unmatched), denormalised from claim_verifications. */
    verificationStatus: text('verification_status').notNull().default('pending'),
    matchedRecordId: text('matched_record_id'),
    fraudScore: real('fraud_score'),
    fraudAction: text('fraud_action'),
    fraudReasons: text('fraud_reasons').array().notNull().default(sql`'{}'::text[]`),
    /** The fraud run the three columns above come from, and the claim's cluster in it (db/schema/fraud.ts). */
    fraudRunId: uuid('fraud_run_id'),
    fraudClusterId: bigint('fraud_cluster_id', { mode: 'number' }),
    /** The reviewer the claim is assigned to (staff e-mail), if any. */
    assignedTo: text('assigned_to'),
    /** The current decision and its reason codes (';'-joined), denormalised from claim_decisions. */
    decision: text('decision'),
    decisionReason: text('decision_reason'),
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull().default({}),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('claims_claim_id_uq').on(t.settlementId, t.claimId),
    uniqueIndex('claims_claim_ref_uq').on(t.settlementId, t.claimRef),
    uniqueIndex('claims_idempotency_uq').on(t.settlementId, t.idempotencyKey),
    index('claims_email_idx').on(t.settlementId, t.emailHash),
    index('claims_phone_idx').on(t.settlementId, t.phoneHash),
    index('claims_name_idx').on(t.settlementId, t.nameHash),
    // The console's claims list reads newest first by (submitted_at, id), filtered by status or not:
    // both end in the sort key so a page is one index range scan (lib/claims/search.ts listClaims).
    index('claims_status_idx').on(t.settlementId, t.status, t.submittedAt, t.id),
    index('claims_submitted_idx').on(t.settlementId, t.submittedAt, t.id),
    // The review queue reads flagged claims by score; the cluster view reads a cluster's claims.
    index('claims_fraud_idx').on(t.settlementId, t.fraudAction, t.fraudScore),
    index('claims_fraud_cluster_idx').on(t.settlementId, t.fraudClusterId),
  ],
);

/** The status timeline a claimant sees on "Check my claim". Notes never hold personal data. */
export const claimEvents = pgTable(
  'claim_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    /** The internal key of the claim (claims.id), never the public claim ID. */
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    status: claimStatus('status').notNull(),
    note: text('note'),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('claim_events_claim_idx').on(t.claimPk)],
);

/** What is wrong with a claim and by when the claimant must fix it. */
export const deficiencies = pgTable(
  'deficiencies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** Stable reason code, e.g. IDENTIFIER_MISMATCH, ATTESTATION_UNSUPPORTED, PAYMENT_INVALID. */
    code: text('code').notNull(),
    /** What to fix, in plain words shown to the claimant. */
    message: text('message').notNull(),
    cureBy: date('cure_by').notNull(),
    curedAt: timestamp('cured_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('deficiencies_claim_idx').on(t.claimPk),
    // The dashboard counts open deficiencies per settlement; without this the count scans every deficiency.
    index('deficiencies_open_idx').on(t.settlementId).where(sql`${t.curedAt} is null`),
  ],
);

/**
 * Verification: each time a claim is matched against the class list and its tier and units are
 * computed (at intake, at a cure, on a re-verification after a configuration change). History is kept;
 * the newest row per claim is the current one, the one a payout uses, and is mirrored on the claim row.
 */
export const claimVerifications = pgTable(
  'claim_verifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** matched | unmatched */
    status: text('status').notNull(),
    matchedRecordId: text('matched_record_id'),
    /** Which identifier matched: notice | email | phone | username (null when unmatched). */
    via: text('via'),
    /** Stable codes of what did not verify, e.g. IDENTIFIER_MISMATCH, ATTESTATION_UNSUPPORTED. */
    reasonCodes: text('reason_codes').array().notNull().default(sql`'{}'::text[]`),
    configVersion: integer('config_version').notNull(),
    tier: text('tier').notNull(),
    units: bigint('units', { mode: 'number' }),
    /** intake | cure | reverify */
    trigger: text('trigger').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('claim_verifications_claim_idx').on(t.claimPk, t.id)],
);

export const claimDecision = pgEnum('claim_decision', ['approve', 'deny', 'request_info']);

/** Decisions by reviewers or automatic rules; a second approver where the settlement's rules require one. */
export const claimDecisions = pgTable(
  'claim_decisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    decision: claimDecision('decision').notNull(),
    reasonCodes: text('reason_codes').array().notNull().default(sql`'{}'::text[]`),
    decidedBy: text('decided_by').notNull(),
    secondApprover: text('second_approver'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('claim_decisions_claim_idx').on(t.claimPk, t.id)],
);

/**
 * Claim aggregates for the dashboard, kept equal to the claims table by the statement-level triggers in
 * db/sql/010_claim_stats.sql (which explains the shards). Units are integers like claims.units.
 */
export const claimStats = pgTable(
  'claim_stats',
  {
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    status: claimStatus('status').notNull(),
    tier: text('tier').notNull(),
    channel: channel('channel').notNull(),
    late: boolean('late').notNull(),
    claims: bigint('claims', { mode: 'number' }).notNull().default(0),
    /** Sum of claims.units where set (after verification), and how many claims have no units yet. */
    units: bigint('units', { mode: 'number' }).notNull().default(0),
    unitless: bigint('unitless', { mode: 'number' }).notNull().default(0),
    shard: smallint('shard').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.settlementId, t.day, t.status, t.tier, t.channel, t.late, t.shard] })],
);
