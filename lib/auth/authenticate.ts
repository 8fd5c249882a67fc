import { env } from '@/lib/env';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '@/db/client';
import { signInCounts, staffSessions, staffUsers } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { hitRateLimit, peekRateLimit } from '@/lib/intake/rate-limit';
import { hashGate, type HashGate } from './hash-gate';
import { DUMMY_HASH, verifyPassword } from './password';
import { normaliseStaffEmail, type StaffRow } from './queries';
import { openSecret } from './secrets';
import { checkTotp } from './totp';

/**
 * Staff sign-in (docs/decisions/0012). In order, and before any password is hashed:
 *   1. per client address: at most signInIpLimit() attempts a minute, then "throttled";
 *   2. per e-mail address (known or not, so the throttle says nothing about which accounts exist):
 *      attempts in the last 15 minutes beyond FREE_ATTEMPTS wait a growing delay before being checked
 *      — a slow-down an attacker can trigger, never a lock that keeps the real person out;
 *   3. the hash gate: at most a few checks at once per process, a short queue, then "busy".
 * The user row is read and the password checked outside any transaction (a check holds no pool
 * connection); only the outcome is written, in one short transaction with its audit row.
 * Every failed check gets the same answer, no sooner than FAILURE_FLOOR_MS after it started, so the
 * answer's content and timing do not tell an unknown account from a wrong password or code.
 * Failures that name no account are counted per hour (sign_in_counts), not audited one row each.
 */

export const FREE_ATTEMPTS = 5;
export const ACCOUNT_WINDOW_MS = 15 * 60_000;
export const MAX_DELAY_MS = 8_000;
export const FAILURE_FLOOR_MS = 400;

export type AuthResult =
  | { ok: true; userId: string; sessionId: string }
  /** One reason for an unknown user, a wrong password, a wrong code and a disabled account. */
  | { ok: false; reason: 'invalid' }
  /** Refused before any check: too many attempts from this address, or too many sign-ins at once. */
  | { ok: false; reason: 'throttled' | 'busy' };

export type AuthOptions = { ip?: string; now?: Date; gate?: HashGate; sleep?: (ms: number) => Promise<void> };

export function signInIpLimit(source: Record<string, string | undefined> = process.env): number {
  return env(source).FAIRSHARE_SIGNIN_RATE_LIMIT;
}

/** The wait before checking the nth attempt on one e-mail address within ACCOUNT_WINDOW_MS. */
export function accountDelayMs(attempt: number): number {
  if (attempt <= FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, 500 * 2 ** (attempt - FREE_ATTEMPTS - 1));
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function authenticate(db: Db, input: { email: string; password: string; code: string }, opts: AuthOptions | Date = {}): Promise<AuthResult> {
  const o: AuthOptions = opts instanceof Date ? { now: opts } : opts;
  const now = o.now ?? new Date();
  const sleep = o.sleep ?? realSleep;
  const started = Date.now();
  const email = normaliseStaffEmail(input.email ?? '');

  // Over the limit: answered from a read alone. Writing the counter on every refused attempt made a
  // flood from one address queue on one hot row (each waiting update holding a pool connection).
  const ip = o.ip ?? 'unknown';
  const limit = signInIpLimit();
  if ((await peekRateLimit(db, 'signin-ip', ip, { now })) >= limit || !(await hitRateLimit(db, 'signin-ip', ip, { limit, now })).allowed) {
    countSignIn(db, 'throttled', now);
    return { ok: false, reason: 'throttled' };
  }
  const perAccount = await hitRateLimit(db, 'signin-account', email, { limit: Number.MAX_SAFE_INTEGER, now, windowMs: ACCOUNT_WINDOW_MS });
  const delay = accountDelayMs(perAccount.count);
  if (delay) await sleep(delay);

  const checked = await (o.gate ?? hashGate).run(async () => {
    const [row] = await db.select().from(staffUsers).where(eq(staffUsers.email, email));
    if (!row) {
      // Same cost as a real check, so response time does not reveal which emails exist.
      await verifyPassword(input.password ?? '', DUMMY_HASH);
      return { row: null } as const;
    }
    return { row, check: await checkCredentials(row, input, now) } as const;
  });
  if (checked === 'busy') {
    countSignIn(db, 'busy', now);
    return { ok: false, reason: 'busy' };
  }

  const fail = async () => {
    const wait = FAILURE_FLOOR_MS - (Date.now() - started);
    if (wait > 0) await realSleep(wait);
    return { ok: false, reason: 'invalid' } as const;
  };
  if (!checked.row) {
    countSignIn(db, 'unknown_account', now);
    return fail();
  }
  const { row, check } = checked;
  const audit = (tx: Queryable, action: string, details: Record<string, unknown>) =>
    appendAudit(tx, { actor: `staff:${row.id}`, action, targetType: 'staff_user', targetId: row.id, details });

  if ('failure' in check) {
    await db.transaction(async (tx) => {
      const [r] = await tx
        .update(staffUsers)
        .set({ failedAttempts: sql`${staffUsers.failedAttempts} + 1` })
        .where(eq(staffUsers.id, row.id))
        .returning({ n: staffUsers.failedAttempts });
      await audit(tx, 'auth.sign_in_failed', { reason: check.failure, attempts: r?.n ?? null, recentOnAddress: perAccount.count });
    });
    return fail();
  }
  const sessionId = randomUUID();
  const won = await db.transaction(async (tx) => {
    // Re-checked under the row lock: two sign-ins racing with the same code must not both spend it.
    const [locked] = await tx.select({ step: staffUsers.totpLastStep }).from(staffUsers).where(eq(staffUsers.id, row.id)).for('update');
    if (!locked || locked.step >= check.step) return false;
    await tx.update(staffUsers).set({ failedAttempts: 0, lastSignInAt: now, totpLastStep: check.step }).where(eq(staffUsers.id, row.id));
    await tx.insert(staffSessions).values({ id: sessionId, staffId: row.id, createdAt: now });
    await audit(tx, 'auth.sign_in', { session: sessionId });
    return true;
  });
  return won ? { ok: true, userId: row.id, sessionId } : fail();
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

/**
 * Counts are gathered in memory and written at most once a second per (hour, kind), adding the
 * batch: one upsert per attempt would queue a flood on a single hot row. A crash loses at most a
 * second of counts, which is acceptable for a counter (real accounts' failures are audited).
 */
const pending = new Map<string, { db: Queryable; windowStart: Date; kind: string; n: number }>();
let flushing: ReturnType<typeof setTimeout> | null = null;

function countSignIn(db: Queryable, kind: 'unknown_account' | 'throttled' | 'busy', now: Date) {
  const windowStart = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const k = `${windowStart.getTime()}:${kind}`;
  const entry = pending.get(k) ?? { db, windowStart, kind, n: 0 };
  entry.n++;
  pending.set(k, entry);
  flushing ??= setTimeout(() => void flushSignInCounts(), 1000);
  flushing.unref?.();
}

/** Writes the gathered counts now (tests and shutdown call it; otherwise a timer does). */
export async function flushSignInCounts(): Promise<void> {
  if (flushing) clearTimeout(flushing);
  flushing = null;
  const batch = [...pending.values()];
  pending.clear();
  for (const e of batch) {
    try {
      await e.db
        .insert(signInCounts)
        .values({ windowStart: e.windowStart, kind: e.kind, count: e.n })
        .onConflictDoUpdate({ target: [signInCounts.windowStart, signInCounts.kind], set: { count: sql`${signInCounts.count} + ${e.n}` } });
    } catch {
      console.error('sign-in counts could not be written');
    }
  }
}

/** Failed and refused sign-ins that are counted rather than audited, per hour (newest first). */
export async function signInCountsSince(db: Queryable, since: Date) {
  await flushSignInCounts();
  const rows = await db.select().from(signInCounts).where(sql`${signInCounts.windowStart} >= ${since}`).orderBy(sql`${signInCounts.windowStart} desc`);
  return rows;
}
