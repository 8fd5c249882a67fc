import { Command, CommanderError } from 'commander';
import { registerClaims } from './commands/claims';
import { registerCore } from './commands/core';
import { registerDoctor } from './commands/doctor';
import { registerReport } from './commands/report';
import { registerAudit } from './commands/audit';
import { registerUsers } from './commands/users';

/** The fairshare CLI (INTERFACES.md §1). Each command group lives in bin/commands/ and stays thin. */
const program = new Command('fairshare')
  .description('settlement administration from the command line')
  .option('--json', 'machine-readable output')
  .option('--settlement <slug>', 'the settlement (default: tiktok)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerCore(program);
registerClaims(program);
registerReport(program);
registerAudit(program);
registerUsers(program);
registerDoctor(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version are not errors; everything else commander rejects is a usage error.
    process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
  } else throw e;
}
