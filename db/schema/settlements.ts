import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { SettlementConfig } from '@/lib/settlements/config';

export const settlements = pgTable('settlements', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  /** The validated INTERFACES.md §4 configuration; the slug column mirrors config.slug. */
  config: jsonb('config').$type<SettlementConfig>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One data key per settlement, wrapped by the master key. Deleting the row destroys the settlement's personal data. */
export const settlementKeys = pgTable('settlement_keys', {
  settlementId: uuid('settlement_id')
    .primaryKey()
    .references(() => settlements.id, { onDelete: 'cascade' }),
  wrappedKey: text('wrapped_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
