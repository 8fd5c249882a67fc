import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { requestMeta } from '@/app/_lib/request-meta';
import { authenticate } from '@/lib/auth/authenticate';
import { loadStaffUser } from '@/lib/auth/queries';
import { signInSchema } from '@/lib/auth/schemas';
import { authSecret } from '@/lib/auth/secret';
import { endSession } from '@/lib/auth/sessions';
import { ABSOLUTE_TIMEOUT_MS, tokenState, type StaffToken } from '@/lib/auth/session-token';

/** Error codes the sign-in page turns into messages (they travel in the URL, so never details). */
export const SIGN_IN_ERRORS = { invalid: 'InvalidCredentials', throttled: 'Throttled', busy: 'Busy', idle: 'SessionIdle' } as const;

/** Behind https the session cookie is `__Secure-` prefixed and Secure (next-auth does this from NEXTAUTH_URL). */
export const secureCookies = () => process.env.NEXTAUTH_URL?.startsWith('https://') ?? false;

/**
 * next-auth v4 (STACK.md: v5 breaks on Next 16 off localhost): one Credentials provider checking
 * email + password + TOTP code; JWT sessions. The token carries only the user id and two times: the role
 * and settlements are re-read from the database by the guard on every request.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: ABSOLUTE_TIMEOUT_MS / 1000 },
    useSecureCookies: secureCookies(),
    pages: { signIn: '/admin/sign-in', error: '/admin/sign-in' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Staff sign-in',
        credentials: { email: { type: 'email' }, password: { type: 'password' }, code: { type: 'text' } },
        async authorize(credentials) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalid);
          const db = await getDb();
          const result = await authenticate(db, parsed.data, { ip: (await requestMeta()).ip });
          if (!result.ok) throw new Error(SIGN_IN_ERRORS[result.reason]);
          const user = await loadStaffUser(db, result.userId);
          if (!user) throw new Error(SIGN_IN_ERRORS.invalid);
          return { id: user.id, email: user.email, name: user.name, sid: result.sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        const t = token as typeof token & StaffToken;
        const now = Date.now();
        if (user) return { ...t, uid: user.id, sid: (user as { sid?: string }).sid, authAt: now, lastActivity: now };
        // Throwing makes next-auth drop the session and clear its cookie.
        if (tokenState(t, now) !== 'valid') throw new Error(SIGN_IN_ERRORS.idle);
        return { ...t, lastActivity: now };
      },
      async session({ session, token }) {
        return { ...session, uid: (token as StaffToken).uid };
      },
    },
    events: {
      // Ends the session on the server: the cookie is only a pointer to its row (lib/auth/sessions.ts).
      async signOut({ token }) {
        const t = token as StaffToken | null;
        if (!t?.uid) return;
        await endSession(await getDb(), t.sid, t.uid);
      },
    },
    // next-auth's default logger prints error objects with request metadata; keep only the code.
    logger: {
      error: (code) => console.error(`[auth] ${code}`),
      warn: () => {},
      debug: () => {},
    },
  };
}
