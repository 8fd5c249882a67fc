import { bigserial, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SettlementConfig } from '@/lib/settlements/config';

export const settlements = pgTable('settlements', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  /** The validated INTERFACES.md §4 configuration; the slug column mirrors config.slug. */
  config: jsonb('config').$type<SettlementConfig>().notNull(),
  /** The current configuration's number in settlement_config_versions (1 at creation). */
  configVersion: integer('config_version').notNull().default(1),
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

/**
 * Every configuration a settlement has had: a new row on every create and update, with who, when, why
 * (required — a court order reference — once claims are verified and tiers, units or dates change) and
 * the field-by-field difference from the previous version. Claims record the version they were verified under.
 */
export const settlementConfigVersions = pgTable(
  'settlement_config_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    config: jsonb('config').$type<SettlementConfig>().notNull(),
    changes: jsonb('changes').$type<{ path: string; before: unknown; after: unknown }[]>().notNull().default([]),
    actor: text('actor').notNull(),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('settlement_config_versions_uq').on(t.settlementId, t.version)],
);
