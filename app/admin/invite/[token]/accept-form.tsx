'use client';
import { useActionState } from 'react';
import type { ActionState } from '@/app/admin/_components/action-form';
import { acceptInviteAction } from './actions';

export function AcceptForm({ token, sealedSecret, secret, qr }: { token: string; sealedSecret: string; secret: string; qr: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(acceptInviteAction, {});
  const fe = state.fieldErrors ?? {};
  const input = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement>, hint?: string) => (
    <div className={`field${fe[name] ? ' has-error' : ''}`}>
      <label htmlFor={`accept-${name}`}>{label}</label>
      {hint && (
        <span className="hint" id={`accept-${name}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={`accept-${name}`}
        name={name}
        aria-invalid={fe[name] ? true : undefined}
        aria-describedby={[hint && `accept-${name}-hint`, fe[name] && `accept-${name}-error`].filter(Boolean).join(' ') || undefined}
        {...props}
      />
      {fe[name] && (
        <span className="field-error" id={`accept-${name}-error`}>
          {fe[name]}
        </span>
      )}
    </div>
  );
  return (
    <form action={action} noValidate>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="sealedSecret" value={sealedSecret} />
      {state.error && (
        <p className="alert error" role="alert">
          {state.error}
        </p>
      )}
      <h2>1. Choose a password</h2>
      {input('password', 'Password', { type: 'password', autoComplete: 'new-password' }, 'At least 12 characters. A phrase of several words is easiest to remember.')}
      {input('confirm', 'Password again', { type: 'password', autoComplete: 'new-password' })}
      <h2>2. Set up your authenticator app</h2>
      <div className="totp-setup">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={qr} alt="QR code to add this account to an authenticator app" width={180} height={180} />
        <p className="small">
          Scan the code with an authenticator app (Google Authenticator, 1Password, Authy…), or type this key:
          <br />
          <code className="break" data-testid="totp-secret">
            {secret}
          </code>
        </p>
      </div>
      {input('code', 'Code shown by the app', { type: 'text', inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 6 }, 'The 6-digit code, to prove the app is set up.')}
      <button className="btn" disabled={pending}>
        {pending ? 'Saving…' : 'Create my account'}
      </button>
    </form>
  );
}
