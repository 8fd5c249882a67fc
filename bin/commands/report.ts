import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { exportReport, isReportKind, reportKinds } from '@/lib/reports/export';
import { defaultDeclarant, reportFormats, type ReportFormat } from '@/lib/reports/types';
import { action, db, InputError, print, progress, requireSettlement, resolveActor, UsageError, type GlobalOpts } from '../cli';

/** `fairshare report KIND --format csv|pdf|json --out FILE` (INTERFACES.md §3.3). */
export function registerReport(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  program
    .command('report')
    .description(`court-facing reports: ${reportKinds.join(', ')}`)
    .argument('<kind>', reportKinds.join(' | '))
    .option('--format <format>', 'csv | pdf | json', 'pdf')
    .requiredOption('--out <file>', 'where to write the report ("-" for standard output)')
    .option('--declarant <name>', 'who signs the declaration', 'the Settlement Administrator')
    .option('--run <run>', 'the payout run (payout-run report)')
    .action(
      action(async (kind: string, opts: { format: string; out: string; declarant: string; run?: string }) => {
        if (!isReportKind(kind)) throw new UsageError(`unknown report "${kind}" (one of: ${reportKinds.join(', ')})`);
        if (!(reportFormats as readonly string[]).includes(opts.format)) throw new UsageError(`--format must be one of ${reportFormats.join(', ')}`);
        const settlement = await requireSettlement(g().settlement);
        const { actor } = await resolveActor(g());
        const out = await exportReport(await db(), {
          settlement,
          kind,
          format: opts.format as ReportFormat,
          actor,
          declarant: defaultDeclarant(opts.declarant),
          runId: opts.run,
        });
        const bar = progress(`${kind} rows`);
        const tick = new Transform({
          transform(chunk, _enc, cb) {
            if (out.counter.rows > 0) bar.tick(out.counter.rows);
            cb(null, chunk);
          },
        });
        const sink = opts.out === '-' ? process.stdout : fs.createWriteStream(opts.out);
        try {
          await pipeline(Readable.from(out.chunks), tick, sink);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES') {
            throw new InputError(`${opts.out}: ${(e as Error).message}`);
          }
          throw e;
        }
        bar.end();
        if (opts.out !== '-') {
          print(g(), { kind, format: opts.format, rows: out.counter.rows, file: opts.out }, () => `${kind} report (${opts.format}): ${out.counter.rows.toLocaleString('en-US')} rows written to ${opts.out}`);
        }
      }),
    );
}
