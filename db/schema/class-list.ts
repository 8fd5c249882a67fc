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
    /** The confirmation code sealed (AAD class_members.notice_code), so `notices export` can print it for the mail vendor. */
    noticeCode: text('notice_code'),
    noticeIssuedAt: timestamp('notice_issued_at', { withTimezone: true }),
    emailHash: text('email_hash'),
    phoneHash: text('phone_hash'),
    usernameHash: text('username_hash'),
    /** keyedHash('name_zip', normaliseName(first + ' ' + last) + '|' + zip5): the probable-match key. */
    nameZipHash: text('name_zip_hash'),
    /** keyedHash('address', canonical street (parse-address) + '|' + zip5): households and address matches. */
    addressHash: text('address_hash'),
    /** keyedHash('zip', zip5): blocks the fuzzy name + address comparison to one ZIP. */
    zipHash: text('zip_hash'),
    pii: text('pii').notNull(),
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    undeliverable: boolean('undeliverable').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set by a class-list re-import that changed the record (verification re-runs claims matched to it). */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('class_members_record_uq').on(t.settlementId, t.recordId),
    uniqueIndex('class_members_notice_uq').on(t.settlementId, t.noticeId),
    index('class_members_email_idx').on(t.settlementId, t.emailHash),
    index('class_members_phone_idx').on(t.settlementId, t.phoneHash),
    index('class_members_username_idx').on(t.settlementId, t.usernameHash),
    index('class_members_name_zip_idx').on(t.settlementId, t.nameZipHash),
    index('class_members_address_idx').on(t.settlementId, t.addressHash),
    // Ends in record_id: a claim's ZIP block (the first ZIP_BLOCK_LIMIT records by record_id) is then one
    // ordered index range read, not every record of the ZIP fetched and sorted (500 per ZIP at 10M records).
    index('class_members_zip_idx').on(t.settlementId, t.zipHash, t.recordId),
  ],
);
