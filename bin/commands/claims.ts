import fs from 'node:fs';
import type { Command } from 'commander';
import { exportClaims } from '@/lib/claims/export';
import { importClaims, type ImportResult } from '@/lib/claims/import';
import { verifyJob } from '@/lib/verification/jobs';
import { action, db, print, progress, requireSettlement, resolveActor, runJobHere, UsageError, type GlobalOpts } from '../cli';
import { summary } from './verify';

/** `fairshare claims import|export` (INTERFACES.md §1, §2.2, §3.1). The work is in lib/claims. */

const counts = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(', ');

export function registerClaims(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const claims = program.command('claims').description('import and export claims');

  claims
    .command('import')
    .description('import claims from a CSV file (mail, a previous administrator, a bulk filer); all or nothing')
    .argument('<file>', 'the CSV file (INTERFACES.md §2.2), or - for standard input')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .option('--no-verify', 'do not verify the imported claims now (run `fairshare verify` later)')
    .action(
      action(async (file: string, opts: { settlement?: string; verify?: boolean }) => {
        const started = Date.now();
        if (file !== '-' && !fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
        if (file !== '-' && fs.statSync(file).isDirectory()) throw new UsageError(`${file} is a directory, not a CSV file`);
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const { actor } = await resolveActor(g());
        const checking = progress('checking rows');
        const importing = progress('importing claims');
        let result: ImportResult;
        try {
          result = await importClaims(await db(), settlement, file === '-' ? process.stdin : file, actor, {
            fileName: file === '-' ? 'stdin' : undefined,
            onProgress: (phase, n) => (phase === 'checking' ? checking : importing).tick(n),
          });
        } finally {
          checking.end();
          importing.end();
        }
        // Imported claims are verified by the same batch step as every other claim (`fairshare verify`).
        const verification = opts.verify === false ? null : await runJobHere(verifyJob, { settlement: settlement.slug, all: false }, actor, 'verifying claims');
        const seconds = (Date.now() - started) / 1000;
        print(g(), { ...result, settlement: settlement.slug, seconds, verification }, () =>
          `imported ${result.imported.toLocaleString('en-US')} claims into "${settlement.slug}" from ${result.file} ` +
          `(${result.late} late; ${counts(result.byMethod)}; tiers requested: ${counts(result.byTier)}) in ${seconds.toFixed(1)} s` +
          (verification ? `\n${summary(verification, seconds)}` : ''),
        );
      }),
    );

  claims
    .command('export')
    .description('export every claim with its current state (INTERFACES.md §3.1)')
    .requiredOption('--out <file>', 'where to write the CSV, or - for standard output')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (opts: { out: string; settlement?: string }) => {
        const started = Date.now();
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const { actor } = await resolveActor(g());
        const bar = progress('exporting claims');
        const toStdout = opts.out === '-';
        const result = await exportClaims(await db(), settlement, toStdout ? process.stdout : opts.out, actor, { onProgress: (n) => bar.tick(n) });
        bar.end();
        const seconds = (Date.now() - started) / 1000;
        const line = `exported ${result.rows.toLocaleString('en-US')} claims of "${settlement.slug}" to ${result.file} in ${seconds.toFixed(1)} s`;
        // With --out -, standard output is the CSV itself: the summary goes to stderr.
        if (toStdout) process.stderr.write(`${line}\n`);
        else print(g(), { ...result, settlement: settlement.slug, seconds }, () => line);
      }),
    );
}
