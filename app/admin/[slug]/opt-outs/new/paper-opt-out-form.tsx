'use client';
import { useActionState } from 'react';
import { ErrorSummary, TextField } from '@/app/[slug]/_site/form-parts';
import { OPT_OUT_STATEMENT } from '@/lib/filings/schemas';
import { ENVELOPE_LABELS, EnvelopeFields, initialPaperState, PaperIdentityFields, PaperResult, type PaperFilingState } from '../../_components/paper-filing';

const LABELS = { ...ENVELOPE_LABELS, statement: 'Exclusion statement' };

type Props = { action: (prev: PaperFilingState, fd: FormData) => Promise<PaperFilingState>; today: string; deadline: string };

/** A mailed request for exclusion as staff key it in; the server applies the web form's rules (no client-side copy). */
export function PaperOptOutForm({ action, today, deadline }: Props) {
  const [state, formAction, pending] = useActionState(action, initialPaperState);
  const { fieldErrors: errors, values } = state;
  const statementError = errors.statement?.[0];
  return (
    <form action={formAction} noValidate key={state.attempt} className="card filing-form paper-filing" aria-busy={pending || undefined}>
      <PaperResult ok={state.ok} />
      <ErrorSummary errors={errors} labels={LABELS} />
      <EnvelopeFields errors={errors} values={values} today={today} deadline={deadline} />
      <PaperIdentityFields errors={errors} values={values} />
      <fieldset className={`field${statementError ? ' has-error' : ''}`} id="statement-group">
        <legend className="form-legend">The request</legend>
        <label className="choice" htmlFor="statement">
          <input
            type="checkbox"
            id="statement"
            name="statement"
            value="yes"
            defaultChecked={values.statement === 'yes'}
            aria-invalid={statementError ? true : undefined}
            aria-describedby={statementError ? 'statement-error' : undefined}
          />
          <span>
            The letter asks to be excluded: <b>“{OPT_OUT_STATEMENT}”</b> (or words to that effect)
          </span>
        </label>
        {statementError && (
          <span className="field-error" id="statement-error">
            {statementError}
          </span>
        )}
        <label className="choice" htmlFor="guardian">
          <input type="checkbox" id="guardian" name="guardian" value="yes" defaultChecked={values.guardian === 'yes'} />
          <span>Signed by a parent or legal guardian for a class member under 18</span>
        </label>
      </fieldset>
      <TextField name="signature" label="Name as signed" hint="The class member's own name, unless a parent or guardian signed." autoComplete="off" maxLength={200} errors={errors} values={values} />
      <div className="button-row">
        <button type="submit" className="btn" disabled={pending}>
          {pending ? 'Entering…' : 'Enter paper request'}
        </button>
      </div>
    </form>
  );
}
