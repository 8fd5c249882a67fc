import { Command, CommanderError } from 'commander';
import { env } from '@/lib/env';
import { reportError } from './cli';
import { registerClaims } from './commands/claims';
import { registerClassList } from './commands/classlist';
import { registerCore } from './commands/core';
import { registerDoctor } from './commands/doctor';
import { registerNotices } from './commands/notices';
import { registerReport } from './commands/report';
import { registerAudit } from './commands/audit';
import { registerUsers } from './commands/users';
import { registerWorker } from './commands/worker';
import { registerVerify } from './commands/verify';
import { registerPayouts } from './commands/payouts';
import { registerReview } from './commands/review';
import { registerDisburse } from './commands/disburse';
import { registerFraud } from './commands/fraud';

/** The fairshare CLI (INTERFACES.md §1). Each command group lives in bin/commands/ and stays thin. */
const program = new Command('fairshare')
  .description('settlement administration from the command line')
  .option('--json', 'machine-readable output')
  .option('--settlement <slug>', 'the settlement (default: FAIRSHARE_SETTLEMENT, or the only one there is)')
  .option('--actor <email>', 'the staff user running the command, recorded in the audit log (default: FAIRSHARE_ACTOR, or cli:<os user>@<host>)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerCore(program);
registerClaims(program);
registerClassList(program);
registerNotices(program);
registerReport(program);
registerAudit(program);
registerUsers(program);
registerDoctor(program);
registerWorker(program);
registerVerify(program);
registerPayouts(program);
registerReview(program);
registerDisburse(program);
registerFraud(program);

try {
  // The configuration is read (and checked) once, before any command: a malformed setting exits 78 naming it.
  env();
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version are not errors; everything else commander rejects is a usage error.
    process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
  } else process.exitCode = reportError(e);
}
