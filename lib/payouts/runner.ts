import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq, sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import { rowsOf, type Db, type Handle } from '@/db/client';
import { payments, payoutRuns, settlements } from '@/db/schema';
import { appendAudit } from '@/lib/audit/service';
import { AppError } from '@/lib/errors';
import { pgPoolOf } from '@/lib/reports/pg-copy';
import type { SettlementConfig } from '@/lib/settlements/config';
import { allocate, Payer, type AllocationResult, type UnitGroup } from './allocate';
import { canonicalJson, planFor } from './plan';
import { loadAllocation, storeAllocation, type StoredAllocation } from './serialise';

/**
 * The batch runner of a payout run, in two streaming passes over the run's claims (approved claims for
 * round 1; for a later round, the claims whose previous-round payment was cashed):
 *
 *   pass 1  one GROUP BY (tier, units) → the summary → lib/payouts/allocate.ts → the allocation, stored
 *           on the run, so every later step (and a resumed run) pays from the same figures;
 *   pass 2  the claims in claim-id order by keyset pages of PAGE claims; each page's payments are
 *           written (PostgreSQL COPY; batched INSERT on PGlite) in one transaction with the run's
 *           progress (last claim id, running inputs hash, totals, the payer's partial-class count).
 *
 * Memory is one page. A run killed anywhere resumes from its last committed page: the page it was
 * writing was rolled back with its progress, so it is written once, and (run_id, claim_pk) is the
 * primary key besides. The progress update names the page it follows, so two workers given the same
 * run cannot both write a page: the second's transaction fails and it stops.
 *
 * The inputs hash is a chain over the same pages (their size is part of its definition):
 *   h0 = sha256("fairshare-payout-inputs-v1\n" + canonical JSON of the plan snapshot, deductions included)
 *   h_i = sha256(h_{i-1} + sha256(one "claim_pk,units,tier\n" line per claim of page i, in claim-id order))
 *   inputs hash = sha256(h_n + "\n" + claim count)
 */

export const PAGE = 50_000;

export type RunProgress = {
  pages: number;
  lastClaimPk: number;
  written: number;
  chain: string;
  seen: Record<string, number>;
  perTier: Record<string, { claims: number; units: number; cents: number; noPayment: number }>;
  /** amount in cents → number of claims paid it (few distinct amounts: at most two per units group). */
  amounts: Record<string, number>;
};

type RunRow = typeof payoutRuns.$inferSelect;
type ClaimRow = { id: number; units: number; tier: string; method: string };

export type Source = { settlementId: string; round: number; previousRunId?: string; states?: string[] };

export function codeVersion(): string {
  let version = 'unknown';
  try {
    version = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')).version;
  } catch {
    // Not started from a checkout: the version stays unknown.
  }
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).toString().trim();
    if (/^[0-9a-f]{7,40}$/.test(sha)) return `${version}+${sha}`;
  } catch {
    // No git (a packaged install): the package version alone.
  }
  return version;
}

/** The WHERE of a run's claims, as SQL text with $1… parameters (shared by both passes and verify). */
function sourceSql(src: Source): { from: string; values: unknown[] } {
  if (src.round === 1) return { from: `from claims c where c.settlement_id = $1 and c.status = 'approved'`, values: [src.settlementId] };
  if (!src.previousRunId) throw new AppError('conflict', `round ${src.round} needs the previous round's run`);
  return {
    from: `from claims c join payments p on p.claim_pk = c.id and p.run_id = $2 and p.state = any($3::text[]) where c.settlement_id = $1`,
    values: [src.settlementId, src.previousRunId, src.states ?? ['paid']],
  };
}

/** A raw query returning rows as arrays, on either driver (node-postgres or PGlite). */
async function queryArrays(db: Db, text: string, values: unknown[]): Promise<unknown[][]> {
  const pool = pgPoolOf(db);
  if (pool) return (await pool.query({ text, values, rowMode: 'array' })).rows;
  const client = (db as unknown as { $client: { query: (t: string, v: unknown[], o: unknown) => Promise<{ rows: unknown[][] }> } }).$client;
  return (await client.query(text, values, { rowMode: 'array' })).rows;
}

export async function summarise(db: Db, src: Source, poolOfTier: Map<string, string>): Promise<{ groups: UnitGroup[]; byTier: { tier: string; units: number; count: number }[] }> {
  const { from, values } = sourceSql(src);
  const rows = await queryArrays(db, `select c.tier, c.units, count(*) ${from} group by c.tier, c.units`, values);
  const byTier = rows.map(([tier, units, count]) => ({ tier: String(tier), units: units === null ? -1 : Number(units), count: Number(count) }));
  const missing = byTier.filter((r) => r.units < 0).reduce((s, r) => s + r.count, 0);
  if (missing) throw new AppError('conflict', `${missing} approved claim(s) have no units (not verified under the current configuration): verify them before computing a payout`);
  const unknown = byTier.filter((r) => !poolOfTier.has(r.tier));
  if (unknown.length) throw new AppError('conflict', `approved claims in tiers the configuration does not have: ${[...new Set(unknown.map((u) => u.tier))].join(', ')}`);
  const merged = new Map<string, UnitGroup>();
  for (const r of byTier) {
    const pool = poolOfTier.get(r.tier)!;
    const k = `${pool}\u0000${r.units}`;
    const g = merged.get(k);
    if (g) g.count += r.count;
    else merged.set(k, { pool, units: r.units, count: r.count });
  }
  return { groups: [...merged.values()], byTier };
}

export async function claimPage(db: Db, src: Source, afterId: number): Promise<ClaimRow[]> {
  const { from, values } = sourceSql(src);
  const n = values.length;
  const rows = await queryArrays(db, `select c.id, c.units, c.tier, c.payment_method ${from} and c.id > $${n + 1} order by c.id limit $${n + 2}`, [...values, afterId, PAGE]);
  return rows.map(([id, units, tier, method]) => ({ id: Number(id), units: Number(units), tier: String(tier), method: String(method) }));
}

export function initialChain(plan: Record<string, unknown>): string {
  return createHash('sha256').update(`fairshare-payout-inputs-v1\n${canonicalJson(plan)}`).digest('hex');
}

export function finalHash(chain: string, claims: number): string {
  return createHash('sha256').update(`${chain}\n${claims}`).digest('hex');
}

/** One page: the payments of its claims, the next link of the hash chain, the totals. Pure. */
export function payPage(
  page: ClaimRow[],
  payer: Payer,
  poolOfTier: Map<string, string>,
  progress: RunProgress,
): { amounts: number[]; next: RunProgress } {
  const h = createHash('sha256');
  const amounts = new Array<number>(page.length);
  const perTier = structuredClone(progress.perTier);
  const dist = { ...progress.amounts };
  let lines = '';
  for (let i = 0; i < page.length; i++) {
    const c = page[i];
    const cents = payer.pay(poolOfTier.get(c.tier)!, c.units);
    amounts[i] = cents;
    lines += `${c.id},${c.units},${c.tier}\n`;
    if (lines.length > 65536) {
      h.update(lines);
      lines = '';
    }
    const t = (perTier[c.tier] ??= { claims: 0, units: 0, cents: 0, noPayment: 0 });
    t.claims++;
    t.units += c.units;
    t.cents += cents;
    if (cents === 0) t.noPayment++;
    dist[cents] = (dist[cents] ?? 0) + 1;
  }
  h.update(lines);
  const chain = createHash('sha256').update(progress.chain + h.digest('hex')).digest('hex');
  return {
    amounts,
    next: {
      pages: progress.pages + 1,
      lastClaimPk: page.length ? page[page.length - 1].id : progress.lastClaimPk,
      written: progress.written + page.length,
      chain,
      seen: payer.snapshot(),
      perTier,
      amounts: dist,
    },
  };
}

const SAFE = /^[A-Za-z0-9_.:-]*$/;
function copyText(v: string): string {
  return SAFE.test(v) ? v : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Writes one page of payments and the progress after it, atomically. False when another worker got there first. */
async function writePage(db: Db, run: RunRow, page: ClaimRow[], amounts: number[], before: RunProgress, after: RunProgress): Promise<boolean> {
  const pool = pgPoolOf(db);
  if (pool) return writePagePg(pool, run, page, amounts, before, after);
  try {
    await db.transaction(async (tx) => {
      for (let i = 0; i < page.length; i += 1000) {
        await tx.insert(payments).values(
          page.slice(i, i + 1000).map((c, j) => ({
            runId: run.id,
            claimPk: c.id,
            round: run.round,
            amountCents: amounts[i + j],
            units: c.units,
            tier: c.tier,
            paymentMethod: c.method,
            state: amounts[i + j] > 0 ? 'pending' : 'no_payment',
          })),
        );
      }
      const updated = rowsOf(
        await tx.execute(sql`update payout_runs set progress = ${JSON.stringify(after)}::jsonb where id = ${run.id} and coalesce((progress->>'pages')::int, 0) = ${before.pages} returning id`),
      );
      if (updated.length !== 1) throw new LostRace();
    });
    return true;
  } catch (e) {
    if (e instanceof LostRace) return false;
    throw e;
  }
}

class LostRace extends Error {}

async function writePagePg(pool: Pool, run: RunRow, page: ClaimRow[], amounts: number[], before: RunProgress, after: RunProgress): Promise<boolean> {
  const { from } = await import('pg-copy-streams');
  const client = await pool.connect();
  let ok = false;
  try {
    await client.query('begin');
    const parts: string[] = [];
    const prefix = `${run.id}\t`;
    const round = `\t${run.round}\t`;
    for (let i = 0; i < page.length; i++) {
      const c = page[i];
      const a = amounts[i];
      parts.push(`${prefix}${c.id}${round}${a}\t${c.units}\t${copyText(c.tier)}\t${copyText(c.method)}\t${a > 0 ? 'pending' : 'no_payment'}\n`);
    }
    const stream = client.query(from('copy payments (run_id, claim_pk, round, amount_cents, units, tier, payment_method, state) from stdin'));
    await pipeline(Readable.from([parts.join('')]), stream);
    const r = await client.query(`update payout_runs set progress = $1::jsonb where id = $2 and coalesce((progress->>'pages')::int, 0) = $3`, [JSON.stringify(after), run.id, before.pages]);
    if (r.rowCount !== 1) {
      await client.query('rollback');
      return false;
    }
    await client.query('commit');
    ok = true;
    return true;
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release(ok ? undefined : true);
  }
}

export async function loadRun(db: Db, runId: string): Promise<RunRow> {
  const [run] = await db.select().from(payoutRuns).where(eq(payoutRuns.id, runId));
  if (!run) throw new AppError('not_found', `no payout run ${runId}`);
  return run;
}

async function configOf(db: Db, run: RunRow): Promise<SettlementConfig> {
  const [s] = await db.select().from(settlements).where(eq(settlements.id, run.settlementId));
  if (!s) throw new AppError('not_found', 'the run’s settlement no longer exists');
  const [v] = rowsOf<{ config: SettlementConfig }>(
    await db.execute(sql`select config from settlement_config_versions where settlement_id = ${run.settlementId} and version = ${run.configVersion}`),
  );
  return v?.config ?? s.config;
}

export function sourceOf(run: Pick<RunRow, 'settlementId' | 'round' | 'plan'>): Source {
  const p = run.plan as { previousRunId?: string; eligibleStates?: string[] };
  return { settlementId: run.settlementId, round: run.round, previousRunId: p.previousRunId, states: p.eligibleStates };
}

export type ComputeHooks = { onPage?: (written: number, total: number) => Promise<void> | void; signal?: AbortSignal };

/**
 * Computes (or resumes) a run: pass 1 if its allocation is not stored yet, then pass 2 from its progress,
 * then the totals, the inputs hash and an audit row. Idempotent: a computed run returns at once.
 * `write: false` is the dry run: nothing is written, the totals are returned.
 */
export async function computeRun(handle: Handle, runId: string, actor: string, hooks: ComputeHooks = {}): Promise<RunRow> {
  const db = handle.db;
  let run = await loadRun(db, runId);
  if (run.phase === 'computed') return run;
  const config = await configOf(db, run);
  const { poolOfTier } = planFor(config, { round: run.round, sourceAmountCents: run.sourceAmountCents ?? undefined });
  const src = sourceOf(run);
  if (!run.allocation) {
    const { plan } = planFor(config, { round: run.round, sourceAmountCents: run.sourceAmountCents ?? undefined });
    const { groups } = await summarise(db, src, poolOfTier);
    const result = allocate(plan, groups);
    const claims = groups.reduce((s, g) => s + g.count, 0);
    const progress: RunProgress = { pages: 0, lastClaimPk: 0, written: 0, chain: initialChain(run.plan), seen: {}, perTier: {}, amounts: {} };
    await db
      .update(payoutRuns)
      .set({ allocation: storeAllocation(result) as unknown as Record<string, unknown>, claims, progress: progress as unknown as Record<string, unknown> })
      .where(sql`${payoutRuns.id} = ${run.id} and ${payoutRuns.allocation} is null`);
    run = await loadRun(db, runId);
  }
  const result = loadAllocation(run.allocation as unknown as StoredAllocation);
  let progress = run.progress as unknown as RunProgress;
  const payer = new Payer(result, progress.seen);
  const total = run.claims ?? 0;
  // The next page is read while this one is written (the read needs only the last claim id).
  let pending: Promise<ClaimRow[]> = claimPage(db, src, progress.lastClaimPk);
  for (;;) {
    if (hooks.signal?.aborted) throw new AppError('conflict', 'the payout run was interrupted; run it again to resume');
    const page = await pending;
    if (page.length === 0) break;
    const { amounts, next } = payPage(page, payer, poolOfTier, progress);
    pending = page.length < PAGE ? Promise.resolve([]) : claimPage(db, src, next.lastClaimPk);
    pending.catch(() => {}); // a failed write below is the error that matters; the read is retried on resume
    if (!(await writePage(db, run, page, amounts, progress, next))) throw new AppError('conflict', 'another worker is computing this payout run');
    progress = next;
    await hooks.onPage?.(progress.written, total);
    if (page.length < PAGE) break;
  }
  return finishRun(db, run, result, progress, actor);
}

/** Checks pass 2 against pass 1 (the claims must not have changed in between) and records the totals. */
async function finishRun(db: Db, run: RunRow, result: AllocationResult, progress: RunProgress, actor: string): Promise<RunRow> {
  const paid = Object.entries(progress.amounts).reduce((s, [a, n]) => s + BigInt(a) * BigInt(n), 0n);
  const problems: string[] = [];
  if (progress.written !== run.claims) problems.push(`${progress.written} claims written, ${run.claims} counted`);
  if (paid !== result.allocatedCents) problems.push(`payments sum to ${paid} cents, the allocation to ${result.allocatedCents}`);
  if (problems.length) {
    await db.update(payoutRuns).set({ phase: 'failed', error: `the claims changed while the run was computed (${problems.join('; ')}); compute a new run` }).where(eq(payoutRuns.id, run.id));
    throw new AppError('conflict', `the claims changed while the run was computed (${problems.join('; ')}); compute a new run`);
  }
  const totals = totalsOf(result, progress);
  const inputsHash = finalHash(progress.chain, progress.written);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(payoutRuns)
      .set({
        phase: 'computed',
        inputsHash,
        allocatedCents: Number(result.allocatedCents),
        residueCents: Number(result.residueCents),
        totals,
        computedAt: new Date(),
      })
      .where(sql`${payoutRuns.id} = ${run.id} and ${payoutRuns.phase} = 'computing'`)
      .returning();
    if (!row) return loadRun(tx as unknown as Db, run.id);
    await appendAudit(tx, {
      settlementId: run.settlementId,
      actor,
      action: 'payouts.compute',
      targetType: 'payout_run',
      targetId: run.id,
      details: { round: run.round, claims: progress.written, allocatedCents: Number(result.allocatedCents), residueCents: Number(result.residueCents), inputsHash, codeVersion: run.codeVersion, configVersion: run.configVersion },
    });
    return row;
  });
}

export type RunTotals = {
  perTier: RunProgress['perTier'];
  pools: { key: string; amountCents: number; shareValueCents: string; claims: number; paidClaims: number; cappedClaims: number; droppedClaims: number; unusedCents: number }[];
  smallestCents: number | null;
  largestCents: number | null;
  droppedByMinimum: number;
  histogram: { fromCents: number; toCents: number; claims: number }[];
  distinctAmounts: { cents: number; claims: number }[];
};

export function totalsOf(result: AllocationResult, progress: Pick<RunProgress, 'perTier' | 'amounts'>): RunTotals & Record<string, unknown> {
  const distinct = Object.entries(progress.amounts)
    .map(([c, n]) => ({ cents: Number(c), claims: n }))
    .sort((a, b) => a.cents - b.cents);
  const positive = distinct.filter((d) => d.cents > 0);
  const smallest = positive.length ? positive[0].cents : null;
  const largest = positive.length ? positive[positive.length - 1].cents : null;
  const histogram: RunTotals['histogram'] = [];
  if (positive.length > 0 && positive.length <= 20) {
    // Few distinct amounts (fixed shares): one bar per amount says more than ranges would.
    for (const d of positive) histogram.push({ fromCents: d.cents, toCents: d.cents, claims: d.claims });
  } else if (smallest !== null && largest !== null) {
    const bins = Math.min(20, Math.max(1, largest - smallest + 1));
    const width = Math.max(1, Math.ceil((largest - smallest + 1) / bins));
    for (let i = 0; i < bins; i++) histogram.push({ fromCents: smallest + i * width, toCents: Math.min(largest, smallest + (i + 1) * width - 1), claims: 0 });
    for (const d of positive) histogram[Math.min(bins - 1, Math.floor((d.cents - smallest) / width))].claims += d.claims;
  }
  const pools = [...result.pools.values()].map((p) => ({
    key: p.key,
    amountCents: Number(p.amountCents),
    shareValueCents: p.shareDenominator === 0n ? '0' : shareText(p.shareNumerator, p.shareDenominator),
    claims: p.claims,
    paidClaims: p.paidClaims,
    cappedClaims: p.cappedClaims,
    droppedClaims: p.droppedClaims,
    unusedCents: Number(p.unusedCents),
  }));
  return {
    perTier: progress.perTier,
    pools,
    smallestCents: smallest,
    largestCents: largest,
    droppedByMinimum: pools.reduce((s, p) => s + p.droppedClaims, 0),
    histogram,
    distinctAmounts: distinct.slice(0, 200),
  };
}

function shareText(n: bigint, d: bigint): string {
  const v = (n * 1_000_000n) / d;
  return `${v / 1_000_000n}.${(v % 1_000_000n).toString().padStart(6, '0')}`;
}
