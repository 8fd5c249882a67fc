import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { loadRun } from '@/lib/payouts/runner';
import { RAIL_OF_METHOD, type PaymentState } from './lifecycle';

/**
 * Reconciliation of one payout run, per rail and in total, to the cent (reliability.md §2.4). Every
 * payment of the run (above 0 cents) is in exactly one bucket, by its state:
 *   not_sent (pending, reissued, queued) · sent (submitted: in flight) · confirmed (paid) · unclaimed ·
 *   failed · returned · voided · uncashed
 * and intended = the sum of the buckets = the run's allocated amount. outstanding = intended −
 * confirmed. Then the cross-checks a bank would make: every payment out of the fund has one current
 * attempt of the same amount in the same state; every file's total is its attempts' total. Any
 * difference is an exception row — a mismatch is an alert, not a footnote.
 */

export const BUCKETS = ['not_sent', 'sent', 'confirmed', 'unclaimed', 'failed', 'returned', 'voided', 'uncashed'] as const;
export type Bucket = (typeof BUCKETS)[number];
export type Money = { count: number; cents: number };
export type RailLine = { rail: string; intended: Money; outstanding: Money; unspentCents: number } & Record<Bucket, Money>;
export type Reconciliation = { runId: string; allocatedCents: number; rails: RailLine[]; total: RailLine; exceptions: string[]; balanced: boolean };

export const BUCKET_OF: Record<Exclude<PaymentState, 'no_payment'>, Bucket> = {
  pending: 'not_sent',
  reissued: 'not_sent',
  queued: 'not_sent',
  submitted: 'sent',
  paid: 'confirmed',
  unclaimed: 'unclaimed',
  failed: 'failed',
  returned: 'returned',
  voided: 'voided',
  uncashed: 'uncashed',
};

const zero = (): Money => ({ count: 0, cents: 0 });
function emptyLine(rail: string): RailLine {
  return { rail, intended: zero(), outstanding: zero(), unspentCents: 0, ...(Object.fromEntries(BUCKETS.map((b) => [b, zero()])) as Record<Bucket, Money>) };
}

export type StateRow = { rail: string; state: string; count: number; cents: number; unspentCents: number };

/** Pure core: the per-rail lines, the total and the balance checks from grouped rows. */
export function reconcile(runId: string, allocatedCents: number, rows: StateRow[], extraExceptions: string[] = []): Reconciliation {
  const lines = new Map<string, RailLine>();
  const total = emptyLine('total');
  const exceptions = [...extraExceptions];
  for (const r of rows) {
    if (r.state === 'no_payment') continue;
    const bucket = BUCKET_OF[r.state as keyof typeof BUCKET_OF];
    if (!bucket) {
      exceptions.push(`${r.count} payment(s) by ${r.rail} are in an unknown state "${r.state}" (${r.cents} cents)`);
      continue;
    }
    const line = lines.get(r.rail) ?? emptyLine(r.rail);
    lines.set(r.rail, line);
    for (const l of [line, total]) {
      l[bucket].count += r.count;
      l[bucket].cents += r.cents;
      l.intended.count += r.count;
      l.intended.cents += r.cents;
      l.unspentCents += r.unspentCents;
      if (bucket !== 'confirmed') {
        l.outstanding.count += r.count;
        l.outstanding.cents += r.cents;
      }
    }
  }
  for (const l of [...lines.values(), total]) {
    const sum = BUCKETS.reduce((t, b) => t + l[b].cents, 0);
    if (sum !== l.intended.cents) exceptions.push(`${l.rail}: the buckets add up to ${sum} cents, intended is ${l.intended.cents}`);
  }
  if (total.intended.cents !== allocatedCents) exceptions.push(`the run allocated ${allocatedCents} cents but its payments total ${total.intended.cents}`);
  const rails = [...lines.values()].sort((a, b) => a.rail.localeCompare(b.rail));
  return { runId, allocatedCents, rails, total, exceptions, balanced: exceptions.length === 0 };
}

/** The loader: grouped rows and the cross-checks from the database. */
export async function reconcileRun(db: Db, runId: string): Promise<Reconciliation> {
  const run = await loadRun(db, runId);
  const railCase = sql.raw(
    `case c.payment_method ${Object.entries(RAIL_OF_METHOD)
      .map(([m, r]) => `when '${m}' then ${r ? `'${r}'` : `'none'`}`)
      .join(' ')} else 'none' end`,
  );
  const rows = rowsOf<{ rail: string; state: string; n: string | number; cents: string | number; unspent: string | number }>(
    await db.execute(sql`
      select coalesce(a.rail, ${railCase}) as rail, p.state, count(*) as n, sum(p.amount_cents) as cents, coalesce(sum(a.unspent_cents), 0) as unspent
        from payments p join claims c on c.id = p.claim_pk
        left join lateral (select x.rail, x.unspent_cents from payment_attempts x where x.run_id = p.run_id and x.claim_pk = p.claim_pk order by x.attempt desc limit 1) a on true
       where p.run_id = ${runId}
       group by 1, 2`),
  );
  const exceptions: string[] = [];
  // Every payment whose money is (or may be) out must have a current attempt of the same amount and state.
  const drift = rowsOf<{ claim_id: string; state: string; amount: string | number; a_state: string | null; a_amount: string | number | null }>(
    await db.execute(sql`
      select c.claim_id, p.state, p.amount_cents as amount, a.state as a_state, a.amount_cents as a_amount
        from payments p join claims c on c.id = p.claim_pk
        left join lateral (select x.state, x.amount_cents from payment_attempts x where x.run_id = p.run_id and x.claim_pk = p.claim_pk order by x.attempt desc limit 1) a on true
       where p.run_id = ${runId} and p.state in ('queued', 'submitted', 'paid', 'unclaimed', 'failed', 'returned', 'voided', 'uncashed')
         and (a.state is null or a.state <> p.state or a.amount_cents <> p.amount_cents)
       limit 100`),
  );
  for (const d of drift)
    exceptions.push(
      d.a_state === null
        ? `${d.claim_id}: ${d.state} but no attempt was recorded`
        : `${d.claim_id}: the payment is ${d.state} (${d.amount} cents), its current attempt ${d.a_state} (${d.a_amount} cents)`,
    );
  const files = rowsOf<{ rail: string; batch_no: number; amount: string | number; attempts: string | number | null }>(
    await db.execute(sql`
      select d.rail, d.batch_no, d.amount_cents as amount, (select sum(a.amount_cents) from payment_attempts a where a.disbursement_id = d.id) as attempts
        from disbursements d where d.run_id = ${runId}`),
  );
  for (const f of files)
    if (Number(f.amount) !== Number(f.attempts ?? 0)) exceptions.push(`${f.rail} batch ${f.batch_no}: the file totals ${f.amount} cents, its attempts ${f.attempts ?? 0}`);
  return reconcile(
    runId,
    run.allocatedCents ?? 0,
    rows.map((r) => ({ rail: r.rail, state: r.state, count: Number(r.n), cents: Number(r.cents), unspentCents: Number(r.unspent) })),
    exceptions,
  );
}
