import { bigint, bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { classMembers } from './class-list';
import { settlements } from './settlements';

/**
 * The notice e-mail outbox: one row per message (member × campaign × kind). A sender claims queued rows
 * (FOR UPDATE SKIP LOCKED), marks them `sending` and commits BEFORE talking to SMTP, then marks them
 * `sent`; a row still `sending` after a crash is in doubt and is not sent again without an operator
 * (at-most-once, docs/decisions/0018-notice-outbox.md).
 *
 * state: queued → sending → sent | failed | bounced (and in-doubt `sending` → queued by --retry-in-doubt).
 */
export const noticeMessages = pgTable(
  'notice_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => classMembers.id, { onDelete: 'cascade' }),
    /** e.g. "initial-2026-12-02"; one campaign per `notices send` decision, named so re-runs resume it. */
    campaign: text('campaign').notNull(),
    /** initial | resend (to an address that changed since the last one bounced). */
    kind: text('kind').notNull(),
    state: text('state').notNull().default('queued'),
    /** The member's email_hash the message is for: a resend is due when the member's hash moves on. */
    emailHash: text('email_hash'),
    attempts: integer('attempts').notNull().default(0),
    smtpMessageId: text('smtp_message_id'),
    /** A reason code or the SMTP reply (never the address). */
    lastError: text('last_error'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    bouncedAt: timestamp('bounced_at', { withTimezone: true }),
    bounceType: text('bounce_type'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notice_messages_member_campaign_kind_uq').on(t.settlementId, t.memberId, t.campaign, t.kind),
    index('notice_messages_state_idx').on(t.settlementId, t.state, t.id),
    index('notice_messages_member_idx').on(t.memberId),
    index('notice_messages_smtp_id_idx').on(t.smtpMessageId),
  ],
);
