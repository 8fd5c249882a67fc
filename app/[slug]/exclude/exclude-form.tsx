'use client';

import { useActionState, useState } from 'react';
import { fieldErrorsOf, formValues, OPT_OUT_STATEMENT, optOutSchema, type FieldErrors } from '@/lib/filings/schemas';
import { ErrorSummary, IDENTITY_LABELS, IdentityFields, initialFilingState, TextField, type FilingFormState } from '../_site/form-parts';

const LABELS = { ...IDENTITY_LABELS, statement: 'Exclusion statement', form: 'Form' };

export function ExcludeForm({ action, idempotencyKey }: { action: (s: FilingFormState, fd: FormData) => Promise<FilingFormState>; idempotencyKey: string }) {
  const [state, formAction, pending] = useActionState(action, initialFilingState);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const errors = clientErrors ?? state.fieldErrors;
  const values = state.values;

  // Same schema as the server: most mistakes are shown at once, without a round trip.
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    const r = optOutSchema.safeParse(formValues(new FormData(e.currentTarget)));
    if (!r.success) {
      e.preventDefault();
      setClientErrors(fieldErrorsOf(r.error));
    } else setClientErrors(null);
  }

  const statementError = errors.statement?.[0];
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate key={state.attempt} className="card filing-form" aria-describedby="exclude-intro">
      <ErrorSummary errors={errors} labels={LABELS} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <IdentityFields errors={errors} values={values} />
      <fieldset className={`field${statementError ? ' has-error' : ''}`} aria-describedby={statementError ? 'statement-error' : undefined}>
        <legend className="form-legend">Your request</legend>
        <label className="choice" htmlFor="statement">
          <input type="checkbox" id="statement" name="statement" value="yes" defaultChecked={values.statement === 'yes'} aria-invalid={statementError ? true : undefined} />
          <span>
            <b>{OPT_OUT_STATEMENT}</b>
            <br />
            <span className="muted small">I understand that I will receive no payment from this settlement.</span>
          </span>
        </label>
        {statementError && (
          <span className="field-error" id="statement-error">
            {statementError}
          </span>
        )}
        <label className="choice" htmlFor="guardian">
          <input type="checkbox" id="guardian" name="guardian" value="yes" defaultChecked={values.guardian === 'yes'} />
          <span>I am the parent or legal guardian of the class member named above, who is under 18, and I sign on their behalf.</span>
        </label>
      </fieldset>
      <TextField
        name="signature"
        label="Signature"
        hint="Type your full name. Typing your name here is your signature."
        autoComplete="name"
        maxLength={120}
        errors={errors}
        values={values}
      />
      <div className="button-row">
        <button type="submit" className="btn danger" disabled={pending}>
          {pending ? 'Sending…' : 'Submit my request to be excluded'}
        </button>
      </div>
    </form>
  );
}
