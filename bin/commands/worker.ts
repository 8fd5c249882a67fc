import type { Command } from 'commander';
import { getHandle } from '@/db/client';
import { stopBoss } from '@/lib/jobs/boss';
import { cancelJob, enqueueJob } from '@/lib/jobs/queue';
import { jobDefinitions } from '@/lib/jobs/registry';
import { listRuns } from '@/lib/jobs/runs';
import { startWorker } from '@/lib/jobs/worker';
import { generateDatasetJob } from '@/lib/generate/jobs';
import { action, InputError, print, requireSettlement, resolveActor, runJobHere, UsageError, type GlobalOpts } from '../cli';

/** `fairshare worker`, `fairshare jobs list|start`, `fairshare generate` (docs/cli.md). */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run queued jobs until stopped (SIGTERM/SIGINT finish or abort the running job, then exit); several workers on one PostgreSQL database share the work')
    .option('--concurrency <n>', 'jobs at once per queue', '1')
    .option('--queues <names>', 'comma-separated job names (default: every registered job)')
    .option('--poll <seconds>', 'seconds between polls for new jobs', '2')
    .action(
      action(async (o: { concurrency: string; queues?: string; poll: string }) => {
        const concurrency = Number(o.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64');
        const poll = Number(o.poll);
        if (!(poll >= 0.5 && poll <= 60)) throw new UsageError('--poll must be between 0.5 and 60 seconds');
        const queues = o.queues?.split(',').map((q) => q.trim()).filter(Boolean);
        const known = jobDefinitions().map((d) => d.name);
        const unknown = (queues ?? []).filter((q) => !known.includes(q));
        if (unknown.length) throw new UsageError(`unknown queue ${unknown.join(', ')} (known: ${known.join(', ')})`);
        // Listen for the stop signals before the worker starts: a job can finish (and a supervisor send
        // SIGTERM) while startWorker is still awaiting, and an unheard SIGTERM kills the process mid-job.
        const stopped = new Promise<void>((resolve) => {
          const stop = (sig: string) => {
            process.stderr.write(`fairshare worker: ${sig}, stopping\n`);
            resolve();
          };
          process.once('SIGTERM', () => stop('SIGTERM'));
          process.once('SIGINT', () => stop('SIGINT'));
        });
        const handle = await getHandle();
        const worker = await startWorker(handle, {
          concurrency,
          queues,
          pollingIntervalSeconds: poll,
          onEvent: (e) => process.stderr.write(`${new Date().toISOString()} ${e.event} ${e.name} ${e.runId}${e.error ? `: ${e.error}` : ''}\n`),
        });
        process.stderr.write(`fairshare worker ${process.pid}: running ${worker.queues.join(', ')} (concurrency ${concurrency}, ${handle.kind})\n`);
        await stopped;
        await worker.stop(30_000);
        await stopBoss(handle);
        process.stderr.write('fairshare worker: stopped\n');
      }),
    );

  const jobs = program.command('jobs').description('background jobs: their runs and progress');
  jobs
    .command('list')
    .description('the latest job runs (queued, running, finished) of the settlement, or of every settlement')
    .option('--all', 'every settlement')
    .option('--limit <n>', 'how many', '20')
    .action(
      action(async (o: { all?: boolean; limit: string }) => {
        const g = program.opts<GlobalOpts>();
        const settlementId = o.all ? undefined : (await requireSettlement(g.settlement).catch(() => undefined))?.id;
        const runs = await listRuns((await getHandle()).db, { settlementId, limit: Number(o.limit) || 20 });
        print(g, runs, () =>
          runs.length === 0
            ? 'no job runs'
            : runs
                .map((r) => `${r.id}  ${r.status.padEnd(9)} ${r.name.padEnd(20)} ${r.progressDone}${r.progressTotal != null ? `/${r.progressTotal}` : ''}  ${r.createdAt.toISOString()}  ${r.actor}${r.error ? `  error: ${r.error}` : ''}`)
                .join('\n'),
        );
      }),
    );
  jobs
    .command('start <name>')
    .description('queue a registered job for the workers (params as JSON); prints the job run id')
    .option('--params <json>', 'the job parameters', '{}')
    .action(
      action(async (name: string, o: { params: string }) => {
        const g = program.opts<GlobalOpts>();
        let params: unknown;
        try {
          params = JSON.parse(o.params);
        } catch {
          throw new UsageError('--params must be JSON');
        }
        const { actor } = await resolveActor(g);
        const settlementId = (await requireSettlement(g.settlement).catch(() => undefined))?.id ?? null;
        const handle = await getHandle();
        const id = await enqueueJob(handle, name, params, { actor, settlementId });
        await stopBoss(handle);
        print(g, { id }, () => id);
      }),
    );

  jobs
    .command('cancel <runId>')
    .description('cancel a queued or running job run (a running job stops at its next progress report)')
    .action(
      action(async (runId: string) => {
        const g = program.opts<GlobalOpts>();
        const { actor } = await resolveActor(g);
        const handle = await getHandle();
        const changed = await cancelJob(handle, runId, { actor });
        await stopBoss(handle);
        if (!changed) throw new InputError(`job run ${runId} has already ended`);
        print(g, { id: runId, cancelled: true }, () => `cancelled ${runId}`);
      }),
    );

  program
    .command('generate')
    .description('deterministic synthetic data: class_list.csv, claims.csv and labels.csv in --out (docs/cli.md)')
    .requiredOption('--class-members <n>', 'class members (rows of class_list.csv)')
    .requiredOption('--claims <m>', 'claims (rows of claims.csv and labels.csv)')
    .option('--fraud-rate <r>', 'share of fraudulent claims, 0 to 1', '0.05')
    .option('--seed <s>', 'the seed; the same seed gives byte-identical files', '1')
    .requiredOption('--out <dir>', 'the folder to write (created if needed; files are overwritten)')
    .action(
      action(async (o: { classMembers: string; claims: string; fraudRate: string; seed: string; out: string }) => {
        const g = program.opts<GlobalOpts>();
        const num = (v: string, flag: string) => {
          if (!/^\d+(\.\d+)?$/.test(v.replaceAll('_', ''))) throw new InputError(`${flag} must be a number (got "${v}")`);
          return Number(v.replaceAll('_', ''));
        };
        const params = generateDatasetJob.params.safeParse({
          classMembers: num(o.classMembers, '--class-members'),
          claims: num(o.claims, '--claims'),
          fraudRate: num(o.fraudRate, '--fraud-rate'),
          seed: o.seed,
          out: o.out,
        });
        if (!params.success) throw new InputError('generate: invalid options', params.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`));
        const { actor } = await resolveActor(g);
        const r = await runJobHere(generateDatasetJob, params.data, actor, 'generate');
        print(g, r, () => `wrote ${r.classMembers.toLocaleString('en-US')} class members and ${r.claims.toLocaleString('en-US')} claims (${r.fraud.toLocaleString('en-US')} fraudulent) to ${r.out}`);
      }),
    );
}
