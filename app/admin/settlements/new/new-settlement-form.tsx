'use client';
import { useActionState } from 'react';
import type { ActionState } from '@/app/admin/_components/action-form';
import { createSettlementAction } from './actions';

export function NewSettlementForm({ sources }: { sources: { slug: string; name: string }[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createSettlementAction, {});
  const fe = state.fieldErrors ?? {};
  const a11y = (n: string) => (fe[n] ? { 'aria-invalid': true as const, 'aria-describedby': `${n}-error` } : {});
  const err = (n: string) => fe[n] && <span className="field-error" id={`${n}-error`}>{fe[n]}</span>;
  return (
    <form action={action} className="card compact-form" noValidate>
      {state.error && <p className="alert error" role="alert">{state.error}</p>}
      <div className={`field${fe.source ? ' has-error' : ''}`}>
        <label htmlFor="source">Copy the configuration of</label>
        <select id="source" name="source" {...a11y('source')}>
          {sources.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.name}
            </option>
          ))}
        </select>
        {err('source')}
      </div>
      <div className={`field${fe.slug ? ' has-error' : ''}`}>
        <label htmlFor="slug">Slug</label>
        <span className="hint" id="slug-hint">Part of the settlement website address, e.g. <code>acme-privacy</code>. It cannot be changed later.</span>
        <input id="slug" name="slug" autoComplete="off" {...a11y('slug')} aria-describedby={`slug-hint${fe.slug ? ' slug-error' : ''}`} />
        {err('slug')}
      </div>
      <div className={`field${fe.name ? ' has-error' : ''}`}>
        <label htmlFor="name">Full name</label>
        <input id="name" name="name" {...a11y('name')} />
        {err('name')}
      </div>
      <div className={`field${fe.shortName ? ' has-error' : ''}`}>
        <label htmlFor="shortName">Short name</label>
        <input id="shortName" name="shortName" {...a11y('shortName')} />
        {err('shortName')}
      </div>
      <button className="btn" disabled={pending}>{pending ? 'Creating…' : 'Create and open its settings'}</button>
    </form>
  );
}
