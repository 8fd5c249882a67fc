import Link from 'next/link';
import type { NoticeCounts } from '@/lib/notices/counts';
import { NoticeFunnelChart } from './notice-funnel-chart';

const n = (v: number) => v.toLocaleString('en-US');
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');

/** The dashboard's notice panel: the outbox's counts and the funnel (lib/notices/counts.ts). */
export function NoticePanel({ counts: c, slug, canManage }: { counts: NoticeCounts; slug: string; canManage: boolean }) {
  const f = c.funnel;
  const steps = [
    { label: 'Class members', value: f.classMembers },
    { label: 'Notified', value: f.notified },
    { label: 'Reached', value: f.reached },
    { label: 'Claims', value: f.claims },
    { label: 'Verified', value: f.verified },
  ];
  return (
    <section className="card notice-panel" aria-labelledby="notice-h" data-testid="notice-panel">
      <h2 id="notice-h">Notice</h2>
      <NoticeFunnelChart steps={steps} />
      <table className="data-table">
        <caption className="sr-only">Notice funnel</caption>
        <tbody>
          {steps.map((s, i) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              <td className="num">{n(s.value)}</td>
              <td className="num muted">{i === 0 ? '' : pct(s.value, f.classMembers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        E-mail: {n(c.sent)} sent, {n(c.delivered)} delivered, {n(c.bounced)} bounced, {n(c.resent)} re-sent · {n(c.postcards)} postcards
        {c.queued > 0 ? ` · ${n(c.queued)} queued` : ''}
        {canManage ? (
          <>
            {' '}
            · <Link href={`/admin/${slug}/notices`}>Manage notices</Link>
          </>
        ) : null}
      </p>
    </section>
  );
}
