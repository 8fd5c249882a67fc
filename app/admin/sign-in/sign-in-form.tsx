'use client';
import { signIn } from 'next-auth/react';
import { useEffect, useRef, useState } from 'react';
import { signInSchema } from '@/lib/auth/schemas';

const MESSAGES: Record<string, string> = {
  InvalidCredentials: 'The email, password or authenticator code is not right. Check them and try again.',
  Throttled: 'Too many sign-in attempts from your network. Wait a minute and try again.',
  Busy: 'Sign-in is busy right now. Wait a moment and try again.',
  SessionIdle: 'Your session timed out. Sign in again.',
};
const messageFor = (code: string) => MESSAGES[code] ?? MESSAGES.InvalidCredentials;

type Errors = Partial<Record<'email' | 'password' | 'code', string>>;

export function SignInForm({ next, initialError }: { next: string; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError ? messageFor(initialError) : null);
  const [fieldErrors, setFieldErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) alertRef.current?.focus();
  }, [error]);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = signInSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      const f = parsed.error.flatten().fieldErrors;
      setFieldErrors({ email: f.email?.[0], password: f.password?.[0], code: f.code?.[0] });
      setError(null);
      return;
    }
    setFieldErrors({});
    setBusy(true);
    const res = await signIn('credentials', { ...parsed.data, redirect: false });
    if (res?.ok && !res.error) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(messageFor(res?.error ?? 'InvalidCredentials'));
    const code = e.currentTarget?.elements.namedItem('code') as HTMLInputElement | null;
    if (code) code.value = '';
  }

  const field = (name: keyof Errors, label: string, props: React.InputHTMLAttributes<HTMLInputElement>, hint?: string) => (
    <div className={`field${fieldErrors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`signin-${name}`}>{label}</label>
      {hint && (
        <span className="hint" id={`signin-${name}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={`signin-${name}`}
        name={name}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={[hint && `signin-${name}-hint`, fieldErrors[name] && `signin-${name}-error`].filter(Boolean).join(' ') || undefined}
        {...props}
      />
      {fieldErrors[name] && (
        <span className="field-error" id={`signin-${name}-error`}>
          {fieldErrors[name]}
        </span>
      )}
    </div>
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      {error && (
        <div className="alert error" role="alert" tabIndex={-1} ref={alertRef}>
          {error}
        </div>
      )}
      {field('email', 'Email', { type: 'email', autoComplete: 'username', required: true })}
      {field('password', 'Password', { type: 'password', autoComplete: 'current-password', required: true })}
      {field('code', 'Authenticator code', { type: 'text', inputMode: 'numeric', autoComplete: 'one-time-code', pattern: '[0-9]{6}', maxLength: 6, required: true }, 'The 6-digit code from your authenticator app.')}
      <button type="submit" className="btn" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
