'use client';

import { useRef, useState, useTransition } from 'react';
import type { OpenDeficiency, ClaimStatusView } from '@/lib/claims/status';
import type { ClaimantResult } from '@/lib/review/claimant';
import { FieldError, fieldId } from '../claim/fields';
import { answerAction, appealAction } from './actions';


const longDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-US', { timeZone: 'UTC', dateStyle: 'long' });
};

type Done = (v: ClaimStatusView, message: { ok: boolean; text: string }) => void;
const unreachable: ClaimantResult = { ok: false, error: 'We could not reach the server. Please try again.' };

function TextArea({ name, label, hint, value, error, onChange }: { name: string; label: string; hint?: string; value: string; error?: string; onChange: (v: string) => void }) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <textarea id={id} name={name} rows={5} value={value} aria-invalid={error ? true : undefined} aria-describedby={described} onChange={(e) => onChange(e.target.value)} />
      <FieldError name={name} error={error} />
    </div>
  );
}

function useClaimantForm(run: () => Promise<ClaimantResult>, onDone: Done) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const alertRef = useRef<HTMLDivElement>(null);
  const submit = () =>
    start(async () => {
      setMessage(null);
      const r: ClaimantResult = await run().catch(() => unreachable);
      if (r.ok) {
        setErrors({});
        onDone(r.view, { ok: true, text: r.message });
      } else {
        setErrors(r.errors ?? {});
        setMessage(r.error ?? (r.errors ? 'Please correct the field below.' : 'Something went wrong. Please try again.'));
        requestAnimationFrame(() => alertRef.current?.focus());
      }
    });
  return { errors, message, pending, submit, alertRef };
}

/** A reviewer asked for information: the claimant answers in words before the cure date. */
export function AnswerForm({ slug, claimId, secret, deficiency, onDone }: { slug: string; claimId: string; secret: string; deficiency: OpenDeficiency; onDone: Done }) {
  const [answer, setAnswer] = useState('');
  const f = useClaimantForm(() => answerAction(slug, claimId, secret, { deficiencyId: deficiency.id, answer }), onDone);
  const name = `answer-${deficiency.id}`;
  return (
    <div className="deficiency-box" data-testid="answer-form">
      <h3>Action needed</h3>
      <div className="alert warn">
        <strong>Answer by {longDate(deficiency.cureBy)}.</strong> {deficiency.message}
      </div>
      {f.message ? (
        <div className="alert error" role="alert" tabIndex={-1} ref={f.alertRef}>
          {f.message}
        </div>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          f.submit();
        }}
      >
        <TextArea name={name} label="Your answer" hint="Describe or paste what was asked for. Do not send passwords." value={answer} error={f.errors.answer} onChange={setAnswer} />
        <button type="submit" className="btn" disabled={f.pending}>
          {f.pending ? 'Sending…' : 'Send my answer'}
        </button>
      </form>
    </div>
  );
}

/** A denied claimant may ask once for reconsideration, with a reason. */
export function AppealForm({ slug, claimId, secret, onDone }: { slug: string; claimId: string; secret: string; onDone: Done }) {
  const [reason, setReason] = useState('');
  const f = useClaimantForm(() => appealAction(slug, claimId, secret, { reason }), onDone);
  return (
    <div className="appeal-box" data-testid="appeal-form">
      <h3>Ask for reconsideration</h3>
      <p className="small">If you think the denial is wrong, tell us why. You can ask once; a reviewer will look at your claim again.</p>
      {f.message ? (
        <div className="alert error" role="alert" tabIndex={-1} ref={f.alertRef}>
          {f.message}
        </div>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          f.submit();
        }}
      >
        <TextArea name="reason" label="Why the decision is wrong" value={reason} error={f.errors.reason} onChange={setReason} />
        <button type="submit" className="btn" disabled={f.pending}>
          {f.pending ? 'Sending…' : 'Ask for reconsideration'}
        </button>
      </form>
    </div>
  );
}
