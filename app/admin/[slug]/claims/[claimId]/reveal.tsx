'use client';
import { useActionState } from 'react';
import type { PersonalDetails } from '@/lib/claims/detail';
import type { RevealState } from './actions';

const LABELS: [keyof PersonalDetails, string][] = [
  ['name', 'Name'],
  ['email', 'E-mail'],
  ['phone', 'Phone'],
  ['address', 'Address'],
  ['usernames', 'Usernames'],
  ['guardianName', 'Parent or guardian'],
];

/** The claimant's details, masked until a permitted user asks to see them (which is audited). */
export function PersonalDetailsCard({ masked, canReveal, action }: { masked: PersonalDetails; canReveal: boolean; action: (prev: RevealState, form: FormData) => Promise<RevealState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const shown = state.details ?? masked;
  return (
    <section className="card" aria-labelledby="pii-h">
      <div className="card-head">
        <h2 id="pii-h">Claimant</h2>
        {state.details ? (
          <span className="badge warn" role="status">
            Revealed — this view was recorded in the audit log
          </span>
        ) : canReveal ? (
          <form action={formAction}>
            <button className="btn secondary small-btn" disabled={pending}>
              Reveal personal data
            </button>
          </form>
        ) : (
          <span className="muted small">Masked: your role cannot reveal personal data.</span>
        )}
      </div>
      {state.error && (
        <p className="inline-msg error" role="alert">
          {state.error}
        </p>
      )}
      <dl className="kv" data-testid="pii">
        {LABELS.map(([k, label]) => {
          const v = shown[k];
          if (v === null || (Array.isArray(v) && v.length === 0)) return null;
          return (
            <div key={k}>
              <dt>{label}</dt>
              <dd>{Array.isArray(v) ? v.join(', ') : v}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
