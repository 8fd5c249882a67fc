import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { classListImportJob } from '@/lib/classlist/jobs';
import type { ClassListImportResult } from '@/lib/classlist/import';
import { action, print, requireSettlement, resolveActor, runJobHere, UsageError, type GlobalOpts } from '../cli';

/** `fairshare classlist import` (INTERFACES.md §1, §2.1). The work is the `classlist.import` job. */

const n = (x: number) => x.toLocaleString('en-US');

/** What changed, in the words the administrator checks before notices go out. */
export function describeImport(r: ClassListImportResult, slug: string): string {
  const lines = [
    `imported ${n(r.rows)} class-list records into "${slug}" from ${r.file} (${r.mode}): ${n(r.members)} members now`,
    `  added ${n(r.added)}, removed ${n(r.removed)}, changed attributes ${n(r.changedAttributes)}, changed contact details ${n(r.changedContact)}, unchanged ${n(r.unchanged)}`,
  ];
  const byAttr = Object.entries(r.changedByAttribute);
  if (byAttr.length) lines.push(`  attributes changed: ${byAttr.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  for (const [kind, ids] of Object.entries(r.samples)) if (ids.length) lines.push(`  ${kind}: ${ids.join(', ')}${ids.length === 10 ? ', …' : ''}`);
  return lines.join('\n');
}

export function registerClassList(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const classlist = program.command('classlist').description('the class list (the defendant’s records)');

  classlist
    .command('import')
    .description('import the class list from a CSV file (INTERFACES.md §2.1); all or nothing')
    .argument('<file>', 'the CSV file')
    .option('--mode <mode>', 'merge (update and add, keep members missing from the file) or replace (also remove them)', 'merge')
    .option('--settlement <slug>', 'the settlement (default: the only one there is)')
    .action(
      action(async (file: string, opts: { mode: string; settlement?: string }) => {
        if (opts.mode !== 'merge' && opts.mode !== 'replace') throw new UsageError(`--mode must be merge or replace, not "${opts.mode}"`);
        if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
        if (fs.statSync(file).isDirectory()) throw new UsageError(`${file} is a directory, not a CSV file`);
        const settlement = await requireSettlement(opts.settlement ?? g().settlement);
        const { actor } = await resolveActor(g());
        const started = Date.now();
        const result = await runJobHere(classListImportJob, { settlementId: settlement.id, path: path.resolve(file), mode: opts.mode, fileName: path.basename(file) }, actor, 'reading class list');
        const seconds = (Date.now() - started) / 1000;
        print(g(), { ...result, settlement: settlement.slug, seconds }, () => describeImport(result, settlement.slug));
      }),
    );
}
