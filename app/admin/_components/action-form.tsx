'use client';
import { useActionState } from 'react';

export type ActionState = { ok?: string; error?: string; fieldErrors?: Record<string, string>; data?: Record<string, unknown> };

/** A small form around a server action that shows its outcome next to the controls (role=status / alert). */
export function ActionForm({
  action,
  children,
  className,
  label,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  children: React.ReactNode;
  className?: string;
  label?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className} aria-label={label} aria-busy={pending || undefined}>
      {children}
      {state.error && (
        <p className="inline-msg error" role="alert">
          {state.error}
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
