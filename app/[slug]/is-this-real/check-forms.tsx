'use client';

import { useActionState } from 'react';
import { checkNoticeAction, checkSenderAction, type CheckState } from './actions';

/** One check: a labelled field, a button, and the verdict announced to screen readers. */
function CheckForm({
  action,
  name,
  label,
  hint,
  button,
  testId,
}: {
  action: (prev: CheckState, form: FormData) => Promise<CheckState>;
  name: string;
  label: string;
  hint: string;
  button: string;
  testId: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = `check-${name}`;
  const invalid = state?.tone === 'error';
  return (
    <form action={formAction} className="card check-form" noValidate>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
        <input
          id={id}
          name={name}
          type="text"
          defaultValue={state?.input ?? ''}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-hint${state ? ` ${id}-result` : ''}`}
          aria-invalid={invalid || undefined}
        />
      </div>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Checking…' : button}
      </button>
      <div role="status" aria-live="polite" id={`${id}-result`} data-testid={testId}>
        {state ? <p className={`alert ${state.tone === 'ok' ? 'ok' : state.tone === 'warn' ? 'warn' : 'error'}`}>{state.message}</p> : null}
      </div>
    </form>
  );
}

export function NoticeCheck({ slug }: { slug: string }) {
  return (
    <CheckForm
      action={checkNoticeAction.bind(null, slug)}
      name="noticeId"
      label="Notice ID"
      hint="Printed on your postcard or e-mail notice, like N-7K3M-9QX2-D. We tell you only whether we issued it."
      button="Check this Notice ID"
      testId="notice-check-result"
    />
  );
}

export function SenderCheck({ slug }: { slug: string }) {
  return (
    <CheckForm
      action={checkSenderAction.bind(null, slug)}
      name="sender"
      label="The e-mail’s sender"
      hint="Paste the “From” line, e.g. Settlement Administrator <info@example.com>."
      button="Check this sender"
      testId="sender-check-result"
    />
  );
}
