'use client';
import { ReasonChecklist } from '@/app/admin/_components/reason-checklist';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState } from 'react';
import type { ActionState } from '@/app/admin/_components/action-form';

type Act = (prev: ActionState, form: FormData) => Promise<ActionState>;
type Reason = { code: string; label: string };

export type DecisionPanelProps = {
  status: string;
  decide: Act;
  note: Act;
  assign: Act;
  denyReasons: Reason[];
  infoReasons: Reason[];
  /** The claim's own fraud reasons: offered first in the denial form. */
  flagged: string[];
  assignedTo: string | null;
  prevHref: string | null;
  nextHref: string | null;
};

/** True while the user types in a field: shortcuts must not steal their letters. */
function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

const SHORTCUTS = 'Shortcuts: a approve, d deny, i request information, n note, j next claim, k previous claim, ? this help.';

/**
 * The reviewer's decision forms with keyboard shortcuts. A shortcut only moves focus to its form and says
 * so (aria-live), never decides on its own: Enter (or the button) decides, so a stray key press cannot
 * approve or deny anyone. Shortcuts are ignored while typing in a field or with a modifier key held.
 */
export function DecisionPanel(p: DecisionPanelProps) {
  const router = useRouter();
  const [announce, setAnnounce] = useState('');
  const approveRef = useRef<HTMLButtonElement>(null);
  const denyRef = useRef<HTMLInputElement>(null);
  const infoRef = useRef<HTMLTextAreaElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const decidable = p.status === 'received' || p.status === 'under_review' || p.status === 'deficient';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const go = (el: HTMLElement | null, say: string) => {
        if (!el) return;
        e.preventDefault();
        el.focus();
        setAnnounce(say);
      };
      switch (e.key) {
        case 'a':
          return go(approveRef.current, 'Approve: press Enter to approve this claim.');
        case 'd':
          return go(denyRef.current, 'Deny: choose the reasons with Space, then Tab to the Deny button.');
        case 'i':
          return go(infoRef.current, 'Request information: write what the claimant must send.');
        case 'n':
          return go(noteRef.current, 'Note: write a note for staff.');
        case 'j':
          if (p.nextHref) {
            e.preventDefault();
            setAnnounce('Opening the next claim in the queue.');
            router.push(p.nextHref);
          } else setAnnounce('This is the last claim in the queue.');
          return;
        case 'k':
          if (p.prevHref) {
            e.preventDefault();
            setAnnounce('Opening the previous claim in the queue.');
            router.push(p.prevHref);
          } else setAnnounce('This is the first claim in the queue.');
          return;
        case '?':
          e.preventDefault();
          setAnnounce(SHORTCUTS);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [p.nextHref, p.prevHref, router]);

  return (
    <section className="card decision-panel" aria-labelledby="decide-h" data-testid="decision-panel">
      <h2 id="decide-h">Decide</h2>
      <p className="small muted" id="shortcuts-help">
        {SHORTCUTS} Shortcuts only move to a form; Enter decides.
      </p>
      <p className="visually-hidden" aria-live="polite" data-testid="shortcut-announce">
        {announce}
      </p>
      <nav aria-label="Queue" className="queue-nav small">
        {p.prevHref ? <a href={p.prevHref}>← Previous (k)</a> : null} {p.nextHref ? <a href={p.nextHref}>Next (j) →</a> : null}
      </nav>
      {decidable ? (
        <div className="decision-forms">
          <DecisionForm action={p.decide} decision="approve" label="Approve">
            <button ref={approveRef} className="btn" type="submit" aria-describedby="shortcuts-help">
              Approve (a)
            </button>
          </DecisionForm>
          <DecisionForm action={p.decide} decision="deny" label="Deny">
            {(s) => (
              <>
                <ReasonChecklist legend="Deny (d): reasons" reasons={p.denyReasons} error={s.fieldErrors?.reasonCodes} errorId="deny-err" firstRef={denyRef} />
                <div className="field">
                  <label htmlFor="deny-why">Why (staff only, optional)</label>
                  <textarea id="deny-why" name="why" rows={2} />
                </div>
                <button className="btn danger" type="submit">
                  Deny
                </button>
              </>
            )}
          </DecisionForm>
          <DecisionForm action={p.decide} decision="request_info" label="Request information">
            {(s) => (
              <>
                <div className="field">
                <label htmlFor="info-kind">Request information (i): kind</label>
                <select id="info-kind" name="reasonCode" defaultValue={p.infoReasons[0]?.code}>
                  {p.infoReasons.map((r) => (
                    <option key={r.code} value={r.code}>
                      {r.label}
                    </option>
                  ))}
                </select>
                </div>
                <div className="field">
                <label htmlFor="info-message">What the claimant must send (they see this, in the letter too)</label>
                <textarea
                  id="info-message"
                  name="message"
                  rows={3}
                  ref={infoRef}
                  aria-invalid={s.fieldErrors?.message ? true : undefined}
                  aria-describedby={s.fieldErrors?.message ? 'info-err' : undefined}
                />
                {s.fieldErrors?.message ? (
                  <p className="inline-msg error" id="info-err">
                    {s.fieldErrors.message}
                  </p>
                ) : null}
                </div>
                <button className="btn secondary" type="submit">
                  Request information
                </button>
              </>
            )}
          </DecisionForm>
        </div>
      ) : (
        <p className="muted" role="status" data-testid="decided">
          This claim is {p.status.replace('_', ' ')}: there is nothing to decide.
        </p>
      )}
      <SimpleForm action={p.note} label="Add a note">
        {(s) => (
          <>
            <div className="field">
            <label htmlFor="note-body">Note (n) — staff only</label>
            <textarea id="note-body" name="note" rows={2} ref={noteRef} aria-invalid={s.fieldErrors?.note ? true : undefined} aria-describedby={s.fieldErrors?.note ? 'note-err' : undefined} />
            {s.fieldErrors?.note ? (
              <p className="inline-msg error" id="note-err">
                {s.fieldErrors.note}
              </p>
            ) : null}
            </div>
            <button className="btn secondary" type="submit">
              Add note
            </button>
          </>
        )}
      </SimpleForm>
      <SimpleForm action={p.assign} label="Assign">
        {(s) => (
          <>
            <div className="field">
            <label htmlFor="assignee">Assigned to {p.assignedTo ? <strong>{p.assignedTo}</strong> : 'nobody'}: reviewer e-mail (empty to unassign, “me” for yourself)</label>
            <input id="assignee" name="assignee" type="text" autoComplete="off" aria-invalid={s.fieldErrors?.assignee ? true : undefined} aria-describedby={s.fieldErrors?.assignee ? 'assignee-err' : undefined} />
            {s.fieldErrors?.assignee ? (
              <p className="inline-msg error" id="assignee-err">
                {s.fieldErrors.assignee}
              </p>
            ) : null}
            </div>
            <button className="btn secondary" type="submit">
              Assign
            </button>
          </>
        )}
      </SimpleForm>
    </section>
  );
}

function Outcome({ s }: { s: ActionState }) {
  return (
    <>
      {s.error ? (
        <p className="inline-msg error" role="alert">
          {s.error}
        </p>
      ) : null}
      {s.ok ? (
        <p className="inline-msg ok" role="status" data-testid="decision-ok">
          {s.ok}
        </p>
      ) : null}
    </>
  );
}

function DecisionForm({ action, decision, label, children }: { action: Act; decision: string; label: string; children: React.ReactNode | ((s: ActionState) => React.ReactNode) }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={label} aria-busy={pending || undefined} className="decision-form">
      <input type="hidden" name="decision" value={decision} />
      {typeof children === 'function' ? children(state) : children}
      <Outcome s={state} />
    </form>
  );
}

function SimpleForm({ action, label, children }: { action: Act; label: string; children: (s: ActionState) => React.ReactNode }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={label} aria-busy={pending || undefined} className="decision-form">
      {children(state)}
      <Outcome s={state} />
    </form>
  );
}
