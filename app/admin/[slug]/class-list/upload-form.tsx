'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';

type Result = {
  file: string;
  mode: string;
  rows: number;
  members: number;
  added: number;
  removed: number;
  changedAttributes: number;
  changedContact: number;
  unchanged: number;
  changedByAttribute: Record<string, number>;
};
type Outcome = { ok: true; result: Result } | { ok: false; message: string; errors: string[]; errorCount: number } | { error: string };

const n = (x: number) => x.toLocaleString('en-US');

/** The upload: the file is sent as the request body (streamed to disk by the route), then the outcome is shown. */
export function ClassListUpload({ slug }: { slug: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setFileError('Choose a CSV file to import.');
      input.current?.focus();
      return;
    }
    setFileError(null);
    setOutcome(null);
    setBusy(true);
    const mode = new FormData(e.currentTarget).get('mode') === 'replace' ? 'replace' : 'merge';
    try {
      const res = await fetch(`/api/admin/${encodeURIComponent(slug)}/class-list?mode=${mode}`, {
        method: 'POST',
        body: file,
        headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(file.name) },
      });
      const body = (await res.json().catch(() => ({ error: `The server answered ${res.status}.` }))) as Outcome;
      setOutcome(body);
      // The "Current list" summary is rendered on the server: refresh it after a successful import.
      if ('ok' in body && body.ok) router.refresh();
    } catch {
      setOutcome({ error: 'The upload did not reach the server. Check the connection and try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form onSubmit={submit} noValidate aria-describedby="classlist-outcome">
        <div className={`field${fileError ? ' has-error' : ''}`}>
          <label htmlFor="classlist-file">Class-list file (CSV)</label>
          <input ref={input} id="classlist-file" name="file" type="file" accept=".csv,text/csv" aria-invalid={fileError ? true : undefined} aria-describedby={fileError ? 'classlist-file-error' : undefined} />
          {fileError && (
            <span id="classlist-file-error" className="field-error">
              {fileError}
            </span>
          )}
        </div>
        <fieldset className="field">
          <legend>Members already on the list but missing from this file</legend>
          <label className="choice">
            <input type="radio" name="mode" value="merge" defaultChecked />
            <span>
              <strong>Keep them</strong> (merge): add new records and update changed ones.
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="mode" value="replace" />
            <span>
              <strong>Remove them</strong> (replace): the file becomes the whole list. Refused if a claim is matched to a member it would remove.
            </span>
          </label>
        </fieldset>
        <button className="btn" type="submit" disabled={busy} aria-busy={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      <div id="classlist-outcome" aria-live="polite">
        {busy && (
          <p role="status" className="muted">
            Reading and checking the file. A large file takes a while; keep this page open.
          </p>
        )}
        {outcome && 'result' in outcome && outcome.ok && <Changes r={outcome.result} />}
        {outcome && 'ok' in outcome && !outcome.ok && (
          <div className="alert error" role="alert">
            <strong>{outcome.message}</strong>
            {outcome.errors.length > 0 && (
              <ul>
                {outcome.errors.map((e, i) => (
                  <li key={i}>
                    <code>{e}</code>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {outcome && 'error' in outcome && (
          <p className="alert error" role="alert">
            {outcome.error}
          </p>
        )}
      </div>
    </>
  );
}

function Changes({ r }: { r: Result }) {
  const attrs = Object.entries(r.changedByAttribute);
  return (
    <div className="alert ok" role="status">
      <strong>
        Imported {n(r.rows)} records from {r.file} ({r.mode}). The class list now has {n(r.members)} members.
      </strong>
      <ul>
        <li>Added: {n(r.added)}</li>
        <li>Removed: {n(r.removed)}</li>
        <li>
          Changed attributes: {n(r.changedAttributes)}
          {attrs.length > 0 && ` (${attrs.map(([k, v]) => `${k}: ${n(v)}`).join(', ')})`}
        </li>
        <li>Changed contact details: {n(r.changedContact)}</li>
        <li>Unchanged: {n(r.unchanged)}</li>
      </ul>
    </div>
  );
}
