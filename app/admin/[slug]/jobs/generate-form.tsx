'use client';
import { useActionState } from 'react';
import type { ActionState } from '@/app/admin/_components/action-form';
import { JobProgress } from '@/app/admin/_components/job-progress';

/** Starts generate.dataset through the generic start action and shows the new run's bar right here. */
export function GenerateForm({ slug, action }: { slug: string; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const err = (f: string) => state.fieldErrors?.[f];
  const field = (name: string, label: string, def: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className="field">
      <label htmlFor={`g-${name}`}>{label}</label>
      <input id={`g-${name}`} name={name} defaultValue={def} aria-invalid={err(name) ? true : undefined} aria-describedby={err(name) ? `g-${name}-err` : undefined} {...props} />
      {err(name) && (
        <p id={`g-${name}-err`} className="field-error">
          {err(name)}
        </p>
      )}
    </div>
  );
  const runId = state.data?.runId as string | undefined;
  return (
    <form action={formAction} aria-label="Generate a synthetic data set" aria-busy={pending || undefined} className="stack">
      <input type="hidden" name="job" value="generate.dataset" />
      <div className="grid-2">
        {field('classMembers', 'Class members', '50000', { inputMode: 'numeric' })}
        {field('claims', 'Claims', '10000', { inputMode: 'numeric' })}
        {field('fraudRate', 'Fraud rate (0 to 1)', '0.05', { inputMode: 'decimal' })}
        {field('seed', 'Seed', '1')}
      </div>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? 'Starting…' : 'Generate'}
      </button>
      {state.error && (
        <p className="inline-msg error" role="alert">
          {state.error}
        </p>
      )}
      {state.ok && <p className="inline-msg ok">{state.ok}</p>}
      {runId && <JobProgress slug={slug} runId={runId} label="Generate a synthetic data set" />}
    </form>
  );
}
