import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { staffSessions } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';

/**
 * Server-side staff sessions (decision 0012). A session-token cookie is only a pointer to a row here:
 * the guard (app/_lib/auth.ts) refuses it once the row is revoked, so a copied or left-behind cookie
 * stops working the moment its holder signs out, is disabled, changes role or signs out everywhere.
 */

export type RevokeReason = 'sign_out' | 'sign_out_everywhere' | 'disabled' | 'role_changed';

export async function isSessionActive(db: Queryable, sessionId: string | undefined, staffId: string): Promise<boolean> {
  if (!sessionId || !/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
  const [row] = await db
    .select({ id: staffSessions.id })
    .from(staffSessions)
    .where(and(eq(staffSessions.id, sessionId), eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)));
  return Boolean(row);
}

/** Ends one session (sign-out); audited. A session already ended is left as it was. */
export async function endSession(db: Db, sessionId: string | undefined, staffId: string, now = new Date()): Promise<void> {
  if (!sessionId || !/^[0-9a-f-]{36}$/i.test(sessionId)) return;
  await db.transaction(async (tx) => {
    const ended = await tx
      .update(staffSessions)
      .set({ revokedAt: now, revokedReason: 'sign_out' })
      .where(and(eq(staffSessions.id, sessionId), eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)))
      .returning({ id: staffSessions.id });
    await appendAudit(tx, { actor: `staff:${staffId}`, action: 'auth.sign_out', targetType: 'staff_user', targetId: staffId, details: { session: sessionId, ended: ended.length } });
  });
}

/** Ends every open session of a user, inside the caller's transaction (which writes the audit row). Returns how many. */
export async function revokeAllSessions(tx: Queryable, staffId: string, reason: RevokeReason, now = new Date()): Promise<number> {
  const rows = await tx
    .update(staffSessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)))
    .returning({ id: staffSessions.id });
  return rows.length;
}

/** "Sign out everywhere": the user ends all of their own sessions, this one included. */
export async function signOutEverywhere(db: Db, staffId: string, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const n = await revokeAllSessions(tx, staffId, 'sign_out_everywhere', now);
    await appendAudit(tx, { actor: `staff:${staffId}`, action: 'auth.sign_out_everywhere', targetType: 'staff_user', targetId: staffId, details: { sessions: n } });
    return n;
  });
}
