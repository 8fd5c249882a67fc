import NextAuth from 'next-auth';
import { authOptions } from '@/app/_lib/auth-options';

/** next-auth's endpoints (csrf, credentials callback, session, sign-out). */
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
