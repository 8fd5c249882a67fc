import Link from 'next/link';
import type { SettlementConfig } from '@/lib/settlements/config';
import { formatLongDate, timeLeft } from '@/lib/settlements/deadlines';
import { siteDocuments } from '@/lib/settlements/documents';
import {
  allocationParagraphs,
  deadlineText,
  formatCents,
  formatDollars,
  fundBreakdown,
  standardQuestions,
  tierUnitsText,
} from '@/lib/settlements/notice-text';
import { percentText, publicEstimate, tierMixText } from '@/lib/settlements/estimate';

type C = { config: SettlementConfig };

/** The four things a class member can do, each with what it means for their rights and whether it is still open. */
export function Actions({ config, now }: C & { now: Date }) {
  const tz = config.dates.timeZone;
  const base = `/${config.slug}`;
  const items = [
    { key: 'claim', href: `${base}/claim`, title: 'File a claim', what: 'The only way to get a payment.', rights: 'You stay in the class and give up the right to sue the defendants separately about these claims.', deadline: config.dates.claimDeadline, primary: true },
    { key: 'status', href: `${base}/status`, title: 'Check my claim', what: 'See where your claim stands, fix a problem, or change how you are paid.', rights: 'Use the claim ID from your confirmation.', deadline: null, primary: false },
    { key: 'exclude', href: `${base}/exclude`, title: 'Exclude myself', what: 'Ask to be left out of the settlement.', rights: 'You get no payment, and you keep your right to sue the defendants on your own.', deadline: config.dates.optOutDeadline, primary: false },
    { key: 'object', href: `${base}/object`, title: 'Object', what: 'Tell the Court what you do not like about the settlement.', rights: 'You stay in the class; you may still file a claim.', deadline: config.dates.objectionDeadline, primary: false },
  ];
  return (
    <ul className="actions site-actions" aria-label="Your options">
      {items.map((a) => {
        const left = a.deadline ? timeLeft(now, a.deadline, tz) : null;
        return (
          <li key={a.key}>
            <Link href={a.href} className={`action${a.primary && !left?.passed ? ' primary' : ''}${left?.passed ? ' closed' : ''}`} data-action={a.key}>
              <strong>{a.title}</strong>
              <span>{a.what}</span>
              <span className="action-rights">{a.rights}</span>
              {left && (
                <span className="action-deadline">
                  {left.passed ? (
                    <>
                      <span className="badge danger">Closed</span> Deadline was {formatLongDate(a.deadline!)}
                    </>
                  ) : (
                    <>
                      Deadline {formatLongDate(a.deadline!)} · <b>{left.label}</b>
                    </>
                  )}
                </span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function Classes({ config }: C) {
  return (
    <div className="grid grid-2">
      {config.tiers.map((t) => (
        <div className="card tier" key={t.key}>
          <h3>{t.name}</h3>
          <p className="tier-units">
            <span className="badge">{tierUnitsText(t)}</span>
          </p>
          <p>{t.description}</p>
        </div>
      ))}
    </div>
  );
}

/** The claims received so far that may still be paid, and their shares (lib/dashboard/stats.ts). */
export type LiveClaims = { claims: number; shares: number };

export function Payments({ config, live }: C & { live: LiveClaims }) {
  const { gross, deductions, net } = fundBreakdown(config);
  const estimate = publicEstimate(config, live);
  const [first, ...rest] = allocationParagraphs(config);
  return (
    <>
      <p>{first}</p>
      <div className="table-wrap fund-table">
        <table>
          <caption className="visually-hidden">How the settlement fund is shared</caption>
          <tbody>
            <tr>
              <th scope="row">Settlement fund</th>
              <td className="num">{formatCents(gross)}</td>
            </tr>
            {deductions.map((d) => (
              <tr key={d.label}>
                <th scope="row">
                  Less {d.label.toLowerCase()} <span className="muted small">(requested; the Court decides)</span>
                </th>
                <td className="num">−{formatCents(d.cents)}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">Net settlement fund shared by claimants</th>
              <td className="num">{formatCents(net)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {rest.map((p) => (
        <p key={p}>{p}</p>
      ))}
      {estimate && (
        <div className="card estimate" aria-labelledby="estimate-title">
          <h3 id="estimate-title">Illustrative estimate — not a promise</h3>
          {estimate.basis === 'projection' ? (
            <p>
              If {percentText(estimate.claimRate!)} of the {config.classSize!.toLocaleString('en-US')} class members (about{' '}
              {estimate.claimants.toLocaleString('en-US')} people) file valid claims, assuming{' '}
              <span data-testid="estimate-mix">{tierMixText(estimate)}</span>, one share would be worth about <b>{formatCents(estimate.perShareCents)}</b>:
            </p>
          ) : (
            <p>
              More claims have been filed than expected. If the claim period ended today, the {estimate.claimants.toLocaleString('en-US')} claims
              received so far that are not denied or withdrawn (holding {estimate.shares.toLocaleString('en-US')} shares) would share the net fund,
              and one share would be worth about <b>{formatCents(estimate.perShareCents)}</b>:
            </p>
          )}
          <ul className="estimate-list">
            {estimate.perTier.map((t) => (
              <li key={t.key}>
                {t.name}: about <b>{formatCents(t.cents!)}</b>
              </li>
            ))}
          </ul>
          <p className="muted small" data-testid="estimate-live">
            Claims received so far: {live.claims.toLocaleString('en-US')} (updated as claims arrive).
          </p>
          <p className="muted small">
            The real amounts will be known only after the claim deadline, when valid claims are counted and the Court has ruled on fees and
            costs. If more people claim, each share is worth less; if fewer claim, more.
          </p>
        </div>
      )}
    </>
  );
}

export function KeyDates({ config, now }: C & { now: Date }) {
  const d = config.dates;
  const tz = d.timeZone;
  const rows: { event: string; date: string; when: string; deadline: boolean }[] = [
    { event: 'Notice issued', date: d.noticeDate, when: formatLongDate(d.noticeDate), deadline: false },
    { event: 'Deadline to exclude yourself', date: d.optOutDeadline, when: deadlineText(d.optOutDeadline, tz), deadline: true },
    { event: 'Deadline to object', date: d.objectionDeadline, when: deadlineText(d.objectionDeadline, tz), deadline: true },
    { event: 'Deadline to file a claim', date: d.claimDeadline, when: deadlineText(d.claimDeadline, tz), deadline: true },
    { event: 'Final Approval Hearing', date: d.finalApprovalHearing, when: formatLongDate(d.finalApprovalHearing), deadline: false },
  ];
  if (d.paymentDate) rows.push({ event: 'Payments expected to begin (if approved)', date: d.paymentDate, when: `About ${formatLongDate(d.paymentDate)}`, deadline: false });
  rows.sort((a, b) => a.date.localeCompare(b.date));
  return (
    <div className="table-wrap">
      <table className="dates-table">
        <caption className="visually-hidden">Key dates</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">When</th>
            <th scope="col">Time left</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const left = timeLeft(now, r.date, tz);
            return (
              <tr key={r.event} className={left.passed ? 'past' : ''}>
                <th scope="row">{r.event}</th>
                <td>{r.when}</td>
                <td>
                  {r.deadline ? (
                    <span className={`badge ${left.passed ? 'danger' : left.days <= 7 ? 'warn' : 'ok'}`}>{left.label}</span>
                  ) : left.passed ? (
                    <span className="muted">Past</span>
                  ) : (
                    <span className="muted">{left.days === 0 ? 'Today' : `In ${left.days} day${left.days === 1 ? '' : 's'}`}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Native details/summary: operable with Tab, Enter and Space, announced as expandable by screen readers. */
export function Faq({ config }: C) {
  const questions = [...config.faq, ...standardQuestions(config)];
  return (
    <div className="faq">
      {questions.map((q, i) => (
        <details key={q.q} id={`faq-${i + 1}`}>
          <summary>{q.q}</summary>
          <div>
            <p>{q.a}</p>
          </div>
        </details>
      ))}
    </div>
  );
}

export function Documents({ config }: C) {
  const docs = siteDocuments(config);
  return (
    <ul className="doc-list">
      {docs.map((d) => (
        <li key={d.title}>
          <span className="doc-title">
            {d.url ? (
              <a href={d.url} {...(d.kind === 'external' ? { rel: 'noopener', target: '_blank' } : {})}>
                {d.title}
              </a>
            ) : (
              d.title
            )}
          </span>
          <span className="doc-meta">
            {d.date ? `${formatLongDate(d.date)} · ` : ''}
            {d.kind === 'external' ? 'Court docket (opens in a new tab)' : d.url ? 'PDF' : 'Not yet posted — available from the Administrator on request'}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function Contact({ config }: C) {
  return (
    <div className="grid grid-2">
      <dl className="kv card">
        <dt>Phone (toll-free)</dt>
        <dd>
          <a href={`tel:${config.contact.phone.replace(/[^\d+]/g, '')}`}>{config.contact.phone}</a>
        </dd>
        <dt>Email</dt>
        <dd>
          <a href={`mailto:${config.contact.email}`}>{config.contact.email}</a>
        </dd>
        <dt>Mail</dt>
        <dd>{config.contact.mail}</dd>
      </dl>
      <div className="card">
        <p>
          <b>Please do not contact the Court</b> or the Clerk&apos;s office about this settlement. The Settlement Administrator answers
          questions on the Court&apos;s behalf.
        </p>
        <p className="small muted">
          Official messages come only from {config.contact.email.split('@')[1]} and {config.contact.phone}. We never ask for a fee to file a claim.
        </p>
      </div>
    </div>
  );
}

export function fundHeadline(config: SettlementConfig): string {
  return `${formatDollars(config.grossFundCents)} settlement`;
}
