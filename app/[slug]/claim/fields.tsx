'use client';

import type { ReactNode } from 'react';

/** Form controls with their label, hint and error wired together (aria-describedby, aria-invalid). */

export const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

function describedBy(name: string, hint?: ReactNode, error?: string) {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function Hint({ name, children }: { name: string; children?: ReactNode }) {
  return children ? (
    <span className="hint" id={`${fieldId(name)}-hint`}>
      {children}
    </span>
  ) : null;
}

export function FieldError({ name, error }: { name: string; error?: string }) {
  return error ? (
    <span className="field-error" id={`${fieldId(name)}-error`}>
      <span className="visually-hidden">Error: </span>
      {error}
    </span>
  ) : null;
}

type TextProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  error?: string;
  onChange: (v: string) => void;
  type?: 'text' | 'email' | 'tel';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'tel';
  optional?: boolean;
  size?: 'short' | 'medium';
  spellCheck?: boolean;
};

export function TextField(p: TextProps) {
  const id = fieldId(p.name);
  return (
    <div className={`field${p.error ? ' has-error' : ''}${p.size ? ` field-${p.size}` : ''}`}>
      <label htmlFor={id}>
        {p.label}
        {p.optional ? <span className="optional"> (optional)</span> : null}
      </label>
      <Hint name={p.name}>{p.hint}</Hint>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        autoComplete={p.autoComplete ?? 'off'}
        inputMode={p.inputMode}
        spellCheck={p.spellCheck ?? false}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
        onChange={(e) => p.onChange(e.target.value)}
      />
      <FieldError name={p.name} error={p.error} />
    </div>
  );
}

export function SelectField(p: { name: string; label: ReactNode; hint?: ReactNode; value: string; error?: string; onChange: (v: string) => void; options: [string, string][]; autoComplete?: string }) {
  const id = fieldId(p.name);
  return (
    <div className={`field${p.error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{p.label}</label>
      <Hint name={p.name}>{p.hint}</Hint>
      <select
        id={id}
        name={p.name}
        value={p.value}
        autoComplete={p.autoComplete}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
        onChange={(e) => p.onChange(e.target.value)}
      >
        <option value="">Choose…</option>
        {p.options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
      <FieldError name={p.name} error={p.error} />
    </div>
  );
}

/** A radio group; the first radio carries the field's id so an error link can focus it. */
export function RadioGroup(p: { name: string; legend: ReactNode; hint?: ReactNode; value: string; error?: string; onChange: (v: string) => void; options: { value: string; label: ReactNode; hint?: ReactNode }[] }) {
  return (
    <fieldset className={`field${p.error ? ' has-error' : ''}`} aria-describedby={describedBy(p.name, p.hint, p.error)}>
      <legend>{p.legend}</legend>
      <Hint name={p.name}>{p.hint}</Hint>
      {p.options.map((o, i) => {
        const id = i === 0 ? fieldId(p.name) : `${fieldId(p.name)}-${o.value}`;
        return (
          <label key={o.value} className="choice" htmlFor={id}>
            <input
              id={id}
              type="radio"
              name={p.name}
              value={o.value}
              checked={p.value === o.value}
              aria-invalid={p.error ? true : undefined}
              onChange={() => p.onChange(o.value)}
            />
            <span>
              {o.label}
              {o.hint ? <span className="hint">{o.hint}</span> : null}
            </span>
          </label>
        );
      })}
      <FieldError name={p.name} error={p.error} />
    </fieldset>
  );
}

export function Checkbox(p: { name: string; id?: string; label: ReactNode; hint?: ReactNode; checked: boolean; error?: string; onChange: (v: boolean) => void }) {
  const id = p.id ?? fieldId(p.name);
  return (
    <div className={`field${p.error ? ' has-error' : ''}`}>
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          name={p.name}
          checked={p.checked}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={describedBy(p.name, p.hint, p.error)}
          onChange={(e) => p.onChange(e.target.checked)}
        />
        <span>
          {p.label}
          <Hint name={p.name}>{p.hint}</Hint>
        </span>
      </label>
      <FieldError name={p.name} error={p.error} />
    </div>
  );
}

/** "There is a problem" box at the top of a step; each message links to its field. */
export function ErrorSummary({ errors, onJump, summaryRef }: { errors: Record<string, string>; onJump: (field: string) => void; summaryRef: React.RefObject<HTMLDivElement | null> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="alert error error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={summaryRef}>
      <h2 id="error-summary-title" className="error-summary-title">
        There {entries.length === 1 ? 'is a problem' : `are ${entries.length} problems`} with your answers
      </h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a
              href={`#${fieldId(field)}`}
              onClick={(e) => {
                e.preventDefault();
                onJump(field);
              }}
            >
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
