import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { settlements, staffInvitations, staffSettlements, staffUsers } from '@/db/schema';
import type { Role } from './permissions';

/** A signed-in member of staff as every guard and service sees them: re-read from the database on each request. */
export type StaffUser = { id: string; email: string; name: string; role: Role; settlementIds: string[] | 'all' };

export type StaffRow = typeof staffUsers.$inferSelect;

export function normaliseStaffEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findStaffByEmail(db: Queryable, email: string): Promise<StaffRow | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.email, normaliseStaffEmail(email)));
  return row ?? null;
}

/** The active user with their settlement access, or null when unknown or disabled. */
export async function loadStaffUser(db: Queryable, id: string): Promise<StaffUser | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
  if (!row || row.disabled) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, settlementIds: await settlementAccess(db, row) };
}

async function settlementAccess(db: Queryable, row: Pick<StaffRow, 'id' | 'allSettlements'>): Promise<string[] | 'all'> {
  if (row.allSettlements) return 'all';
  const rows = await db.select({ id: staffSettlements.settlementId }).from(staffSettlements).where(eq(staffSettlements.staffId, row.id));
  return rows.map((r) => r.id);
}

export function canAccessSettlement(user: Pick<StaffUser, 'settlementIds'>, settlementId: string): boolean {
  return user.settlementIds === 'all' || user.settlementIds.includes(settlementId);
}

/** The settlements a user may see, oldest first (the first is where /admin lands). */
export async function accessibleSettlements(db: Queryable, user: Pick<StaffUser, 'settlementIds'>) {
  const cols = { id: settlements.id, slug: settlements.slug, name: settlements.config };
  const q = db.select(cols).from(settlements);
  const rows =
    user.settlementIds === 'all'
      ? await q.orderBy(asc(settlements.createdAt))
      : user.settlementIds.length === 0
        ? []
        : await q.where(inArray(settlements.id, user.settlementIds)).orderBy(asc(settlements.createdAt));
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name.shortName ?? r.name.name }));
}

export type StaffListRow = Omit<StaffRow, 'passwordHash' | 'totpSecretSealed' | 'totpLastStep'> & { settlementIds: string[] | 'all' };

/** Every member of staff for the users page; never the password hash or TOTP secret. */
export async function listStaff(db: Queryable): Promise<StaffListRow[]> {
  const rows = await db.select().from(staffUsers).orderBy(asc(staffUsers.email));
  const links = await db.select().from(staffSettlements);
  return rows.map(({ passwordHash: _p, totpSecretSealed: _t, totpLastStep: _s, ...r }) => ({
    ...r,
    settlementIds: r.allSettlements ? 'all' : links.filter((l) => l.staffId === r.id).map((l) => l.settlementId),
  }));
}

export async function listOpenInvitations(db: Queryable, now = new Date()) {
  const rows = await db
    .select()
    .from(staffInvitations)
    .where(and(isNull(staffInvitations.acceptedAt), isNull(staffInvitations.revokedAt), gt(staffInvitations.expiresAt, now)))
    .orderBy(asc(staffInvitations.createdAt));
  return rows.map(({ tokenHash: _h, ...r }) => r);
}
