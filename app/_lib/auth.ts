import 'server-only';
import { getToken } from 'next-auth/jwt';
import { cookies, headers } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { can, type Permission } from '@/lib/auth/permissions';
import { canAccessSettlement, loadStaffUser, type StaffUser } from '@/lib/auth/queries';
import { authSecret } from '@/lib/auth/secret';
import { isSessionActive } from '@/lib/auth/sessions';
import { isFresh, tokenState, type StaffToken } from '@/lib/auth/session-token';
import { findSettlement, type Settlement } from '@/lib/settlements/service';

export type { StaffUser };
export type Guarded = { user: StaffUser; settlement: Settlement | null };

/**
 * THE guard. Every admin page, server action and route handler calls one of these functions before it
 * reads or writes anything — never only middleware or a layout (the 2025 x-middleware-subrequest bypass).
 * The session token carries only the user id; the role, settlement access and disabled flag are re-read
 * from the database here, so a change takes effect on the very next request.
 */

type Outcome =
  | { kind: 'ok'; user: StaffUser; settlement: Settlement | null; token: StaffToken }
  | { kind: 'anonymous'; reason: 'none' | 'idle' }
  | { kind: 'forbidden' }
  | { kind: 'not_found' };

async function readToken(): Promise<StaffToken | null> {
  const secureCookie = process.env.NEXTAUTH_URL?.startsWith('https://') ?? false;
  const token = await getToken({ req: { cookies: await cookies(), headers: {} } as never, secret: authSecret(), secureCookie });
  return token as StaffToken | null;
}

/** The user behind a valid token whose session has not been ended on the server, or null. */
async function activeUser(token: StaffToken): Promise<StaffUser | null> {
  const db = await getDb();
  const [user, live] = await Promise.all([loadStaffUser(db, token.uid!), isSessionActive(db, token.sid, token.uid!)]);
  return user && live ? user : null;
}

async function check(permission: Permission, settlementSlug?: string): Promise<Outcome> {
  const token = await readToken();
  const state = tokenState(token, Date.now());
  if (state !== 'valid') return { kind: 'anonymous', reason: state === 'missing' ? 'none' : 'idle' };
  const db = await getDb();
  const user = await activeUser(token!);
  if (!user) return { kind: 'anonymous', reason: 'none' };
  if (!can(user.role, permission)) return { kind: 'forbidden' };
  if (settlementSlug === undefined) return { kind: 'ok', user, settlement: null, token: token! };
  const settlement = await findSettlement(db, settlementSlug);
  if (!settlement) return { kind: 'not_found' };
  if (!canAccessSettlement(user, settlement.id)) return { kind: 'forbidden' };
  return { kind: 'ok', user, settlement, token: token! };
}

/** Where the user was going, so sign-in can bring them back (only same-site admin paths). */
async function currentPath(): Promise<string> {
  const h = await headers();
  const candidate = h.get('x-fairshare-path') ?? '/admin';
  return candidate.startsWith('/admin') && !candidate.startsWith('//') ? candidate : '/admin';
}

/**
 * Pages and server actions: anonymous → redirect to /admin/sign-in?next=…; signed in without the
 * permission or without access to the settlement → the 403 page; unknown settlement → 404.
 */
export async function requireStaff(permission: Permission, opts: { settlementSlug?: string } = {}): Promise<Guarded> {
  const outcome = await check(permission, opts.settlementSlug);
  switch (outcome.kind) {
    case 'ok':
      return { user: outcome.user, settlement: outcome.settlement };
    case 'anonymous': {
      const q = new URLSearchParams({ next: await currentPath() });
      if (outcome.reason === 'idle') q.set('reason', 'idle');
      redirect(`/admin/sign-in?${q}`);
    }
    case 'forbidden':
      forbidden();
    case 'not_found':
      notFound();
  }
}

/** Route handlers: the same checks, answering 401/403/404 instead of redirecting. */
export async function requireStaffApi(permission: Permission, opts: { settlementSlug?: string } = {}): Promise<Guarded | Response> {
  const outcome = await check(permission, opts.settlementSlug);
  const json = (status: number, error: string) => Response.json({ error }, { status, headers: { 'Cache-Control': 'no-store' } });
  switch (outcome.kind) {
    case 'ok':
      return { user: outcome.user, settlement: outcome.settlement };
    case 'anonymous':
      return json(401, outcome.reason === 'idle' ? 'session timed out; sign in again' : 'sign in required');
    case 'forbidden':
      return json(403, 'forbidden');
    case 'not_found':
      return json(404, 'no such settlement');
  }
}

/** The signed-in user, or null — for the admin shell, which must render for signed-out pages too. Never a substitute for requireStaff. */
export async function currentStaff(): Promise<StaffUser | null> {
  const token = await readToken();
  if (tokenState(token, Date.now()) !== 'valid') return null;
  return activeUser(token!);
}

export class FreshAuthRequiredError extends Error {
  constructor() {
    super('Confirm your password and authenticator code to continue');
  }
}

/**
 * For approving payouts and starting disbursements: requireStaff, plus a password + TOTP check within the
 * last 5 minutes (a fresh sign-in counts). Throws FreshAuthRequiredError otherwise; the caller shows the
 * re-authentication form (`/admin/sign-in?fresh=1&next=…` signs in again and comes back).
 */
export async function requireFreshAuth(permission: Permission, opts: { settlementSlug?: string } = {}): Promise<Guarded> {
  const guarded = await requireStaff(permission, opts);
  if (!isFresh(await readToken(), Date.now())) throw new FreshAuthRequiredError();
  return guarded;
}
