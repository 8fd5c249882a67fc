'use client';

import { useEffect, useRef } from 'react';
import type { FieldErrors } from '@/lib/filings/schemas';

/** What a filing form's server action returns when it does not redirect. */
export type FilingFormState = { fieldErrors: FieldErrors; values: Record<string, string>; attempt: number };
export const initialFilingState: FilingFormState = { fieldErrors: {}, values: {}, attempt: 0 };

/**
 * The error summary at the top of a form (GOV.UK pattern): focused when it appears so screen-reader
 * and keyboard users learn at once what to fix; each entry links to its field.
 */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter(([, v]) => v && v.length);
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  });
  if (!entries.length) return null;
  return (
    <div className="alert error error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary-title">
        There {entries.length === 1 ? 'is a problem' : `are ${entries.length} problems`} with your form
      </h2>
      <ul>
        {entries.map(([name, messages]) => (
          <li key={name}>
            <a href={`#${name}`}>
              {labels[name] ? `${labels[name]}: ` : ''}
              {messages![0]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  errors: FieldErrors;
  values: Record<string, string>;
  type?: 'text' | 'email' | 'tel';
  autoComplete?: string;
  optional?: boolean;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
  maxLength?: number;
  className?: string;
};

/** The optional PDF of an objection (public form and staff keying in a paper one); checked again on the server. */
export function PdfField({ label, hint, error }: { label: string; hint: string; error?: string }) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor="document">
        {label} <span className="optional">(optional)</span>
      </label>
      <span className="hint" id="document-hint">
        {hint}
      </span>
      <input
        type="file"
        id="document"
        name="document"
        accept="application/pdf,.pdf"
        aria-invalid={error ? true : undefined}
        aria-describedby={`document-hint${error ? ' document-error' : ''}`}
      />
      {error && (
        <span className="field-error" id="document-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function TextField({ name, label, hint, errors, values, type = 'text', autoComplete, optional, inputMode, maxLength, className }: FieldProps) {
  const error = errors[name]?.[0];
  const described = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={name}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {hint && (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={values[name] ?? ''}
        autoComplete={autoComplete}
        inputMode={inputMode}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        aria-required={optional ? undefined : true}
      />
      {error && (
        <span className="field-error" id={`${name}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** Name, mailing address and contact fields shared by the exclusion and objection forms. */
export function IdentityFields({ errors, values }: { errors: FieldErrors; values: Record<string, string> }) {
  const p = { errors, values };
  return (
    <>
      <fieldset>
        <legend className="form-legend">Your name</legend>
        <div className="field-row">
          <TextField name="firstName" label="First name" autoComplete="given-name" maxLength={100} {...p} />
          <TextField name="lastName" label="Last name" autoComplete="family-name" maxLength={100} {...p} />
        </div>
      </fieldset>
      <fieldset>
        <legend className="form-legend">Your mailing address</legend>
        <TextField name="street" label="Street address" autoComplete="address-line1" maxLength={200} {...p} />
        <TextField name="street2" label="Apartment, suite or unit" autoComplete="address-line2" optional maxLength={100} {...p} />
        <div className="field-row">
          <TextField name="city" label="City" autoComplete="address-level2" maxLength={100} {...p} />
          <TextField name="state" label="State" autoComplete="address-level1" maxLength={50} {...p} />
          <TextField name="zip" label="ZIP code" autoComplete="postal-code" inputMode="numeric" maxLength={10} {...p} />
        </div>
      </fieldset>
      <fieldset>
        <legend className="form-legend">How to reach you</legend>
        <TextField name="email" label="Email address" type="email" autoComplete="email" hint="We send your confirmation here." maxLength={254} {...p} />
        <TextField name="phone" label="Phone number" type="tel" autoComplete="tel" optional maxLength={25} {...p} />
        <TextField
          name="noticeId"
          label="Notice ID"
          optional
          hint="From your email or postcard notice, like N-7K3M-9QX2-D. It helps us find your record."
          maxLength={20}
          {...p}
        />
      </fieldset>
    </>
  );
}

export const IDENTITY_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  street: 'Street address',
  street2: 'Apartment, suite or unit',
  city: 'City',
  state: 'State',
  zip: 'ZIP code',
  email: 'Email address',
  phone: 'Phone number',
  noticeId: 'Notice ID',
  signature: 'Signature',
  idempotencyKey: 'Form',
};
