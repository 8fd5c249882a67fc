import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requireStaff } from '@/app/_lib/auth';
import { getDb } from '@/db/client';
import { formatCents } from '@/lib/money';
import { compareRuns } from '@/lib/payouts/compare';
import { getRun } from '@/lib/payouts/service';

export const metadata: Metadata = { title: 'Compare payout runs' };

export default async function ComparePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ run?: string | string[] }> }) {
  await connection();
  const { slug } = await params;
  const { settlement } = await requireStaff('payouts:compute', { settlementSlug: slug });
  const ids = [(await searchParams).run ?? []].flat().slice(0, 2);
  const db = await getDb();
  const [a, b] = await Promise.all(ids.map((id) => getRun(db, settlement!.id, id)));
  if (!a || !b)
    return (
      <div className="admin-page">
        <h1>Compare payout runs</h1>
        <p role="alert">Choose two runs to compare on the <Link href={`/admin/${slug}/payouts`}>payout runs page</Link>.</p>
      </div>
    );
  const c = compareRuns(a, b);
  return (
    <div className="admin-page">
      <p>
        <Link href={`/admin/${slug}/payouts`}>← Payout runs</Link>
      </p>
      <h1>
        Run {a.id.slice(0, 8)} beside run {b.id.slice(0, 8)}
      </h1>
      <section className="card">
        <h2>What changed and why</h2>
        {c.reasons.length ? (
          <ul>
            {c.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        ) : (
          <p>The two runs have the same inputs: the same payments.</p>
        )}
      </section>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col"></th>
              <th scope="col">Run {a.id.slice(0, 8)}</th>
              <th scope="col">Run {b.id.slice(0, 8)}</th>
            </tr>
          </thead>
          <tbody>
            {c.rows.map((r) => (
              <tr key={r.label} className={r.a !== r.b ? 'changed' : undefined}>
                <th scope="row">{r.label}</th>
                <td>{r.money ? formatCents(Number(r.a)) : r.a}</td>
                <td>{r.money ? formatCents(Number(r.b)) : r.b}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
