'use client';
import { useActionState } from 'react';
import type { ActionState } from '@/app/admin/_components/action-form';
import { ReasonChecklist } from '@/app/admin/_components/reason-checklist';

type Act = (prev: ActionState, form: FormData) => Promise<ActionState>;

/**
 * A bulk decision for a cluster or the current filter. The reviewer states the count they saw and ticks
 * a confirmation; a denial above the settlement's threshold comes back pending for a second reviewer.
 */
export function BulkForm({ action, hidden, count, scope, reasons, threshold }: { action: Act; hidden: Record<string, string>; count: number; scope: string; reasons: { code: string; label: string }[]; threshold: number }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="card bulk-form" aria-labelledby="bulk-h" aria-busy={pending || undefined} data-testid="bulk-form">
      <h2 id="bulk-h">Decide all {count.toLocaleString('en-US')} claims of {scope}</h2>
      <p className="small muted">Denying more than {threshold} claims at once waits for a second reviewer’s confirmation.</p>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <fieldset>
        <legend>Decision</legend>
        <label className="check">
          <input type="radio" name="decision" value="deny" defaultChecked /> Deny
        </label>
        <label className="check">
          <input type="radio" name="decision" value="approve" /> Approve
        </label>
      </fieldset>
      <ReasonChecklist legend="Reasons (for a denial)" reasons={reasons} error={state.fieldErrors?.reasonCodes} errorId="bulk-reasons-err" />
      <label className="check">
        <input type="checkbox" name="confirmScope" value="yes" aria-invalid={state.fieldErrors?.confirmScope ? true : undefined} /> I checked the claims this will decide
      </label>
      <button className="btn" type="submit" disabled={pending}>
        Decide {count.toLocaleString('en-US')} claims
      </button>
      {state.error ? (
        <p className="inline-msg error" role="alert">
          {state.error}
        </p>
      ) : null}
      {state.ok ? (
        <p className="inline-msg ok" role="status" data-testid="bulk-ok">
          {state.ok}
        </p>
      ) : null}
    </form>
  );
}

/** Confirm or cancel a pending bulk denial (a different reviewer than the one who asked). */
export function PendingButtons({ confirm, cancel, label }: { confirm: Act; cancel: Act; label: string }) {
  const [c, confirmAction, p1] = useActionState(confirm, {});
  const [x, cancelAction, p2] = useActionState(cancel, {});
  const s = c.ok || c.error ? c : x;
  return (
    <div className="pending-buttons">
      <form action={confirmAction} aria-label={`Confirm ${label}`}>
        <button className="btn danger" type="submit" disabled={p1 || p2}>
          Confirm denial
        </button>
      </form>
      <form action={cancelAction} aria-label={`Cancel ${label}`}>
        <button className="btn secondary" type="submit" disabled={p1 || p2}>
          Cancel
        </button>
      </form>
      {s.error ? (
        <p className="inline-msg error" role="alert">
          {s.error}
        </p>
      ) : null}
      {s.ok ? (
        <p className="inline-msg ok" role="status" data-testid="pending-ok">
          {s.ok}
        </p>
      ) : null}
    </div>
  );
}

/** Runs the settlement's automatic rules (applyRulesAction) and shows the counts. */
export function ApplyRulesButton({ action, autoApprove, denyCriteria }: { action: Act; autoApprove: boolean; denyCriteria: string[] }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label="Apply the automatic rules" className="apply-rules">
      <input type="hidden" name="run" value="apply-rules" />
      <p className="small muted">
        {autoApprove ? 'Approves verified claims with no fraud flag; ' : 'Automatic approval is off; '}
        denies only recommended-deny claims flagged for {denyCriteria.join(', ') || 'nothing (no criteria set)'}. Everything else, and every appeal, stays for people.
      </p>
      <button type="submit" className="btn secondary" disabled={pending}>
        {pending ? 'Applying…' : 'Apply the automatic rules'}
      </button>
      {state.error ? (
        <p className="inline-msg error" role="alert">
          {state.error}
        </p>
      ) : null}
      {state.ok ? (
        <p className="inline-msg ok" role="status" data-testid="rules-ok">
          {state.ok}
        </p>
      ) : null}
    </form>
  );
}
