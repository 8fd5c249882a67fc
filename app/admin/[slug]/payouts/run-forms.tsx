'use client';
import { useActionState } from 'react';
import type { ActionState } from '@/app/admin/_components/action-form';

/** A one-button form around a payout action; shows the outcome, and the re-authentication link when asked. */
export function RunActionForm({ action, label, className }: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; label: string; className?: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  const reauth = typeof state.data?.reauth === 'string' ? state.data.reauth : null;
  return (
    <form action={formAction} aria-busy={pending || undefined} className="inline-form">
      <input type="hidden" name="intent" value="submit" />
      <button type="submit" className={`btn ${className ?? ''}`} disabled={pending}>
        {pending ? 'Working…' : label}
      </button>
      {pending && <progress aria-label="Working" />}
      {state.error && (
        <p className="inline-msg error" role="alert">
          {state.error} {reauth && <a href={reauth}>Confirm it is you</a>}
        </p>
      )}
      {state.ok && (
        <p className="inline-msg ok" role="status">
          {state.ok}
        </p>
      )}
    </form>
  );
}
