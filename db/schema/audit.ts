import { bigserial, index, jsonb, pgTable, text, timestamp, uuid, integer, primaryKey } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit log: each row's hash covers its content and the previous row's hash,
 * so editing or deleting a row breaks the chain (`fairshare audit verify`). Details never hold personal data.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_settlement_idx').on(t.settlementId, t.at), index('audit_target_idx').on(t.targetType, t.targetId)],
);

/** Fixed-window request counters for intake rate limiting, keyed by a hash of the client IP. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: text('bucket').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);
