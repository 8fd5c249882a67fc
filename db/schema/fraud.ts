import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the tsconfig path alias.
import { claims } from './claims';
import { settlements } from './settlements';

/**
 * Fraud scoring (lib/fraud). Each `fairshare fraud score` is a run: it records the rule-set version and
 * the configuration version it scored under, and keeps every claim's score, action, reason codes,
 * evidence and cluster, so a decision taken on a run can be explained later even after the rules
 * change. The newest finished run's result is mirrored on the claim row (claims.fraud_*), which the
 * review queue, the export and the dashboard read.
 */
export const fraudRunStatuses = ['running', 'done', 'failed'] as const;

export const fraudRuns = pgTable(
  'fraud_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    rulesetVersion: text('ruleset_version').notNull(),
    configVersion: integer('config_version').notNull(),
    status: text('status', { enum: fraudRunStatuses }).notNull().default('running'),
    claimsScored: integer('claims_scored').notNull().default(0),
    /** Totals: claims per action, flags per reason code, clusters by size. */
    counts: jsonb('counts').$type<Record<string, unknown>>(),
    /** The resumable runner's state (the last claim written), committed with each batch. */
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    error: text('error'),
    actor: text('actor').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('fraud_runs_settlement_idx').on(t.settlementId, t.startedAt)],
);

/** One evidence item: a rule that fired, its deduction and what it saw, in masked words. */
export type FraudEvidence = { code: string; weight: number; evidence: string };

/** Every claim's result in one run. */
export const claimFraud = pgTable(
  'claim_fraud',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => fraudRuns.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' })
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** 1000 minus the weights of the rules that fired (floored at 0). */
    score: integer('score').notNull(),
    /** none | review | recommend_deny */
    action: text('action').notNull(),
    reasons: text('reasons').array().notNull(),
    evidence: jsonb('evidence').$type<FraudEvidence[]>().notNull(),
    clusterId: bigint('cluster_id', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.claimPk] }), index('claim_fraud_cluster_idx').on(t.runId, t.clusterId), index('claim_fraud_claim_idx').on(t.claimPk)],
);

/**
 * Claims tied by strong shared identifiers (payout destination, e-mail, phone, device, class-list
 * record), found by union-find in one run. `clusterId` is the smallest claims.id in it, so the same
 * ring keeps its id across runs while its oldest claim stays in it. `links` counts the ties by kind.
 */
export const fraudClusters = pgTable(
  'fraud_clusters',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => fraudRuns.id, { onDelete: 'cascade' }),
    clusterId: bigint('cluster_id', { mode: 'number' }).notNull(),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    size: integer('size').notNull(),
    links: jsonb('links').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.clusterId] }), index('fraud_clusters_size_idx').on(t.runId, t.size)],
);
