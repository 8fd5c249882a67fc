import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { disbursements, payoutRuns } from '@/db/schema';
import { netFundCents } from '@/lib/settlements/config';
import type { Settlement } from '@/lib/settlements/service';
import { AppError } from '@/lib/errors';
import { decryptJson } from '@/lib/privacy/crypto';
import { settlementKey } from '@/lib/privacy/keys';
import { reconcileRun, type Reconciliation } from './reconcile';
import { sha256 } from './service';

/**
 * What the finance pages and the dashboard panel show (read only): per approved run its reconciliation
 * per rail (lib/disburse/reconcile.ts), its batches, its failures (claim ID, rail, state, code and
 * amount — never a handle or account), re-issues, and the money remaining in the fund.
 */

export type FailureRow = { claimId: string; rail: string | null; state: string; code: string | null; amountCents: number; attempt: number | null };
export type BatchRow = { id: string; rail: string; batchNo: number; status: string; payments: number; amountCents: number; files: { name: string; rows: number; amountCents: number }[]; createdBy: string; createdAt: Date; approvedBy: string | null };
export type RunOverview = {
  runId: string;
  round: number;
  status: string;
  approvedBy: string | null;
  computedBy: string | null;
  reconciliation: Reconciliation;
  batches: BatchRow[];
  failures: FailureRow[];
  reissues: number;
};
export type DisbursementOverview = { netFundCents: number; paidCents: number; remainingCents: number; runs: RunOverview[] };

const FAILED_STATES = ['failed', 'returned', 'unclaimed', 'voided', 'uncashed'];

export async function disbursementOverview(db: Db, s: Settlement, opts: { failuresPerRun?: number } = {}): Promise<DisbursementOverview> {
  const runs = await db
    .select()
    .from(payoutRuns)
    .where(and(eq(payoutRuns.settlementId, s.id), inArray(payoutRuns.status, ['approved', 'locked'])))
    .orderBy(desc(payoutRuns.round), desc(payoutRuns.approvedAt));
  const out: RunOverview[] = [];
  for (const r of runs) {
    const reconciliation = await reconcileRun(db, r.id);
    const batches = (await db.select().from(disbursements).where(eq(disbursements.runId, r.id)).orderBy(disbursements.rail, disbursements.batchNo)).map((d) => ({
      id: d.id,
      rail: d.rail,
      batchNo: d.batchNo,
      status: d.status,
      payments: d.payments,
      amountCents: d.amountCents,
      files: d.files.map((f) => ({ name: f.name, rows: f.rows, amountCents: f.amountCents })),
      createdBy: d.createdBy,
      createdAt: d.createdAt,
      approvedBy: r.approvedBy,
    }));
    const failures = rowsOf<{ claim_id: string; rail: string | null; state: string; code: string | null; amount: string | number; attempt: number | null }>(
      await db.execute(sql`
        select c.claim_id, a.rail, p.state, a.result_code as code, p.amount_cents as amount, a.attempt
          from payments p join claims c on c.id = p.claim_pk
          left join lateral (select x.rail, x.result_code, x.attempt from payment_attempts x where x.run_id = p.run_id and x.claim_pk = p.claim_pk order by x.attempt desc limit 1) a on true
         where p.run_id = ${r.id} and p.state = any(${`{${FAILED_STATES.join(',')}}`}::text[])
         order by c.claim_id limit ${opts.failuresPerRun ?? 200}`),
    ).map((f) => ({ claimId: f.claim_id, rail: f.rail, state: f.state, code: f.code, amountCents: Number(f.amount), attempt: f.attempt == null ? null : Number(f.attempt) }));
    const [{ n }] = rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from payment_events where run_id = ${r.id} and to_state = 'reissued'`));
    out.push({ runId: r.id, round: r.round, status: r.status, approvedBy: r.approvedBy, computedBy: r.createdBy, reconciliation, batches, failures, reissues: Number(n) });
  }
  const net = netFundCents(s.config);
  const paidCents = out.reduce((t, r) => t + r.reconciliation.total.confirmed.cents, 0);
  return { netFundCents: net, paidCents, remainingCents: net - paidCents, runs: out };
}

/** The settings a rail used last in this settlement (the console pre-fills the start form with them), or null. */
export async function lastRailConfig(db: Db, settlementId: string, rail: string): Promise<Record<string, unknown> | null> {
  const [d] = await db
    .select({ railConfig: disbursements.railConfig })
    .from(disbursements)
    .where(and(eq(disbursements.settlementId, settlementId), eq(disbursements.rail, rail as (typeof disbursements.$inferSelect)['rail'])))
    .orderBy(desc(disbursements.createdAt))
    .limit(1);
  return (d?.railConfig as Record<string, unknown> | undefined) ?? null;
}

/** One stored file of a disbursement batch (sealed with the batch: it holds payees' accounts), checked against its recorded SHA-256. */
export async function disbursementFile(db: Db, settlementId: string, disbursementId: string, index: number): Promise<{ name: string; data: Buffer; rail: string; batchNo: number; runId: string } | null> {
  const [d] = await db.select().from(disbursements).where(and(eq(disbursements.id, disbursementId), eq(disbursements.settlementId, settlementId)));
  if (!d) return null;
  const key = await settlementKey(db, settlementId);
  const files = decryptJson<{ name: string; data: string }[]>(key, d.content, 'disbursements.content');
  const f = files[index];
  if (!f) return null;
  const data = Buffer.from(f.data, 'base64');
  if (sha256(data) !== d.files[index]?.sha256) throw new AppError('internal', `disbursement ${d.id}: stored file ${f.name} does not match its recorded SHA-256`);
  return { name: f.name, data, rail: d.rail, batchNo: d.batchNo, runId: d.runId };
}
