import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, bigserial } from 'drizzle-orm/pg-core';
import { settlements } from './settlements';

/**
 * The defendant's platform usage records (INTERFACES.md §2.1). Identifiers are kept only as keyed
 * hashes; the contact details needed for notice are sealed in `pii`; non-personal usage facts used by
 * tier rules (e.g. created_video_in_illinois) stay in `attributes`.
 */
export const classMembers = pgTable(
  'class_members',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    recordId: text('record_id').notNull(),
    noticeId: text('notice_id'),
    confirmationCodeHash: text('confirmation_code_hash'),
    emailHash: text('email_hash'),
    phoneHash: text('phone_hash'),
    usernameHash: text('username_hash'),
    pii: text('pii').notNull(),
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    undeliverable: boolean('undeliverable').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('class_members_record_uq').on(t.settlementId, t.recordId),
    uniqueIndex('class_members_notice_uq').on(t.settlementId, t.noticeId),
    index('class_members_email_idx').on(t.settlementId, t.emailHash),
    index('class_members_phone_idx').on(t.settlementId, t.phoneHash),
    index('class_members_username_idx').on(t.settlementId, t.usernameHash),
  ],
);
