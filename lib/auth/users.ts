import { AppError } from '@/lib/errors';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { staffInvitations, staffSettlements, staffUsers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { hashPassword } from './password';
import { revokeAllSessions } from './sessions';
import type { Role } from './permissions';
import { normaliseStaffEmail, type StaffUser } from './queries';
import { acceptInviteSchema, changeRoleSchema, inviteSchema, setDisabledSchema, settlementAccessSchema } from './schemas';
import { openSecret, sealSecret } from './secrets';
import { checkTotp, newTotpSecret } from './totp';

/** Staff management use cases: each one transaction with its audit row; mail goes out after commit (in app/). */

export const INVITE_DAYS = 7;

/** A refused staff change (bad input with the field it concerns): an AppError, so every edge maps it alike. */
export class StaffError extends AppError {
  constructor(message: string, field?: string) {
    super('bad_input', message, { field });
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const actorOf = (u: Pick<StaffUser, 'id'>) => `staff:${u.id}`;

/**
 * Creates an invitation and returns its one-time token (only its hash is stored). The inviter is a staff
 * user, or — for the CLI's first administrator of an installation, when no staff exist yet — the CLI
 * operator's own actor string (`cli:<os user>@<host>`).
 */
export async function inviteStaff(db: Db, inviter: StaffUser | string, input: unknown, now = new Date()): Promise<{ token: string; invitationId: string; expiresAt: Date }> {
  const actor = typeof inviter === 'string' ? inviter : actorOf(inviter);
  const v = inviteSchema.parse(input);
  const email = normaliseStaffEmail(v.email);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITE_DAYS * 86_400_000);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, email));
    if (existing) throw new StaffError('Someone with this email already has an account', 'email');
    const [row] = await tx
      .insert(staffInvitations)
      .values({ tokenHash: hashToken(token), email, name: v.name, role: v.role, allSettlements: v.allSettlements, settlementIds: v.allSettlements ? [] : v.settlementIds, invitedBy: actor, expiresAt })
      .returning();
    await appendAudit(tx, { actor, action: 'staff.invite', targetType: 'staff_invitation', targetId: row.id, details: { role: v.role, allSettlements: v.allSettlements, settlements: v.settlementIds.length } });
    return { token, invitationId: row.id, expiresAt };
  });
}

export async function findInvitation(db: Db, token: string, now = new Date()) {
  const [row] = await db.select().from(staffInvitations).where(eq(staffInvitations.tokenHash, hashToken(token)));
  if (!row) return { state: 'unknown' as const };
  if (row.acceptedAt) return { state: 'accepted' as const, invitation: row };
  if (row.revokedAt) return { state: 'revoked' as const, invitation: row };
  if (row.expiresAt <= now) return { state: 'expired' as const, invitation: row };
  return { state: 'open' as const, invitation: row };
}

/** A fresh TOTP secret for the accept page, sealed to this invitation so the form can carry it back safely. */
export function enrolmentSecret(token: string): { secret: string; sealed: string } {
  const secret = newTotpSecret();
  return { secret, sealed: sealSecret(secret, `invite:${hashToken(token)}`) };
}

/** Accepts an invitation: sets the password and enrols the TOTP secret once the user proves they can read codes. */
export async function acceptInvitation(db: Db, input: unknown, now = new Date()): Promise<{ userId: string; email: string }> {
  const v = acceptInviteSchema.parse(input);
  const found = await findInvitation(db, v.token, now);
  if (found.state !== 'open') throw new StaffError(`This invitation is ${found.state === 'unknown' ? 'not valid' : found.state}. Ask an administrator for a new one.`);
  let secret: string;
  try {
    secret = openSecret(v.sealedSecret, `invite:${hashToken(v.token)}`);
  } catch {
    throw new StaffError('The set-up form was changed; reload the page and scan the new code', 'code');
  }
  const totp = checkTotp(secret, v.code, 0, now);
  if (!totp.ok) throw new StaffError('That code is not right. Check the time on your phone and enter the current code', 'code');
  const passwordHash = await hashPassword(v.password);
  const inv = found.invitation;
  return db.transaction(async (tx) => {
    // Re-checked inside the transaction: two tabs accepting the same link create one account.
    const [claimed] = await tx
      .update(staffInvitations)
      .set({ acceptedAt: now })
      .where(and(eq(staffInvitations.id, inv.id), sql`${staffInvitations.acceptedAt} is null`))
      .returning();
    if (!claimed) throw new StaffError('This invitation has already been used');
    const [taken] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, inv.email));
    if (taken) throw new StaffError('Someone with this email already has an account');
    const id = randomUUID();
    await tx.insert(staffUsers).values({
      id, email: inv.email, name: inv.name, passwordHash, totpSecretSealed: sealSecret(secret, id), totpLastStep: totp.step,
      role: inv.role, allSettlements: inv.allSettlements,
    });
    if (!inv.allSettlements && inv.settlementIds.length) await tx.insert(staffSettlements).values(inv.settlementIds.map((settlementId) => ({ staffId: id, settlementId })));
    await appendAudit(tx, { actor: `staff:${id}`, action: 'staff.accept_invite', targetType: 'staff_user', targetId: id, details: { invitation: inv.id, role: inv.role } });
    return { userId: id, email: inv.email };
  });
}

/** At least one active administrator must remain, or nobody could ever manage users again. */
async function assertAnotherAdmin(tx: Tx, userId: string) {
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), eq(staffUsers.disabled, false), ne(staffUsers.id, userId)));
  if (n === 0) throw new StaffError('This is the last active administrator; make someone else an administrator first');
}

async function lockTarget(tx: Tx, userId: string) {
  const [row] = await tx.select().from(staffUsers).where(eq(staffUsers.id, userId)).for('update');
  if (!row) throw new StaffError('No such user');
  return row;
}

export async function changeRole(db: Db, actor: StaffUser, input: unknown): Promise<void> {
  const v = changeRoleSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockTarget(tx, v.userId);
    if (row.role === v.role) return;
    if (row.role === 'admin') await assertAnotherAdmin(tx, row.id);
    await tx.update(staffUsers).set({ role: v.role as Role, updatedAt: new Date() }).where(eq(staffUsers.id, row.id));
    // The new role applies on the next request anyway (the guard re-reads it); ending the sessions makes
    // the person sign in again knowingly under the new role.
    const sessions = await revokeAllSessions(tx, row.id, 'role_changed');
    await appendAudit(tx, { actor: actorOf(actor), action: 'staff.change_role', targetType: 'staff_user', targetId: row.id, details: { from: row.role, to: v.role, sessionsEnded: sessions } });
  });
}

export async function setSettlementAccess(db: Db, actor: StaffUser, input: unknown): Promise<void> {
  const v = settlementAccessSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockTarget(tx, v.userId);
    await tx.update(staffUsers).set({ allSettlements: v.allSettlements, updatedAt: new Date() }).where(eq(staffUsers.id, row.id));
    await tx.delete(staffSettlements).where(eq(staffSettlements.staffId, row.id));
    if (!v.allSettlements) await tx.insert(staffSettlements).values(v.settlementIds.map((settlementId) => ({ staffId: row.id, settlementId })));
    await appendAudit(tx, { actor: actorOf(actor), action: 'staff.set_settlements', targetType: 'staff_user', targetId: row.id, details: { all: v.allSettlements, settlementIds: v.allSettlements ? [] : v.settlementIds } });
  });
}

export async function setDisabled(db: Db, actor: StaffUser, input: unknown): Promise<void> {
  const v = setDisabledSchema.parse(input);
  await db.transaction(async (tx) => {
    const row = await lockTarget(tx, v.userId);
    if (row.disabled === v.disabled) return;
    if (v.disabled && row.id === actor.id) throw new StaffError('You cannot disable your own account');
    if (v.disabled && row.role === 'admin') await assertAnotherAdmin(tx, row.id);
    await tx.update(staffUsers).set({ disabled: v.disabled, failedAttempts: 0, updatedAt: new Date() }).where(eq(staffUsers.id, row.id));
    const sessions = v.disabled ? await revokeAllSessions(tx, row.id, 'disabled') : 0;
    await appendAudit(tx, { actor: actorOf(actor), action: v.disabled ? 'staff.disable' : 'staff.enable', targetType: 'staff_user', targetId: row.id, details: v.disabled ? { sessionsEnded: sessions } : {} });
  });
}

export async function revokeInvitation(db: Db, actor: StaffUser, id: unknown): Promise<void> {
  const invitationId = z.uuid('No such invitation').parse(id);
  await db.transaction(async (tx) => {
    const [row] = await tx.update(staffInvitations).set({ revokedAt: new Date() }).where(and(eq(staffInvitations.id, invitationId), sql`${staffInvitations.acceptedAt} is null`)).returning();
    if (!row) throw new StaffError('No open invitation to revoke');
    await appendAudit(tx, { actor: actorOf(actor), action: 'staff.revoke_invite', targetType: 'staff_invitation', targetId: row.id });
  });
}

/**
 * Creates a user directly with a known TOTP secret: only for the demo and tests, where the secret is
 * documented so codes can be computed. Real staff come in through invitations.
 */
export async function createStaffUser(
  db: Db,
  input: { email: string; name: string; password: string; totpSecret: string; role: Role; allSettlements?: boolean; settlementIds?: string[] },
  actor: string,
): Promise<string> {
  const id = randomUUID();
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx.insert(staffUsers).values({
      id, email: normaliseStaffEmail(input.email), name: input.name, passwordHash, totpSecretSealed: sealSecret(input.totpSecret, id),
      role: input.role, allSettlements: input.allSettlements ?? true,
    });
    if (!(input.allSettlements ?? true) && input.settlementIds?.length)
      await tx.insert(staffSettlements).values(input.settlementIds.map((settlementId) => ({ staffId: id, settlementId })));
    await appendAudit(tx, { actor, action: 'staff.create', targetType: 'staff_user', targetId: id, details: { role: input.role } });
  });
  return id;
}

export { newTotpSecret };
