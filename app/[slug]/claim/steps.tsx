'use client';

import { useState, useTransition } from 'react';
import { MAX_USERNAMES, US_STATES, type ClaimFormConfig, type ClaimFormValues, type FieldErrors, type StepKey } from '@/lib/claims/schema';
import type { NoticePrefill } from '@/lib/claims/notice-prefill';
import { Checkbox, FieldError, RadioGroup, SelectField, TextField, fieldId } from './fields';
import { ReviewStep } from './review-step';
import { lookupNoticeAction } from './actions';

/** What the client form needs to know about the settlement (no secrets, nothing personal). */
export type ClaimFormView = ClaimFormConfig & {
  slug: string;
  shortName: string;
  classDefinition: string;
  className: string;
  paymentLabels: Record<string, string>;
  deadlineLabel: string;
  late: boolean;
  contact: { phone: string; email: string };
  /** From the e-mail notice's link (`/claim?notice=N-…`), checked with parsePublicId: fills the Notice ID field. */
  noticeId?: string;
};

export type StepProps = {
  view: ClaimFormView;
  values: ClaimFormValues;
  errors: FieldErrors;
  set: <K extends keyof ClaimFormValues>(name: K, value: ClaimFormValues[K]) => void;
  goTo: (step: StepKey) => void;
};

export function StepBody(p: StepProps & { step: StepKey }) {
  switch (p.step) {
    case 'eligibility': return <EligibilityStep {...p} />;
    case 'identity': return <IdentityStep {...p} />;
    case 'identifiers': return <IdentifiersStep {...p} />;
    case 'attestation': return <AttestationStep {...p} />;
    case 'payment': return <PaymentStep {...p} />;
    case 'review': return <ReviewStep {...p} />;
    case 'sign': return <SignStep {...p} />;
  }
}

const yesNo = [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }];

function EligibilityStep({ view, values, errors, set }: StepProps) {
  return (
    <>
      <div className="class-definition">
        <p className="small muted">The Court defined the class as:</p>
        <blockquote>
          <strong>{view.className}.</strong> {view.classDefinition}
        </blockquote>
      </div>
      <RadioGroup name="usResident" legend="Did you live in the United States when you used the app?" value={values.usResident} error={errors.usResident} onChange={(v) => set('usResident', v)} options={yesNo} />
      <RadioGroup
        name="usedApp"
        legend={`Did you use ${view.platform} during the class period?`}
        hint="The class period is described in the class definition above."
        value={values.usedApp}
        error={errors.usedApp}
        onChange={(v) => set('usedApp', v)}
        options={yesNo}
      />
      <RadioGroup
        name="filingFor"
        legend="Who is this claim for?"
        value={values.filingFor}
        error={errors.filingFor}
        onChange={(v) => set('filingFor', v)}
        options={[
          { value: 'self', label: 'Myself' },
          { value: 'minor', label: 'A child under 18', hint: 'You must be the child’s parent or legal guardian. Enter the child’s details on the next pages.' },
        ]}
      />
    </>
  );
}

function IdentityStep({ values, errors, set }: StepProps) {
  const minor = values.filingFor === 'minor';
  return (
    <>
      <p className="muted">{minor ? 'Enter the child’s name and address, and your own e-mail address.' : 'Enter your name and contact details as you would like them on your payment.'}</p>
      {minor ? <TextField name="guardianName" label="Parent or guardian’s full name" value={values.guardianName} error={errors.guardianName} onChange={(v) => set('guardianName', v)} autoComplete="name" /> : null}
      <div className="field-row">
        <TextField name="firstName" label={minor ? 'Child’s first name' : 'First name'} value={values.firstName} error={errors.firstName} onChange={(v) => set('firstName', v)} autoComplete={minor ? 'off' : 'given-name'} />
        <TextField name="lastName" label={minor ? 'Child’s last name' : 'Last name'} value={values.lastName} error={errors.lastName} onChange={(v) => set('lastName', v)} autoComplete={minor ? 'off' : 'family-name'} />
      </div>
      <TextField name="email" type="email" inputMode="email" label="E-mail address" hint="We send your claim ID and any request for information here." value={values.email} error={errors.email} onChange={(v) => set('email', v)} autoComplete="email" />
      <TextField name="phone" type="tel" inputMode="tel" optional label="Phone number" hint="A U.S. number, in case we need to reach you." value={values.phone} error={errors.phone} onChange={(v) => set('phone', v)} autoComplete="tel" size="medium" />
      <TextField name="street" optional label="Street address" hint="Needed if you want a paper check." value={values.street} error={errors.street} onChange={(v) => set('street', v)} autoComplete="street-address" />
      <TextField name="city" optional label="City" value={values.city} error={errors.city} onChange={(v) => set('city', v)} autoComplete="address-level2" size="medium" />
      <div className="field-row">
        <SelectField name="state" label="State" value={values.state} error={errors.state} onChange={(v) => set('state', v)} options={US_STATES.map(([c, n]) => [c, n])} autoComplete="address-level1" />
        <TextField name="zip" label="ZIP code" inputMode="numeric" value={values.zip} error={errors.zip} onChange={(v) => set('zip', v)} autoComplete="postal-code" size="short" />
      </div>
    </>
  );
}

function IdentifiersStep({ view, values, errors, set }: StepProps) {
  const [prefill, setPrefill] = useState<NoticePrefill | null>(null);
  const [lookupError, setLookupError] = useState('');
  const [looking, startLookup] = useTransition();
  const label = view.identifierLabel;
  const lookup = () =>
    startLookup(async () => {
      setLookupError('');
      const r = await lookupNoticeAction(view.slug, values.noticeId, values.confirmationCode).catch(() => ({ ok: false as const, error: 'We could not reach the server. Please try again.' }));
      if (r.ok) {
        setPrefill(r.prefill);
        set('noticeId', r.prefill.noticeId);
        if (r.prefill.state && !values.state) set('state', r.prefill.state);
      } else {
        setPrefill(null);
        setLookupError(r.error);
      }
    });
  return (
    <>
      <p>We check every claim against {view.platform}’s records. Give the {label} you used, or the Notice ID and confirmation code from the notice you received — either is enough.</p>
      <section className="notice-box" aria-labelledby="notice-heading">
        <h3 id="notice-heading">I have a notice</h3>
        <div className="field-row">
          <TextField name="noticeId" label="Notice ID" hint="Like N-7K3M-9QX2-D" value={values.noticeId} error={errors.noticeId} onChange={(v) => { set('noticeId', v); setPrefill(null); }} size="medium" />
          <TextField name="confirmationCode" label="Confirmation code" hint="12 letters and numbers, like 4F7Q-K2MX-9TBK" value={values.confirmationCode} error={errors.confirmationCode} onChange={(v) => { set('confirmationCode', v); setPrefill(null); }} size="medium" />
        </div>
        <button type="button" className="btn secondary" onClick={lookup} disabled={looking || !values.noticeId || !values.confirmationCode}>
          {looking ? 'Looking up…' : 'Find my notice'}
        </button>
        <div aria-live="polite">
          {lookupError ? <p className="alert error notice-result">{lookupError}</p> : null}
          {prefill ? (
            <div className="alert ok notice-result" data-testid="notice-prefill">
              <strong>We found your notice.</strong> It was sent to {prefill.firstInitial} {prefill.lastInitial}
              {prefill.maskedEmail ? <> at {prefill.maskedEmail}</> : null}
              {prefill.state ? <> in {prefill.state}</> : null}. We will match your claim to it.
            </div>
          ) : null}
        </div>
      </section>
      <fieldset className="field usernames">
        <legend>{label}s you used</legend>
        <span className="hint">Add each {label} you have used, one per box. Leave empty if you entered a Notice ID.</span>
        {values.usernames.map((u, i) => (
          <div key={i} className="username-row">
            <TextField
              name={`usernames.${i}`}
              label={<span className="visually-hidden">{label} {i + 1}</span>}
              value={u}
              error={errors[`usernames.${i}`]}
              onChange={(v) => set('usernames', values.usernames.map((x, j) => (j === i ? v : x)))}
              autoComplete="username"
            />
            {values.usernames.length > 1 ? (
              <button type="button" className="link-button" onClick={() => set('usernames', values.usernames.filter((_, j) => j !== i))}>
                Remove<span className="visually-hidden"> {label} {i + 1}</span>
              </button>
            ) : null}
          </div>
        ))}
        {values.usernames.length < MAX_USERNAMES ? (
          <button type="button" className="btn secondary" onClick={() => set('usernames', [...values.usernames, ''])}>
            Add another {label}
          </button>
        ) : null}
        <FieldError name="usernames" error={errors.usernames} />
      </fieldset>
    </>
  );
}

function AttestationStep({ view, values, errors, set }: StepProps) {
  return (
    <>
      <p>Check a statement only if it is true for you. Claims are checked against {view.platform}’s records; a statement the records do not support will not be paid at the higher rate.</p>
      {view.attestations.map((a, i) => (
        <Checkbox
          key={a.key}
          name={`attestations.${i}`}
          id={i === 0 ? fieldId('attestations') : undefined}
          label={a.label}
          hint={a.help}
          checked={values.attestations.includes(a.key)}
          error={errors[`attestations.${i}`] ?? (i === 0 ? errors.attestations : undefined)}
          onChange={(on) => set('attestations', on ? [...values.attestations, a.key] : values.attestations.filter((k) => k !== a.key))}
        />
      ))}
      <p className="muted small">If none applies, leave the box empty and continue: you will be paid as a member of the {view.className}.</p>
    </>
  );
}

function PaymentStep({ view, values, errors, set, goTo }: StepProps) {
  const m = values.paymentMethod;
  return (
    <>
      <RadioGroup
        name="paymentMethod"
        legend="Choose a payment method"
        hint="Electronic payments arrive faster and are less likely to be lost."
        value={m}
        error={errors.paymentMethod}
        onChange={(v) => set('paymentMethod', v)}
        options={view.paymentMethods.map((pm) => ({ value: pm, label: view.paymentLabels[pm] ?? pm, hint: PAYMENT_HINTS[pm] }))}
      />
      {m === 'paypal' ? <TextField name="paypalEmail" type="email" inputMode="email" label="E-mail address of your PayPal account" value={values.paypalEmail} error={errors.paypalEmail} onChange={(v) => set('paypalEmail', v)} /> : null}
      {m === 'venmo' ? <TextField name="venmoHandle" label="Your Venmo account: U.S. mobile number, email or @username" hint="Any one of the three that your Venmo account uses, for example (312) 555-0100, name@example.com or @Ava-Nguyen." autoComplete="off" value={values.venmoHandle} error={errors.venmoHandle} onChange={(v) => set('venmoHandle', v)} size="medium" /> : null}
      {m === 'zelle' ? <TextField name="zelleContact" label="E-mail or U.S. mobile number enrolled in Zelle" value={values.zelleContact} error={errors.zelleContact} onChange={(v) => set('zelleContact', v)} /> : null}
      {m === 'prepaid_card' ? <TextField name="cardEmail" type="email" inputMode="email" label="E-mail address to send the card to" hint="You can use the virtual card online or add it to a mobile wallet." value={values.cardEmail} error={errors.cardEmail} onChange={(v) => set('cardEmail', v)} /> : null}
      {m === 'ach' ? (
        <>
          <TextField name="achRouting" inputMode="numeric" label="Routing number" hint="9 digits, printed at the bottom left of a check" value={values.achRouting} error={errors.achRouting} onChange={(v) => set('achRouting', v)} size="medium" />
          <TextField name="achAccount" inputMode="numeric" label="Account number" value={values.achAccount} error={errors.achAccount} onChange={(v) => set('achAccount', v)} size="medium" />
          <TextField name="achAccountConfirm" inputMode="numeric" label="Account number again" value={values.achAccountConfirm} error={errors.achAccountConfirm} onChange={(v) => set('achAccountConfirm', v)} size="medium" />
          <RadioGroup name="achAccountType" legend="Account type" value={values.achAccountType} error={errors.achAccountType} onChange={(v) => set('achAccountType', v)} options={[{ value: 'checking', label: 'Checking' }, { value: 'savings', label: 'Savings' }]} />
        </>
      ) : null}
      {m === 'check' ? (
        <div className={`alert${errors.street || errors.city ? ' warn' : ''}`}>
          <p>The check will be mailed to: {[values.street, values.city, values.state, values.zip].filter(Boolean).join(', ') || 'no address yet'}.</p>
          {errors.street || errors.city ? (
            <button type="button" className="btn secondary" onClick={() => goTo('identity')}>
              Add your street address and city
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

const PAYMENT_HINTS: Record<string, string> = {
  paypal: 'Paid to the PayPal account of your e-mail address.',
  venmo: 'Paid to your Venmo account, found by its mobile number, email address or username.',
  zelle: 'Paid through Zelle to your bank account.',
  prepaid_card: 'A virtual prepaid card sent by e-mail. Unused balances may be subject to fees after 12 months.',
  ach: 'Paid directly into your U.S. bank account.',
  check: 'Mailed to your address. Checks expire if not cashed in time.',
};

function SignStep({ view, values, errors, set }: StepProps) {
  const signer = values.filingFor === 'minor' ? 'the parent or guardian' : 'you';
  return (
    <>
      {view.late ? (
        <div className="alert warn">
          <strong>This claim is late.</strong> The deadline was {view.deadlineLabel}. It will be recorded as late and paid only if the Court allows late claims.
        </div>
      ) : null}
      <div className="declaration">
        <p>
          I declare under penalty of perjury under the laws of the United States of America that the information in this claim is true and correct to the best of my knowledge, that I am a member of the class
          {values.filingFor === 'minor' ? ' or the parent or legal guardian of the class member named in it' : ''}, and that I have not filed another claim in this settlement.
        </p>
      </div>
      <Checkbox name="declaration" label="I agree to the declaration above." checked={values.declaration} error={errors.declaration} onChange={(v) => set('declaration', v)} />
      <TextField name="signature" label="Signature: type your full name" hint={`Typing the name of ${signer} counts as a signature.`} value={values.signature} error={errors.signature} onChange={(v) => set('signature', v)} autoComplete="name" />
    </>
  );
}
