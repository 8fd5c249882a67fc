import type { Metadata } from 'next';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { ActionForm } from '@/app/admin/_components/action-form';
import { getDb } from '@/db/client';
import { noticeCounts } from '@/lib/notices/counts';
import { importBouncesAction, issueNoticesAction, startCampaignAction } from './actions';
import { RefreshWhile } from './refresh';

export const metadata: Metadata = { title: 'Notices' };

const n = (v: number) => v.toLocaleString('en-US');

export default async function NoticesPage({ params }: { params: Promise<{ slug: string }> }) {
  await connection();
  const { slug } = await params;
  const { settlement } = await requireStaff('notices:manage', { settlementSlug: slug });
  const c = await noticeCounts(await getDb(), settlement!.id);
  const toSend = c.sent + c.resent + c.failed + c.queued + c.inDoubt;
  const done = toSend - c.queued - c.inDoubt;
  const pct = toSend ? Math.round((100 * done) / toSend) : 0;
  const withoutNotice = c.classMembers - c.issued;
  return (
    <div className="admin-page notices-page">
      <RefreshWhile active={c.queued > 0} />
      <div className="page-head">
        <h1>Notices</h1>
        <p className="muted">Notice IDs and confirmation codes, the e-mail campaign, the mail vendor’s files and bounces. Every step is recorded in the audit log.</p>
      </div>

      <section className="card" aria-labelledby="issue-h">
        <h2 id="issue-h">1. Issue notices</h2>
        <p>
          {n(c.issued)} of {n(c.classMembers)} class members have a Notice ID and confirmation code{withoutNotice > 0 ? `; ${n(withoutNotice)} do not yet` : ''}.
        </p>
        <ActionForm action={issueNoticesAction.bind(null, slug)} label="Issue notices">
          <button className="btn" type="submit" disabled={withoutNotice === 0}>
            Issue notices{withoutNotice > 0 ? ` to ${n(withoutNotice)} members` : ''}
          </button>
        </ActionForm>
      </section>

      <section className="card" aria-labelledby="send-h">
        <h2 id="send-h">2. E-mail campaign</h2>
        <div className="progress-wrap">
          <label htmlFor="send-progress">
            Sent {n(done)} of {n(toSend)} messages{c.queued > 0 ? ' — sending…' : ''}
          </label>
          <progress id="send-progress" max={Math.max(1, toSend)} value={done} aria-valuetext={`${pct}%`}>
            {pct}%
          </progress>
        </div>
        <dl className="stat-grid">
          {(
            [
              ['Sent', c.sent],
              ['Delivered', c.delivered],
              ['Bounced', c.bounced],
              ['Re-sent', c.resent],
              ['Queued', c.queued],
              ['Sending / in doubt', c.inDoubt],
              ['Failed', c.failed],
              ['No usable e-mail', c.noEmail],
            ] as const
          ).map(([label, v]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{n(v)}</dd>
            </div>
          ))}
        </dl>
        {c.staleSending > 0 && (
          <p className="alert warn" role="note">
            {n(c.staleSending)} message(s) are in doubt: a sender stopped after handing them to the mail relay but before recording it. They are not sent again automatically. Check their Message-IDs in the relay log
            (<code>fairshare notices send</code> lists them), then run <code>--mark-in-doubt-sent</code> or <code>--retry-in-doubt</code>.
          </p>
        )}
        <ActionForm action={startCampaignAction.bind(null, slug)} label="Start the e-mail campaign" className="inline-form">
          <label htmlFor="rate">Rate (messages per second, optional)</label>
          <input id="rate" name="rate" inputMode="decimal" placeholder="e.g. 50" className="short" />
          <label className="check">
            <input type="checkbox" name="confirm" value="yes" /> Send the notice e-mail to every member not yet sent one
          </label>
          <button className="btn" type="submit" disabled={c.issued === 0}>
            {done > 0 ? 'Resume / send new and re-sends' : 'Start the campaign'}
          </button>
        </ActionForm>
      </section>

      <section className="card" aria-labelledby="files-h">
        <h2 id="files-h">3. Files for the mail vendor</h2>
        <p>These files hold confirmation codes. Give them only to the mail vendor, over its secure channel.</p>
        <p className="button-row">
          <a className="btn secondary" href={`/api/admin/${slug}/notices/export?kind=full`} download>
            Download the notice file (CSV)
          </a>
          <a className="btn secondary" href={`/api/admin/${slug}/notices/export?kind=postcards`} download>
            Download the postcard file (CSV)
          </a>
        </p>
        <p className="muted small">Postcards: members without a usable e-mail (none, or bounced) who have a mailing address. Last postcard file: {n(c.postcards)} rows.</p>
      </section>

      <section className="card" aria-labelledby="bounce-h">
        <h2 id="bounce-h">4. Bounces</h2>
        <ActionForm action={importBouncesAction.bind(null, slug)} label="Import bounces">
          <label htmlFor="bounce-file">Bounce report (CSV: email or notice_id, type hard|soft, reason, bounced_at)</label>
          <input id="bounce-file" name="file" type="file" accept=".csv,text/csv" required />
          <button className="btn secondary" type="submit">
            Import bounces
          </button>
        </ActionForm>
      </section>
      <p className="muted small">
        From the command line: <code>npx fairshare notices issue</code>, <code>notices send --rate 50</code>, <code>notices export --out notices.csv</code>, <code>notices bounces bounces.csv</code>.
      </p>
    </div>
  );
}
