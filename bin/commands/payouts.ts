import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { AppError } from '@/lib/errors';
import { formatCents } from '@/lib/money';
import { payoutsCompute } from '@/lib/payouts/jobs';
import { loadRun, type RunTotals } from '@/lib/payouts/runner';
import { approveRun, createRun, dryRun, exportPayments, listRuns, lockRun, verifyRun, type PayoutRun } from '@/lib/payouts/service';
import { getHandle } from '@/db/client';
import { action, db, InputError, print, progress, requireSettlement, resolveActor, runJobHere, UsageError, type GlobalOpts } from '../cli';

/** `fairshare payouts compute|approve|lock|export|verify|list` (INTERFACES.md §1, §3.2). The work is in lib/payouts. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function runId(v: string): string {
  if (!UUID.test(v)) throw new UsageError(`RUN must be a payout run id (a UUID), not "${v}"`);
  return v.toLowerCase();
}
function wholeNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`${name} must be a whole number`);
  return Number(v);
}

function runSummary(run: PayoutRun): Record<string, unknown> {
  const t = run.totals as RunTotals | null;
  return {
    run_id: run.id,
    status: run.status,
    phase: run.phase,
    round: run.round,
    claims: run.claims,
    distributable_cents: run.distributableCents,
    allocated_cents: run.allocatedCents,
    residue_cents: run.residueCents,
    inputs_hash: run.inputsHash,
    code_version: run.codeVersion,
    config_version: run.configVersion,
    per_tier: t?.perTier ?? {},
    pools: t?.pools ?? [],
    smallest_cents: t?.smallestCents ?? null,
    largest_cents: t?.largestCents ?? null,
    dropped_by_minimum: t?.droppedByMinimum ?? 0,
  };
}

function humanRun(run: PayoutRun): string {
  const t = run.totals as RunTotals | null;
  const tiers = Object.entries(t?.perTier ?? {})
    .map(([k, v]) => `  ${k}: ${v.claims.toLocaleString('en-US')} claims, ${v.units.toLocaleString('en-US')} units, ${formatCents(v.cents)}`)
    .join('\n');
  const pools = (t?.pools ?? []).map((p) => `  pool ${p.key}: ${p.shareValueCents}¢ per unit (${p.paidClaims} paid, ${p.cappedClaims} capped, ${p.droppedClaims} under the minimum)`).join('\n');
  return [
    `payout run ${run.id} (round ${run.round}, ${run.status}${run.phase === 'computed' ? '' : `, ${run.phase}`})`,
    `  ${(run.claims ?? 0).toLocaleString('en-US')} claims; distributable ${formatCents(run.distributableCents)}; allocated ${formatCents(run.allocatedCents ?? 0)}; residue ${formatCents(run.residueCents ?? 0)}`,
    t?.smallestCents != null ? `  smallest payment ${formatCents(t.smallestCents)}, largest ${formatCents(t.largestCents!)}` : '  no payments',
    pools,
    tiers,
    `  inputs hash ${run.inputsHash ?? '(not computed)'}; code ${run.codeVersion}; configuration version ${run.configVersion}`,
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerPayouts(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const payouts = program.command('payouts').description('payout runs: compute, approve (a second person), lock, export, verify');

  payouts
    .command('compute')
    .description('compute a payout run from the settlement’s plan of allocation (a draft); prints the run id and totals')
    .option('--dry-run', 'only show what the run would pay (nothing is written)')
    .option('--round <n>', 'the round (2, 3… share uncashed and returned money among those who cashed)', '1')
    .option('--source-amount <cents>', 'for a later round: the money it shares, in cents')
    .option('--resume <run>', 'finish a run that was interrupted (same result, no payment written twice)')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (opts: { dryRun?: boolean; round: string; sourceAmount?: string; resume?: string; settlement?: string }) => {
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const round = wholeNumber('--round', opts.round)!;
        if (round < 1) throw new UsageError('--round must be 1 or more');
        const sourceAmountCents = wholeNumber('--source-amount', opts.sourceAmount);
        if (round > 1 && sourceAmountCents === undefined) throw new UsageError(`round ${round} needs --source-amount CENTS (the uncashed and returned money)`);
        if (opts.dryRun) {
          const d = await dryRun(await db(), settlement, { round, sourceAmountCents });
          print(g(), { dry_run: true, ...d }, () =>
            [
              `dry run (nothing written), round ${d.round}: ${d.claims.toLocaleString('en-US')} claims; distributable ${formatCents(d.distributableCents)}; allocated ${formatCents(d.allocatedCents)}; residue ${formatCents(d.residueCents)}`,
              ...d.pools.map((p) => `  pool ${p.key}: ${p.shareValueCents}¢ per unit (${p.paidClaims} paid, ${p.cappedClaims} capped, ${p.droppedClaims} under the minimum)`),
              ...Object.entries(d.perTier).map(([k, v]) => `  ${k}: ${v.claims.toLocaleString('en-US')} claims, ${v.units.toLocaleString('en-US')} units, ${formatCents(v.cents)}`),
              d.unassignedCents ? `  + ${d.unassignedCents} cents of rounding, one each to the claims with the largest remainders (lowest claim ids first)` : '',
              d.smallestCents != null ? `  smallest payment ${formatCents(d.smallestCents)}, largest ${formatCents(d.largestCents!)}` : '',
            ]
              .filter(Boolean)
              .join('\n'),
          );
          return;
        }
        const { actor } = await resolveActor(g());
        const id = opts.resume ? runId(opts.resume) : (await createRun(await db(), settlement, { round, sourceAmountCents }, actor)).id;
        if (!g().json) process.stderr.write(`payout run ${id}\n`);
        await runJobHere(payoutsCompute, { runId: id }, actor, 'payments written');
        const run = await loadRun(await db(), id);
        print(g(), runSummary(run), () => humanRun(run));
      }),
    );

  payouts
    .command('approve')
    .description('approve a computed draft run: --actor must be a finance (or admin) staff user other than the one who computed it')
    .argument('<run>', 'the run id')
    .action(
      action(async (run: string) => {
        const actor = await resolveActor(g());
        const row = await approveRun(await db(), runId(run), actor);
        print(g(), runSummary(row), () => `payout run ${row.id} approved by ${actor.staff?.email ?? actor.actor}`);
      }),
    );

  payouts
    .command('lock')
    .description('lock an approved run: it becomes final, ready for disbursement')
    .argument('<run>', 'the run id')
    .action(
      action(async (run: string) => {
        const actor = await resolveActor(g());
        const row = await lockRun(await db(), runId(run), actor);
        print(g(), runSummary(row), () => `payout run ${row.id} locked`);
      }),
    );

  payouts
    .command('export')
    .description('export a run’s payments (INTERFACES.md §3.2); the amounts sum to the run’s allocated amount')
    .argument('<run>', 'the run id')
    .requiredOption('--out <file>', 'where to write the CSV, or - for standard output')
    .action(
      action(async (run: string, opts: { out: string }) => {
        const row = await loadRun(await db(), runId(run));
        const counter = { rows: 0, cents: 0 };
        const bar = progress('payments exported');
        const sink = opts.out === '-' ? process.stdout : fs.createWriteStream(opts.out);
        try {
          await pipeline(
            Readable.from(
              (async function* () {
                for await (const chunk of exportPayments(await db(), row, counter)) {
                  bar.tick(counter.rows);
                  yield chunk;
                }
              })(),
            ),
            sink,
          );
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new InputError(`${opts.out}: ${(e as Error).message}`);
          throw e;
        } finally {
          bar.end();
        }
        if (opts.out !== '-')
          print(g(), { run_id: row.id, rows: counter.rows, amount_cents: counter.cents, file: opts.out }, () => `${counter.rows.toLocaleString('en-US')} payments (${formatCents(counter.cents)}) written to ${opts.out}`);
      }),
    );

  payouts
    .command('verify')
    .description('recompute a run from the database: the same inputs hash and payments, or exit 1 saying what differs')
    .argument('<run>', 'the run id')
    .action(
      action(async (run: string) => {
        const bar = progress('claims rechecked');
        const v = await verifyRun(await getHandle(), runId(run), (n) => bar.tick(n)).finally(() => bar.end());
        print(g(), { run_id: run, ...v }, () =>
          v.ok
            ? `payout run ${run} verified: inputs hash ${v.recomputedHash}; ${v.payments.toLocaleString('en-US')} payments, ${formatCents(v.paidCents)}, all as recomputed`
            : `payout run ${run} does NOT verify:\n${v.differences.map((d) => `  ${d}`).join('\n')}`,
        );
        if (!v.ok) throw new AppError('conflict', `payout run ${run} does not verify (${v.differences.length} difference${v.differences.length === 1 ? '' : 's'} listed above)`);
      }),
    );

  payouts
    .command('list')
    .description('the settlement’s payout runs, newest first')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (opts: { settlement?: string }) => {
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const runs = await listRuns(await db(), settlement.id);
        print(g(), runs.map(runSummary), () =>
          runs.length ? runs.map((r) => `${r.id}  round ${r.round}  ${r.status.padEnd(10)} ${formatCents(r.allocatedCents ?? 0).padStart(18)}  ${r.createdAt.toISOString()}`).join('\n') : 'no payout runs yet',
        );
      }),
    );
}
