'use client';

import { useRef, useState, useTransition } from 'react';
import type { ClaimStatusView } from '@/lib/claims/status';
import type { FieldErrors } from '@/lib/claims/schema';
import { ErrorSummary, RadioGroup, TextField, fieldId } from '../claim/fields';
import { changePaymentMethodAction } from './actions';

type Props = {
  slug: string;
  claimId: string;
  secret: string;
  paymentMethods: string[];
  paymentLabels: Record<string, string>;
  onChanged: (view: ClaimStatusView, message: string) => void;
};

/**
 * A payment that failed, came back, went unclaimed or was voided: the claimant chooses another way to be
 * paid, with the same fields and the same checks as the claim form's payment step (lib/disburse/claimant.ts).
 */
export function PaymentMethodForm({ slug, claimId, secret, paymentMethods, paymentLabels, onChanged }: Props) {
  const [values, setValues] = useState<Record<string, string>>({ paymentMethod: '', achAccountType: 'checking' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState('');
  const [pending, start] = useTransition();
  const summaryRef = useRef<HTMLDivElement>(null);
  const set = (k: string, v: string) => setValues((s) => ({ ...s, [k]: v }));
  const m = values.paymentMethod;

  const submit = () =>
    start(async () => {
      const r = await changePaymentMethodAction(slug, claimId, secret, values);
      if (r.ok) {
        onChanged(r.view, r.message);
        return;
      }
      setError(r.error);
      setErrors(r.errors ?? {});
      requestAnimationFrame(() => summaryRef.current?.focus());
    });

  return (
    <form
      className="card"
      aria-labelledby="change-method"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h4 id="change-method">Choose another way to be paid</h4>
      {Object.keys(errors).length ? (
        <ErrorSummary errors={errors} summaryRef={summaryRef} onJump={(f) => document.getElementById(fieldId(f))?.focus()} />
      ) : error ? (
        <div className="alert error" role="alert" tabIndex={-1} ref={summaryRef}>
          {error}
        </div>
      ) : null}
      <RadioGroup
        name="paymentMethod"
        legend="Payment method"
        value={m}
        error={errors.paymentMethod}
        onChange={(v) => set('paymentMethod', v)}
        options={paymentMethods.map((pm) => ({ value: pm, label: paymentLabels[pm] ?? pm }))}
      />
      {m === 'paypal' ? <TextField name="paypalEmail" type="email" inputMode="email" label="E-mail address of your PayPal account" value={values.paypalEmail ?? ''} error={errors.paypalEmail} onChange={(v) => set('paypalEmail', v)} /> : null}
      {m === 'venmo' ? <TextField name="venmoHandle" label="Your Venmo account: U.S. mobile number, email or @username" hint="For example (312) 555-0100, name@example.com or @Ava-Nguyen." value={values.venmoHandle ?? ''} error={errors.venmoHandle} onChange={(v) => set('venmoHandle', v)} size="medium" /> : null}
      {m === 'zelle' ? <TextField name="zelleContact" label="E-mail or U.S. mobile number enrolled in Zelle" value={values.zelleContact ?? ''} error={errors.zelleContact} onChange={(v) => set('zelleContact', v)} /> : null}
      {m === 'prepaid_card' ? <TextField name="cardEmail" type="email" inputMode="email" label="E-mail address to send the card to" value={values.cardEmail ?? ''} error={errors.cardEmail} onChange={(v) => set('cardEmail', v)} /> : null}
      {m === 'ach' ? (
        <>
          <TextField name="achRouting" inputMode="numeric" label="Routing number" hint="9 digits, printed at the bottom left of a check" value={values.achRouting ?? ''} error={errors.achRouting} onChange={(v) => set('achRouting', v)} size="medium" />
          <TextField name="achAccount" inputMode="numeric" label="Account number" value={values.achAccount ?? ''} error={errors.achAccount} onChange={(v) => set('achAccount', v)} size="medium" />
          <TextField name="achAccountConfirm" inputMode="numeric" label="Account number again" value={values.achAccountConfirm ?? ''} error={errors.achAccountConfirm} onChange={(v) => set('achAccountConfirm', v)} size="medium" />
          <RadioGroup name="achAccountType" legend="Account type" value={values.achAccountType ?? ''} error={errors.achAccountType} onChange={(v) => set('achAccountType', v)} options={[{ value: 'checking', label: 'Checking' }, { value: 'savings', label: 'Savings' }]} />
        </>
      ) : null}
      {m === 'check' ? (
        <>
          <TextField name="street" label="Street address the check is mailed to" autoComplete="street-address" value={values.street ?? ''} error={errors.street} onChange={(v) => set('street', v)} />
          <TextField name="city" label="City" autoComplete="address-level2" value={values.city ?? ''} error={errors.city} onChange={(v) => set('city', v)} size="medium" />
        </>
      ) : null}
      <button type="submit" className="btn" disabled={pending} aria-busy={pending}>
        {pending ? 'Saving…' : 'Send my payment this way'}
      </button>
    </form>
  );
}
