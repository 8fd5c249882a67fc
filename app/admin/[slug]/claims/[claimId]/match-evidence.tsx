import { ActionForm, type ActionState } from '@/app/admin/_components/action-form';
import type { MatchEvidence } from '@/lib/verification/review';

const STATUS_WORDS: Record<string, string> = { verified: 'Verified', probable: 'Probable match — needs a reviewer', not_found: 'Not found in the class list', conflict: 'Conflict — needs a reviewer' };

/** The claim's identifiers beside the matched record's, masked, with how it matched and why (reason codes). */
export function MatchEvidenceCard({ evidence, canDecide, action }: { evidence: MatchEvidence; canDecide: boolean; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const e = evidence;
  return (
    <section className="card" aria-labelledby="match-h" data-testid="match-evidence">
      <h2 id="match-h">Verification evidence</h2>
      <p>
        <strong>{e.status ? (STATUS_WORDS[e.status] ?? e.status) : 'Not yet verified by a batch run'}</strong>
        {e.recordId ? <> · record <span className="mono">{e.recordId}</span></> : null}
        {e.via ? ` · via ${e.via.replace('_', ' + ')}` : ''}
      </p>
      {e.reasonCodes.length > 0 && (
        <p className="small">
          Reason codes: {e.reasonCodes.map((c) => <code key={c}>{c} </code>)}
        </p>
      )}
      <p className="small muted">
        Identifiers on file: {Object.entries(e.identifierKinds).map(([k, n]) => `${k.replace('_', ' + ')}${n > 1 ? ` ×${n}` : ''}`).join(', ') || 'none yet'}
        {e.scores ? ` · name similarity ${e.scores.nameScore.toFixed(2)}, street similarity ${e.scores.addressScore.toFixed(2)}` : ''}
      </p>
      <div className="table-wrap">
        <table className="dense">
          <caption className="visually-hidden">The claim's identifiers beside the matched record's (masked)</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Claim</th>
              <th scope="col">Record</th>
              <th scope="col">Same?</th>
            </tr>
          </thead>
          <tbody>
            {e.rows.map((r) => (
              <tr key={r.field}>
                <th scope="row">{r.field}</th>
                <td className="mono">{r.claim}</td>
                <td className="mono">{r.record}</td>
                <td>{r.same === null ? '—' : r.same ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {e.review && (
        <p className="small">
          Reviewer {e.review.decision === 'confirm' ? 'confirmed' : 'rejected'} this match on {e.review.at.toISOString().slice(0, 16).replace('T', ' ')} UTC.
        </p>
      )}
      {e.status === 'probable' && canDecide && (
        <ActionForm action={action} label="Review the probable match" className="actions">
          <p className="small">Name and address match a class-list record, but no e-mail, phone, username or Notice ID does. Does this claimant look like the record?</p>
          <button type="submit" name="decision" value="confirm" className="button">
            Confirm match
          </button>{' '}
          <button type="submit" name="decision" value="reject" className="button secondary">
            Reject match
          </button>
        </ActionForm>
      )}
    </section>
  );
}
