import type { Command } from 'commander';
import { inviteStaff, INVITE_DAYS } from '@/lib/auth/users';
import { roles, type Role } from '@/lib/auth/permissions';
import { listStaff } from '@/lib/auth/queries';
import { consoleBaseUrl } from '@/lib/env';
import { action, db, print, resolveActor, UsageError, type GlobalOpts } from '../cli';

/**
 * `fairshare users invite` creates the first administrator of a production install (where the demo
 * accounts are never created) and prints the one-time link; `users list` shows who has access.
 */
export function registerUsers(program: Command): void {
  const g = () => program.opts<GlobalOpts>();
  const users = program.command('users').description('staff accounts of the administrators’ console');
  users
    .command('invite')
    .requiredOption('--email <email>', 'their email address')
    .requiredOption('--name <name>', 'their name')
    .option('--role <role>', `one of ${roles.join(', ')}`, 'admin')
    .action(
      action(async (opts: { email: string; name: string; role: string }) => {
        if (!roles.includes(opts.role as Role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
        // A named staff actor invites as themselves; otherwise the audit row names the CLI operator.
        const { staff, actor } = await resolveActor(g());
        const inv = await inviteStaff(await db(), staff ?? actor, { email: opts.email, name: opts.name, role: opts.role, allSettlements: true });
        const base = consoleBaseUrl();
        const url = `${base}/admin/invite/${inv.token}`;
        print(g(), { url, expiresAt: inv.expiresAt }, () => `invitation for ${opts.email} (${opts.role}), valid ${INVITE_DAYS} days:\n  ${url}`);
      }),
    );
  users
    .command('list')
    .action(
      action(async () => {
        const rows = await listStaff(await db());
        print(g(), rows.map((r) => ({ email: r.email, name: r.name, role: r.role, disabled: r.disabled })), () =>
          rows.map((r) => `${r.email.padEnd(32)} ${r.role.padEnd(13)} ${r.disabled ? 'disabled' : 'active'}`).join('\n') || 'no staff accounts',
        );
      }),
    );
}
