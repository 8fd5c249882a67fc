import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
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
