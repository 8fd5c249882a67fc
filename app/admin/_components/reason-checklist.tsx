import type { Ref } from 'react';

/**
 * The reason codes of a denial as a list of check boxes, with the field's error tied to the group:
 * one for a single claim (the claim view) and for a bulk decision (the review queue).
 */
export function ReasonChecklist({
  legend,
  reasons,
  error,
  errorId,
  firstRef,
}: {
  legend: string;
  reasons: { code: string; label: string }[];
  error?: string;
  errorId: string;
  firstRef?: Ref<HTMLInputElement>;
}) {
  return (
    <fieldset className="field" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="check-list">
        {reasons.map((r, i) => (
          <label key={r.code} className="check">
            <input ref={i === 0 ? firstRef : undefined} type="checkbox" name="reasonCodes" value={r.code} /> {r.label} <code className="small">{r.code}</code>
          </label>
        ))}
      </div>
      {error ? (
        <p className="inline-msg error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
