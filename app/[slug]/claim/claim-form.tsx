'use client';

import { useEffect, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { STEPS, emptyClaimForm, stepOfField, validateStep, type ClaimFormValues, type FieldErrors, type StepKey } from '@/lib/claims/schema';
import { ErrorSummary, fieldId } from './fields';
import { StepBody, type ClaimFormView } from './steps';
import { submitClaimAction } from './actions';

const STEP_TITLES: Record<StepKey, string> = {
  eligibility: 'Are you a class member?',
  identity: 'Your details',
  identifiers: 'Your account',
  attestation: 'Additional statements',
  payment: 'How you want to be paid',
  review: 'Check your answers',
  sign: 'Sign and submit',
};
const STEP_SHORT: Record<StepKey, string> = {
  eligibility: 'Eligibility', identity: 'Details', identifiers: 'Account', attestation: 'Statements', payment: 'Payment', review: 'Review', sign: 'Sign',
};

function deviceId(): string {
  try {
    let id = localStorage.getItem('fairshare-device');
    if (!id) localStorage.setItem('fairshare-device', (id = crypto.randomUUID()));
    return id;
  } catch {
    return '';
  }
}

/**
 * The multi-step claim form. Each "Continue" validates the step with the same zod schema the server
 * uses; the final submit re-validates everything on the server. The idempotency token is fixed when
 * the form is rendered, so a double click or a retry after a network error files one claim.
 */
export function ClaimForm({ view, token, startedAt }: { view: ClaimFormView; token: string; startedAt: number }) {
  const router = useRouter();
  const [values, setValues] = useState<ClaimFormValues>(() => (view.noticeId ? { ...emptyClaimForm(), noticeId: view.noticeId } : emptyClaimForm()));
  const [honeypot, setHoneypot] = useState('');
  const [stepIndex, setStepIndex] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState('');
  const [pending, startTransition] = useTransition();
  const [submitted, setSubmitted] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);
  const moved = useRef(false);
  // A second click can arrive before React re-renders the disabled button; the ref stops it at once.
  const inFlight = useRef(false);
  const steps = STEPS.filter((s) => s !== 'attestation' || view.attestations.length > 0);
  const step = steps[stepIndex];

  // Focus follows the claimant: the new step's heading, or the field an error link pointed to.
  useEffect(() => {
    if (pendingFocus.current) {
      const el = document.getElementById(fieldId(pendingFocus.current));
      pendingFocus.current = null;
      el?.focus();
      el?.scrollIntoView({ block: 'center' });
    } else if (moved.current) headingRef.current?.focus();
  }, [stepIndex]);

  const set = <K extends keyof ClaimFormValues>(name: K, value: ClaimFormValues[K]) => {
    setValues((v) => ({ ...v, [name]: value }));
  };

  function goTo(i: number) {
    moved.current = true;
    setErrors({});
    setFormError('');
    setStepIndex(i);
  }

  function showErrors(e: FieldErrors) {
    setErrors(e);
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  function jump(field: string) {
    const target = steps.indexOf(stepOfField(field));
    if (target !== stepIndex && target >= 0) {
      pendingFocus.current = field;
      moved.current = true;
      setStepIndex(target);
      return;
    }
    const el = document.getElementById(fieldId(field));
    el?.focus();
    el?.scrollIntoView({ block: 'center' });
  }

  function next() {
    const e = validateStep(view, step, values);
    if (Object.keys(e).length) return showErrors(e);
    goTo(stepIndex + 1);
  }

  function submit() {
    if (inFlight.current || submitted) return;
    for (const s of steps) {
      const e = validateStep(view, s, values);
      if (Object.keys(e).length) {
        if (s !== step) {
          moved.current = true;
          setStepIndex(steps.indexOf(s));
        }
        return showErrors(e);
      }
    }
    inFlight.current = true;
    startTransition(async () => {
      const result = await submitClaimAction(view.slug, values, {
        token,
        startedAt,
        website: honeypot,
        deviceId: deviceId(),
      }).catch(() => ({ ok: false as const, error: 'We could not reach the server. Check your connection and press “Submit claim” again — you will not file twice.' }));
      inFlight.current = false;
      if (result.ok) {
        setSubmitted(true);
        router.push(`/${view.slug}/claim/confirmation/${result.claimId}`);
        return;
      }
      if ('errors' in result && result.errors && Object.keys(result.errors).length) {
        const first = steps.indexOf(stepOfField(Object.keys(result.errors)[0]));
        if (first >= 0 && first !== stepIndex) {
          moved.current = true;
          setStepIndex(first);
        }
        showErrors(result.errors);
      } else {
        setFormError(('error' in result && result.error) || 'Something went wrong. Please try again.');
        requestAnimationFrame(() => summaryRef.current?.focus());
      }
    });
  }

  const last = stepIndex === steps.length - 1;
  const stepErrors = Object.fromEntries(Object.entries(errors));
  return (
    <form
      className="claim-form"
      noValidate
      aria-labelledby="step-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (last) submit();
        else next();
      }}
    >
      <input type="hidden" name="idempotencyToken" value={token} />
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="f-website">Leave this field empty</label>
        <input id="f-website" name="website" type="text" tabIndex={-1} autoComplete="off" value={honeypot} onChange={(e) => setHoneypot(e.target.value)} />
      </div>

      <p className="step-count" aria-live="polite">
        Step {stepIndex + 1} of {steps.length}: {STEP_SHORT[step]}
      </p>
      <div className="progress" role="progressbar" aria-label="Claim form progress" aria-valuemin={0} aria-valuemax={steps.length} aria-valuenow={stepIndex + 1}>
        <span style={{ width: `${((stepIndex + 1) / steps.length) * 100}%` }} />
      </div>
      <ol className="stepper claim-stepper">
        {steps.map((s, i) => (
          <li key={s} aria-current={i === stepIndex ? 'step' : undefined} className={i < stepIndex ? 'done' : undefined}>
            {i < stepIndex ? (
              <button type="button" className="link-button" onClick={() => goTo(i)}>
                {STEP_SHORT[s]}
                <span className="visually-hidden"> (completed, go back to this step)</span>
              </button>
            ) : (
              STEP_SHORT[s]
            )}
          </li>
        ))}
      </ol>

      <div className="card">
        <h2 id="step-heading" ref={headingRef} tabIndex={-1} className="step-heading">
          {STEP_TITLES[step]}
        </h2>
        {formError ? (
          <div className="alert error" role="alert" tabIndex={-1} ref={summaryRef}>
            {formError}
          </div>
        ) : (
          <ErrorSummary errors={stepErrors} onJump={jump} summaryRef={summaryRef} />
        )}
        <StepBody step={step} view={view} values={values} errors={errors} set={set} goTo={(s) => goTo(steps.indexOf(s))} />
        <div className="button-row">
          {stepIndex > 0 ? (
            <button type="button" className="btn secondary" onClick={() => goTo(stepIndex - 1)} disabled={pending || submitted}>
              Back
            </button>
          ) : (
            <span />
          )}
          <button type="submit" className="btn" disabled={pending || submitted} aria-disabled={pending || submitted}>
            {last ? (pending || submitted ? 'Submitting your claim…' : 'Submit claim') : 'Continue'}
          </button>
        </div>
      </div>
    </form>
  );
}
