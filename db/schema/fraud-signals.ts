import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the tsconfig path alias.
import { claims } from './claims';
import { fraudRuns } from './fraud';
import { settlements } from './settlements';

/**
 * The fraud signals of a claim that need its sealed data opened (lib/fraud/signals.ts): computed once,
 * at intake (lib/claims/file-claim.ts) or by the next `fairshare fraud score` for claims that arrived
 * another way (the claims import), so a scoring run never opens sealed data twice. Keyed hashes only.
 */
export const claimSignals = pgTable(
  'claim_signals',
  {
    claimPk: bigint('claim_pk', { mode: 'number' })
      .primaryKey()
      .references(() => claims.id, { onDelete: 'cascade' }),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
    /** keyedHash of the canonical street WITH its unit + ZIP5 (the mailing address a check goes to). */
    addressHash: text('address_hash'),
    /** keyedHash of the canonical street WITHOUT its unit + ZIP5: one building. */
    buildingHash: text('building_hash'),
    /** keyedHash of the unit alone (apartment 4B), null when there is none. */
    unitHash: text('unit_hash'),
    /** keyedHash of the IPv4 /24 or IPv6 /48 network: a burst from one range. */
    ipNetHash: text('ip_net_hash'),
    /** keyedHash of the exact user-agent string. */
    uaHash: text('ua_hash'),
    /**
     * The payout goes to the claimant's own e-mail, phone or username (or a check to their address; a bank
     * account, which cannot be compared, counts as their own): false when it pays someone else.
     */
    payoutOwn: boolean('payout_own').notNull().default(true),
    /** The payout handle as the class list hashes an e-mail or phone (keyedHash 'email' / 'phone'), to find a member's own account. */
    payoutIdentityHash: text('payout_identity_hash'),
    /** The e-mail's domain is on the disposable-domain list (disposable-email-domains-js). */
    disposableEmail: boolean('disposable_email').notNull().default(false),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('claim_signals_settlement_idx').on(t.settlementId, t.claimPk)],
);

/**
 * A scoring run's scratch table: each claim's shared-identifier counts, computed set-based in one
 * statement (window functions over the hashes), then read a page at a time by the rules. Deleted when
 * the run finishes; kept while it runs, so an interrupted run resumes from its last page.
 */
export const fraudFeatures = pgTable(
  'fraud_features',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => fraudRuns.id, { onDelete: 'cascade' }),
    claimPk: bigint('claim_pk', { mode: 'number' }).notNull(),
    /** Claims sharing the payout destination; whether they all share one mailing address (a household). */
    payoutN: integer('payout_n').notNull().default(1),
    payoutOneAddress: boolean('payout_one_address').notNull().default(true),
    /** Claims with the same normalised e-mail / phone / class-list record, and this claim's rank among them (1 = filed first). */
    emailN: integer('email_n').notNull().default(1),
    emailRank: integer('email_rank').notNull().default(1),
    /** Class-list records with this e-mail (a family mailbox shared by several members), at least 1. */
    emailMembers: integer('email_members').notNull().default(1),
    phoneN: integer('phone_n').notNull().default(1),
    phoneRank: integer('phone_rank').notNull().default(1),
    phoneOneAddress: boolean('phone_one_address').notNull().default(true),
    recordN: integer('record_n').notNull().default(1),
    recordRank: integer('record_rank').notNull().default(1),
    recordOnePayout: boolean('record_one_payout').notNull().default(true),
    /** The payout handle is the e-mail or phone of some class-list member (a family member's account). */
    payoutIsMember: boolean('payout_is_member').notNull().default(false),
    deviceN: integer('device_n').notNull().default(1),
    /** Claims in the same building, and whether they give different unit numbers. */
    buildingN: integer('building_n').notNull().default(1),
    buildingUnitsDiffer: boolean('building_units_differ').notNull().default(false),
    /** Claims from the same network within ±window minutes, and with the same user agent too. */
    ipWindowN: integer('ip_window_n').notNull().default(1),
    uaWindowN: integer('ua_window_n').notNull().default(1),
    clusterId: bigint('cluster_id', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.claimPk] })],
);
