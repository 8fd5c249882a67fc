'use client';
import { useActionState } from 'react';
import { roleLabels, roles } from '@/lib/auth/permissions';
import type { ActionState } from '../_components/action-form';
import { inviteAction } from './actions';

export function InviteForm({ settlements }: { settlements: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(inviteAction, {});
  const fe = state.fieldErrors ?? {};
  const describe = (name: string) => (fe[name] ? { 'aria-invalid': true, 'aria-describedby': `invite-${name}-error` } : {});
  const err = (name: string) =>
    fe[name] && (
      <span className="field-error" id={`invite-${name}-error`}>
        {fe[name]}
      </span>
    );
  return (
    <form action={action} className="card compact-form" aria-labelledby="invite-heading" noValidate>
      <h2 id="invite-heading">Invite a member of staff</h2>
      {state.error && <p className="alert error" role="alert">{state.error}</p>}
      {state.ok && (
        <div className="alert ok" role="status">
          <p>{state.ok}</p>
          {typeof state.data?.link === 'string' && (
            <p className="small">
              One-time link (share it privately if the email does not arrive): <code className="break">{state.data.link}</code>
            </p>
          )}
        </div>
      )}
      <div className="field-row">
        <div className={`field${fe.name ? ' has-error' : ''}`}>
          <label htmlFor="invite-name">Name</label>
          <input id="invite-name" name="name" autoComplete="off" {...describe('name')} />
          {err('name')}
        </div>
        <div className={`field${fe.email ? ' has-error' : ''}`}>
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" autoComplete="off" {...describe('email')} />
          {err('email')}
        </div>
        <div className={`field${fe.role ? ' has-error' : ''}`}>
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="reviewer" {...describe('role')}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
          {err('role')}
        </div>
      </div>
      <fieldset className={`field${fe.settlementIds ? ' has-error' : ''}`} {...(fe.settlementIds ? { 'aria-describedby': 'invite-settlementIds-error' } : {})}>
        <legend>Settlements they can see</legend>
        <div className="check-list">
          <label className="check">
            <input type="checkbox" name="allSettlements" /> All settlements, including future ones
          </label>
          {settlements.map((s) => (
            <label className="check" key={s.id}>
              <input type="checkbox" name="settlementIds" value={s.id} /> {s.name}
            </label>
          ))}
        </div>
        {err('settlementIds')}
      </fieldset>
      <button className="btn" disabled={pending}>
        {pending ? 'Sending…' : 'Send invitation'}
      </button>
    </form>
  );
}
