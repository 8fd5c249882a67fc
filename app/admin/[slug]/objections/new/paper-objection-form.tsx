'use client';
import { useActionState, useState } from 'react';
import { ErrorSummary, PdfField, TextField } from '@/app/[slug]/_site/form-parts';
import { GROUNDS_MAX } from '@/lib/filings/schemas';
import { ENVELOPE_LABELS, EnvelopeFields, initialPaperState, PaperIdentityFields, PaperResult, type PaperFilingState } from '../../_components/paper-filing';

const LABELS = {
  ...ENVELOPE_LABELS,
  grounds: 'Reasons',
  document: 'Scanned letter',
  hasCounsel: 'Lawyer',
  counselName: "Lawyer's name",
  counselFirm: "Lawyer's firm",
  counselEmail: "Lawyer's e-mail",
  counselPhone: "Lawyer's phone",
  willAppear: 'Hearing',
};

type Props = { action: (prev: PaperFilingState, fd: FormData) => Promise<PaperFilingState>; today: string; deadline: string };

/** A mailed objection as staff key it in, with the scanned letter attached if there is one. */
export function PaperObjectionForm({ action, today, deadline }: Props) {
  const [state, formAction, pending] = useActionState(action, initialPaperState);
  // The answer clicked since the last submission; a new attempt (a success empties the form) forgets it.
  const [counsel, setCounsel] = useState<{ attempt: number; value: string }>();
  const { fieldErrors: errors, values } = state;
  const hasCounsel = counsel?.attempt === state.attempt ? counsel.value : values.hasCounsel;
  const err = (name: string) => errors[name]?.[0];

  const textarea = (name: string, label: string, hint: string) => (
    <div className={`field${err(name) ? ' has-error' : ''}`}>
      <label htmlFor={name}>{label}</label>
      <span className="hint" id={`${name}-hint`}>
        {hint}
      </span>
      <textarea
        id={name}
        name={name}
        rows={8}
        maxLength={GROUNDS_MAX}
        defaultValue={values[name] ?? ''}
        aria-invalid={err(name) ? true : undefined}
        aria-describedby={`${name}-hint${err(name) ? ` ${name}-error` : ''}`}
      />
      {err(name) && (
        <span className="field-error" id={`${name}-error`}>
          {err(name)}
        </span>
      )}
    </div>
  );
  // The group's id is the first radio's, so the error summary's link lands on a focusable control.
  const radio = (name: string, legend: string, options: [string, string][], onChange?: (v: string) => void) => (
    <fieldset className={`field${err(name) ? ' has-error' : ''}`} aria-describedby={err(name) ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map(([value, label], i) => (
        <label className="choice" key={value}>
          <input
            type="radio"
            id={i === 0 ? name : undefined}
            name={name}
            value={value}
            defaultChecked={values[name] === value}
            aria-invalid={err(name) ? true : undefined}
            onChange={() => onChange?.(value)}
          />
          <span>{label}</span>
        </label>
      ))}
      {err(name) && (
        <span className="field-error" id={`${name}-error`}>
          {err(name)}
        </span>
      )}
    </fieldset>
  );

  return (
    <form action={formAction} noValidate key={state.attempt} className="card filing-form paper-filing" aria-busy={pending || undefined}>
      <PaperResult ok={state.ok} />
      <ErrorSummary errors={errors} labels={LABELS} />
      <EnvelopeFields errors={errors} values={values} today={today} deadline={deadline} />
      <PaperIdentityFields errors={errors} values={values} />
      <fieldset>
        <legend className="form-legend">The objection</legend>
        {textarea('grounds', 'Reasons given', `Type the reasons as written, or a short summary if the scanned letter is attached. Up to ${GROUNDS_MAX.toLocaleString('en-US')} characters.`)}
        <PdfField label="Scanned letter" hint="One PDF, up to 10 MB. If the form shows errors, attach it again." error={err('document')} />
      </fieldset>
      {radio('hasCounsel', 'Does a lawyer represent the objector?', [['no', 'No'], ['yes', 'Yes']], (value) => setCounsel({ attempt: state.attempt, value }))}
      {hasCounsel === 'yes' && (
        <fieldset className="counsel">
          <legend className="form-legend">The lawyer</legend>
          <div className="field-row">
            <TextField name="counselName" label="Lawyer's name" autoComplete="off" maxLength={200} errors={errors} values={values} />
            <TextField name="counselFirm" label="Law firm" autoComplete="off" maxLength={200} errors={errors} values={values} />
          </div>
          <div className="field-row">
            <TextField name="counselEmail" label="Lawyer's e-mail" type="email" autoComplete="off" maxLength={254} errors={errors} values={values} />
            <TextField name="counselPhone" label="Lawyer's phone" type="tel" autoComplete="off" optional maxLength={25} errors={errors} values={values} />
          </div>
        </fieldset>
      )}
      {radio('willAppear', 'Does the objector intend to appear at the Final Approval Hearing?', [['no', 'No, or the letter does not say'], ['yes', 'Yes, in person or through a lawyer']])}
      <TextField name="signature" label="Name as signed" hint="An objection must be signed by the class member." autoComplete="off" maxLength={200} errors={errors} values={values} />
      <div className="button-row">
        <button type="submit" className="btn" disabled={pending}>
          {pending ? 'Entering…' : 'Enter paper objection'}
        </button>
      </div>
    </form>
  );
}
