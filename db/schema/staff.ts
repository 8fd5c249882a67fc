import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '@/lib/auth/permissions';
import { settlements } from './settlements';

/**
 * The administrator's staff (DOMAIN.md §2). Staff are not tied to one settlement, so these tables are the
 * exception to "every table carries settlement_id": access is granted per settlement in staff_settlements.
 */
export const staffUsers = pgTable('staff_users', {
  id: uuid('id').primaryKey(),
  /** Lower-cased; the sign-in identifier. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** bcrypt, cost 12. */
  passwordHash: text('password_hash').notNull(),
  /** The TOTP secret sealed with a key derived from the master key (lib/auth/secrets.ts), bound to the user id. */
  totpSecretSealed: text('totp_secret_sealed').notNull(),
  /** The last accepted TOTP time step: a code is never accepted twice (replay within its window). */
  totpLastStep: integer('totp_last_step').notNull().default(0),
  role: text('role').$type<Role>().notNull(),
  /** True: every settlement, present and future; false: only those in staff_settlements. */
  allSettlements: boolean('all_settlements').notNull().default(false),
  disabled: boolean('disabled').notNull().default(false),
  /** Failed sign-ins since the last success (shown to administrators; never locks the account: decision 0012). */
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const staffSettlements = pgTable(
  'staff_settlements',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    settlementId: uuid('settlement_id')
      .notNull()
      .references(() => settlements.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.settlementId] })],
);

/** An invitation link; only the SHA-256 of its token is stored, so a database leak cannot be used to accept it. */
export const staffInvitations = pgTable('staff_invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenHash: text('token_hash').notNull().unique(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role').$type<Role>().notNull(),
  allSettlements: boolean('all_settlements').notNull().default(false),
  settlementIds: jsonb('settlement_ids').$type<string[]>().notNull().default([]),
  invitedBy: text('invited_by').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per signed-in session (the JWT carries its id): the guard refuses a token whose row is gone
 * or revoked, so sign-out, disabling a user, a role change and "sign out everywhere" end sessions on the
 * server, not just in the browser that holds the cookie (decision 0012).
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** sign_out | sign_out_everywhere | disabled | role_changed */
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/**
 * Failed sign-ins that name no account, and attempts refused by the throttle, counted per hour instead
 * of one audit row each: a flood of guesses must not grow the audit chain (or queue behind its lock).
 */
export const signInCounts = pgTable(
  'sign_in_counts',
  {
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    /** unknown_account | throttled | busy */
    kind: text('kind').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.windowStart, t.kind] })],
);
