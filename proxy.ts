import { encode, getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { authSecret } from '@/lib/auth/secret';
import { ABSOLUTE_TIMEOUT_MS, touchToken, type StaffToken } from '@/lib/auth/session-token';

/**
 * Defence in depth and session upkeep only — authorisation lives in the guard (app/_lib/auth.ts), which
 * every page, action and route handler calls, so a request that skips this proxy gains nothing.
 * Here: slide the session's last-activity time forward (the 30-minute idle rule), and tell the guard
 * which path was requested so sign-in can return there.
 */
export async function proxy(request: NextRequest) {
  const forwarded = new Headers(request.headers);
  forwarded.set('x-fairshare-path', request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: forwarded } });

  const secure = process.env.NEXTAUTH_URL?.startsWith('https://') ?? false;
  const cookieName = secure ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
  const secret = authSecret();
  const token = (await getToken({ req: request, secret, secureCookie: secure })) as (StaffToken & Record<string, unknown>) | null;
  const touched = token && touchToken(token, Date.now());
  if (touched) {
    const maxAge = Math.max(60, Math.floor((ABSOLUTE_TIMEOUT_MS - (Date.now() - (touched.authAt ?? 0))) / 1000));
    response.cookies.set(cookieName, await encode({ token: touched, secret, maxAge }), { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge });
  }
  return response;
}

export const config = { matcher: ['/admin/:path*', '/api/admin/:path*'] };
