import { bigserial, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channel } from './claims';
import { settlements } from './settlements';

/** Requests for exclusion (opt-outs). Names are sealed; the court's exclusion list decrypts them. */
export const optOuts = pgTable(
  'opt_outs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    requestId: text('request_id').notNull(),
    idempotencyKey: text('idempotency_key'),
    pii: text('pii').notNull(),
    emailHash: text('email_hash').notNull(),
    noticeId: text('notice_id'),
    late: boolean('late').notNull().default(false),
    /** `mail`: a paper filing keyed in by staff, whose postmark (not the keying-in time) decided `late`. */
    channel: channel('channel').notNull().default('web'),
    /** The envelope's postmark (a calendar date in the settlement's time zone); mail only. */
    postmarkDate: date('postmark_date', { mode: 'string' }),
    intake: text('intake'),
    ipHash: text('ip_hash'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('opt_outs_request_uq').on(t.settlementId, t.requestId),
    uniqueIndex('opt_outs_idempotency_uq').on(t.settlementId, t.idempotencyKey),
    index('opt_outs_email_idx').on(t.settlementId, t.emailHash),
    // Listed newest first per settlement in the console.
    index('opt_outs_submitted_idx').on(t.settlementId, t.submittedAt),
  ],
);

export const objections = pgTable(
  'objections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    objectionId: text('objection_id').notNull(),
    idempotencyKey: text('idempotency_key'),
    /** Sealed JSON: name, address, email, phone, grounds, counsel. */
    pii: text('pii').notNull(),
    emailHash: text('email_hash').notNull(),
    noticeId: text('notice_id'),
    hasCounsel: boolean('has_counsel').notNull().default(false),
    willAppear: boolean('will_appear').notNull().default(false),
    /** Sealed PDF bytes (base64 inside the envelope). */
    document: text('document'),
    documentName: text('document_name'),
    documentType: text('document_type'),
    documentBytes: integer('document_bytes'),
    late: boolean('late').notNull().default(false),
    /** `mail`: a paper filing keyed in by staff, whose postmark (not the keying-in time) decided `late`. */
    channel: channel('channel').notNull().default('web'),
    /** The envelope's postmark (a calendar date in the settlement's time zone); mail only. */
    postmarkDate: date('postmark_date', { mode: 'string' }),
    intake: text('intake'),
    ipHash: text('ip_hash'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('objections_objection_uq').on(t.settlementId, t.objectionId),
    uniqueIndex('objections_idempotency_uq').on(t.settlementId, t.idempotencyKey),
    index('objections_submitted_idx').on(t.settlementId, t.submittedAt),
  ],
);
