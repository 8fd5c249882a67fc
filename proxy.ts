import { encode, getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { authSecret } from '@/lib/auth/secret';
import { ABSOLUTE_TIMEOUT_MS, touchToken, type StaffToken } from '@/lib/auth/session-token';
import { contentSecurityPolicy, crossOriginAction, MAX_BODY_BYTES, newNonce } from '@/lib/auth/request-guards';

/**
 * Defence in depth, headers and session upkeep only — authorisation lives in the guard (app/_lib/auth.ts),
 * which every page, action and route handler calls, so a request that skips this proxy gains nothing.
 * Here, for every page and action:
 *   - a server action posted from another origin is answered 403, and a body over the limit 413, each
 *     with a message (Next.js answers both with a bare 500);
 *   - a Content-Security-Policy with a fresh nonce, which Next.js reads from the request header and puts
 *     on its own scripts (so every page is rendered per request — they already are), and HSTS behind https;
 *   - on admin paths: slide the session's last-activity time forward (the 30-minute idle rule), and tell
 *     the guard which path was requested so sign-in can return there.
 */
export async function proxy(request: NextRequest) {
  const secure = process.env.NEXTAUTH_URL?.startsWith('https://') ?? false;
  const isAction = request.method === 'POST' && request.headers.has('next-action');
  if (isAction && crossOriginAction(request.headers)) {
    return new NextResponse('This form was sent from another website. Open the page on this site and try again.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const length = Number(request.headers.get('content-length') ?? 0);
  if (request.method === 'POST' && length > MAX_BODY_BYTES) {
    return new NextResponse('What you sent is too large (the limit is 10 MB for an attached PDF). Attach a smaller file, or send your documents by mail.', {
      status: 413,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }

  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https: secure });
  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('content-security-policy', csp);
  const path = request.nextUrl.pathname;
  const admin = path.startsWith('/admin') || path.startsWith('/api/admin');
  if (admin) forwarded.set('x-fairshare-path', path + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set('content-security-policy', csp);
  if (secure) response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  if (!admin) return response;

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

// Every page, action and route handler; not the build's static files (no scripts run from them).
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|robots.txt).*)', missing: [{ type: 'header', key: 'next-router-prefetch' }] }],
};
