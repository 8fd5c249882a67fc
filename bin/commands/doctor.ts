import type { Command } from 'commander';
import { runDoctor } from '@/lib/claims/doctor';
import { findSettlement } from '@/lib/settlements/service';
import { action, db, InputError, print, UsageError, type GlobalOpts } from '../cli';

/**
 * `fairshare doctor [--settlement S] [--json]`: checks that the stored numbers agree (lib/claims/doctor.ts).
 * Exit 0 when every check passes; 1 naming each disagreement. Without --settlement it checks every
 * settlement (it only reads, so there is nothing to guess).
 */
export function registerDoctor(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  program
    .command('doctor')
    .description('check that claim counts, deficiencies, timelines, verifications and audit rows agree (exit 1 naming each disagreement)')
    .action(
      action(async () => {
        const slug = g().settlement;
        const settlement = slug ? await findSettlement(await db(), slug) : null;
        if (slug && !settlement) throw new UsageError(`no settlement "${slug}" (see \`fairshare settlement list\`)`);
        const report = await runDoctor(await db(), settlement);
        const lines = report.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : ` (${c.count.toLocaleString('en-US')})`}${c.examples.map((e) => `\n       ${e}`).join('')}`);
        if (!report.ok) {
          // The report goes to stdout (the --json form too) before the failure exit, so a script can read it.
          print(g(), report, () => lines.join('\n'));
          const failed = report.checks.filter((c) => !c.ok);
          throw new InputError(`${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => `${c.name} (${c.count})`).join('; ')}`);
        }
        print(g(), report, () => `${lines.join('\n')}\nall ${report.checks.length} checks passed${report.settlement ? ` for ${report.settlement}` : ''}`);
      }),
    );
}
