import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staffUsers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { DUMMY_HASH, verifyPassword } from './password';
import { normaliseStaffEmail, type StaffRow } from './queries';
import { openSecret } from './secrets';
import { checkTotp } from './totp';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type AuthResult =
  | { ok: true; userId: string }
  /** One reason for an unknown user, a wrong password and a wrong code: the answer must not tell which. */
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

/**
 * Checks email + password + TOTP code. Five failures in a row lock the account for 15 minutes (even the
 * right credentials are refused meanwhile). Every outcome is audited, never with the password or code.
 * The user row is locked FOR UPDATE so concurrent guesses cannot slip past the counter.
 */
export async function authenticate(db: Db, input: { email: string; password: string; code: string }, now = new Date()): Promise<AuthResult> {
  const email = normaliseStaffEmail(input.email ?? '');
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(staffUsers).where(eq(staffUsers.email, email)).for('update');
    if (!row) {
      // Same cost as a real check, so response time does not reveal which emails exist.
      await verifyPassword(input.password ?? '', DUMMY_HASH);
      await appendAudit(tx, { actor: 'anonymous', action: 'auth.sign_in_failed', targetType: 'staff_user', details: { reason: 'unknown_user' } });
      return { ok: false, reason: 'invalid' } as const;
    }
    const audit = (action: string, details: Record<string, unknown>) =>
      appendAudit(tx, { actor: `staff:${row.id}`, action, targetType: 'staff_user', targetId: row.id, details });

    if (row.lockedUntil && row.lockedUntil > now) {
      await audit('auth.sign_in_refused', { reason: 'locked', lockedUntil: row.lockedUntil.toISOString() });
      return { ok: false, reason: 'locked', lockedUntil: row.lockedUntil } as const;
    }
    // An expired lock starts a fresh count.
    const priorFailures = row.lockedUntil ? 0 : row.failedAttempts;
    const check = await checkCredentials(row, input, now);
    if ('failure' in check) {
      const failure = check.failure;
      const attempts = priorFailures + 1;
      const lockedUntil = attempts >= MAX_FAILED_ATTEMPTS ? new Date(now.getTime() + LOCKOUT_MS) : null;
      await tx.update(staffUsers).set({ failedAttempts: lockedUntil ? 0 : attempts, lockedUntil }).where(eq(staffUsers.id, row.id));
      await audit('auth.sign_in_failed', { reason: failure, attempts, locked: Boolean(lockedUntil) });
      return lockedUntil ? ({ ok: false, reason: 'locked', lockedUntil } as const) : ({ ok: false, reason: 'invalid' } as const);
    }
    await tx
      .update(staffUsers)
      .set({ failedAttempts: 0, lockedUntil: null, lastSignInAt: now, totpLastStep: check.step })
      .where(eq(staffUsers.id, row.id));
    await audit('auth.sign_in', {});
    return { ok: true, userId: row.id } as const;
  });
}

/** The reason a sign-in fails (for the audit log only), or the TOTP step that was spent. */
async function checkCredentials(
  row: StaffRow,
  input: { password: string; code: string },
  now: Date,
): Promise<{ failure: 'disabled' | 'bad_password' | 'bad_code' } | { step: number }> {
  const passwordOk = await verifyPassword(input.password ?? '', row.passwordHash);
  if (row.disabled) return { failure: 'disabled' };
  if (!passwordOk) return { failure: 'bad_password' };
  const totp = checkTotp(openSecret(row.totpSecretSealed, row.id), input.code ?? '', row.totpLastStep, now);
  return totp.ok ? { step: totp.step } : { failure: 'bad_code' };
}
