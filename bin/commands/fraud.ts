import type { Command } from 'commander';
import { fraudScoreJob } from '@/lib/fraud/jobs';
import type { FraudCounts } from '@/lib/fraud/run';
import { action, print, requireSettlement, resolveActor, runJobHere, type GlobalOpts } from '../cli';

const n = (v: number) => v.toLocaleString('en-US');
const list = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ') || 'none';

export function fraudSummary(c: FraudCounts, seconds: number): string {
  if (!c.finished) return `fraud scoring of "${c.settlement}" interrupted after ${n(c.claimsScored)} claims (run ${c.runId}); run the command again to resume`;
  return (
    `scored "${c.settlement}" (rules ${c.rulesetVersion}, configuration v${c.configVersion}${c.resumed ? ', resumed' : ''}): ` +
    `${n(c.claimsScored)} claims, ${n(c.changed)} changed${c.signalsComputed ? `, ${n(c.signalsComputed)} signals computed` : ''} in ${seconds.toFixed(1)} s\n` +
    `  by action: ${list(c.byAction)}\n  by reason: ${list(c.byReason)}\n` +
    `  clusters: ${n(c.clusters.count)} (${n(c.clusters.claims)} claims, largest ${n(c.clusters.largest)})\n  run: ${c.runId}`
  );
}

/** `fairshare fraud score`: scores every claim of a settlement (the `fraud.score` job, run here). */
export function registerFraud(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const fraud = program.command('fraud').description('fraud detection: explainable scores, reason codes and clusters');
  fraud
    .command('score')
    .description('score every claim (resumes an interrupted run; a re-run with nothing changed writes nothing) and print counts per action and reason')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (opts: { settlement?: string }) => {
        const started = Date.now();
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const { actor } = await resolveActor(g());
        const counts = await runJobHere(fraudScoreJob, { settlement: settlement.slug }, actor, 'scoring claims');
        const seconds = (Date.now() - started) / 1000;
        print(g(), { ...counts, seconds }, () => fraudSummary(counts, seconds));
      }),
    );
}
