'use client';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import type { FieldErrors } from '@/lib/filings/schemas';
import { IDENTITY_LABELS, TextField } from '@/app/[slug]/_site/form-parts';

/**
 * The parts the paper exclusion and paper objection forms share (opt-outs/new, objections/new): the
 * action's state, the envelope's fields, the staff-worded identity fields and the result line. Every
 * field's error sits under it (aria-describedby) and in the error summary that links to it.
 */

export type PaperFilingState = {
  fieldErrors: FieldErrors;
  /** What was typed, sent back with errors (React resets a form after an action); empty after a success. */
  values: Record<string, string>;
  /** Remounts the form, so a success leaves it empty for the next envelope. */
  attempt: number;
  ok?: { message: string; href: string; linkText: string };
};
export const initialPaperState: PaperFilingState = { fieldErrors: {}, values: {}, attempt: 0 };

/** The public forms' field names, worded for staff copying a letter, plus the envelope's own fields. */
export const ENVELOPE_LABELS: Record<string, string> = {
  postmarkDate: 'Postmark date',
  mailReference: 'Mail room reference',
  ...IDENTITY_LABELS,
  email: 'E-mail',
  phone: 'Phone',
  signature: 'Name as signed',
  form: 'Form',
};

type Part = { errors: FieldErrors; values: Record<string, string> };

export function EnvelopeFields({ errors, values, today, deadline }: Part & { today: string; deadline: string }) {
  const err = errors.postmarkDate?.[0];
  return (
    <fieldset>
      <legend className="form-legend">Envelope</legend>
      <div className={`field${err ? ' has-error' : ''}`}>
        <label htmlFor="postmarkDate">Postmark date</label>
        <span className="hint" id="postmarkDate-hint">
          Postmarked on or before {deadline} is timely, however late it is keyed in.
        </span>
        <input
          id="postmarkDate"
          name="postmarkDate"
          type="date"
          max={today}
          defaultValue={values.postmarkDate ?? ''}
          aria-required
          aria-invalid={err ? true : undefined}
          aria-describedby={`postmarkDate-hint${err ? ' postmarkDate-error' : ''}`}
        />
        {err && (
          <span className="field-error" id="postmarkDate-error">
            {err}
          </span>
        )}
      </div>
      <TextField
        name="mailReference"
        label="Mail room reference"
        hint="Batch and sequence number written on the envelope, e.g. M2026-0142. Entering the same reference twice adds nothing."
        autoComplete="off"
        maxLength={60}
        errors={errors}
        values={values}
      />
    </fieldset>
  );
}

/** Name, address and contact as written on the paper; worded for the staff member keying it in. */
export function PaperIdentityFields({ errors, values }: Part) {
  const p = { errors, values, autoComplete: 'off' };
  return (
    <>
      <fieldset>
        <legend className="form-legend">Class member</legend>
        <div className="field-row">
          <TextField name="firstName" label="First name" maxLength={100} {...p} />
          <TextField name="lastName" label="Last name" maxLength={100} {...p} />
        </div>
        <TextField name="street" label="Street address" maxLength={200} {...p} />
        <TextField name="street2" label="Apartment, suite or unit" optional maxLength={100} {...p} />
        <div className="field-row">
          <TextField name="city" label="City" maxLength={100} {...p} />
          <TextField name="state" label="State" hint="IL or Illinois" maxLength={50} {...p} />
          <TextField name="zip" label="ZIP code" inputMode="numeric" maxLength={10} {...p} />
        </div>
        <TextField name="email" label="E-mail" type="email" hint="The confirmation is sent here, as for a paper claim." maxLength={254} {...p} />
        <TextField name="phone" label="Phone" type="tel" optional maxLength={25} {...p} />
        <TextField name="noticeId" label="Notice ID" optional hint="If the letter quotes one, like N-7K3M-9QX2-D." maxLength={20} {...p} />
      </fieldset>
    </>
  );
}

/** The outcome of the last envelope, focused so keyboard and screen-reader users hear it. */
export function PaperResult({ ok }: { ok?: PaperFilingState['ok'] }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (ok) ref.current?.focus();
  }, [ok]);
  if (!ok) return null;
  return (
    <p className="alert ok" role="status" tabIndex={-1} ref={ref} data-testid="paper-ok">
      {ok.message} <Link href={ok.href}>{ok.linkText}</Link>
    </p>
  );
}
