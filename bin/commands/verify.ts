import type { Command } from 'commander';
import type { VerifyCounts } from '@/lib/verification/batch';
import { verifyJob } from '@/lib/verification/jobs';
import { action, print, requireSettlement, resolveActor, runJobHere, type GlobalOpts } from '../cli';

const list = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(', ') || 'none';

export function summary(c: VerifyCounts, seconds: number): string {
  return (
    `verified "${c.settlement}" (configuration v${c.configVersion}): ${c.checked.toLocaleString('en-US')} claims checked, ` +
    `${c.changed.toLocaleString('en-US')} changed${c.backfilled ? `, ${c.backfilled.toLocaleString('en-US')} identifiers backfilled` : ''} in ${seconds.toFixed(1)} s\n` +
    `  by status: ${list(c.byStatus)}\n  by tier: ${list(c.byTier)}`
  );
}

/** `fairshare verify [--all]`: batch verification against the class list (the `verify.run` job, run here). */
export function registerVerify(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  program
    .command('verify')
    .description('verify every claim new or changed since the last run against the class list (one member, one payment)')
    .option('--all', 'verify every live claim again, not only new or changed ones')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (opts: { all?: boolean; settlement?: string }) => {
        const started = Date.now();
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const { actor } = await resolveActor(g());
        const counts = await runJobHere(verifyJob, { settlement: settlement.slug, all: opts.all ?? false }, actor, 'verifying claims');
        const seconds = (Date.now() - started) / 1000;
        print(g(), { ...counts, seconds }, () => summary(counts, seconds));
      }),
    );
}
