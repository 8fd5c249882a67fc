import { sql } from 'drizzle-orm';
import {
  bigserial, boolean, date, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { settlements } from './settlements';

export const claimStatus = pgEnum('claim_status', ['received', 'under_review', 'deficient', 'approved', 'denied', 'paid', 'withdrawn']);
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
    status: claimStatus('status').notNull().default('received'),
    channel: channel('channel').notNull().default('web'),
    late: boolean('late').notNull().default(false),
    /** The tier the claimant asked for; verification may change it. */
    tier: text('tier').notNull(),
    units: real('units'),
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
    verificationStatus: text('verification_status').notNull().default('pending'),
    matchedRecordId: text('matched_record_id'),
    fraudScore: real('fraud_score'),
    fraudAction: text('fraud_action'),
    fraudReasons: text('fraud_reasons').array().notNull().default(sql`'{}'::text[]`),
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
  ],
);

/** The status timeline a claimant sees on "Check my claim". Notes never hold personal data. */
export const claimEvents = pgTable(
  'claim_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id').notNull(),
    claimId: integer('claim_pk').notNull(),
    status: claimStatus('status').notNull(),
    note: text('note'),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('claim_events_claim_idx').on(t.claimId)],
);

/** What is wrong with a claim and by when the claimant must fix it. */
export const deficiencies = pgTable(
  'deficiencies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id').notNull(),
    claimId: integer('claim_pk').notNull(),
    /** Stable reason code, e.g. IDENTIFIER_MISMATCH, ATTESTATION_UNSUPPORTED, PAYMENT_INVALID. */
    code: text('code').notNull(),
    /** What to fix, in plain words shown to the claimant. */
    message: text('message').notNull(),
    cureBy: date('cure_by').notNull(),
    curedAt: timestamp('cured_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deficiencies_claim_idx').on(t.claimId)],
);
