'use client';

import { useActionState, useState } from 'react';
import { fieldErrorsOf, formValues, GROUNDS_MAX, objectionSchema, pdfUploadIssue, type FieldErrors } from '@/lib/filings/schemas';
import { ErrorSummary, IDENTITY_LABELS, IdentityFields, initialFilingState, PdfField, TextField, type FilingFormState } from '../_site/form-parts';

const LABELS = {
  ...IDENTITY_LABELS,
  grounds: 'Reasons',
  hasCounsel: 'Lawyer',
  counselName: "Lawyer's name",
  counselFirm: "Lawyer's firm",
  counselEmail: "Lawyer's email",
  counselPhone: "Lawyer's phone",
  willAppear: 'Hearing',
  document: 'Attachment',
  acknowledgeExclusion: 'Request for exclusion',
  form: 'Form',
};

type Props = { action: (s: FilingFormState, fd: FormData) => Promise<FilingFormState>; idempotencyKey: string; hearing: string };

export function ObjectionForm({ action, idempotencyKey, hearing }: Props) {
  const [state, formAction, pending] = useActionState(action, initialFilingState);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const [counsel, setCounsel] = useState<string | undefined>(undefined);
  const errors = clientErrors ?? state.fieldErrors;
  const values = state.values;
  const hasCounsel = counsel ?? values.hasCounsel;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    const fd = new FormData(e.currentTarget);
    const r = objectionSchema.safeParse(formValues(fd));
    const errs: FieldErrors = r.success ? {} : fieldErrorsOf(r.error);
    const file = fd.get('document');
    // Type and size are checked here; the first bytes ("%PDF-") are checked on the server.
    if (file instanceof File && file.size > 0) {
      const issue = pdfUploadIssue({ name: file.name, type: file.type, size: file.size });
      if (issue) errs.document = [issue];
    }
    if (Object.keys(errs).length) {
      e.preventDefault();
      setClientErrors(errs);
    } else setClientErrors(null);
  }

  const err = (name: string) => errors[name]?.[0];
  const radio = (name: string, legend: string, hint: string | null, options: [string, string][], onChange?: (v: string) => void) => (
    <fieldset className={`field${err(name) ? ' has-error' : ''}`} id={name} aria-describedby={[hint ? `${name}-hint` : '', err(name) ? `${name}-error` : ''].join(' ').trim() || undefined}>
      <legend>{legend}</legend>
      {hint && (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      )}
      {options.map(([value, label]) => (
        <label className="choice" key={value}>
          <input type="radio" name={name} value={value} defaultChecked={values[name] === value} onChange={() => onChange?.(value)} />
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
    <form action={formAction} onSubmit={onSubmit} noValidate key={state.attempt} className="card filing-form">
      <ErrorSummary errors={errors} labels={LABELS} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <IdentityFields errors={errors} values={values} />

      <fieldset>
        <legend className="form-legend">Your objection</legend>
        <div className={`field${err('grounds') ? ' has-error' : ''}`}>
          <label htmlFor="grounds">Why do you object?</label>
          <span className="hint" id="grounds-hint">
            Explain which part of the settlement you object to and why, with any legal reasons and evidence. Up to {GROUNDS_MAX.toLocaleString('en-US')} characters;
            attach a PDF for anything longer.
          </span>
          <textarea
            id="grounds"
            name="grounds"
            rows={8}
            maxLength={GROUNDS_MAX}
            defaultValue={values.grounds ?? ''}
            aria-invalid={err('grounds') ? true : undefined}
            aria-describedby={`grounds-hint${err('grounds') ? ' grounds-error' : ''}`}
          />
          {err('grounds') && (
            <span className="field-error" id="grounds-error">
              {err('grounds')}
            </span>
          )}
        </div>
        <PdfField label="Supporting document" hint="One PDF file, up to 10 MB." error={err('document')} />
      </fieldset>

      {radio('hasCounsel', 'Does a lawyer represent you in this objection?', 'You do not need a lawyer to object. If you hire one, it is at your own expense.', [['no', 'No'], ['yes', 'Yes']], setCounsel)}
      {hasCounsel === 'yes' && (
        <fieldset className="counsel">
          <legend className="form-legend">Your lawyer</legend>
          <div className="field-row">
            <TextField name="counselName" label="Lawyer's name" maxLength={120} errors={errors} values={values} />
            <TextField name="counselFirm" label="Law firm" maxLength={200} errors={errors} values={values} />
          </div>
          <div className="field-row">
            <TextField name="counselEmail" label="Lawyer's email" type="email" maxLength={254} errors={errors} values={values} />
            <TextField name="counselPhone" label="Lawyer's phone" type="tel" optional maxLength={25} errors={errors} values={values} />
          </div>
        </fieldset>
      )}
      {radio('willAppear', 'Do you intend to appear at the Final Approval Hearing?', `The hearing is on ${hearing}. You do not have to attend for the Court to consider your objection.`, [['no', 'No'], ['yes', 'Yes, I (or my lawyer) intend to appear and may ask to speak']])}

      {err('acknowledgeExclusion') && (
        <div className="field has-error" id="acknowledgeExclusion">
          <div className="alert warn">{err('acknowledgeExclusion')}</div>
          <label className="choice" htmlFor="acknowledgeExclusion-box">
            <input type="checkbox" id="acknowledgeExclusion-box" name="acknowledgeExclusion" value="yes" />
            <span>I understand. File my objection anyway.</span>
          </label>
        </div>
      )}

      <TextField name="signature" label="Signature" hint="Type your full name. Typing your name here is your signature." autoComplete="name" maxLength={120} errors={errors} values={values} />
      <div className="button-row">
        <button type="submit" className="btn" disabled={pending}>
          {pending ? 'Sending…' : 'Submit my objection'}
        </button>
      </div>
    </form>
  );
}
