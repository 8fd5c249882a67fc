'use client';
import Link from 'next/link';
import { useActionState, useEffect, useRef } from 'react';
import { US_STATES } from '@/lib/claims/schema';
import type { PaperState } from './actions';

type Props = {
  action: (prev: PaperState, form: FormData) => Promise<PaperState>;
  today: string;
  attestations: { key: string; label: string }[];
  paymentMethods: readonly string[];
  identifierLabel: string;
  slug: string;
};

const METHOD_LABELS: Record<string, string> = { paypal: 'PayPal', venmo: 'Venmo', zelle: 'Zelle', prepaid_card: 'Prepaid card', ach: 'Bank transfer (ACH)', check: 'Paper check' };

/** The paper claim form as staff key it in; every error sits under its field (aria-describedby) and is listed at the top. */
export function PaperClaimForm({ action, today, attestations, paymentMethods, identifierLabel, slug }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const summary = useRef<HTMLDivElement>(null);
  const errors = state.errors ?? {};
  const values = state.values ?? {};
  const valueOf = (name: string): string => {
    const [base, i] = name.split('.');
    const v = values[base];
    return Array.isArray(v) ? String(v[Number(i)] ?? '') : typeof v === 'string' ? v : '';
  };
  const checked = (name: string, value?: string) => {
    const v = values[name];
    if (state.values === undefined) return undefined;
    return Array.isArray(v) ? v.includes(value) : v === true || v === value;
  };
  useEffect(() => {
    if (state.errors || state.ok) summary.current?.focus();
  }, [state]);
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <div className="field">
      <label htmlFor={`p-${name}`}>{label}</label>
      <input id={`p-${name}`} name={name.replace(/\.\d+$/, '')} aria-invalid={errors[name] ? true : undefined} aria-describedby={[hint && `p-${name}-hint`, errors[name] && `p-${name}-err`].filter(Boolean).join(' ') || undefined} defaultValue={valueOf(name)} {...props} />
      {hint && <p className="hint" id={`p-${name}-hint`}>{hint}</p>}
      {errors[name] && (
        <p className="field-error" id={`p-${name}-err`}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  return (
    <form action={formAction} className="card paper-claim" aria-busy={pending || undefined} noValidate>
      <div ref={summary} tabIndex={-1}>
        {state.ok && (
          <p className="alert ok" role="status" data-testid="paper-ok">
            {state.ok} <Link href={`/admin/${slug}/claims/${state.claimId}`}>Open the claim</Link>
          </p>
        )}
        {Object.keys(errors).length > 0 && (
          <div className="alert error" role="alert">
            <p>The form has {Object.keys(errors).length} problem{Object.keys(errors).length === 1 ? '' : 's'}:</p>
            <ul>
              {Object.entries(errors).map(([k, m]) => (
                <li key={k}>
                  <a href={`#p-${k}`}>{m}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <fieldset>
        <legend>Envelope</legend>
        {field('postmarkDate', 'Postmark date', { type: 'date', max: today, required: true })}
        {field('mailReference', 'Mail room reference', { required: true, autoComplete: 'off' }, 'Batch and sequence number written on the envelope, e.g. M2026-0142. Entering the same reference twice adds nothing.')}
      </fieldset>
      <fieldset>
        <legend>Eligibility (as ticked on the form)</legend>
        <div className="field">
          <label>
            <input type="checkbox" name="usResident" value="yes" defaultChecked={checked('usResident', 'yes') ?? true} /> Lives in the United States
          </label>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="usedApp" value="yes" defaultChecked={checked('usedApp', 'yes') ?? true} /> Used the app
          </label>
          {errors.usResident && <p className="field-error">{errors.usResident}</p>}
          {errors.usedApp && <p className="field-error">{errors.usedApp}</p>}
        </div>
      </fieldset>
      <fieldset>
        <legend>Claimant</legend>
        {field('firstName', 'First name', { autoComplete: 'off' })}
        {field('lastName', 'Last name', { autoComplete: 'off' })}
        {field('street', 'Street address', { autoComplete: 'off' })}
        {field('city', 'City', { autoComplete: 'off' })}
        <div className="field">
          <label htmlFor="p-state">State</label>
          <select id="p-state" name="state" key={`state-${valueOf('state')}`} defaultValue={valueOf('state')} aria-invalid={errors.state ? true : undefined} aria-describedby={errors.state ? 'p-state-err' : undefined}>
            <option value="">—</option>
            {US_STATES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
          {errors.state && <p className="field-error" id="p-state-err">{errors.state}</p>}
        </div>
        {field('zip', 'ZIP code', { inputMode: 'numeric', autoComplete: 'off' })}
        {field('email', 'E-mail', { type: 'email', autoComplete: 'off' })}
        {field('phone', 'Phone (optional)', { type: 'tel', autoComplete: 'off' })}
      </fieldset>
      <fieldset>
        <legend>Account identifiers</legend>
        {field('usernames.0', `${identifierLabel} 1`, { autoComplete: 'off' })}
        {field('usernames.1', `${identifierLabel} 2 (optional)`, { autoComplete: 'off' })}
        {field('noticeId', 'Notice ID (optional)', { autoComplete: 'off' })}
        {field('confirmationCode', 'Confirmation code (optional)', { autoComplete: 'off' })}
      </fieldset>
      {attestations.length > 0 && (
        <fieldset>
          <legend>Statements ticked on the form</legend>
          {attestations.map((a) => (
            <div className="field" key={a.key}>
              <label>
                <input type="checkbox" name="attestations" value={a.key} defaultChecked={checked('attestations', a.key)} /> {a.label}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>Payment</legend>
        <div className="field">
          <label htmlFor="p-paymentMethod">Payment method</label>
          <select id="p-paymentMethod" name="paymentMethod" key={`pm-${valueOf('paymentMethod')}`} defaultValue={valueOf('paymentMethod') || (paymentMethods.includes('check') ? 'check' : paymentMethods[0])} aria-invalid={errors.paymentMethod ? true : undefined}>
            {paymentMethods.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABELS[m] ?? m}
              </option>
            ))}
          </select>
          {errors.paymentMethod && <p className="field-error">{errors.paymentMethod}</p>}
        </div>
        {field('paypalEmail', 'PayPal e-mail (PayPal only)', { type: 'email', autoComplete: 'off' })}
        {field('venmoHandle', 'Venmo phone, e-mail or username (Venmo only)', { autoComplete: 'off' })}
        {field('zelleContact', 'Zelle e-mail or phone (Zelle only)', { autoComplete: 'off' })}
        {field('cardEmail', 'E-mail for the prepaid card (prepaid card only)', { type: 'email', autoComplete: 'off' })}
        {field('achRouting', 'Routing number (bank transfer only)', { inputMode: 'numeric', autoComplete: 'off' })}
        {field('achAccount', 'Account number (bank transfer only)', { inputMode: 'numeric', autoComplete: 'off' })}
        {field('achAccountConfirm', 'Account number again (bank transfer only)', { inputMode: 'numeric', autoComplete: 'off' })}
        <input type="hidden" name="achAccountType" value="checking" />
      </fieldset>
      <fieldset>
        <legend>Signature</legend>
        {field('signature', 'Name as signed', { autoComplete: 'off' })}
        <div className="field">
          <label>
            <input type="checkbox" name="declaration" defaultChecked={checked('declaration')} aria-describedby={errors.declaration ? 'p-declaration-err' : undefined} /> The form is signed under penalty of perjury
          </label>
          {errors.declaration && <p className="field-error" id="p-declaration-err">{errors.declaration}</p>}
        </div>
      </fieldset>
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Entering…' : 'Enter paper claim'}
      </button>
    </form>
  );
}
