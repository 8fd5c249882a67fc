import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid, integer, primaryKey, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit log: each row's hash covers its content and the previous row's hash,
 * so editing or deleting a row breaks the chain (`fairshare audit verify`). Details never hold personal data.
 * One chain per settlement, and one for installation-wide rows (settlement_id null); rows written before
 * per-settlement chains (chain_seq null) form the frozen legacy chain (docs/decisions/0010-audit-anchors.md).
 * UPDATE, DELETE and TRUNCATE are refused by triggers (db/sql/030_audit_append_only.sql).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    settlementId: uuid('settlement_id'),
    /** 1, 2, 3… within the row's chain; null for legacy rows (one global chain, before per-settlement chains). */
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_settlement_idx').on(t.settlementId, t.at),
    index('audit_target_idx').on(t.targetType, t.targetId),
    // The head of a chain is one index probe, and no two rows can take the same place in a chain (no forks),
    // even if a writer skipped the chain lock. The expression must match lib/audit/service.ts's head lookup.
    uniqueIndex('audit_chain_seq_idx')
      .on(sql`coalesce(${t.settlementId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.chainSeq)
      .where(sql`${t.chainSeq} is not null`),
  ],
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
