import { env } from '@/lib/env';
import fs from 'node:fs';
import type { Command } from 'commander';
import { importPaidChecks, reissuePayments, sweepStaleChecks, voidChecks } from '@/lib/disburse/checks';
import { localDate } from '@/lib/settlements/deadlines';
import { settleAch } from '@/lib/disburse/settle';
import { reconcileRun, type Money, type RailLine, type Reconciliation } from '@/lib/disburse/reconcile';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { formatCents } from '@/lib/money';
import { disburseFilesJob, disburseStripeJob } from '@/lib/disburse/jobs';
import type { StripeDisburseResult } from '@/lib/disburse/stripe/send';
import { FILE_RAILS } from '@/lib/disburse/lifecycle';
import { loadRailsConfig, type RailsConfig } from '@/lib/disburse/rails-config';
import type { DisburseResult } from '@/lib/disburse/service';
import { loadRun } from '@/lib/payouts/runner';
import { findSettlementById } from './disburse-helpers';
import type { Db } from '@/db/client';
import { importAchReturns, importCardReport, importPaypalResults, readResultsFile } from '@/lib/disburse/imports';
import type { ApplyResult } from '@/lib/disburse/results';
import { action, db, print, requireSettlement, resolveActor, runJobHere, UsageError, type Actor, type GlobalOpts } from '../cli';

/**
 * `fairshare disburse RUN --rail stripe|ach|check|paypal|prepaid [--out FILE] [--rails FILE]` (INTERFACES.md §1)
 * and its companions (status, returns, results…). The work is in lib/disburse; docs/cli.md has the rail
 * settings file and the formats.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function runIdArg(v: string): string {
  if (!UUID.test(v)) throw new UsageError(`RUN must be a payout run id (a UUID), not "${v}"`);
  return v.toLowerCase();
}

export function railsFrom(opts: { rails?: string }): RailsConfig {
  const file = opts.rails ?? process.env.FAIRSHARE_RAILS_FILE;
  if (!file) throw new UsageError('the rail settings are needed: --rails FILE.json (or FAIRSHARE_RAILS_FILE); see docs/cli.md');
  return loadRailsConfig(file);
}

/** Once staff accounts exist, money leaves only on the word of a finance (or admin) user of the settlement. */
export function assertMayDisburse(actor: Actor, settlementId: string): void {
  if (!actor.staff) return; // before the first staff account (a fresh installation): recorded as cli:<who>
  const s = actor.staff;
  if (!can(s.role, 'disbursements:run') || (s.settlementIds !== 'all' && !s.settlementIds.includes(settlementId)))
    throw new AppError('forbidden', 'disbursing needs a staff user with the finance role for this settlement (--actor EMAIL)');
}

function humanResult(r: DisburseResult): string {
  if (r.nothingNew) return [`nothing new to pay by ${r.rail} in run ${r.runId}: every payable payment of this rail was already written`, ...skippedLines(r)].join('\n');
  return [
    ...r.batches.map(
      (b) =>
        `${r.rail} batch ${b.batchNo}${b.resumed ? ' (resumed: the same file as before — hand it over once)' : ''}: ${b.payments.toLocaleString('en-US')} payments, ${formatCents(b.amountCents)}\n` +
        b.files.map((f) => `  ${f.name}  ${f.rows.toLocaleString('en-US')} rows  ${formatCents(f.amountCents)}  sha256 ${f.sha256}`).join('\n') +
        `\n  written to ${b.writtenTo}`,
    ),
    ...skippedLines(r),
    r.batches.some((b) => b.resumed) ? 'an unfinished batch was completed; run the command again for payments not yet in a file' : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function skippedLines(r: DisburseResult): string[] {
  if (!r.skipped.length) return [];
  return [`${r.skipped.length} payment${r.skipped.length === 1 ? '' : 's'} left pending:`, ...r.skipped.slice(0, 20).map((s) => `  ${s.claimId}: ${s.reason}`), ...(r.skipped.length > 20 ? [`  … and ${r.skipped.length - 20} more`] : [])];
}

export function registerDisburse(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const cmd = program
    .command('disburse')
    .description('pay an approved payout run by one rail: write the bank/PayPal/card/check files (never twice); status, returns and results')
    .argument('[run]', 'the payout run id')
    .option('--rail <rail>', `the rail: stripe, ${FILE_RAILS.join(', ')}`)
    .option('--out <path>', 'the file to write (a folder for several files); default: the current folder')
    .option('--rails <file>', 'the rail settings (JSON; see docs/cli.md); default FAIRSHARE_RAILS_FILE')
    .option('--effective-date <date>', 'ACH: the settlement date to ask for (YYYY-MM-DD; default the next weekday)')
    .option('--batch-size <n>', 'at most this many payments in the batch (default 100,000); run again for the rest')
    .action(
      action(async (run: string | undefined, opts: { rail?: string; out?: string; rails?: string; effectiveDate?: string; batchSize?: string }) => {
        if (!run) throw new UsageError('usage: fairshare disburse RUN --rail stripe|ach|check|paypal|prepaid [--out FILE] (or disburse status|returns|results …)');
        const id = runIdArg(run);
        if (!opts.rail) throw new UsageError(`--rail is required (stripe, ${FILE_RAILS.join(', ')})`);
        if (opts.rail === 'stripe') return disburseByStripe(g(), id, opts);
        if (!(FILE_RAILS as readonly string[]).includes(opts.rail)) throw new UsageError(`--rail must be one of stripe, ${FILE_RAILS.join(', ')}, not "${opts.rail}"`);
        if (opts.effectiveDate && !/^\d{4}-\d{2}-\d{2}$/.test(opts.effectiveDate)) throw new UsageError('--effective-date must be YYYY-MM-DD');
        if (opts.batchSize !== undefined && (!/^\d+$/.test(opts.batchSize) || Number(opts.batchSize) < 1)) throw new UsageError('--batch-size must be a whole number above 0');
        const rails = railsFrom(opts);
        const actor = await resolveActor(g());
        const r0 = await loadRun(await db(), id);
        assertMayDisburse(actor, r0.settlementId);
        const s = await findSettlementById(await db(), r0.settlementId);
        const result = (await runJobHere(
          disburseFilesJob,
          { runId: id, rail: opts.rail as (typeof FILE_RAILS)[number], out: opts.out, prefix: s?.slug ?? '', rails, effectiveDate: opts.effectiveDate, limit: opts.batchSize ? Number(opts.batchSize) : undefined },
          actor.actor,
          'payments written',
          { settlementId: r0.settlementId },
        )) as unknown as DisburseResult;
        print(g(), result, () => humanResult(result));
      }),
    );
  registerDisburseSubcommands(cmd, g);
}

/** `--rail stripe`: no file; the payments go to Stripe through the disburse.stripe job. */
async function disburseByStripe(g: GlobalOpts, id: string, opts: { out?: string; rails?: string; batchSize?: string; effectiveDate?: string }): Promise<void> {
  if (opts.out) throw new UsageError('--out has no meaning for --rail stripe (nothing is written; payments go to Stripe)');
  if (opts.effectiveDate) throw new UsageError('--effective-date is for ACH files only');
  if (opts.batchSize !== undefined && (!/^\d+$/.test(opts.batchSize) || Number(opts.batchSize) < 1)) throw new UsageError('--batch-size must be a whole number above 0');
  const rails = railsFrom(opts);
  if (!rails.stripe) throw new UsageError('the rail settings have no "stripe" section ({ "stripe": { "financialAccount": "fa_…" } }; see docs/cli.md)');
  if (!env().STRIPE_SECRET_KEY) throw new UsageError('--rail stripe needs STRIPE_SECRET_KEY');
  const actor = await resolveActor(g);
  const r0 = await loadRun(await db(), id);
  assertMayDisburse(actor, r0.settlementId);
  const r = (await runJobHere(disburseStripeJob, { runId: id, rails, limit: opts.batchSize ? Number(opts.batchSize) : undefined }, actor.actor, 'payments sent', { settlementId: r0.settlementId })) as unknown as StripeDisburseResult;
  print(g, r, () => {
    if (r.nothingNew) return `nothing new to pay by stripe in run ${r.runId}: every payable bank payment was already sent`;
    const lines = [
      r.batch ? `stripe batch ${r.batch.batchNo}: ${r.batch.payments.toLocaleString('en-US')} payments, ${formatCents(r.batch.amountCents)}` : 'no new payments; finishing earlier ones',
      `sent ${r.sent}, found already sent at Stripe ${r.found}, refused ${r.refused}, unresolved ${r.unresolved}`,
    ];
    if (r.unresolved) lines.push(`${r.unresolved} payment${r.unresolved === 1 ? '' : 's'} could not be confirmed (Stripe unreachable): run the same command again — it asks Stripe first and never pays twice`);
    if (r.skipped.length) lines.push(`${r.skipped.length} left pending: ${r.skipped.slice(0, 20).map((x) => `${x.claimId} (${x.reason})`).join(', ')}`);
    return lines.join('\n');
  });
  if (r.unresolved) process.exitCode = 1;
}

function humanApply(r: ApplyResult): string {
  if (r.alreadyApplied) return `${r.file}: this file was already applied; nothing changed`;
  const applied = Object.entries(r.applied).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`);
  return `${r.file}: ${r.rows.toLocaleString('en-US')} rows; applied: ${applied.join(', ') || 'nothing'}${r.repeats ? `; ${r.repeats} already recorded` : ''}${r.unchanged ? `; ${r.unchanged} without a change` : ''}`;
}

/** A results file's import: the settlement, the actor (finance), the file, all or nothing. */
function importCommand(cmd: Command, g: () => GlobalOpts, name: string, description: string, run: (db: Db, settlementId: string, file: string, bytes: Buffer, actor: string) => Promise<ApplyResult>) {
  cmd
    .command(name)
    .description(description)
    .argument('<file>', 'the file')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (file: string, opts: { settlement?: string }) => {
        const s = await requireSettlement(opts.settlement ?? g().settlement);
        const actor = await resolveActor(g());
        assertMayDisburse(actor, s.id);
        const r = await run(await db(), s.id, file, readResultsFile(file), actor.actor);
        print(g(), r, () => humanApply(r));
      }),
    );
}

function humanReconciliation(r: Reconciliation): string {
  const cols: [string, (l: RailLine) => Money][] = [
    ['intended', (l) => l.intended],
    ['not sent', (l) => l.not_sent],
    ['sent', (l) => l.sent],
    ['confirmed', (l) => l.confirmed],
    ['unclaimed', (l) => l.unclaimed],
    ['failed', (l) => l.failed],
    ['returned', (l) => l.returned],
    ['voided', (l) => l.voided],
    ['uncashed', (l) => l.uncashed],
    ['outstanding', (l) => l.outstanding],
  ];
  const head = ['rail'.padEnd(8), ...cols.map(([n]) => n.padStart(22))].join('');
  const line = (l: RailLine) => [l.rail.padEnd(8), ...cols.map(([, f]) => `${f(l).count.toLocaleString('en-US')} / ${formatCents(f(l).cents)}`.padStart(22))].join('');
  return [
    `payout run ${r.runId}: allocated ${formatCents(r.allocatedCents)} — ${r.balanced ? 'BALANCED to the cent' : `NOT BALANCED (${r.exceptions.length} exception${r.exceptions.length === 1 ? '' : 's'})`}`,
    head,
    ...r.rails.map(line),
    line(r.total),
    r.total.unspentCents ? `prepaid cards: ${formatCents(r.total.unspentCents)} reported unspent` : '',
    ...r.exceptions.map((e) => `  ! ${e}`),
  ]
    .filter(Boolean)
    .join('\n');
}

function registerDisburseSubcommands(cmd: Command, g: () => GlobalOpts): void {
  cmd
    .command('status')
    .description('reconcile a run per rail to the cent: intended, not sent, sent, confirmed, unclaimed, failed, returned, voided, uncashed, outstanding; exit 1 when it does not balance')
    .argument('<run>', 'the payout run id')
    .action(
      action(async (run: string) => {
        const r = await reconcileRun(await db(), runIdArg(run));
        print(g(), r, () => humanReconciliation(r));
        if (!r.balanced) throw new AppError('conflict', `payout run ${r.runId} does not reconcile: ${r.exceptions.length} exception${r.exceptions.length === 1 ? '' : 's'} listed above`);
      }),
    );
  importCommand(cmd, g, 'returns', 'apply the bank’s ACH returns (R-codes) and notifications of change (NACHA file); all or nothing', importAchReturns);
  importCommand(cmd, g, 'paypal-results', 'apply PayPal Payouts’ results file of a web upload (succeeded, unclaimed, returned, failed per item); all or nothing', importPaypalResults);
  importCommand(cmd, g, 'paid-checks', 'apply the bank’s paid-checks list (CSV: check_number, amount): cashed checks become paid; all or nothing', importPaidChecks);

  cmd
    .command('void')
    .description('void issued, uncashed checks by number (stop payment); writes the positive-pay void records with --out')
    .argument('<checks...>', 'check numbers')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .option('--out <file>', 'the positive-pay void file for the bank')
    .option('--rails <file>', 'the rail settings (the check account and positive-pay layout)')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (numbers: string[], opts: { reason: string; out?: string; rails?: string; settlement?: string }) => {
        if (numbers.some((n) => !/^\d+$/.test(n))) throw new UsageError('check numbers are digits');
        if (opts.out && !opts.rails && !process.env.FAIRSHARE_RAILS_FILE) throw new UsageError('--out needs --rails FILE (the positive-pay layout)');
        const s = await requireSettlement(opts.settlement ?? g().settlement);
        const actor = await resolveActor(g());
        assertMayDisburse(actor, s.id);
        const cfg = opts.out ? railsFrom(opts).check : undefined;
        if (opts.out && !cfg) throw new UsageError('the rail settings have no "check" section');
        const r = await voidChecks(await db(), s.id, numbers.map(Number), opts.reason, actor.actor, cfg);
        if (opts.out && r.positivePay) fs.writeFileSync(opts.out, r.positivePay);
        print(g(), { voided: r.voided, file: opts.out ?? null }, () => `${r.voided} check${r.voided === 1 ? '' : 's'} voided${opts.out ? `; positive-pay voids written to ${opts.out}` : ''}`);
      }),
    );

  cmd
    .command('stale')
    .description('checks past their void-after date (checkVoidDays) become uncashed: their money is owed again (re-issue, next round or residue)')
    .option('--as-of <date>', 'the day to judge by (YYYY-MM-DD; default today in the settlement’s time zone)')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (opts: { asOf?: string; settlement?: string }) => {
        if (opts.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new UsageError('--as-of must be YYYY-MM-DD');
        const s = await requireSettlement(opts.settlement ?? g().settlement);
        const actor = await resolveActor(g());
        assertMayDisburse(actor, s.id);
        const asOf = opts.asOf ?? localDate(new Date(), s.config.dates.timeZone);
        const r = await sweepStaleChecks(await db(), s.id, asOf, actor.actor);
        print(g(), { as_of: asOf, ...r }, () => `${r.uncashed} check${r.uncashed === 1 ? '' : 's'} past the stale date as of ${asOf} (${formatCents(r.amountCents)}) marked uncashed`);
      }),
    );

  cmd
    .command('settled')
    .description('ACH entries whose return window (2 banking days after the settlement date) has passed without a return become paid')
    .option('--as-of <date>', 'the day to judge by (YYYY-MM-DD; default today in the settlement’s time zone)')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (opts: { asOf?: string; settlement?: string }) => {
        if (opts.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new UsageError('--as-of must be YYYY-MM-DD');
        const s = await requireSettlement(opts.settlement ?? g().settlement);
        const actor = await resolveActor(g());
        assertMayDisburse(actor, s.id);
        const asOf = opts.asOf ?? localDate(new Date(), s.config.dates.timeZone);
        const r = await settleAch(await db(), s.id, asOf, actor.actor);
        print(g(), { as_of: asOf, ...r }, () => `${r.settled} ACH entr${r.settled === 1 ? 'y' : 'ies'} (${formatCents(r.amountCents)}) settled on or before ${r.cutoff} without a return: paid`);
      }),
    );

  cmd
    .command('reissue')
    .description('re-issue payments of a run (the claimant’s current method; a new attempt and key; an issued check is voided first)')
    .argument('<run>', 'the payout run id')
    .option('--claim <ids...>', 'the claims (public claim IDs)')
    .option('--all', 'every failed, returned, unclaimed, voided or stale payment of the run')
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .action(
      action(async (run: string, opts: { claim?: string[]; all?: boolean; reason: string }) => {
        if (!opts.all && !opts.claim?.length) throw new UsageError('say which payments: --claim ID… or --all');
        const id = runIdArg(run);
        const actor = await resolveActor(g());
        const r0 = await loadRun(await db(), id);
        assertMayDisburse(actor, r0.settlementId);
        const r = await reissuePayments(await db(), id, { claimIds: opts.claim, all: opts.all }, opts.reason, actor.actor);
        print(g(), r, () => `${r.reissued} payment${r.reissued === 1 ? '' : 's'} (${formatCents(r.amountCents)}) to be re-issued${r.voidedChecks ? `; ${r.voidedChecks} issued check${r.voidedChecks === 1 ? '' : 's'} voided first` : ''}; run \`fairshare disburse ${id} --rail …\` to pay them`);
      }),
    );
  importCommand(cmd, g, 'card-report', 'apply the prepaid-card vendor’s issuance/redemption report (unspent balances recorded); all or nothing', importCardReport);
}
