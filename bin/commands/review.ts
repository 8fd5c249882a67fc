import type { Command } from 'commander';
import type { ApplyRulesCounts } from '@/lib/review/apply-rules';
import { applyRulesJob, deficienciesJob, type DeficiencyCounts } from '@/lib/review/jobs';
import { action, print, requireSettlement, resolveActor, runJobHere, type GlobalOpts } from '../cli';

const n = (x: number) => x.toLocaleString('en-US');

export function applyRulesSummary(c: ApplyRulesCounts): string {
  return `applied the automatic review rules to "${c.settlement}": ${n(c.approved)} approved, ${n(c.denied)} denied, ${n(c.leftForPeople)} left for reviewers`;
}

export function deficienciesSummary(c: DeficiencyCounts): string {
  return `deficiencies of "${c.settlement}": ${n(c.expired)} uncured claims denied (DEFICIENCY_NOT_CURED), ${n(c.remindersQueued)} reminders queued, ${n(c.sent)} letters sent, ${n(c.failed)} refused`;
}

/**
 * `fairshare review apply-rules`: the settlement's automatic decision rules (the `review.apply-rules`
 * job, run here). `fairshare review deficiencies`: expiry, reminders and the letters (run daily from cron
 * or the worker).
 */
export function registerReview(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const review = program.command('review').description('claim review: automatic rules and deficiency letters');
  review
    .command('apply-rules')
    .description('approve verified claims with no fraud flag and deny only on the criteria the agreement allows; everything else stays for reviewers')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .option('--actor <email>', 'the staff user running it (audited)')
    .action(
      action(async (opts: { settlement?: string; actor?: string }) => {
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const { actor } = await resolveActor({ ...g(), actor: opts.actor ?? g().actor });
        const counts = await runJobHere(applyRulesJob, { settlement: settlement.slug }, actor, 'applying review rules', { settlementId: settlement.id });
        print(g(), counts, () => applyRulesSummary(counts));
      }),
    );
  review
    .command('deficiencies')
    .description('deny claims whose cure period ended uncured, queue reminders before the deadline, send the deficiency letters (once)')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .option('--actor <email>', 'the staff user running it (audited)')
    .action(
      action(async (opts: { settlement?: string; actor?: string }) => {
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const { actor } = await resolveActor({ ...g(), actor: opts.actor ?? g().actor });
        const counts = await runJobHere(deficienciesJob, { settlement: settlement.slug }, actor, 'deficiencies', { settlementId: settlement.id });
        print(g(), counts, () => deficienciesSummary(counts));
      }),
    );
}
