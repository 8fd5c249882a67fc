'use client';
import { useActionState, useState } from 'react';
import type { ActionState } from '@/app/admin/_components/action-form';
import { paymentMethodLabels, paymentMethods, type SettlementConfig } from '@/lib/settlements/config';
import type { FieldChange } from '@/lib/settlements/diff';
import { dollarFieldValue, DATE_FIELDS, DAY_FIELDS, DEDUCTION_FIELDS } from '@/lib/settlements/settings-form';

const LABELS: Record<string, string> = {
  noticeDate: 'Notice date', optOutDeadline: 'Opt-out deadline', objectionDeadline: 'Objection deadline', claimDeadline: 'Claim deadline',
  finalApprovalHearing: 'Final approval hearing', effectiveDate: 'Effective date', paymentDate: 'Payment date',
  checkVoidDays: 'Checks void after (days)', cureDays: 'Deficiency cure window (days)', dataDestructionDays: 'Destroy personal data after (days)',
  attorneysFees: 'Attorneys’ fees', expenses: 'Litigation expenses', serviceAwards: 'Service awards', administrationCosts: 'Administration costs', taxes: 'Taxes', reserves: 'Reserves',
};

type Props = {
  config: SettlementConfig;
  readOnly: boolean;
  preview?: (prev: ActionState, form: FormData) => Promise<ActionState>;
  save?: (prev: ActionState, form: FormData) => Promise<ActionState>;
};

const noop = async (): Promise<ActionState> => ({});
const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function SettingsForm({ config, readOnly, preview, save }: Props) {
  const [state, previewAction, previewing] = useActionState<ActionState, FormData>(preview ?? noop, {});
  const [saved, saveAction, saving] = useActionState<ActionState, FormData>(save ?? noop, {});
  const [kinds, setKinds] = useState(config.tiers.map((t) => t.units.kind));
  const fe = state.fieldErrors ?? {};
  const changes = (state.data?.changes as FieldChange[] | undefined) ?? [];

  const input = (name: string, label: string, defaultValue: string | number | undefined, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className={`field${fe[name] ? ' has-error' : ''}`}>
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        defaultValue={defaultValue ?? ''}
        aria-invalid={fe[name] ? true : undefined}
        aria-describedby={fe[name] ? `${name}-error` : undefined}
        {...props}
      />
      {fe[name] && (
        <span className="field-error" id={`${name}-error`}>
          {fe[name]}
        </span>
      )}
    </div>
  );

  return (
    <>
      {saved.ok && !changes.length && <p className="alert ok" role="status">{saved.ok}</p>}
      <form action={previewAction} noValidate aria-label="Settlement settings">
        {state.error && (
          <div className="alert error" role="alert">
            <p>{state.error}</p>
            <ul>
              {Object.entries(fe).map(([k, v]) => (
                <li key={k}>
                  <code>{k}</code>: {v}
                </li>
              ))}
            </ul>
          </div>
        )}
        {state.ok && <p className="alert" role="status">{state.ok}</p>}
        <fieldset disabled={readOnly} className="settings-grid">
          <section className="card">
            <h2>Dates</h2>
            {input('dates.timeZone', 'Time zone of deadlines', config.dates.timeZone)}
            <div className="field-row">{DATE_FIELDS.map((f) => <div key={f}>{input(`dates.${f}`, LABELS[f], config.dates[f], { type: 'date' })}</div>)}</div>
            <div className="field-row">{DAY_FIELDS.map((f) => <div key={f}>{input(`dates.${f}`, LABELS[f], config.dates[f], { inputMode: 'numeric' })}</div>)}</div>
          </section>
          <section className="card">
            <h2>Deductions from the fund</h2>
            <p className="hint small">In dollars and cents; stored as whole cents.</p>
            <div className="field-row">
              {DEDUCTION_FIELDS.map((f) => (
                <div key={f}>{input(`deductions.${f}`, LABELS[f], dollarFieldValue(config.deductions[f]), { inputMode: 'decimal' })}</div>
              ))}
            </div>
          </section>
          <section className="card">
            <h2>Tiers</h2>
            {config.tiers.map((t, i) => (
              <fieldset key={t.key} className="tier-row">
                <legend>
                  {t.name} <code className="muted">{t.key}</code>
                </legend>
                <div className="field-row">
                  <div className="field">
                    <label htmlFor={`tiers.${i}.kind`}>Units</label>
                    <select id={`tiers.${i}.kind`} name={`tiers.${i}.kind`} value={kinds[i]} onChange={(e) => setKinds((k) => k.map((v, j) => (j === i ? (e.target.value as typeof v) : v)))}>
                      <option value="fixed">Fixed shares</option>
                      <option value="points">Points from an attribute</option>
                    </select>
                  </div>
                  {kinds[i] === 'fixed' ? (
                    input(`tiers.${i}.shares`, 'Shares (whole number)', t.units.kind === 'fixed' ? t.units.shares : 1, { inputMode: 'numeric' })
                  ) : (
                    <>
                      {input(`tiers.${i}.attribute`, 'Attribute', t.units.kind === 'points' ? t.units.attribute : '')}
                      {input(`tiers.${i}.perUnit`, 'Points per unit (whole number)', t.units.kind === 'points' ? t.units.perUnit : 1, { inputMode: 'numeric' })}
                      {input(`tiers.${i}.cap`, 'Cap (optional, whole number)', t.units.kind === 'points' ? t.units.cap : undefined, { inputMode: 'numeric' })}
                    </>
                  )}
                </div>
              </fieldset>
            ))}
          </section>
          <section className="card">
            <h2>Payment methods offered</h2>
            <input type="hidden" name="paymentMethodsPresent" value="1" />
            <fieldset className={`field${fe.paymentMethods ? ' has-error' : ''}`} aria-describedby={fe.paymentMethods ? 'paymentMethods-error' : undefined}>
              <legend className="visually-hidden">Payment methods</legend>
              <div className="check-list">
                {paymentMethods.map((m) => (
                  <label className="check" key={m}>
                    <input type="checkbox" name="paymentMethods" value={m} defaultChecked={config.paymentMethods.includes(m)} /> {paymentMethodLabels[m]}
                  </label>
                ))}
              </div>
              {fe.paymentMethods && <span className="field-error" id="paymentMethods-error">{fe.paymentMethods}</span>}
            </fieldset>
            <h2>Contact</h2>
            {input('contact.email', 'Email', config.contact.email, { type: 'email' })}
            {input('contact.phone', 'Phone', config.contact.phone, { type: 'tel' })}
            {input('contact.mail', 'Mailing address', config.contact.mail)}
          </section>
          <section className="card full">
            <h2>Everything else (JSON)</h2>
            <div className={`field${fe.raw ? ' has-error' : ''}`}>
              <label htmlFor="raw">Full configuration</label>
              <span className="hint" id="raw-hint">
                The complete settlement configuration (INTERFACES.md §4). The fields above take precedence over the same keys here.
              </span>
              <textarea id="raw" name="raw" className="json-editor" spellCheck={false} defaultValue={JSON.stringify(config, null, 2)} aria-describedby={`raw-hint${fe.raw ? ' raw-error' : ''}`} aria-invalid={fe.raw ? true : undefined} />
              {fe.raw && <span className="field-error" id="raw-error">{fe.raw}</span>}
            </div>
          </section>
        </fieldset>
        {!readOnly && (
          <div className="sticky-actions">
            <button className="btn" disabled={previewing}>
              {previewing ? 'Checking…' : 'Preview changes'}
            </button>
          </div>
        )}
      </form>
      {!readOnly && changes.length > 0 && (
        <form action={saveAction} className="card preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Review {changes.length === 1 ? '1 change' : `${changes.length} changes`} before saving</h2>
          <div className="table-wrap">
            <table className="dense">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Now</th>
                  <th scope="col">After saving</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.path}>
                    <td><code>{c.path}</code></td>
                    <td className="before">{show(c.before)}</td>
                    <td className="after">{show(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted" data-testid="config-impact">
            Saving makes version {Number(state.data?.version ?? 0) + 1} of this configuration.{' '}
            {Number(state.data?.affectedClaims ?? 0) > 0
              ? `This change affects ${Number(state.data?.affectedClaims).toLocaleString('en-US')} claim${Number(state.data?.affectedClaims) === 1 ? '' : 's'}.`
              : 'It affects no claim filed so far.'}
          </p>
          <div className={`field${saved.fieldErrors?.reason ? ' has-error' : ''}`}>
            <label htmlFor="reason">
              Reason for the change{state.data?.reasonRequired ? ' (required: claims are already verified — give the court order reference)' : ' (optional)'}
            </label>
            <input
              id="reason"
              name="reason"
              maxLength={500}
              // Not `required`: the service decides (it also guards the CLI and a stale page) and names the field.
              aria-required={state.data?.reasonRequired ? true : undefined}
              aria-invalid={saved.fieldErrors?.reason ? true : undefined}
              aria-describedby={saved.fieldErrors?.reason ? 'reason-error' : undefined}
            />
            {saved.fieldErrors?.reason && (
              <span className="field-error" id="reason-error">
                {saved.fieldErrors.reason}
              </span>
            )}
          </div>
          <input type="hidden" name="candidate" value={String(state.data?.candidate)} />
          <input type="hidden" name="base" value={String(state.data?.base)} />
          {saved.error && !saved.fieldErrors?.reason && <p className="alert error" role="alert">{saved.error}</p>}
          {saved.ok && <p className="alert ok" role="status">{saved.ok}</p>}
          <button className="btn" disabled={saving || Boolean(saved.ok)}>
            {saving ? 'Saving…' : 'Save these changes'}
          </button>
        </form>
      )}
    </>
  );
}
