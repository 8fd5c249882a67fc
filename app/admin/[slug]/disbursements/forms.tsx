'use client';
import { useActionState, useState } from 'react';
import type { ActionState } from '@/app/admin/_components/action-form';

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

function Outcome({ state }: { state: ActionState }) {
  const reauth = typeof state.data?.reauth === 'string' ? state.data.reauth : null;
  return (
    <>
      {state.error && (
        <p className="inline-msg error" role="alert">
          {state.error} {reauth && <a href={reauth}>Confirm it is you</a>}
        </p>
      )}
      {state.ok && (
        <p className="inline-msg ok" role="status">
          {state.ok}
        </p>
      )}
    </>
  );
}

/** Start a file-rail disbursement: the rail and its settings (pre-filled with what the rail used last). */
export function StartForm({ action, runId, defaults }: { action: Action; runId: string; defaults: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [rail, setRail] = useState('paypal');
  const [settings, setSettings] = useState(defaults.paypal ?? '');
  const id = (f: string) => `start-${runId.slice(0, 8)}-${f}`;
  const err = state.fieldErrors ?? {};
  return (
    <form action={formAction} aria-busy={pending || undefined} aria-label="Start a disbursement" className="stack">
      <input type="hidden" name="intent" value="submit" />
      <div className={`field${err.rail ? ' has-error' : ''}`}>
        <label htmlFor={id('rail')}>Rail</label>
        <select
          id={id('rail')}
          name="rail"
          value={rail}
          aria-invalid={err.rail ? true : undefined}
          aria-describedby={err.rail ? `${id('rail')}-error` : undefined}
          onChange={(e) => {
            setRail(e.target.value);
            setSettings(defaults[e.target.value] ?? '');
          }}
        >
          <option value="paypal">PayPal / Venmo (Payouts CSV)</option>
          <option value="ach">ACH (NACHA file)</option>
          <option value="check">Checks (positive pay + letters)</option>
          <option value="prepaid">Prepaid cards (order file)</option>
        </select>
        {err.rail && (
          <p className="field-error" id={`${id('rail')}-error`}>
            {err.rail}
          </p>
        )}
      </div>
      <div className={`field${err.settings ? ' has-error' : ''}`}>
        <label htmlFor={id('settings')}>Rail settings (JSON, the fund’s bank details for this rail — see docs/cli.md)</label>
        <textarea
          id={id('settings')}
          name="settings"
          rows={5}
          spellCheck={false}
          value={settings}
          onChange={(e) => setSettings(e.target.value)}
          aria-invalid={err.settings ? true : undefined}
          aria-describedby={err.settings ? `${id('settings')}-error` : undefined}
        />
        {err.settings && (
          <p className="field-error" id={`${id('settings')}-error`}>
            {err.settings}
          </p>
        )}
      </div>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Working…' : 'Start disbursement'}
      </button>
      {pending && <progress aria-label="Preparing the payment file" />}
      <Outcome state={state} />
    </form>
  );
}

/** Import a rail's results (PayPal results CSV, ACH returns, card report): all or nothing, errors as file:line:column. */
export function ImportForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={formAction} aria-busy={pending || undefined} aria-label="Import a results file" className="stack">
      <div className={`field${err.kind ? ' has-error' : ''}`}>
        <label htmlFor="import-kind">File</label>
        <select id="import-kind" name="kind" defaultValue="paypal_results" aria-describedby={err.kind ? 'import-kind-error' : undefined}>
          <option value="paypal_results">PayPal Payouts results (CSV)</option>
          <option value="ach_returns">ACH returns / notifications of change</option>
          <option value="card_report">Prepaid card report</option>
        </select>
        {err.kind && <p className="field-error" id="import-kind-error">{err.kind}</p>}
      </div>
      <div className={`field${err.file ? ' has-error' : ''}`}>
        <label htmlFor="import-file">Results file</label>
        <input id="import-file" type="file" name="file" aria-invalid={err.file ? true : undefined} aria-describedby={err.file ? 'import-file-error' : undefined} />
        {err.file && <p className="field-error" id="import-file-error">{err.file}</p>}
      </div>
      <button type="submit" className="btn secondary" disabled={pending}>
        {pending ? 'Importing…' : 'Import'}
      </button>
      {pending && <progress aria-label="Importing" />}
      <Outcome state={state} />
    </form>
  );
}

/** A one-button form (bulk re-issue). */
export function ButtonForm({ action, label }: { action: Action; label: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-busy={pending || undefined} className="inline-form">
      <input type="hidden" name="intent" value="submit" />
      <button type="submit" className="btn secondary" disabled={pending}>
        {pending ? 'Working…' : label}
      </button>
      <Outcome state={state} />
    </form>
  );
}
