import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { roleLabels, roles } from '@/lib/auth/permissions';
import { listOpenInvitations, listStaff } from '@/lib/auth/queries';
import { listSettlements } from '@/lib/settlements/service';
import { ActionForm } from '../_components/action-form';
import { changeRoleAction, revokeInviteAction, setDisabledAction, settlementAccessAction } from './actions';
import { InviteForm } from './invite-form';

export const metadata: Metadata = { title: 'Users' };

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'never');

export default async function UsersPage() {
  await connection();
  const { user: me } = await requireStaff('users:manage');
  const db = await getDb();
  const [staff, invitations, settlements] = await Promise.all([listStaff(db), listOpenInvitations(db), listSettlements(db)]);
  const names = new Map(settlements.map((s) => [s.id, s.config.shortName]));
  const options = settlements.map((s) => ({ id: s.id, name: s.config.shortName }));
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Users</h1>
        <p className="muted">Who can use the console, with which role, for which settlements. Changes take effect on the person’s next request.</p>
      </div>
      <div className="table-wrap">
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Settlements</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((u) => (
              <tr key={u.id} data-user={u.email}>
                <td>
                  <strong>{u.name}</strong>
                  <br />
                  <span className="muted small">{u.email}</span>
                  <br />
                  <span className="muted small">Last sign-in: {when(u.lastSignInAt)}</span>
                </td>
                <td>
                  <ActionForm action={changeRoleAction} className="inline-form" label={`Role of ${u.email}`}>
                    <input type="hidden" name="userId" value={u.id} />
                    <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                      Role of {u.name}
                    </label>
                    <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {roleLabels[r].split(' (')[0]}
                        </option>
                      ))}
                    </select>
                    <button className="btn secondary small-btn">Save role</button>
                  </ActionForm>
                </td>
                <td>
                  <details className="access">
                    <summary>{u.settlementIds === 'all' ? 'All settlements' : u.settlementIds.map((id) => names.get(id) ?? '?').join(', ') || 'None'}</summary>
                    <ActionForm action={settlementAccessAction} label={`Settlements of ${u.email}`}>
                      <input type="hidden" name="userId" value={u.id} />
                      <div className="check-list">
                        <label className="check">
                          <input type="checkbox" name="allSettlements" defaultChecked={u.settlementIds === 'all'} /> All settlements
                        </label>
                        {options.map((s) => (
                          <label className="check" key={s.id}>
                            <input type="checkbox" name="settlementIds" value={s.id} defaultChecked={u.settlementIds !== 'all' && u.settlementIds.includes(s.id)} /> {s.name}
                          </label>
                        ))}
                      </div>
                      <button className="btn secondary small-btn">Save access</button>
                    </ActionForm>
                  </details>
                </td>
                <td>
                  {u.disabled ? <span className="badge danger">Disabled</span> : <span className="badge ok">Active</span>}
                  {u.failedAttempts > 0 && <span className="muted small"> {u.failedAttempts} failed sign-in{u.failedAttempts === 1 ? '' : 's'} since the last success</span>}
                  {u.id !== me.id && (
                    <ActionForm action={setDisabledAction} className="inline-form" label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}>
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="disabled" value={String(!u.disabled)} />
                      <button className={`btn small-btn ${u.disabled ? 'secondary' : 'danger'}`}>{u.disabled ? 'Enable' : 'Disable'}</button>
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {invitations.length > 0 && (
        <>
          <h2>Open invitations</h2>
          <div className="table-wrap">
            <table className="dense">
              <thead>
                <tr>
                  <th scope="col">Invited</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td>
                      {i.name} <span className="muted small">{i.email}</span>
                    </td>
                    <td>{roleLabels[i.role].split(' (')[0]}</td>
                    <td>{when(i.expiresAt)}</td>
                    <td>
                      <ActionForm action={revokeInviteAction} className="inline-form" label={`Revoke invitation of ${i.email}`}>
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button className="btn secondary small-btn">Revoke</button>
                      </ActionForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <InviteForm settlements={options} />
    </div>
  );
}
