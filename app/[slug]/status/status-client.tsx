'use client';

import { useEffect, useRef, useState, useTransition } from 'react';
import type { ClaimStatusView } from '@/lib/claims/status';
import type { FieldErrors } from '@/lib/claims/schema';
import type { CureResult } from '@/lib/claims/cure';
import { Checkbox, ErrorSummary, TextField, fieldId } from '../claim/fields';
import { cureAction, lookupStatusAction } from './actions';
import { isAnswerCode } from '@/lib/review/answer-codes';
import { AnswerForm, AppealForm } from './review-forms';
import { PaymentMethodForm } from './payment-method-form';

const longDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-US', { timeZone: 'UTC', dateStyle: 'long' });
};

type Props = { slug: string; initialClaimId: string; identifierLabel: string; contact: string; timeZone: string; paymentMethods: string[]; paymentLabels: Record<string, string> };

/** Look-up form, then the claim's status, timeline and — for a deficient claim — the form to fix it. */
export function StatusClient({ slug, initialClaimId, identifierLabel, contact, timeZone, paymentMethods, paymentLabels }: Props) {
  const [claimId, setClaimId] = useState(initialClaimId);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const [view, setView] = useState<ClaimStatusView | null>(null);
  const [cureMessage, setCureMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const cureMessageRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  // Focus moves to the result (or the error) once React has rendered it, for screen-reader and keyboard users.
  const focusAfterRender = useRef<'result' | 'error' | null>(null);
  useEffect(() => {
    if (focusAfterRender.current === 'result') resultRef.current?.focus();
    if (focusAfterRender.current === 'error') errorRef.current?.focus();
    focusAfterRender.current = null;
  }, [view, error]);

  const lookup = () =>
    start(async () => {
      setError('');
      setCureMessage(null);
      const r = await lookupStatusAction(slug, claimId, secret).catch(() => ({ ok: false as const, error: 'We could not reach the server. Please try again.' }));
      if (r.ok) {
        focusAfterRender.current = 'result';
        setView(r.view);
      } else {
        focusAfterRender.current = 'error';
        setView(null);
        setError(r.error);
      }
    });

  // dateStyle cannot be combined with timeZoneName, so the parts are spelled out.
  const when = (iso: string) =>
    new Date(iso).toLocaleString('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });

  return (
    <>
      <form
        className="card status-lookup"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          lookup();
        }}
      >
        <p>Enter the claim ID from your confirmation e-mail and the e-mail address or ZIP code you gave on your claim.</p>
        {error ? (
          <div className="alert error" role="alert" tabIndex={-1} ref={errorRef}>
            {error}
          </div>
        ) : null}
        <div className="field-row">
          <TextField name="claimId" label="Claim ID" hint="Like CL-7K3M-9QX2-D" value={claimId} onChange={setClaimId} size="medium" />
          <TextField name="emailOrZip" label="E-mail address or ZIP code" hint="As you gave it on your claim" value={secret} onChange={setSecret} autoComplete="email" />
        </div>
        <button type="submit" className="btn" disabled={pending}>
          {pending ? 'Looking up…' : 'Check my claim'}
        </button>
      </form>

      {view ? (
        <section className="card status-result" aria-labelledby="status-heading">
          <h2 id="status-heading" tabIndex={-1} ref={resultRef}>
            Claim <span className="mono">{view.claimId}</span>
          </h2>
          <dl className="kv">
            <dt>Status</dt>
            <dd>
              <span className={`badge ${view.status === 'deficient' ? 'warn' : view.status === 'denied' ? 'danger' : view.status === 'approved' ? 'ok' : ''}`} data-testid="claim-status">
                {view.statusLabel}
              </span>
            </dd>
            {view.verification ? (
              <>
                <dt>Records check</dt>
                <dd data-testid="claim-verification">
                  <strong>{view.verification.title}.</strong> {view.verification.body}
                </dd>
              </>
            ) : null}
            <dt>Class or subclass</dt>
            <dd>{view.tierName}</dd>
            <dt>Submitted</dt>
            <dd>{when(view.submittedAt)}</dd>
          </dl>
          {view.late ? <p className="alert warn">This claim was received after the claim deadline. Late claims are paid only if the Court allows them.</p> : null}
          {view.decisionReason ? <p className="alert error">Reason for denial: {view.decisionReason}</p> : null}
          {cureMessage ? (
            <div className={`alert ${cureMessage.ok ? 'ok' : 'error'}`} role="status" tabIndex={-1} ref={cureMessageRef} data-testid="cure-message">
              {cureMessage.text}
            </div>
          ) : null}
          {view.deficiencies.filter((d) => isAnswerCode(d.code)).map((d) => (
            <AnswerForm
              key={d.id}
              slug={slug}
              claimId={view.claimId}
              secret={secret}
              deficiency={d}
              onDone={(v, m) => {
                setView(v);
                setCureMessage(m);
                requestAnimationFrame(() => cureMessageRef.current?.focus());
              }}
            />
          ))}
          {view.status === 'denied' ? (
            <AppealForm
              slug={slug}
              claimId={view.claimId}
              secret={secret}
              onDone={(v, m) => {
                setView(v);
                setCureMessage(m);
                requestAnimationFrame(() => cureMessageRef.current?.focus());
              }}
            />
          ) : null}
          {view.deficiencies.some((d) => !isAnswerCode(d.code)) ? (
            <CureForm
              key={view.deficiencies.map((d) => d.id).join('-')}
              slug={slug}
              claimId={view.claimId}
              secret={secret}
              view={view}
              identifierLabel={identifierLabel}
              onCured={(v, m) => {
                setView(v);
                setCureMessage(m);
                requestAnimationFrame(() => cureMessageRef.current?.focus());
              }}
            />
          ) : null}
          {view.payment ? (
            <section className="card payment-explained" aria-labelledby="your-payment">
              <h3 id="your-payment">Your payment</h3>
              {view.payment.lines.map((l, i) => (
                <p key={i}>{l}</p>
              ))}
              {view.paymentState ? (
                <p className={view.paymentState.canChange ? 'alert warn' : undefined} data-payment-state={view.paymentState.state}>
                  {view.paymentState.words}
                </p>
              ) : null}
              {view.paymentState?.canChange ? (
                <PaymentMethodForm
                  slug={slug}
                  claimId={view.claimId}
                  secret={secret}
                  paymentMethods={paymentMethods}
                  paymentLabels={paymentLabels}
                  onChanged={(v, m) => {
                    setView(v);
                    setCureMessage({ ok: true, text: m });
                    requestAnimationFrame(() => cureMessageRef.current?.focus());
                  }}
                />
              ) : null}
            </section>
          ) : null}
          <h3>Timeline</h3>
          <ol className="timeline claim-timeline">
            {view.timeline.map((s) => (
              <li key={s.key} className={s.state === 'upcoming' ? 'upcoming' : s.state === 'problem' ? 'problem' : s.state === 'current' ? 'current' : 'done'}>
                <strong>{s.label}</strong>
                {s.at ? <span className="muted small"> · {when(s.at)}</span> : null}
                {s.note ? <div className="small">{s.note}</div> : null}
              </li>
            ))}
          </ol>
          <p className="small muted">Questions about your claim? Call {contact}.</p>
        </section>
      ) : null}
    </>
  );
}

function CureForm({ slug, claimId, secret, view, identifierLabel, onCured }: { slug: string; claimId: string; secret: string; view: ClaimStatusView; identifierLabel: string; onCured: (v: ClaimStatusView, message: { ok: boolean; text: string }) => void }) {
  const [username, setUsername] = useState('');
  const [noticeId, setNoticeId] = useState('');
  const [code, setCode] = useState('');
  const [withdraw, setWithdraw] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = () =>
    start(async () => {
      setMessage(null);
      const r: CureResult = await cureAction(slug, claimId, secret, { usernames: [username], noticeId, confirmationCode: code, withdrawAttestations: withdraw }).catch(() => ({
        ok: false as const,
        error: 'We could not reach the server. Please try again.',
      }));
      if (r.ok) {
        setErrors({});
        // The parent shows the message: this form disappears once nothing is left to fix.
        onCured(r.view, { ok: r.resolved, text: r.message });
      } else if (r.errors) {
        setErrors(r.errors);
        requestAnimationFrame(() => summaryRef.current?.focus());
      } else setMessage(r.error ?? 'Something went wrong. Please try again.');
    });
  return (
    <div className="deficiency-box">
      <h3>Action needed</h3>
      {message ? (
        <div className="alert error" role="alert">
          {message}
        </div>
      ) : null}
      {view.deficiencies.filter((d) => !isAnswerCode(d.code)).map((d) => (
        <div key={d.id} className="alert warn">
          <strong>Fix by {longDate(d.cureBy)}.</strong> {d.message}
        </div>
      ))}
      <form
        className="cure-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <ErrorSummary errors={errors} summaryRef={summaryRef} onJump={(f) => document.getElementById(fieldId(f))?.focus()} />
        <TextField name="usernames.0" label={`Another ${identifierLabel} you have used`} value={username} error={errors['usernames.0']} onChange={setUsername} />
        <p className="muted small">Or the Notice ID and confirmation code from your notice:</p>
        <div className="field-row">
          <TextField name="noticeId" label="Notice ID" value={noticeId} error={errors.noticeId} onChange={setNoticeId} size="medium" />
          <TextField name="confirmationCode" label="Confirmation code" value={code} error={errors.confirmationCode} onChange={setCode} size="short" />
        </div>
        {view.withdrawable.length ? (
          <Checkbox
            name="withdrawAttestations"
            label={`I withdraw my statement “${view.withdrawable.map((w) => w.label).join(' ')}” and accept the payment for my class.`}
            checked={withdraw}
            error={errors.withdrawAttestations}
            onChange={setWithdraw}
          />
        ) : null}
        <button type="submit" className="btn" disabled={pending}>
          {pending ? 'Sending…' : 'Send my correction'}
        </button>
      </form>
    </div>
  );
}
