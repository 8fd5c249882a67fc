/**
 * Pure rules for the staff session token (a next-auth JWT). The guard refuses a token whose holder has
 * been idle for more than 30 minutes, or that is older than 12 hours whatever the activity; the proxy
 * slides `lastActivity` forward on each admin request.
 */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** Payouts and disbursements need a password + TOTP check this recent. */
export const FRESH_AUTH_MS = 5 * 60 * 1000;
/** Rewriting the cookie on every request is wasteful; once a minute is precise enough for a 30-minute rule. */
export const TOUCH_EVERY_MS = 60 * 1000;

export type StaffToken = {
  /** staff_users.id */
  uid?: string;
  /** staff_sessions.id: the guard refuses the token once that row is revoked. */
  sid?: string;
  /** When the password and TOTP code were last checked (ms since epoch). */
  authAt?: number;
  /** The last request seen (ms since epoch). */
  lastActivity?: number;
};

export type TokenState = 'valid' | 'idle' | 'expired' | 'missing';

export function tokenState(token: StaffToken | null | undefined, now: number): TokenState {
  if (!token?.uid || !token.sid || typeof token.authAt !== 'number' || typeof token.lastActivity !== 'number') return 'missing';
  if (now - token.authAt > ABSOLUTE_TIMEOUT_MS) return 'expired';
  if (now - token.lastActivity > IDLE_TIMEOUT_MS) return 'idle';
  return 'valid';
}

/** The token after a request at `now`, or null when it need not be rewritten yet. */
export function touchToken<T extends StaffToken>(token: T, now: number): T | null {
  if (tokenState(token, now) !== 'valid') return null;
  if (now - (token.lastActivity ?? 0) < TOUCH_EVERY_MS) return null;
  return { ...token, lastActivity: now };
}

export function isFresh(token: StaffToken | null | undefined, now: number): boolean {
  return tokenState(token, now) === 'valid' && now - (token!.authAt ?? 0) <= FRESH_AUTH_MS;
}
