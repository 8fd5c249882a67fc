import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { currentStaff } from '@/app/_lib/auth';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

/** Only same-site console paths are followed after sign-in (no open redirect). */
function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await connection();
  const q = await searchParams;
  const next = safeNext(q.next);
  if (!q.fresh && (await currentStaff())) redirect(next);
  const notice =
    q.reason === 'idle'
      ? 'You were signed out after 30 minutes without activity. Sign in again to continue.'
      : q.accepted
        ? 'Your account is ready. Sign in with your email, password and a code from your authenticator app.'
        : q.signedOut
        ? 'You have signed out.'
        : q.fresh
          ? 'This step needs you to confirm your password and a new authenticator code.'
          : null;
  return (
    <div className="auth-card card">
      <h1>Sign in to the console</h1>
      <p className="muted">For settlement administration staff. Claimants do not need an account.</p>
      {notice && <p className="alert">{notice}</p>}
      <SignInForm next={next} initialError={q.error ?? null} />
    </div>
  );
}
