'use client';
import { useFormStatus } from 'react-dom';
import { ActionForm, type ActionState } from '@/app/admin/_components/action-form';

function Submit() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button" disabled={pending}>
      {pending ? 'Verifying…' : 'Verify new and changed claims'}
    </button>
  );
}

/** Runs the batch verification (runVerificationAction) and shows its counts. */
export function VerifyButton({ action }: { action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action} label="Verify claims against the class list" className="verify-run">
      <input type="hidden" name="run" value="verify" />
      <Submit />
    </ActionForm>
  );
}
