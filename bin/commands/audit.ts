import type { Command } from 'commander';
import { verifyAuditChain } from '@/lib/audit/service';
import { action, db, InputError, print, type GlobalOpts } from '../cli';

/** `fairshare audit verify`: walks the hash chain; exits 1 naming the first row that does not fit. */
export function registerAudit(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  program
    .command('audit')
    .description('the tamper-evident audit log')
    .command('verify')
    .description('check the hash chain of the whole audit log (exit 1 at the first broken row)')
    .action(
      action(async () => {
        const verdict = await verifyAuditChain(await db());
        if (!verdict.ok) throw new InputError(`audit log broken at row ${verdict.brokenAt}: ${verdict.reason} (${verdict.rows} rows checked)`);
        print(g(), verdict, () => `audit log intact: ${verdict.rows.toLocaleString('en-US')} rows, hash chain verified`);
      }),
    );
}
